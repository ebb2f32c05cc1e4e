"""Where the default register lives: the platform's user data folder (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "pf-register"
# Lets an administrator (or a test) point every command at another default file.
ENV_VAR = "PF_REGISTER_DB"


def default_register_path() -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return user_data_path(APP_NAME, appauthor=False) / "register.db"
