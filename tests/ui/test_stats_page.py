"""The statistics page: periods, tables with their notes, charts in light and dark, export.

Most tests use a Report built here, so they do not depend on the statistics being written
by others; the last ones use the real report functions when they exist."""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QTableView

from pf_register.errors import RegisterFileError
from pf_register.register import Register
from pf_register.stats import Chart, Period, Report, StatTable
from pf_register.stats.period import financial_year, month, quarter
from tests.ui.conftest import add_case
from ui import stats_page
from ui.common import dark_palette
from ui.main_window import MainWindow
from ui.stats_page import ChartWidget, StatsPage, StatTableModel, nice_ceiling
from ui.widgets import fit_columns

HEADLINES = StatTable(
    "headlines",
    "Headline figures",
    ("Measure", "Count", "Share (%)"),
    (("New arrangements notified", 12, 40.0), ("Ended", 3, 12.5), ("Total", 1234, None)),
    count_columns=("Count",),
    note="Arrangements are counted once, by the date the first notice was received.",
)
BARS = Chart(
    "by_year",
    "Arrangements by financial year",
    "bar",
    ("FY 2024-25", "FY 2025-26"),
    (("Began", (4.0, 7.0)), ("Ended", (2.0, math.nan))),
)
LINES = Chart(
    "rates",
    "Visits on time (%)",
    "line",
    ("Q1", "Q2", "Q3", "Q4"),
    (("First visits", (50.0, 75.0, math.nan, 100.0)), ("Reg 8 visits", (20.0, 40.0, 60.0, 80.0))),
)


class FakeReports:
    """Stands in for a report function; records the periods it was asked for."""

    def __init__(self) -> None:
        self.periods: list[Period] = []
        self.options: list[dict[str, Any]] = []

    def __call__(self, register: Register, period: Period, **options: Any) -> Report:
        self.periods.append(period)
        self.options.append(options)
        return Report(
            "Fake report", period, (HEADLINES,), (BARS, LINES), notes=("Figures are fictional.",)
        )


def stand_in(
    monkeypatch: pytest.MonkeyPatch,
    *,
    reports: Callable[..., Any] | None = None,
    write: Callable[..., Any] | None = None,
) -> list[threading.Thread]:
    """The page loads ``reports`` for every report function and ``write`` for the exporter
    (each if given; the real ones otherwise). Returns the threads ``write`` is loaded on."""
    real = stats_page.load_function
    write_loaded_on: list[threading.Thread] = []

    def load(module: str, name: str) -> Any:
        if write is not None and name == "write_report":
            write_loaded_on.append(threading.current_thread())
            return write
        if (
            reports is not None
            and module.startswith("pf_register.stats.")
            and name.endswith("_report")
        ):
            return reports
        return real(module, name)

    monkeypatch.setattr(stats_page, "load_function", load)
    return write_loaded_on


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeReports:
    reports = FakeReports()
    stand_in(monkeypatch, reports=reports)
    return reports


def page_of(window: MainWindow) -> StatsPage:
    window.show_stats()
    assert window.tabs.currentWidget() is window.stats_page
    return window.stats_page


