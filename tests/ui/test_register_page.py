"""The register: filters, search as you type, sorting by the next deadline."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pf_register.register import Register
from tests.ui.conftest import add_case
from ui.main_window import MainWindow
from ui.models import CaseListModel


def children(window: MainWindow) -> list[str]:
    model = window.register_page.model
    return [model.index(r, 1).data() for r in range(model.rowCount())]


def three_cases(register: Register) -> tuple[int, int, int]:
    first = add_case(register)
    second = add_case(
        register,
        child={"first_name": "Bo", "last_name": "Chan", "date_of_birth": "2010-07-09"},
        carer={"first_name": "Eve", "last_name": "Ford"},
        arrangement={
            "type_code": "8B",
            "officer": "Al Greenhalgh-Vane",
            "start_date": "2026-05-18",
        },
        household=[],
    )
    third = add_case(
        register,
        child={"first_name": "Cy", "last_name": "Dunn", "date_of_birth": "2013-01-02"},
        arrangement={"type_code": "8E", "officer": "Jo Smith"},
        household=[],
    )
    register.end_arrangement(third, {"end_date": "2026-05-30", "end_reason": "returned_to_parent"})
    return first, second, third


def test_filters_and_search(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    three_cases(register)
    window.refresh()
    page = window.register_page
    window.find_case()
    assert page.search.hasFocus()
    assert children(window) == ["Amy Bell", "Bo Chan"]  # open ones by default

    page.state.setCurrentIndex(page.state.findData("all"))
    assert sorted(children(window)) == ["Amy Bell", "Bo Chan", "Cy Dunn"]
    page.state.setCurrentIndex(page.state.findData("ended"))
    assert children(window) == ["Cy Dunn"]
    status = [c.title for c in page.model.columns].index("Status")
    assert "Ended Sat 30 May 2026" in page.model.index(0, status).data()

    page.state.setCurrentIndex(page.state.findData("all"))
    page.type_code.setCurrentIndex(page.type_code.findData("8E"))
    assert sorted(children(window)) == ["Amy Bell", "Cy Dunn"]
    page.officer.setCurrentIndex(page.officer.findData("Al Greenhalgh-Vane"))
    assert children(window) == []
    page.type_code.setCurrentIndex(0)
    assert children(window) == ["Bo Chan"]
    page.officer.setCurrentIndex(0)

    qtbot.keyClicks(page.search, "ford")  # the carer's name
    qtbot.waitUntil(lambda: children(window) == ["Bo Chan"])
    page.search.clear()
    qtbot.keyClicks(page.search, "04/03/2012")  # a date of birth as officers write it
    qtbot.waitUntil(lambda: children(window) == ["Amy Bell"])
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.current_case() is not None
    assert "Amy Bell" in window.current_case().title.text()  # type: ignore[union-attr]


def test_a_search_says_what_the_show_filter_hides(
    qtbot, register: Register, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """An officer searching for a child whose arrangement ended, with Show left at Open, was
    told "0 arrangements" and nothing more."""
    three_cases(register)
    window.refresh()
    page = window.register_page
    qtbot.keyClicks(page.search, "Dunn")  # ended on 30 May
    qtbot.waitUntil(lambda: page.count.text().startswith("0 arrangements"))
    assert page.count.text() == "0 arrangements · 1 more ended (Show: All to see them)"
    page.state.setCurrentIndex(page.state.findData("all"))
    assert children(window) == ["Cy Dunn"]
    assert page.count.text() == "1 arrangement"
    page.search.clear()
    page.state.setCurrentIndex(page.state.findData("open"))
    assert page.count.text() == "2 arrangements"  # no search: the filter is the point


def test_sort_by_next_deadline(qtbot, register: Register, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    three_cases(register)
    window.refresh()
    page = window.register_page
    page.state.setCurrentIndex(page.state.findData("all"))
    next_column = [c.title for c in page.model.columns].index("Next deadline")
    page.table.sortByColumn(next_column, Qt.SortOrder.AscendingOrder)
    # Amy's checks are overdue; Bo's are not; the ended case has nothing open (last).
    assert children(window) == ["Amy Bell", "Bo Chan", "Cy Dunn"]
    assert "overdue" in page.model.index(0, next_column).data()
    assert page.model.index(2, next_column).data() == ""
    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert children(window) == ["Cy Dunn", "Bo Chan", "Amy Bell"]


def test_case_list_model(qtmodeltester, register: Register) -> None:  # type: ignore[no-untyped-def]
    three_cases(register)
    model = CaseListModel()
    next_due: dict = {}
    for o in register.due():
        next_due.setdefault(o.arrangement_id, o)
    model.set_cases(register.case_ids(), register.summaries, next_due)
    qtmodeltester.check(model, force_py=True)
    for column in range(model.columnCount()):
        model.sort(column, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model, force_py=True)


def test_rows_are_fetched_lazily(register: Register) -> None:
    from pf_register.register import CaseSummary

    model = CaseListModel()
    model.BLOCK = 10
    summaries = [
        CaseSummary(i, f"PF-2026-{i:04d}", f"Child {i}", None, "", "8E", None, None, None, None)
        for i in range(1, 1001)
    ]
    model.set_summaries(summaries, {})
    assert model.rowCount() == 1000
    assert model.cached_count() == 0
    assert model.index(500, 1).data() == "Child 501"
    assert 0 < model.cached_count() <= 10
