"""The ``pf-register`` entry point: subcommands run the Qt-free CLI; no command opens the app.

Qt is imported only when the window is wanted, so ``pf-register due`` in a scheduled task
starts fast and needs no display.
"""

from __future__ import annotations

from pathlib import Path

from pf_register import cli


def _open_gui(path: Path, create: bool, title_note: str) -> int:
    # The register's modules before Qt's: PySide6 reads the source of every module imported
    # after it (an import hook looking for its own name), ~5 ms at start for these, and
    # another ~3 ms for the backup and presence-file modules the window uses.
    import pf_register.backup
    import pf_register.locking
    import pf_register.register  # noqa: F401
    from ui.app import run

    return run(path, create=create, title_note=title_note)


def main() -> int:
    return cli.main(open_gui=_open_gui)


if __name__ == "__main__":
    raise SystemExit(main())