def click(qtbot, page: StatsPage, button: Any) -> None:  # type: ignore[no-untyped-def]
    """Click, and wait for the report or export it asks for (made off the GUI thread)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_working())


def choose(combo: Any, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def shown(qtbot, window: MainWindow, kind: str) -> StatsPage:  # type: ignore[no-untyped-def]
    """The statistics page with the report of ``kind`` shown."""
    page = page_of(window)
    choose(page.report_kind, kind)
    click(qtbot, page, page.show_button)
    assert page.report is not None, page.message.text()
    return page


def export_to(qtbot, page: StatsPage, monkeypatch, target: Path) -> None:  # type: ignore[no-untyped-def]
    """Export the report shown to ``target`` (its suffix the format), and wait for it."""
    monkeypatch.setattr(stats_page, "choose_save_path", lambda *a: target)
    click(qtbot, page, page.export_buttons[target.suffix[1:]])


def test_periods_of_each_kind(qtbot, window: MainWindow, fake: FakeReports) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window)
    # Judged on Mon 1 Jun 2026: the financial year 2026-27 is offered first.
    assert page.year.value() == 2026
    click(qtbot, page, page.show_button)
    choose(page.period_kind, "quarter")
    assert page.quarter.isVisible() and not page.month.isVisible()
    page.year.setValue(2025)
    choose(page.quarter, 4)
    click(qtbot, page, page.show_button)
    choose(page.period_kind, "month")
    choose(page.month, 2)
    click(qtbot, page, page.show_button)
    choose(page.period_kind, "custom")
    assert page.start.isVisible() and not page.year.isVisible()
    page.start.setDate(QDate(2026, 1, 5))
    page.end.setDate(QDate(2026, 2, 6))
    click(qtbot, page, page.show_button)
    assert fake.periods == [
        financial_year(2026),
        quarter(2025, 4),
        month(2025, 2),
        Period.custom(date(2026, 1, 5), date(2026, 2, 6)),
    ]
    assert fake.periods[1].start == date(2026, 1, 1)  # Q4 of FY 2025-26 is Jan-Mar 2026


def test_dates_that_run_backwards_are_refused(qtbot, window: MainWindow, fake: FakeReports) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window)
    choose(page.period_kind, "custom")
    page.start.setDate(QDate(2026, 3, 1))
    page.end.setDate(QDate(2026, 2, 1))
    click(qtbot, page, page.show_button)
    assert fake.periods == []
    assert page.message.isVisible()
    assert "before it starts" in page.message.text()
    assert page.report is None
    assert not page.export_buttons["csv"].isEnabled()


def test_tables_notes_and_charts_are_shown(qtbot, window: MainWindow, fake: FakeReports) -> None:  # type: ignore[no-untyped-def]
    page = page_of(window)
    click(qtbot, page, page.show_button)
    assert not page.message.isVisible()
    heading = page.findChild(stats_page.QLabel, "stats_heading")
    assert heading is not None and heading.text() == "Fake report: FY 2026-27"
    (view,) = page.tables
    assert view.isVisible()
    model = view.model()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "Measure",
        "Count",
        "Share (%)",
    ]
    assert [model.index(r, 1).data() for r in range(3)] == ["12", "3", "1,234"]
    assert model.index(0, 2).data() == "40" and model.index(1, 2).data() == "12.5"
    assert model.index(2, 2).data() == ""
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) == right
    note = page.findChild(stats_page.QLabel, "table_note_headlines")
    assert note is not None and note.isVisible() and note.text() == HEADLINES.note
    # The whole table shows: all three rows fit in the view without its own scrolling.
    assert view.verticalScrollBar().maximum() == 0
    assert [c.chart.key for c in page.charts] == ["by_year", "rates"]
    assert "Began: FY 2024-25: 4, FY 2025-26: 7" in page.charts[0].accessibleDescription()

    # Another report replaces the first, it does not pile up below it.
    click(qtbot, page, page.show_button)
    assert len(page.findChildren(ChartWidget)) == 2
    assert len(page.tables) == 1 and page.tables[0].isVisible()


def test_a_report_not_written_yet_says_so(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    missing = stats_page.ReportKind("annual", "Annual report", "pf_register.stats.not_yet", "x")
    monkeypatch.setattr(stats_page, "REPORTS", (missing,))
    page = page_of(window)
    click(qtbot, page, page.show_button)
    assert page.message.text() == "The annual report is not available yet."
    assert page.report is None and page.tables == []


def test_export_through_the_one_file_dialog(
    qtbot, window: MainWindow, fake: FakeReports, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    written: list[tuple[Report, Path, str, int]] = []

    def write_report(report: Report, path: Path, fmt: str, *, threshold: int) -> None:
        written.append((report, path, fmt, threshold))
        path.write_text("figures")

    stand_in(monkeypatch, write=write_report)
    asked: list[str] = []

    def choose_path(parent: object, caption: str, suggested: str, filters: str) -> Path | None:
        asked.append(suggested)
        return tmp_path / "annual" if len(asked) == 1 else None

    monkeypatch.setattr(stats_page, "choose_save_path", choose_path)
    page = page_of(window)
    stand_in(monkeypatch, reports=FakeReports(), write=write_report)
    assert not page.export_buttons["xlsx"].isEnabled()  # nothing shown yet
    click(qtbot, page, page.show_button)
    page.threshold.setValue(10)
    click(qtbot, page, page.export_buttons["xlsx"])
    assert asked[0].endswith("annual-FY-2026-27.xlsx")
    ((report, path, fmt, threshold),) = written
    assert (report, path, fmt, threshold) == (page.report, tmp_path / "annual.xlsx", "xlsx", 10)
    assert page.status.text() == f"Saved {tmp_path / 'annual.xlsx'}"
    # Cancelling the file dialog writes nothing.
    click(qtbot, page, page.export_buttons["pdf"])
    assert len(written) == 1


def test_threshold_starts_at_the_setting(window: MainWindow, register: Register) -> None:
    assert window.stats_page.threshold.value() == register.settings.suppression_threshold


def test_stat_table_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = StatTableModel(HEADLINES)
    qtmodeltester.check(model, force_py=True)
    empty = StatTableModel(StatTable("none", "Nothing", ("A",), ()))
    qtmodeltester.check(empty, force_py=True)


@pytest.mark.parametrize(
    ("top", "expected"), [(37, (40, 10)), (7, (8, 2)), (0, (1.0, 0.2)), (100, (100, 20))]
)
def test_value_axis_is_round(top: float, expected: tuple[float, float]) -> None:
    assert nice_ceiling(top) == expected


def _pixels(image: QImage) -> list[QColor]:
    return [
        image.pixelColor(x, y)
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    ]


def _near(a: QColor, b: QColor, tolerance: int = 12) -> bool:
    return all(
        abs(x - y) <= tolerance
        for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True)  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("dark", [False, True])
@pytest.mark.parametrize("chart", [BARS, LINES], ids=["bar", "line"])
def test_chart_draws_series_and_readable_text(qtbot, chart: Chart, dark: bool) -> None:  # type: ignore[no-untyped-def]
    widget = ChartWidget(chart)
    qtbot.addWidget(widget)
    if dark:
        widget.setPalette(dark_palette())
    widget.setAutoFillBackground(True)
    widget.resize(640, 300)
    image = widget.grab().toImage()
    pixels = _pixels(image)
    for s in range(len(chart.series)):
        assert any(_near(p, widget.colour(s)) for p in pixels), s
    # Text and axes are drawn in the palette's text colour: light on dark, dark on light.
    text = widget.palette().color(widget.palette().ColorRole.WindowText)
    assert sum(1 for p in pixels if _near(p, text, 30)) > 50
    background = widget.palette().color(widget.palette().ColorRole.Window)
    assert abs(text.lightness() - background.lightness()) > 120


# ---------------------------------------------------------------------- the real statistics
def test_the_real_annual_report(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    add_case(register)
    window.refresh()
    page = page_of(window)
    choose(page.report_kind, "annual")
    click(qtbot, page, page.show_button)
    assert page.report is not None, page.message.text()
    assert page.report.period == financial_year(2026)
    assert len(page.tables) == len(page.report.tables) > 0
    assert len(page.charts) == len(page.report.charts)


def test_the_real_awareness_report_and_its_export(
    qtbot, register: Register, window: MainWindow, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    add_case(register)
    page = shown(qtbot, window, "awareness")
    export_to(qtbot, page, monkeypatch, tmp_path / "aware.csv")
    assert (tmp_path / "aware.csv").read_text(encoding="utf-8-sig").strip()


def test_the_child_level_list_is_exported_apart_only_when_asked(
    qtbot, register: Register, window: MainWindow, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    add_case(register)
    page = page_of(window)
    choose(page.report_kind, "awareness")
    assert not page.child_list.isVisible()  # the awareness report has no child-level list
    choose(page.report_kind, "annual")
    assert page.child_list.isVisible() and not page.child_list.isChecked()
    click(qtbot, page, page.show_button)
    assert page.report is not None, page.message.text()
    target = tmp_path / "annual.xlsx"
    export_to(qtbot, page, monkeypatch, target)
    restricted = tmp_path / "annual-child-level-RESTRICTED.xlsx"
    assert target.exists() and not restricted.exists()
    assert page.status.text() == f"Saved {target}"
    page.child_list.setChecked(True)
    click(qtbot, page, page.export_buttons["xlsx"])
    assert "Child level list" not in openpyxl.load_workbook(target).sheetnames
    assert "Child level list" in openpyxl.load_workbook(restricted).sheetnames
    assert str(restricted) in page.status.text() and "not for sharing" in page.status.text()


def test_the_child_level_list_is_the_one_made_with_the_figures_shown(
    qtbot, register: Register, window: MainWindow, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # Made with the figures, from one reading of the register: a case entered after they
    # were shown is in neither the figures nor the list until Show figures is pressed again.
    import openpyxl

    add_case(register)
    page = shown(qtbot, window, "annual")
    assert [t.key for t in page.restricted] == ["child_level_list"]
    assert page.report is not None and all(t.aggregate for t in page.report.tables)  # not shown
    add_case(register)
    page.child_list.setChecked(True)
    export_to(qtbot, page, monkeypatch, tmp_path / "annual.xlsx")
    listing = openpyxl.load_workbook(tmp_path / "annual-child-level-RESTRICTED.xlsx")
    cases = [row[0].value for row in listing["Child level list"].iter_rows(min_row=3)]
    assert [c for c in cases if c and str(c).startswith("PF-")] == ["PF-2026-0001"]
    click(qtbot, page, page.show_button)
    assert len(page.restricted[0].rows) == 2


def test_the_file_name_offered_is_of_the_report_shown(
    qtbot, window: MainWindow, fake: FakeReports, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    offered: list[str] = []

    def choose_path(parent: Any, caption: str, suggested: str, filters: str) -> None:
        offered.append(Path(suggested).name)

    monkeypatch.setattr(stats_page, "choose_save_path", choose_path)
    page = page_of(window)
    choose(page.report_kind, "annual")
    click(qtbot, page, page.show_button)
    choose(page.report_kind, "awareness")  # chosen, not yet shown
    page.export("csv")
    assert offered == [f"annual-{fake.periods[-1].label.replace(' ', '-')}.csv"]


def test_a_child_level_list_asked_for_with_another_report_shown_is_said_missing(
    qtbot, register: Register, window: MainWindow, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    add_case(register)
    page = shown(qtbot, window, "awareness")
    choose(page.report_kind, "annual")  # chosen, not shown: the awareness figures are
    page.child_list.setChecked(True)
    target = tmp_path / "figures.xlsx"
    export_to(qtbot, page, monkeypatch, target)
    assert target.exists() and not (tmp_path / "figures-child-level-RESTRICTED.xlsx").exists()
    assert "No child-level list" in page.status.text()


def test_custom_dates_keep_to_the_days_a_report_can_cover(window: MainWindow) -> None:
    page = page_of(window)
    for edit in (page.start, page.end):
        assert edit.minimumDate().year() == 1990 and edit.maximumDate().year() == 2100


# ---------------------------------------------------------------------- off the GUI thread
class HeldReports(FakeReports):
    """A report function that waits to be let go, noting the thread it ran on."""

    def __init__(self) -> None:
        super().__init__()
        self.go = threading.Event()
        self.threads: list[threading.Thread] = []

    def __call__(self, register: Register, period: Period, **options: Any) -> Report:
        self.threads.append(threading.current_thread())
        assert self.go.wait(10)
        return super().__call__(register, period, **options)


def test_a_report_is_made_off_the_gui_thread_and_only_the_last_asked_is_shown(
    qtbot, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    held = HeldReports()
    stand_in(monkeypatch, reports=held)
    page = page_of(window)
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    # The window still answers: it says what it is doing, with nothing to export yet.
    assert page.message.text() == "Working out annual report figures for FY 2026-27…"
    assert page.is_working() and page.report is None
    assert not page.export_buttons["xlsx"].isEnabled()
    page.year.setValue(2025)  # the officer changes their mind before the first is ready
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    held.go.set()
    qtbot.waitUntil(lambda: not page.is_working())
    assert held.periods == [financial_year(2026), financial_year(2025)]
    assert page.report is not None and page.report.period == financial_year(2025)
    assert all(t is not threading.main_thread() for t in held.threads)
    assert not page.message.isVisible() and page.export_buttons["xlsx"].isEnabled()


def test_a_report_that_cannot_be_read_says_why(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def unreadable(register: Register, period: Period, **options: Any) -> Report:
        raise RegisterFileError("The register file is locked by another program; try again.")

    stand_in(monkeypatch, reports=unreadable)
    page = page_of(window)
    click(qtbot, page, page.show_button)
    assert page.message.text() == "The register file is locked by another program; try again."
    assert page.report is None and not page.export_buttons["csv"].isEnabled()


def test_an_export_is_written_off_the_gui_thread(
    qtbot, window: MainWindow, fake: FakeReports, monkeypatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    go, threads = threading.Event(), []

    def write_report(report: Report, path: Path, fmt: str, *, threshold: int) -> list[Path]:
        threads.append(threading.current_thread())
        assert go.wait(10)
        path.write_text("figures")
        return [path]

    loaded = stand_in(monkeypatch, write=write_report)
    monkeypatch.setattr(stats_page, "choose_save_path", lambda *a: tmp_path / "annual.csv")
    page = page_of(window)
    click(qtbot, page, page.show_button)
    qtbot.mouseClick(page.export_buttons["csv"], Qt.MouseButton.LeftButton)
    assert page.status.text() == f"Saving {tmp_path / 'annual.csv'}…"
    # One export at a time: a second click cannot start another write meanwhile.
    assert not any(b.isEnabled() for b in page.export_buttons.values())
    assert page.export("xlsx") is None
    go.set()
    qtbot.waitUntil(lambda: not page.is_working())
    assert page.status.text() == f"Saved {tmp_path / 'annual.csv'}"
    assert threads and threads[0] is not threading.main_thread() and len(threads) == 1
    # The exporter (and reportlab with it) is imported there too, not on the GUI thread.
    assert loaded and all(t is not threading.main_thread() for t in loaded)
    assert all(b.isEnabled() for b in page.export_buttons.values())


def test_statistics_columns_are_sized_as_qt_sizes_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A statistics table is sized by measuring only its widest words (a year's activities
    at stress are ~2,500 rows, and Qt measured each cell for every role): the widths are
    Qt's own, on text, counts with thousands, percentages, dates and empty cells."""
    rnd = random.Random(5)
    words = ("Schools briefing", "Faith leaders' lunch", "Press release", "GP surgery posters")
    rows = tuple(
        (
            date(2025, 4, 1) + timedelta(days=rnd.randrange(365)),
            rnd.choice(words) + " " * rnd.randrange(2) + rnd.choice(("", "f", "Y")),
            rnd.randrange(20_000),
            round(rnd.random() * 100, 1) if rnd.random() > 0.2 else None,
        )
        for _ in range(300)
    )
    table = StatTable("t", "T", ("Date", "Activity", "Reached", "Conversion %"), rows)
    asked: list[int] = []

    class Counted(StatTableModel):
        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            asked.append(role)
            return super().data(index, role)

    fitted, measured = (QTableView(), QTableView())
    for view in (fitted, measured):
        qtbot.addWidget(view)
    fitted.setModel(Counted(table, fitted))
    measured.setModel(StatTableModel(table, measured))
    fit_columns(fitted, max_width=10_000)
    measured.resizeColumnsToContents()
    assert [fitted.columnWidth(c) for c in range(4)] == [measured.columnWidth(c) for c in range(4)]
    assert len(asked) < len(rows)  # a few cells asked about, not 1,200 cells for every role
