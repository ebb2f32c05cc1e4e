"""Statistics: choose a period and a report, see its tables and charts, export them.

Every figure comes from ``pf_register.stats`` (a ``Report`` of ``StatTable`` and ``Chart``
values); this page only shows them. The report functions and the exporter are imported when
first used, so the page works (and says "not available yet") while they are being written.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pf_register.dates import FIRST_REPORT_DAY, LAST_REPORT_DAY, MONTH_NAMES
from pf_register.errors import RegisterError, ValidationError
from pf_register.stats import Chart, Period, Report, StatTable
from pf_register.stats.period import financial_year, financial_year_of, month, quarter
from ui import common
from ui.common import fmt_date
from ui.lazy import CallWork, LatestRead, Worker
from ui.session import Session
from ui.widgets import fit_columns

Index = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()
ReportFunction = Callable[..., Report]


# ---------------------------------------------------------------------- what can be shown
@dataclass(frozen=True)
class ReportKind:
    key: str
    title: str
    module: str
    function: str
    # Made with its restricted child-level list (``with_child_list``), kept for an export.
    child_list: bool = False


REPORTS: tuple[ReportKind, ...] = (
    ReportKind(
        "annual", "Annual report", "pf_register.stats.annual", "annual_report", child_list=True
    ),
    ReportKind("awareness", "Awareness raising", "pf_register.stats.awareness", "awareness_report"),
)
EXPORT_FORMATS = (("csv", "CSV"), ("xlsx", "Excel (XLSX)"), ("pdf", "PDF"))
EXPORT_MODULE = "pf_register.stats.exporting"


def load_function(module: str, name: str) -> Callable[..., Any] | None:
    """``module.name``, or None while that module (or function) does not exist yet."""
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name is not None and module.startswith(error.name):
            return None
        raise
    function = getattr(found, name, None)
    return function if callable(function) else None


def choose_save_path(parent: QWidget, caption: str, suggested: str, filters: str) -> Path | None:
    """Ask where to save a file. The one file dialog of this page: tests replace it
    (``monkeypatch.setattr(ui.stats_page, "choose_save_path", ...)``)."""
    name, _ = QFileDialog.getSaveFileName(parent, caption, suggested, filters)
    return Path(name) if name else None


# ---------------------------------------------------------------------- a table of figures
def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, date):
        return fmt_date(value)
    return str(value)


class StatTableModel(QAbstractTableModel):
    """One ``StatTable``, read-only, in the report's own row order (totals stay last)."""

    def __init__(self, table: StatTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table

    def rowCount(self, parent: Index = _NO_INDEX) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = _NO_INDEX) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.table.columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.table.columns)
        ):
            return self.table.columns[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def column_texts(self, column: int, rows: int) -> list[str]:
        """The words shown in ``column`` on the first ``rows`` rows (``fit_columns`` sizes
        the column by the widest: a year's activities at stress are ~2,500 rows)."""
        return [cell_text(row[column]) for row in self.table.rows[:rows]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.table.rows)):
            return None
        value = self.table.rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell_text(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return value if isinstance(value, str) and len(value) > 40 else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            horizontal = Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None


# ---------------------------------------------------------------------- a chart
# Colours that read on light and dark backgrounds alike (Tableau 10); lines also differ by
# marker shape, and the legend names every series, so colour is never the only cue.
SERIES_COLOURS = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#b07aa1",
    "#76b7b2",
    "#edc948",
    "#9c755f",
)
MARKERS = ("circle", "square", "triangle", "diamond")


def nice_ceiling(value: float) -> tuple[float, float]:
    """A round top for the value axis and its step: 37 -> (40, 10)."""
    if value <= 0 or math.isnan(value):
        return 1.0, 0.2
    magnitude = 10 ** math.floor(math.log10(value / 5))
    for factor in (1, 2, 2.5, 5, 10):
        step = magnitude * factor
        if value / step <= 5:
            return step * math.ceil(value / step), step
    step = magnitude * 10
    return step * math.ceil(value / step), step


def _finite(values: Sequence[float]) -> list[float]:
    return [v for v in values if v is not None and not math.isnan(v)]


