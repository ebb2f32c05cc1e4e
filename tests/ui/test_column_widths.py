"""Tables size their columns to their words as Qt itself would, measuring only a few cells."""

from __future__ import annotations

import random
from collections.abc import Hashable, Sequence
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from ui.common import fmt_date
from ui.models import Column, LazyTableModel
from ui.widgets import fit_columns, make_table


class Listed(LazyTableModel):
    """A table of the given values, one per row (``columns`` set by each kind)."""

    def __init__(self, values: Sequence[Any]) -> None:
        super().__init__()
        self.values = list(values)
        self.set_keys(range(len(self.values)))

    def fetch(self, keys: Sequence[Hashable]) -> dict[Hashable, Any]:
        return {k: self.values[k] for k in keys}  # type: ignore[call-overload]


class Days(Listed):
    """A table of dates, whose widths in the font differ by fractions of a pixel."""

    columns = (
        Column("Date", lambda d: fmt_date(d), lambda d: d),
        Column("Weekday", lambda d: f"{d:%A}", lambda d: d.weekday()),
        Column("Note", lambda d: "" if d.day % 7 else f"week {d.isocalendar().week} of {d.year}"),
    )


def a_year(first: date = date(2025, 1, 1), days: int = 365) -> list[date]:
    return [first + timedelta(n) for n in range(days)]


def start_dates(seed: int) -> list[date]:
    """100 dates over seven years in no order, as a register's start dates come."""
    rnd = random.Random(seed)
    return [date(2020, 1, 1) + timedelta(rnd.randrange(2500)) for _ in range(100)]


@pytest.mark.parametrize("order", [None, Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
@pytest.mark.parametrize("column", [0, 1])
def test_widths_are_qts_own_for_a_year_of_dates(qtbot, order, column) -> None:  # type: ignore[no-untyped-def]
    ours, qts = Days(a_year()), Days(a_year())
    fitted, measured = make_table(ours, "Ours"), make_table(qts, "Qt's")
    for view in (fitted, measured):
        qtbot.addWidget(view)
        view.horizontalHeader().setStretchLastSection(False)
    if order is not None:
        ours.sort(column, order)
        qts.sort(column, order)
    fit_columns(fitted)
    measured.resizeColumnsToContents()
    widths = [fitted.columnWidth(c) for c in range(3)]
    assert widths == [measured.columnWidth(c) for c in range(3)]
    assert widths[0] > fitted.horizontalHeader().sectionSizeHint(0)  # sized by the dates


@pytest.mark.parametrize("seed", [23, 41, 43, 49])
def test_no_date_is_cut_by_a_pixel(qtbot, seed: int) -> None:  # type: ignore[no-untyped-def]
    """Text is as wide as its font says, to a fraction of a pixel: "Mon 19 May 2025" and a
    date a shade narrower both measure 107 whole pixels, but the first needs one pixel more
    of column. Sizing by the first date of the widest whole width cut it ("Mon 19 May 20…");
    with these dates it did, by one pixel."""
    ours, qts = Days(start_dates(seed)), Days(start_dates(seed))
    fitted, measured = make_table(ours, "Ours"), make_table(qts, "Qt's")
    for view in (fitted, measured):
        qtbot.addWidget(view)
    fit_columns(fitted)
    measured.resizeColumnsToContents()
    assert fitted.columnWidth(0) == measured.columnWidth(0)


def test_an_empty_table_is_as_wide_as_its_headings(qtbot) -> None:  # type: ignore[no-untyped-def]
    ours, qts = Days([]), Days([])
    fitted, measured = make_table(ours, "Ours"), make_table(qts, "Qt's")
    for view in (fitted, measured):
        qtbot.addWidget(view)
    fit_columns(fitted)
    measured.resizeColumnsToContents()
    assert [fitted.columnWidth(c) for c in range(2)] == [measured.columnWidth(c) for c in range(2)]


class Names(Listed):
    """Names, some ending in letters that overhang their advance ("r", "f", "Y")."""

    columns = (Column("Name", lambda n: n),)


FIRST = ("Rhys", "Ffion", "Amy", "Kofi", "Tegwyn", "Bryn", "Llinos", "Yusuf", "Ioan")
LAST = ("Okafor", "Bloggs", "Llewelyn", "Pryor", "Wolf", "Ashby", "Kaur", "Nurdaly", "Graff")


def test_names_in_other_fonts_are_not_cut(qtbot) -> None:  # type: ignore[no-untyped-def]
    """In some fonts a last letter reaches past its advance (up to two pixels): "Rhys
    Llewelyn Okafor" needs more column than "Rhys Llewelyn Bloggs" though its advance is
    less. Every font and size here gives the width Qt gives."""
    from PySide6.QtGui import QFont, QFontDatabase

    # The pair first: in Nimbus Sans 10 pt the second is 127.0 px of advance, the first
    # 126.3 px plus a pixel of overhang.
    pair = ["Rhys Llewelyn Okafor", "Rhys Llewelyn Bloggs"]
    names = pair + [f"{a} {b}" for a in FIRST for b in LAST][:98]
    families = [
        f
        for f in ("Nimbus Sans", "DejaVu Sans", "Nimbus Roman", "URW Gothic", "Arial", "Segoe UI")
        if f in QFontDatabase.families()
    ]
    assert families  # at least the default font's family is one of these here
    for family in families:
        for size in (9, 10, 11):
            for bold in (False, True):
                font = QFont(family)
                font.setPointSizeF(size)
                font.setBold(bold)
                ours, qts = Names(names), Names(names)
                fitted, measured = make_table(ours, "Ours"), make_table(qts, "Qt's")
                for view in (fitted, measured):
                    qtbot.addWidget(view)
                    view.setFont(font)
                fit_columns(fitted, max_width=10_000)
                measured.resizeColumnsToContents()
                assert fitted.columnWidth(0) == measured.columnWidth(0), (family, size, bold)
