"""Widgets used by several pages: the standard table view."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


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
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count()):
        if header.sectionSize(column) > max_width:
            header.resizeSection(column, max_width)
