"""The core must stay Qt-free: scheduled tasks and servers run it with no display."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pf_register

ROOT = Path(__file__).resolve().parents[2]


def test_importing_every_core_module_loads_no_qt_and_no_ui() -> None:
    modules = sorted(
        m.name
        for m in pkgutil.walk_packages(pf_register.__path__, "pf_register.")
        if m.name != "pf_register.__main__"
    )
    assert "pf_register.register" in modules and "pf_register.cli" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "qt = ('PySide6', 'shiboken6', 'ui')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in qt)\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == ""


def test_no_core_source_file_mentions_qt_or_ui_imports() -> None:
    offenders = []
    for path in (ROOT / "pf_register").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith(("import PySide6", "from PySide6", "import ui", "from ui")):
                offenders.append(f"{path.name}: {stripped}")
    assert offenders == []
