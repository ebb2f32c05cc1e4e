"""The docs cover what the program does: every rule code and every command is documented."""

from __future__ import annotations

import argparse
from pathlib import Path

from pf_register.cli import build_parser
from pf_register.clock import RULES
from pf_register.exchange import TABLES
from pf_register.settings import SETTING_NAMES

ROOT = Path(__file__).resolve().parents[2]


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


def test_every_rule_code_is_in_the_deadlines_page() -> None:
    text = (ROOT / "docs" / "deadlines.md").read_text(encoding="utf-8")
    for code, info in RULES.items():
        assert f"`{code}`" in text, code
        assert info.basis in text, code


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in _commands():
        assert f"pf-register {command}" in readme, command


def test_every_table_and_setting_is_in_the_export_format_page() -> None:
    text = (ROOT / "docs" / "export-format.md").read_text(encoding="utf-8")
    for name in (*TABLES, *SETTING_NAMES):
        assert f"`{name}`" in text, name
