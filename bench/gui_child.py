"""The child processes of ``bench/run.py``: one cold start each, offscreen, printing figures.

``python bench/gui_child.py bare``: a bare PySide6 window, for comparison.
``python bench/gui_child.py start DB AS_OF INI``: the app on DB, until the home page's due list
is painted.
``python bench/gui_child.py scenario DB AS_OF INI CASE WRITE_CASE YEAR``: the app on DB while
a heartbeat timer (every 5 ms) records the longest gap in the GUI thread's event loop: the
app starts and fills its home page, a visit is recorded on WRITE_CASE (every page
refreshes), CASE is opened, every tab is shown in turn, then the statistics page shows the
awareness and annual reports of financial year YEAR and exports the annual one with its
child-level list; last, Back up now and a restore of that backup. ``maxrss_core`` is the
peak before the statistics, ``maxrss_stats`` before the backup.

Each prints ``name value`` lines: seconds since the child's interpreter started, milliseconds
for gaps and the case opening, and ``maxrss`` (peak resident memory, KiB).
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import resource  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the app, as in the repo


def _maxrss_kib() -> int:
    """Peak resident memory of this process's own image, KiB.

    On Linux ``ru_maxrss`` keeps, across ``exec``, the peak of the process that forked the
    child: a child started by ``run.py`` after it had read a county's statistics reported
    the parent's ~160 MiB, not its own. ``VmHWM`` is the peak of this image only.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS counts bytes


def _say(name: str, value: float) -> None:
    print(f"{name} {value:.4f}", flush=True)


def _home_ready(window: Any) -> bool:
    """The home page shows its due list (not a 'loading' state, if it has one)."""
    loading = getattr(window.home, "is_loading", None)
    return not (loading() if callable(loading) else False)


