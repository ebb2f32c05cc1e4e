"""Benchmark: cold start of the desktop app, from a new process to the home page painted.

Run: ``uv run python bench/bench_startup.py [--big PATH] [--runs 3]``. Each run starts a fresh
Python process (offscreen Qt) that imports the app, opens the register, builds the main window,
shows it and waits for the home page's due list to be painted; the parent times it from the
moment it starts the process. For comparison, the same run times a bare PySide6 window
started the same way, so the figures say what the app adds to Qt's own start-up.

Registers: the 60-case demo (built in a temporary folder) and, with ``--big``, a large one,
e.g. ``uv run pf-register demo --db /tmp/big.db --cases 20000 --as-of 2026-11-27`` (a few
minutes). The issue's target: the window usable within 1.5 s of launch on the demo register.
Timings belong here, never in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

AS_OF = date(2026, 11, 27)
TARGET_SECONDS = 1.5

# The child: print phase times (seconds since the child's interpreter started) then "painted".
_APP_CHILD = r"""
import sys, time
T0 = time.perf_counter()
from datetime import date
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QSettings
from ui.app import application, build_window
from pf_register.register import Register
imported = time.perf_counter() - T0
app = application()
register = Register.open(sys.argv[1], today=lambda: date.fromisoformat(sys.argv[2]))
settings = QSettings(sys.argv[3], QSettings.Format.IniFormat)
window = build_window(register, settings=settings)
built = time.perf_counter() - T0
target = window.home.table.viewport() if window.home.table.isVisibleTo(window.home) \
    else window.home.greeting

class Painted(QObject):
    def eventFilter(self, obj, event):
        if obj is target and event.type() == QEvent.Type.Paint:
            print(f"imported {imported:.3f}", flush=True)
            print(f"built {built:.3f}", flush=True)
            print(f"painted {time.perf_counter() - T0:.3f}", flush=True)
            app.quit()
        return False

watcher = Painted()
app.installEventFilter(watcher)
window.show()
app.exec()
register.close()
"""

_BARE_CHILD = r"""
import time
T0 = time.perf_counter()
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
imported = time.perf_counter() - T0
app = QApplication([])
window = QMainWindow()
label = QLabel("Hello", window)
window.setCentralWidget(label)
window.resize(1280, 800)
built = time.perf_counter() - T0

class Painted(QObject):
    def eventFilter(self, obj, event):
        if obj is label and event.type() == QEvent.Type.Paint:
            print(f"imported {imported:.3f}", flush=True)
            print(f"built {built:.3f}", flush=True)
            print(f"painted {time.perf_counter() - T0:.3f}", flush=True)
            app.quit()
        return False

watcher = Painted()
app.installEventFilter(watcher)
window.show()
app.exec()
"""


def _run(code: str, args: list[str]) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
    )
    figures: dict[str, float] = {}
    assert process.stdout is not None
    for line in process.stdout:
        name, _, value = line.partition(" ")
        figures[name] = float(value)
        if name == "painted":
            figures["wall"] = time.perf_counter() - start
    process.wait(timeout=600)
    if "wall" not in figures:
        raise RuntimeError(
            f"the child did not paint: {process.stderr.read() if process.stderr else ''}"
        )
    return figures


def measure(label: str, code: str, args: list[str], runs: int) -> dict[str, float | str]:
    results = [_run(code, args) for _ in range(runs)]
    row: dict[str, float | str] = {"what": label}
    for key in ("imported", "built", "painted", "wall"):
        row[key] = round(statistics.median(r[key] for r in results), 3)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=Path, help="a large register to time as well")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--as-of", default=AS_OF.isoformat())
    args = parser.parse_args()

    from pf_register.demo import build_demo
    from pf_register.register import Register

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        ini = str(Path(folder) / "ui.ini")
        demo = Path(folder) / "demo.db"
        build_demo(demo, as_of=date.fromisoformat(args.as_of))
        rows.append(measure("bare PySide6 window", _BARE_CHILD, [], args.runs))
        rows.append(
            measure("app, demo register", _APP_CHILD, [str(demo), args.as_of, ini], args.runs)
        )
        if args.big is not None:
            with Register.open(args.big) as r:
                count = r.case_count()
            rows.append(
                measure(
                    f"app, {count} arrangements",
                    _APP_CHILD,
                    [str(args.big), args.as_of, ini],
                    args.runs,
                )
            )

    print(f"Cold start to the home page painted (median of {args.runs}; seconds)")
    print(f"{'':32} {'imports':>8} {'built':>8} {'painted':>8} {'wall':>8}")
    for row in rows:
        print(
            f"{row['what']:32} {row['imported']:>8} {row['built']:>8} {row['painted']:>8}"
            f" {row['wall']:>8}"
        )
    demo_wall = float(rows[1]["wall"])
    verdict = "meets" if demo_wall <= TARGET_SECONDS else "MISSES"
    print(f"Demo register: {demo_wall:.2f} s, {verdict} the {TARGET_SECONDS} s target")
    out = Path(__file__).resolve().parent / "results" / "startup.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