class ChartWidget(QWidget):
    """A small bar or line chart drawn with QPainter: title, value axis with gridlines,
    category labels, and a legend. Colours of text and axes come from the palette."""

    def __init__(self, chart: Chart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        self.setObjectName(f"chart_{chart.key}")
        self.setAccessibleName(f"Chart: {chart.title}")
        self.setAccessibleDescription(self.describe())
        self.setToolTip(self.describe())
        self.setMinimumHeight(260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802
        height = round(QFontMetricsF(self.font()).height() * 18)
        return QSize(640, max(260, height))

    def describe(self) -> str:
        """The chart's figures in words, for screen readers and the tooltip."""
        lines = [self.chart.title]
        for name, values in self.chart.series:
            pairs = ", ".join(
                f"{c}: {cell_text(v)}" for c, v in zip(self.chart.categories, values, strict=False)
            )
            lines.append(f"{name}: {pairs}")
        return "\n".join(lines)

    def colour(self, series: int) -> QColor:
        return QColor(SERIES_COLOURS[series % len(SERIES_COLOURS)])

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(palette.ColorRole.WindowText)
        grid = QColor(text)
        grid.setAlpha(50)
        metrics = QFontMetricsF(self.font())
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(8, 4, -8, -4)

        title_font = QFont(self.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text)
        painter.drawText(
            QRectF(area.left(), area.top(), area.width(), line * 1.4),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.chart.title,
        )
        painter.setFont(self.font())
        top = area.top() + line * 1.6
        legend_bottom = self._legend(painter, area.left(), top, area.width(), metrics, text)
        top = legend_bottom + line * 0.5

        values = [v for _, series in self.chart.series for v in _finite(series)]
        high, step = nice_ceiling(max(values, default=0.0))
        labels = [cell_text(step * i) for i in range(round(high / step) + 1)]
        left = area.left() + max(metrics.horizontalAdvance(t) for t in labels) + 8
        bottom = area.bottom() - line * 1.4
        plot = QRectF(left, top, area.right() - left, max(10.0, bottom - top))

        # Value axis: gridlines and labels.
        for i, label in enumerate(labels):
            y = plot.bottom() - plot.height() * (step * i) / high
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(
                QRectF(area.left(), y - line / 2, left - area.left() - 6, line),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
        painter.setPen(QPen(text, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())

        count = max(1, len(self.chart.categories))
        slot = plot.width() / count
        self._categories(painter, plot, slot, metrics, text)

        def y_of(value: float) -> float:
            return plot.bottom() - plot.height() * value / high

        if self.chart.kind == "bar":
            series_count = max(1, len(self.chart.series))
            width = slot * 0.8 / series_count
            for s, (_, series) in enumerate(self.chart.series):
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(self.colour(s))
                for c, value in enumerate(series[:count]):
                    if value is None or math.isnan(value):
                        continue
                    x = plot.left() + slot * c + slot * 0.1 + width * s
                    painter.drawRect(
                        QRectF(x, y_of(value), max(1.0, width - 1), plot.bottom() - y_of(value))
                    )
        else:
            for s, (_, series) in enumerate(self.chart.series):
                colour = self.colour(s)
                painter.setPen(QPen(colour, 2.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                path = QPainterPath()
                drawing = False
                points: list[QPointF] = []
                for c, value in enumerate(series[:count]):
                    if value is None or math.isnan(value):
                        drawing = False  # a gap, not a fall to zero
                        continue
                    point = QPointF(plot.left() + slot * (c + 0.5), y_of(value))
                    points.append(point)
                    if drawing:
                        path.lineTo(point)
                    else:
                        path.moveTo(point)
                        drawing = True
                painter.drawPath(path)
                painter.setBrush(colour)
                for point in points:
                    self._marker(painter, point, s, 4.0)
        painter.end()

    def _legend(
        self,
        painter: QPainter,
        left: float,
        top: float,
        width: float,
        metrics: QFontMetricsF,
        text: QColor,
    ) -> float:
        """Draw the legend (wrapping as needed); returns its bottom edge."""
        line = metrics.height()
        x, y = left, top
        for s, (name, _) in enumerate(self.chart.series):
            needed = line + 6 + metrics.horizontalAdvance(name) + 18
            if x > left and x + needed > left + width:
                x, y = left, y + line * 1.2
            swatch = QRectF(x, y + line * 0.2, line * 0.8, line * 0.6)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.colour(s))
            if self.chart.kind == "bar":
                painter.drawRect(swatch)
            else:
                painter.setPen(QPen(self.colour(s), 2.5))
                painter.drawLine(
                    QPointF(swatch.left(), swatch.center().y()),
                    QPointF(swatch.right(), swatch.center().y()),
                )
                self._marker(painter, swatch.center(), s, 3.5)
            painter.setPen(text)
            painter.drawText(
                QRectF(swatch.right() + 6, y, width, line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                name,
            )
            x += needed
        return y + line

    def _categories(
        self, painter: QPainter, plot: QRectF, slot: float, metrics: QFontMetricsF, text: QColor
    ) -> None:
        """Category labels under the axis; every nth one when they would overlap."""
        categories = self.chart.categories
        if not categories:
            return
        widest = max(metrics.horizontalAdvance(c) for c in categories) + 8
        every = max(1, math.ceil(widest / max(slot, 1.0)))
        painter.setPen(text)
        for c, name in enumerate(categories):
            if c % every:
                continue
            box = QRectF(
                plot.left() + slot * c + slot / 2 - widest / 2,
                plot.bottom() + 3,
                widest,
                metrics.height(),
            )
            painter.drawText(
                box, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), name
            )

    def _marker(self, painter: QPainter, centre: QPointF, series: int, size: float) -> None:
        shape = MARKERS[series % len(MARKERS)]
        painter.setPen(Qt.PenStyle.NoPen)
        if shape == "circle":
            painter.drawEllipse(centre, size, size)
        elif shape == "square":
            painter.drawRect(QRectF(centre.x() - size, centre.y() - size, size * 2, size * 2))
        else:
            path = QPainterPath()
            if shape == "triangle":
                path.moveTo(centre.x(), centre.y() - size * 1.2)
                path.lineTo(centre.x() + size * 1.1, centre.y() + size)
                path.lineTo(centre.x() - size * 1.1, centre.y() + size)
            else:
                path.moveTo(centre.x(), centre.y() - size * 1.3)
                path.lineTo(centre.x() + size * 1.3, centre.y())
                path.lineTo(centre.x(), centre.y() + size * 1.3)
                path.lineTo(centre.x() - size * 1.3, centre.y())
            path.closeSubpath()
            painter.drawPath(path)


# ---------------------------------------------------------------------- the page
PERIOD_KINDS = (
    ("year", "Financial year"),
    ("quarter", "Quarter"),
    ("month", "Month"),
    ("custom", "Custom dates"),
)


class StatsPage(QWidget):
    """Pick a period and a report; its tables and charts appear below; export them."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.report: Report | None = None  # what is shown: aggregate tables only
        # The shown report's restricted tables (its child-level list), never shown: made
        # with the figures, from the same reading of the register, for an export that asks.
        self.restricted: tuple[StatTable, ...] = ()
        self.shown_kind = ""  # the key of the kind of report shown (or being worked out)
        self.setObjectName("stats_page")
        today = session.today()

        self.report_kind = self._combo(
            "stats_report", "Report", [(r.key, r.title) for r in REPORTS]
        )
        self.period_kind = self._combo("stats_period_kind", "Kind of period", list(PERIOD_KINDS))
        self.year = QSpinBox(self)
        self.year.setObjectName("stats_year")
        self.year.setRange(FIRST_REPORT_DAY.year, LAST_REPORT_DAY.year)
        self.year.setValue(financial_year_of(today))
        self.quarter = self._combo(
            "stats_quarter",
            "Quarter",
            [
                (1, "Q1 April–June"),
                (2, "Q2 July–September"),
                (3, "Q3 October–December"),
                (4, "Q4 January–March"),
            ],
        )
        self.month = self._combo(
            "stats_month", "Month", [(n, name) for n, name in enumerate(MONTH_NAMES, start=1)]
        )
        self.month.setCurrentIndex(today.month - 1)
        self.start = self._date_edit("stats_from", "From", date(today.year, today.month, 1))
        self.end = self._date_edit("stats_to", "To", today)
        self.show_button = QPushButton("Sho&w figures", self)
        self.show_button.setObjectName("stats_show")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.show_report)

        self.threshold = QSpinBox(self)
        self.threshold.setObjectName("stats_threshold")
        self.threshold.setAccessibleName("Hide counts below")
        self.threshold.setRange(0, 100)
        self.threshold.setValue(session.register.settings.suppression_threshold)
        self.threshold.setToolTip(
            "Counts below this number are hidden in exports (shown as <N), so small numbers "
            "do not identify children. 0 hides nothing."
        )
        self.export_buttons: dict[str, QPushButton] = {}
        # The annual report's child-level list: one row per child, never suppressed. Only
        # when asked for, and then in a separate file, never in the one with the figures.
        self.child_list = QCheckBox("Also write the child-level &list (restricted)", self)
        self.child_list.setObjectName("stats_child_list")
        self.child_list.setToolTip(
            "One row per child, not suppressed: written to a separate file named "
            "…-child-level-RESTRICTED beside the export. For the authority's own use, not "
            "for sharing."
        )

        self.year_label = QLabel("&Year:", self)
        self.year_label.setBuddy(self.year)
        controls = QHBoxLayout()
        for words, widget in (
            ("Re&port:", self.report_kind),
            ("Peri&od:", self.period_kind),
        ):
            label = QLabel(words, self)
            label.setBuddy(widget)
            controls.addWidget(label)
            controls.addWidget(widget)
        controls.addWidget(self.year_label)
        controls.addWidget(self.year)
        controls.addWidget(self.quarter)
        controls.addWidget(self.month)
        self.from_label = QLabel("Fro&m:", self)
        self.from_label.setBuddy(self.start)
        self.to_label = QLabel("&To:", self)
        self.to_label.setBuddy(self.end)
        for custom in (self.from_label, self.start, self.to_label, self.end):
            controls.addWidget(custom)
        controls.addWidget(self.show_button)
        controls.addStretch(1)

        exports = QHBoxLayout()
        threshold_label = QLabel("Export, hiding counts &below:", self)
        threshold_label.setBuddy(self.threshold)
        exports.addWidget(threshold_label)
        exports.addWidget(self.threshold)
        for fmt, words in EXPORT_FORMATS:
            button = QPushButton(f"Export {words}…", self)
            button.setObjectName(f"stats_export_{fmt}")
            button.clicked.connect(lambda _checked=False, f=fmt: self.export(f))
            exports.addWidget(button)
            self.export_buttons[fmt] = button
        self.status = QLabel(self)
        self.status.setObjectName("stats_status")
        self.status.setWordWrap(True)
        exports.addWidget(self.status, 1)

        self.message = QLabel(self)
        self.message.setObjectName("stats_message")
        self.message.setWordWrap(True)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("stats_scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(exports)
        layout.addWidget(self.child_list)  # a line of its own: the page stays narrow
        layout.addWidget(self.message)
        layout.addWidget(self.scroll_area, 1)

        # Reports are made off the GUI thread: a county's year takes about a second.
        self.reads = LatestRead(self)
        self.reads.ready.connect(self._made)
        self.reads.failed.connect(self._failed)
        self._exporting: Worker | None = None

        self.period_kind.currentIndexChanged.connect(lambda _i: self._period_kind_changed())
        self.report_kind.currentIndexChanged.connect(lambda _i: self._report_kind_changed())
        self._report_kind_changed()
        self._period_kind_changed()
        self._set_report(None, "Choose a period and a report, then Show figures.")

    # ------------------------------------------------------------------ construction helpers
    def _combo(self, name: str, accessible: str, items: Sequence[tuple[object, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        for data, words in items:
            combo.addItem(words, data)
        return combo

    def _date_edit(self, name: str, accessible: str, day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day), self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setDisplayFormat("yyyy-MM-dd")
        first, last = FIRST_REPORT_DAY, LAST_REPORT_DAY  # a day far off overflows the reports
        edit.setDateRange(
            QDate(first.year, first.month, first.day), QDate(last.year, last.month, last.day)
        )
        edit.setCalendarPopup(True)
        return edit

    def _report_kind_changed(self) -> None:
        kind = self.report_kind_chosen()
        self.child_list.setVisible(kind.child_list)
        if not kind.child_list:
            self.child_list.setChecked(False)

    def _period_kind_changed(self) -> None:
        kind = self.period_kind.currentData()
        self.year_label.setVisible(kind != "custom")
        self.year.setVisible(kind != "custom")
        self.year_label.setText("&Year:" if kind == "month" else "Financial &year from:")
        self.quarter.setVisible(kind == "quarter")
        self.month.setVisible(kind == "month")
        for widget in (self.from_label, self.start, self.to_label, self.end):
            widget.setVisible(kind == "custom")

    # ------------------------------------------------------------------ choosing
    def period(self) -> Period:
        """The period chosen; ``ValidationError`` if custom dates run backwards."""
        kind = self.period_kind.currentData()
        year = self.year.value()
        if kind == "quarter":
            return quarter(year, int(self.quarter.currentData()))
        if kind == "month":
            return month(year, int(self.month.currentData()))
        if kind == "custom":
            return Period.custom(self.start.date().toPython(), self.end.date().toPython())  # type: ignore[arg-type]
        return financial_year(year)

    def report_kind_chosen(self) -> ReportKind:
        return next(r for r in REPORTS if r.key == self.report_kind.currentData())

    def report_function(self) -> tuple[ReportKind, ReportFunction | None]:
        kind = self.report_kind_chosen()
        return kind, load_function(kind.module, kind.function)

    def show_report(self) -> None:
        """Make the chosen report on a worker, with a read-only connection of its own; its
        tables replace the words "Working out…" when it is ready. Asked again meanwhile,
        only the last report asked for is shown."""
        kind, function = self.report_function()
        if function is None:
            self._set_report(None, f"The {kind.title.lower()} is not available yet.")
            return
        try:
            period = self.period()
        except ValidationError as error:
            self._set_report(None, f"The period {error.message}.", error=True)
            return
        self._set_report(None, f"Working out {kind.title.lower()} figures for {period.label}…")
        self.shown_kind = kind.key  # only the last report asked for is shown
        options = {"with_child_list": True} if kind.child_list else {}
        self.reads.ask(
            self.session.register.read_work(lambda register: function(register, period, **options))
        )

    def is_working(self) -> bool:
        """A report is being made, or an export written."""
        return self.reads.busy() or self._exporting is not None

    def _made(self, report: Report) -> None:
        shown, restricted = report.split_restricted()
        self._set_report(shown, "")
        self.restricted = restricted

    def _failed(self, error: Exception) -> None:
        if isinstance(error, RegisterError):  # e.g. the file cannot be read now
            self._set_report(None, str(error), error=True)
            return
        self._set_report(None, f"The figures could not be worked out: {error}", error=True)
        raise error

    # ------------------------------------------------------------------ showing
    def _clear(self) -> None:
        """A fresh content widget (the scroll area deletes the old one with what it showed)."""
        self.content = QWidget(self.scroll_area)
        self.content.setObjectName("stats_content")
        self.content_layout = QVBoxLayout(self.content)

    def _set_report(self, report: Report | None, message: str, *, error: bool = False) -> None:
        self.report, self.restricted = report, ()
        self.message.setText(message)
        self.message.setVisible(bool(message))
        self.message.setStyleSheet(
            "QLabel { color: white; background: #b71c1c; padding: 4px 8px; }" if error else ""
        )
        self._enable_exports()
        self._clear()
        self.tables: list[QTableView] = []
        self.charts: list[ChartWidget] = []
        if report is None:
            self.content_layout.addStretch(1)
            self.scroll_area.setWidget(self.content)
            return
        heading = QLabel(f"{report.title}: {report.period.label}", self.content)
        heading.setObjectName("stats_heading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        self.content_layout.addWidget(heading)
        span = QLabel(
            f"{fmt_date(report.period.start)} to {fmt_date(report.period.end)}", self.content
        )
        self.content_layout.addWidget(span)
        for note in report.notes:
            self._words(note)
        for table in report.tables:
            self._add_table(table)
        for chart in report.charts:
            widget = ChartWidget(chart, self.content)
            self.charts.append(widget)
            self.content_layout.addWidget(widget)
            if chart.note:  # e.g. that some values are hidden, drawn as gaps
                self._words(chart.note, f"chart_note_{chart.key}")
        if not report.tables and not report.charts:
            self._words("No figures for this period.")
        self.content_layout.addStretch(1)
        self.scroll_area.setWidget(self.content)

    def _words(self, text: str, name: str = "") -> QLabel:
        label = QLabel(text, self.content)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if name:
            label.setObjectName(name)
        self.content_layout.addWidget(label)
        return label

    def _add_table(self, table: StatTable) -> None:
        title = QLabel(table.title, self.content)
        title.setObjectName(f"table_title_{table.key}")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.content_layout.addSpacing(8)
        self.content_layout.addWidget(title)
        view = QTableView(self.content)
        view.setObjectName(f"table_{table.key}")
        view.setAccessibleName(table.title)
        view.setModel(StatTableModel(table, view))
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setAlternatingRowColors(True)
        view.setTabKeyNavigation(False)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setStretchLastSection(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        fit_columns(view, max_width=360)
        # The whole table shows; the page scrolls, not each table.
        rows = len(table.rows)
        # Room for a horizontal scroll bar, which a wide table shows in a narrow window.
        height = view.horizontalHeader().sizeHint().height() + 4
        height += view.horizontalScrollBar().sizeHint().height()
        height += sum(view.rowHeight(r) for r in range(rows)) if rows else 0
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setFixedHeight(min(height, 480) if rows else height)
        if height > 480:
            view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.tables.append(view)
        self.content_layout.addWidget(view)
        if table.note:
            self._words(table.note, f"table_note_{table.key}")

    # ------------------------------------------------------------------ export
    def _enable_exports(self) -> None:
        for button in self.export_buttons.values():
            button.setEnabled(self.report is not None and self._exporting is None)

    def export(self, fmt: str) -> Path | None:
        """Write the report shown to a file the officer chooses (suppressed as set), and its
        child-level list if asked for, on a worker. Returns the path chosen; "Saved …"
        follows when the file is written (``is_working``)."""
        if self.report is None or self._exporting is not None:
            return None
        if importlib.util.find_spec(EXPORT_MODULE) is None:
            self.status.setText("Export is not available yet.")
            return None
        words = dict(EXPORT_FORMATS)[fmt]
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in self.report.period.label)
        suggested = str(Path.home() / f"{self.shown_kind}-{safe}.{fmt}")
        path = choose_save_path(self, f"Export {words}", suggested, f"{words} (*.{fmt})")
        if path is None:
            return None
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        report, threshold = self.report, self.threshold.value()
        # Asked for with another report shown (the report box changed, not yet shown), there
        # is no list to write: the officer is told so, not left to think it was written.
        missing_list = self.child_list.isChecked() and not self.restricted
        if self.child_list.isChecked() and self.restricted:
            report = dataclasses.replace(report, tables=(*report.tables, *self.restricted))

        def write_it() -> Any:
            # Imported here, on the worker: the exporter (and for a PDF, reportlab) took
            # the GUI thread ~0.1-0.6 s to import on the first export.
            write = load_function(EXPORT_MODULE, "write_report")
            if write is None:
                raise RegisterError("Export is not available in this version.")
            return write(report, path, fmt, threshold=threshold)

        self.status.setText(f"Saving {path}…")
        self._exporting = Worker(CallWork(write_it))
        self._exporting.done.connect(lambda work: self._exported(work, path, missing_list))
        self._enable_exports()
        self._exporting.start()
        return path

    def _exported(self, work: CallWork, path: Path, missing_list: bool = False) -> None:
        self._exporting = None
        self._enable_exports()
        error = work.error
        if isinstance(error, RegisterError | OSError):
            self.status.setText("")
            common.tell(self, "Export failed", f"Could not write {path}:\n{error}")
            return
        if error is not None:
            self.status.setText("")
            raise error
        restricted = [str(p) for p in (work.result or [])[1:]]
        if restricted:
            self.status.setText(
                f"Saved {path}, and the child-level list to {', '.join(restricted)} "
                "(restricted: not for sharing)"
            )
        elif missing_list:
            self.status.setText(
                f"Saved {path}. No child-level list: it comes with the annual report; show "
                "that, then export again."
            )
        else:
            self.status.setText(f"Saved {path}")
