"""Table models: ids plus a row cache, rows built lazily (the pattern of Anki's browser).

A model holds only the keys of its rows. A row is built (fetched, formatted) the first time a
view asks for it, in blocks, and kept in a cache until the keys change. Sorting orders the keys.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QIcon

from pf_register.clock.obligation import Obligation, Status
from pf_register.codes import ARRANGEMENT_TYPES
from pf_register.register import CaseSummary
from ui.common import fmt_date, fmt_days, status_colour, status_icon

Index = QModelIndex | QPersistentModelIndex
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
_NO_INDEX = QModelIndex()


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    tooltip: Callable[[Any], str] | None = None
    # Colour and icon for a row (the status column); words are always shown beside them.
    status: Callable[[Any], Status | None] | None = None


def _nulls_last(value: Any) -> tuple[bool, Any]:
    return (value is None, value if value is not None else 0)


class LazyTableModel(QAbstractTableModel):
    """Keys plus a row cache. Subclasses define ``columns`` and ``fetch``."""

    BLOCK = 200
    columns: Sequence[Column] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._keys: list[Hashable] = []
        self._cache: dict[Hashable, Any] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # ------------------------------------------------------------------ to override
    def fetch(self, keys: Sequence[Hashable]) -> dict[Hashable, Any]:
        """Build the rows for ``keys`` (called with a block of keys the view needs)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ keys and rows
    def set_keys(self, keys: Iterable[Hashable]) -> None:
        self.beginResetModel()
        self._keys = list(keys)
        self._cache.clear()
        if self._sort is not None:
            self._sort_keys(*self._sort)
        self.endResetModel()

    def keys(self) -> list[Hashable]:
        return list(self._keys)

    def key(self, row: int) -> Hashable:
        return self._keys[row]

    def row_of(self, key: Hashable) -> int:
        return self._keys.index(key)

    def item(self, row: int) -> Any:
        """The cached row object, fetching its block if needed."""
        key = self._keys[row]
        if key not in self._cache:
            start = max(0, row - self.BLOCK // 4)
            block = [k for k in self._keys[start : start + self.BLOCK] if k not in self._cache]
            self._cache.update(self.fetch(block))
        return self._cache[key]

    def row_data(self, row: int) -> Any:
        return self.item(row)

    def row_at(self, index: Index) -> Any:
        """The row object at a view's index (its current one: the row chosen), or None."""
        return self.item(index.row()) if index.isValid() else None

    def cached_count(self) -> int:
        return len(self._cache)

    def column_texts(self, column: int, rows: int) -> list[str]:
        """The words shown in ``column`` on the first ``rows`` rows (for sizing it)."""
        text = self.columns[column].text
        return [text(self.item(row)) or "" for row in range(min(rows, len(self._keys)))]

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: Index = _NO_INDEX) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: Index = _NO_INDEX) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].title
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._keys)):
            return None
        column = self.columns[index.column()]
        if role == KEY_ROLE:
            return self._keys[index.row()]
        if role not in _ROLES:
            return None
        item = self.item(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(item) if column.tooltip else None
        status = self._row_status(item)
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = status_colour(status) if status is not None else None
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.DecorationRole:
            if column.status is not None:
                own = column.status(item)
                return status_icon(own) if own is not None else QIcon()
            return None
        return None

    def _row_status(self, item: Any) -> Status | None:
        for column in self.columns:
            if column.status is not None:
                return column.status(item)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_keys = [(self._keys[i.row()], i.column()) for i in old]
        self._sort = (column, order)
        self._sort_keys(column, order)
        positions = {k: r for r, k in enumerate(self._keys)}
        self.changePersistentIndexList(old, [self.index(positions[k], c) for k, c in old_keys])
        self.layoutChanged.emit()

    def _sort_keys(self, column: int, order: Qt.SortOrder) -> None:
        spec = self.columns[column]
        by = spec.sort_key or spec.text
        rows = dict(zip(self._keys, range(len(self._keys)), strict=True))
        missing = [k for k in self._keys if k not in self._cache]
        for start in range(0, len(missing), self.BLOCK * 10):
            self._cache.update(self.fetch(missing[start : start + self.BLOCK * 10]))
        self._keys.sort(
            key=lambda k: (_nulls_last(by(self._cache[k])), rows[k]),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )


_ROLES = {
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.DecorationRole,
}


# ---------------------------------------------------------------------- obligations
def _due_cell(o: Obligation) -> str:
    return fmt_date(o.due)


class ObligationModel(LazyTableModel):
    """Deadlines: the home page's due list and a case page's deadlines.

    The obligations come from the register already computed; the model keeps their positions
    as keys and formats a row only when it is shown.
    """

    columns: Sequence[Column] = (
        Column(
            "Status", lambda o: o.status.label, lambda o: o.sort_key(), status=lambda o: o.status
        ),
        Column(
            "Child",
            lambda o: f"{o.child} ({o.reference})" if o.child else f"Enquiry {o.reference}",
            lambda o: o.child.lower(),
        ),
        Column(
            "What is due",
            lambda o: o.rule.heading,
            lambda o: o.rule.heading,
            tooltip=lambda o: f"{o.rule.heading}\n{o.detail}",  # in full when it is shortened
        ),
        Column("Detail", lambda o: o.detail, tooltip=lambda o: o.detail),
        Column("Due", _due_cell, lambda o: o.due),
        Column("Days", fmt_days, lambda o: o.days),
    )

    def __init__(self, parent: QObject | None = None, *, show_child: bool = True) -> None:
        super().__init__(parent)
        if not show_child:
            self.columns = tuple(c for c in type(self).columns if c.title != "Child")
        self._obligations: list[Obligation] = []

    def set_obligations(self, obligations: Sequence[Obligation]) -> None:
        self._obligations = list(obligations)
        self.set_keys(range(len(self._obligations)))

    def fetch(self, keys: Sequence[Hashable]) -> dict[Hashable, Any]:
        return {k: self._obligations[k] for k in keys}  # type: ignore[call-overload]

    def obligation(self, row: int) -> Obligation:
        item: Obligation = self.item(row)
        return item


# ---------------------------------------------------------------------- the register list
@dataclass(frozen=True)
class CaseRow:
    summary: CaseSummary
    next_due: Obligation | None


def _age(dob: date | None) -> str:
    return fmt_date(dob)


class CaseListModel(LazyTableModel):
    """The register: one row per arrangement, keyed by arrangement id."""

    columns = (
        Column("Reference", lambda r: r.summary.reference),
        Column("Child", lambda r: r.summary.child, lambda r: r.summary.child.lower()),
        Column("Date of birth", lambda r: _age(r.summary.child_dob), lambda r: r.summary.child_dob),
        Column("Carer", lambda r: r.summary.carer, lambda r: r.summary.carer.lower() or None),
        Column(
            "Address",
            lambda r: r.summary.address or "",
            lambda r: (r.summary.address or "").lower() or None,
        ),
        Column(
            "Type",
            lambda r: r.summary.type_code or "",
            lambda r: r.summary.type_code,
            tooltip=lambda r: ARRANGEMENT_TYPES.label(r.summary.type_code),
        ),
        Column("Officer", lambda r: r.summary.officer or "", lambda r: r.summary.officer),
        Column("Started", lambda r: fmt_date(r.summary.start_date), lambda r: r.summary.start_date),
        Column(
            "Status",
            lambda r: "Open" if r.summary.is_open else f"Ended {fmt_date(r.summary.end_date)}",
            lambda r: (r.summary.is_open, r.summary.end_date),
        ),
        Column(
            "Next deadline",
            lambda r: _next_text(r.next_due),
            lambda r: r.next_due.sort_key()[:2] if r.next_due else None,
            tooltip=lambda r: r.next_due.detail if r.next_due else "",
            status=lambda r: r.next_due.status if r.next_due else None,
        ),
    )

    REFERENCE = [c.title for c in columns].index("Reference")
    NEXT_DEADLINE = [c.title for c in columns].index("Next deadline")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch: Callable[[Sequence[int]], Mapping[int, CaseSummary]] = lambda ids: {}
        self._next: Mapping[int, Obligation] = {}
        self._in_reference_order: list[Hashable] = []

    def set_cases(
        self,
        ids: Sequence[int],
        fetch: Callable[[Sequence[int]], Mapping[int, CaseSummary]],
        next_due: Mapping[int, Obligation],
    ) -> None:
        """``ids`` in reference order; ``fetch`` builds the summaries of the rows shown (the
        register's ``summaries``); ``next_due`` is the most urgent open deadline per case."""
        self._fetch = fetch
        self._next = next_due
        self._in_reference_order = list(ids)
        self.set_keys(ids)

    def set_summaries(
        self, summaries: Sequence[CaseSummary], next_due: Mapping[int, Obligation]
    ) -> None:
        """Cases already read (a short list, or a test)."""
        known = {s.arrangement_id: s for s in summaries}
        self.set_cases(list(known), lambda ids: {i: known[i] for i in ids}, next_due)

    def fetch(self, keys: Sequence[Hashable]) -> dict[Hashable, Any]:
        found = self._fetch(keys)  # type: ignore[arg-type]
        return {k: CaseRow(found[k], self._next.get(k)) for k in keys}  # type: ignore[index, call-overload]

    def _sort_keys(self, column: int, order: Qt.SortOrder) -> None:
        """By reference or next deadline without reading every row; other columns read them."""
        descending = order == Qt.SortOrder.DescendingOrder
        if column == self.REFERENCE:
            self._keys = list(self._in_reference_order)
            if descending:
                self._keys.reverse()
            return
        if column == self.NEXT_DEADLINE:
            position = {k: r for r, k in enumerate(self._in_reference_order)}

            def by(k: Hashable) -> tuple[Any, ...]:
                o = self._next.get(k)  # type: ignore[call-overload]
                return (_nulls_last(o.sort_key()[:2] if o else None), position[k])

            self._keys.sort(key=by, reverse=descending)
            return
        super()._sort_keys(column, order)

    def summary(self, row: int) -> CaseSummary:
        item: CaseRow = self.item(row)
        return item.summary


def _next_text(o: Obligation | None) -> str:
    if o is None:
        return ""
    return f"{fmt_date(o.due)}: {o.rule.title} ({fmt_days(o)})"


# ---------------------------------------------------------------------- simple record tables
class RowsModel(LazyTableModel):
    """A small read-only table of record rows (a case page's visits, checks, ...)."""

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self._rows = list(rows)
        self.set_keys(range(len(self._rows)))

    def fetch(self, keys: Sequence[Hashable]) -> dict[Hashable, Any]:
        return {k: self._rows[k] for k in keys}  # type: ignore[call-overload]


class KeyedRowsModel(LazyTableModel):
    """A long list of record rows keyed by id: the ids come first (chosen in SQL), and only the
    rows a view shows are read, in blocks, by ``fetch`` (the enquiry log of a county).

    With ``on_sort`` set, a click on a heading does not read every row to sort them: the
    model notes the order (``sql_order``) and calls ``on_sort``, and the page asks SQL for the
    ids in that order (``set_ids`` then keeps them as given)."""

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._fetch: Callable[[Sequence[int]], Mapping[int, Any]] = lambda ids: {}
        self.on_sort: Callable[[int, Qt.SortOrder], None] | None = None

    def sql_order(self, names: Sequence[str]) -> tuple[str | None, bool]:
        """For the register's id query: ``names[column]`` of the column last asked for (None:
        the list's own order) and whether it runs descending."""
        if self._sort is None:
            return None, False
        column, order = self._sort
        return names[column], order == Qt.SortOrder.DescendingOrder

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.on_sort is None:
            super().sort(column, order)
        elif 0 <= column < len(self.columns) and self._sort != (column, order):
            # (QTableView.sortByColumn asks twice; the ids come in the order asked for.)
            self._sort = (column, order)
            self.on_sort(column, order)

    def _sort_keys(self, column: int, order: Qt.SortOrder) -> None:
        if self.on_sort is None:
            super()._sort_keys(column, order)

    def set_ids(
        self, ids: Sequence[int], fetch: Callable[[Sequence[int]], Mapping[int, Any]]
    ) -> None:
        self._fetch = fetch
        self.set_keys(ids)

    def fetch(self, keys: Sequence[Hashable]) -> dict[Hashable, Any]:
        return dict(self._fetch(keys))  # type: ignore[arg-type]

    def row_of_id(self, key: int) -> int | None:
        try:
            return self.row_of(key)
        except ValueError:
            return None
