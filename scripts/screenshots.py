"""Screenshots for the README, made from the demo register so they stay current.

    uv run python scripts/screenshots.py [--out docs/screenshots] [--dark] [--scale 1.5]

Draws offscreen (no display needed): the home page, a case page and the new-notification form.
``--dark`` draws them in a dark palette (files named ``home-dark.png`` ...), ``--scale`` at a
display scaling such as 150% (``home-150.png``), to check both stay readable.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from pf_register.demo import build_demo
from pf_register.register import Register
from ui.app import application, build_window
from ui.common import dark_palette

AS_OF = date(2026, 6, 1)  # fixed, so the pictures do not change with the calendar
SIZE = (1400, 860)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def save(widget: QWidget, path: Path, app: QApplication) -> None:
    settle(app)
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--dark", action="store_true", help="a dark palette (Fusion style)")
    parser.add_argument("--scale", type=float, help="display scaling, e.g. 1.5 for 150%%")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = ""
    if args.scale:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
        suffix += f"-{round(args.scale * 100)}"
    app = application()
    if args.dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
        suffix += "-dark"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.db"
        build_demo(path, seed=1, cases=60, as_of=AS_OF)
        register = Register.open(path, user="demo", today=lambda: AS_OF)
        settings = QSettings(str(Path(folder) / "ui.ini"), QSettings.Format.IniFormat)
        window = build_window(register, title_note="demo copy", settings=settings)
        window.resize(*SIZE)
        window.show()
        window.home.ensure_loaded()  # as the officer sees it a moment later, the list judged
        save(window, args.out / f"home{suffix}.png", app)

        due = register.due()
        busy = max(
            {o.arrangement_id for o in due if o.arrangement_id},
            key=lambda a: (len(register.case(a).visits), -a),
        )
        window.open_case(busy)
        save(window, args.out / f"case{suffix}.png", app)

        dialog = window.new_notification()
        dialog.resize(1250, 900)
        save(dialog, args.out / f"new-notification{suffix}.png", app)
        dialog.dirty = False
        dialog.reject()
        window.close()
        register.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