def bare() -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    label = QLabel("Hello", window)
    window.setCentralWidget(label)
    window.resize(1280, 800)

    class Painted(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if obj is label and event.type() == QEvent.Type.Paint:
                _say("painted", time.perf_counter() - T0)
                app.quit()
            return False

    _show_until_quit(app, window, Painted())


def _show_until_quit(app: Any, window: Any, watcher: Any) -> None:
    """Show ``window`` with ``watcher`` filtering every event until it quits ``app``; then
    the peak memory."""
    app.installEventFilter(watcher)
    window.show()
    app.exec()
    print(f"maxrss {_maxrss_kib()}", flush=True)


def _open_app(db: str, as_of: str, ini: str) -> tuple[Any, Any, Any]:
    """As ``pf-register`` starts the app (``ui.main``, then ``ui.app.run``'s
    ``start_window``), on a register opened without the presence file and without the day's
    backup (which starts once the due list is shown)."""
    from datetime import date

    import pf_register.backup
    import pf_register.cli
    import pf_register.locking  # noqa: F401  (as ui.main: the CLI, the register's modules, Qt)
    from pf_register.register import Register
    from ui.app import application, start_window

    from PySide6.QtCore import QSettings  # isort: skip

    day = date.fromisoformat(as_of)
    register = Register.open(db, today=lambda: day)
    settings = QSettings(ini, QSettings.Format.IniFormat)
    window = start_window(register, settings=settings)
    return application(), register, window


def start(db: str, as_of: str, ini: str) -> None:
    app, register, window = _open_app(db, as_of, ini)  # (Qt is imported there, as in the app)
    from PySide6.QtCore import QEvent, QObject

    _say("built", time.perf_counter() - T0)
    home = window.home
    first: list[float] = []

    class Painted(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if not first and event.type() == QEvent.Type.Paint:  # the window, maybe empty
                first.append(time.perf_counter() - T0)
                _say("first_paint", first[0])
            if (
                event.type() == QEvent.Type.Paint
                and obj in (home.table.viewport(), home.empty, home.greeting)
                and _home_ready(window)
            ):
                _say("painted", time.perf_counter() - T0)
                app.quit()
            return False

    _show_until_quit(app, window, Painted())
    register.close()


def scenario(db: str, as_of: str, ini: str, case: str, write_case: str, year: str) -> None:
    import tempfile
    from datetime import date

    app, _first, window = _open_app(db, as_of, ini)  # a restore closes and reopens it
    from PySide6.QtCore import Qt, QTimer

    from ui import backup_dialog, stats_page

    phase = "start"
    gaps: dict[str, float] = {}
    last = time.perf_counter()

    def beat() -> None:
        nonlocal last
        now = time.perf_counter()
        gaps[phase] = max(gaps.get(phase, 0.0), now - last)
        last = now

    heart = QTimer()
    heart.setInterval(5)
    heart.timeout.connect(beat)

    steps: list[tuple[str, Callable[[], None]]] = []
    timings: dict[str, float] = {}

    def write() -> None:
        session = window.session
        session.perform(
            "visit",
            session.register.record_visit,
            int(write_case),
            {
                "visit_date": date.fromisoformat(as_of),
                "kind": "statutory",
                "child_seen": True,
                "seen_alone": True,
            },
        )

    def open_case() -> None:
        began = time.perf_counter()
        window.open_case(int(case))
        app.processEvents()  # laid out and painted, as the officer sees it
        timings["open_case_ms"] = (time.perf_counter() - began) * 1000

    def tab(index: int) -> Callable[[], None]:
        return lambda: window.tabs.setCurrentIndex(index)

    def report(kind: str) -> Callable[[], None]:
        def show() -> None:
            window.show_stats()
            page = window.stats_page
            page.report_kind.setCurrentIndex(page.report_kind.findData(kind))
            page.period_kind.setCurrentIndex(page.period_kind.findData("year"))
            page.year.setValue(int(year))
            page.show_button.click()
            timings[f"{kind}_asked"] = time.perf_counter()

        return show

    exports = tempfile.TemporaryDirectory(prefix="pf-bench-export-")

    def export_with_child_list() -> None:
        page = window.stats_page
        page.child_list.setChecked(True)
        stats_page.choose_save_path = lambda *_: Path(exports.name) / "annual.xlsx"
        page.export("xlsx")

    def memory_so_far() -> None:
        timings["maxrss_core"] = _maxrss_kib()

    # The officer's last part: Back up now, then restore that backup (each on a worker; the
    # restore then puts the copy in place, reopens the register and every page reads it).
    dialogs: list[backup_dialog.BackupDialog] = []

    def back_up() -> None:
        timings["maxrss_stats"] = _maxrss_kib()
        dialogs.append(backup_dialog.open_backups(window, window.session))
        dialogs[0].back_up_now()

    def restore() -> None:
        dialog = dialogs[0]
        timings["restore_asked"] = time.perf_counter()
        dialog.restore(dialog.list.item(0).data(Qt.ItemDataRole.UserRole))

    def restored() -> None:
        timings["restore_done"] = time.perf_counter()
        if not dialogs[0].message.text().startswith("Restored from "):
            raise SystemExit(f"the restore failed: {dialogs[0].message.text()}")
        dialogs[0].close()

    steps.append(("write", write))
    steps.append(("open_case", open_case))
    for index in (*range(1, window.tabs.count()), 0):
        steps.append((f"tab{index}", tab(index)))
    # The manager's part: both reports of the year on the statistics page, then the annual
    # report's export with its child-level list (each made on a worker).
    steps.append(("memory", memory_so_far))
    steps.append(("stats_awareness", report("awareness")))
    steps.append(("stats_annual", report("annual")))
    steps.append(("stats_export", export_with_child_list))
    steps.append(("backup", back_up))
    steps.append(("restore", restore))
    steps.append(("restored", restored))

    def busy() -> bool:
        """The home page is still filling, or a report or an export is being made."""
        if not _home_ready(window):
            return True
        page = window._pages.get("stats_page")  # not built by asking
        if page is not None and page.is_working():
            return True
        return backup_dialog.backup_running() or any(d.restoring for d in dialogs)

    def run_next() -> None:
        nonlocal phase, last
        if busy():  # let it finish: the next step starts on what the officer would see
            QTimer.singleShot(5, run_next)
            return
        if phase in ("stats_awareness", "stats_annual") and f"{phase}_shown" not in timings:
            timings[f"{phase}_shown"] = time.perf_counter()
        if not steps:
            app.quit()
            return
        phase, step = steps.pop(0)
        step()
        QTimer.singleShot(150, run_next)  # let refreshes and paints happen

    def started() -> None:
        nonlocal last
        last = time.perf_counter()
        heart.start()
        QTimer.singleShot(5, run_next)

    window.show()
    QTimer.singleShot(0, started)
    app.exec()
    heart.stop()
    beat()
    for name, gap in gaps.items():
        _say(f"gap_{name}_ms", gap * 1000)
    _say("gap_ms", max(gaps.values()) * 1000)
    for kind in ("awareness", "annual"):  # asked to shown, in the app
        shown = timings.pop(f"stats_{kind}_shown") - timings.pop(f"{kind}_asked")
        _say(f"stats_{kind}_app_s", shown)
    _say("restore_app_s", timings.pop("restore_done") - timings.pop("restore_asked"))
    for name, value in timings.items():
        _say(name, value)
    exports.cleanup()
    print(f"maxrss {_maxrss_kib()}", flush=True)
    window.deleteLater()
    window.session.register.close()  # the register reopened by the restore


if __name__ == "__main__":
    mode, *arguments = sys.argv[1:]
    modes: dict[str, Callable[..., None]] = {"bare": bare, "start": start, "scenario": scenario}
    modes[mode](*arguments)
