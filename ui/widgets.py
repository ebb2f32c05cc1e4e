"""Widgets used by several pages: the standard table view, and the log page's layout."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QAbstractItemModel, Qt, QTimer
from PySide6.QtGui import QFontMetricsF, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)


@runtime_checkable
class TextColumns(Protocol):
    """A model that can say the words each column shows (``LazyTableModel``, a statistics
    table), so ``fit_to_text`` measures only the widest cell of each column."""

    def column_texts(self, column: int, rows: int) -> list[str]: ...


def make_table(model: QAbstractItemModel, name: str, parent: QWidget | None = None) -> QTableView:
    """A read-only, row-selecting, sortable table; Enter or double-click emits ``activated``."""
    view = QTableView(parent)
    view.setModel(model)
    view.setObjectName(name.replace(" ", "_").lower())
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    # Rows come in the register's own order until the officer clicks a heading.
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    vertical = view.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    horizontal = view.horizontalHeader()
    horizontal.setStretchLastSection(True)
    horizontal.setHighlightSections(False)
    horizontal.setSortIndicatorShown(True)
    # Column sizing looks at the first rows only, so a long list is not fetched to size it.
    horizontal.setResizeContentsPrecision(100)
    vertical.setResizeContentsPrecision(100)
    return view


def fit_columns(view: QTableView, max_width: int = 420) -> None:
    """Size columns to what is shown, but keep very long text from taking the whole width."""
    model = view.model()
    if isinstance(model, TextColumns):
        fit_to_text(view, model, range(view.model().columnCount()))
    else:
        view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count()):
        if header.sectionSize(column) > max_width:
            header.resizeSection(column, max_width)


def fit_to_text(view: QTableView, texts: TextColumns, columns: Iterable[int]) -> None:
    """Size ``columns`` as ``resizeColumnToContents`` would on the first rows (``make_table``'s
    precision), asking the delegate about the cell whose words are widest in the view's font
    (widths are fractional: 106.6 and 107.23 px both round to 107, but Qt gives the second
    a pixel more of column; and a last letter may overhang its advance). Qt asks the
    delegate about every cell, each for every role: ~17 ms for the home page's four columns
    at county, on the way to the first due list (this: 1-4 ms), and half the time to open a
    case with 100 visits."""
    metrics = QFontMetricsF(view.font())
    header = view.horizontalHeader()
    precision = header.resizeContentsPrecision()
    model = view.model()  # ``texts``, as a Qt model
    rows = precision if precision > 0 else model.rowCount()  # 0 or -1: all rows, to be safe
    grid = int(view.showGrid())  # as QTableView::sizeHintForColumn
    for column in columns:
        cell = 0  # no rows: the heading alone
        first_row: dict[str, int] = {}  # each distinct text once (a status column: a few)
        for row, text in enumerate(texts.column_texts(column, rows)):
            first_row.setdefault(text, row)
        if first_row:
            # As Qt lays text out: the advance, plus the last letter's overhang past it (an
            # italic-leaning "r", "f" or "Y"), which can be wider than a pixel.
            widths = {
                text: metrics.horizontalAdvance(text)
                + (max(0.0, -metrics.rightBearing(text[-1])) if text else 0.0)
                for text in first_row
            }
            near = max(widths.values()) - 0.05  # (float noise only)
            # One cell per width: counts and dates of the same digits measure the same
            # (a column of 2,000 five-digit counts had ~1,000 texts at the widest).
            widest = {width: text for text, width in widths.items() if width >= near}
            cell = grid + max(
                view.sizeHintForIndex(model.index(first_row[text], column)).width()
                for text in widest.values()
            )
        header.resizeSection(column, max(cell, header.sectionSizeHint(column)))


def fill_entry_box(
    box: QWidget, error: QWidget, entry: QWidget, save: QWidget, saved: QWidget
) -> None:
    """A log page's entry form: the error line, the fields, then Save and what was saved."""
    buttons = QHBoxLayout()
    buttons.addWidget(save)
    buttons.addWidget(saved, 1)
    layout = QVBoxLayout(box)
    layout.addWidget(error)
    layout.addWidget(entry)
    layout.addLayout(buttons)


def lay_out_log_page(
    page: QWidget, form: QWidget, search: QLineEdit, bar: Sequence[QWidget], table: QTableView
) -> None:
    """A log page (enquiries, activities): the entry form above, scrolling in a small window;
    then the search box with ``bar`` beside it; then the list."""
    row = QHBoxLayout()
    row.addWidget(search, 1)
    for widget in bar:
        row.addWidget(widget)
    scroll = QScrollArea(page)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(form)
    layout = QVBoxLayout(page)
    layout.addWidget(scroll, 2)
    layout.addLayout(row)
    layout.addWidget(table, 3)


def search_as_you_type(search: QLineEdit, refresh: Callable[[], None], delay_ms: int) -> QTimer:
    """Run ``refresh`` once typing pauses for ``delay_ms``; returns the timer (stop it when the
    list is refreshed for another reason)."""
    timer = QTimer(search)
    timer.setSingleShot(True)
    timer.setInterval(delay_ms)
    timer.timeout.connect(refresh)
    search.textChanged.connect(lambda _text: timer.start())
    return timer


class FormComboBox(QComboBox):
    """A drop-down in a form: the mouse wheel scrolls the form past it instead of silently
    changing the value, unless the officer has put the cursor in it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a wheel alone does not focus it

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # the scroll area behind it scrolls
