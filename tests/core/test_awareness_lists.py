"""The enquiry and activity logs read as lists do: ids chosen and ordered in SQL (also on
another thread), rows by id, and the activities the enquiry form offers, found by words."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest

from pf_register.codes import ACTIVITY_AUDIENCES, ACTIVITY_KINDS, ENQUIRY_OUTCOMES, ENQUIRY_SOURCES
from pf_register.register import Register


@pytest.fixture
def logged(register: Register) -> Register:
    titles = ["Schools briefing", None, "GP surgery posters", "library stall", None]
    activities = [
        register.record_activity(
            {
                "activity_date": (date(2026, 1, 5) + timedelta(days=3 * i)).isoformat(),
                "kind": ("briefing", "press", "session", "community_event", "training")[i],
                "audience_sector": ("school", "health", "mixed", "police", "faith_group")[i],
                "area": ("North", None, "South", "north", None)[i],
                "reached": (40, None, 7, 300, None)[i],
                "title": titles[i],
            }
        )
        for i in range(5)
    ]
    for i in range(40):
        outcome = ("advice_only", "pending", "not_pf", "referred_on")[i % 4]
        register.record_enquiry(
            {
                "enquiry_date": (date(2026, 1, 20) + timedelta(days=i % 11)).isoformat(),
                "source_sector": ("health", "school", "police", "parent")[i % 4],
                "channel": ("email", "phone")[i % 2],
                "area": ("North", "south", None)[i % 3],
                "enquirer_name": f"Enquirer {i}",
                "activity_id": activities[i % 5] if i % 3 else None,
                "heard_from": "poster in the library" if i % 7 == 0 else None,
                "about": ("Pupil with a family friend", None, "aunt")[i % 3],
                "outcome": outcome,
                "not_pf_reason": "Lives with an aunt" if outcome == "not_pf" else None,
                "referred_to": "Early help" if outcome == "referred_on" else None,
            }
        )
    return register


def _by(rows: list[dict[str, object]], value, descending: bool) -> list[object]:  # type: ignore[no-untyped-def]
    """The ids of ``rows`` (newest first) ordered by ``value`` in any case, blanks last, ties
    newest first (a stable sort keeps them so, reversed or not)."""
    filled = [r for r in rows if value(r) not in (None, "")]
    blank = [r for r in rows if value(r) in (None, "")]
    ordered = sorted(
        filled,
        key=lambda r: v.lower() if isinstance(v := value(r), str) else v,
        reverse=descending,
    )
    return [r["id"] for r in ordered + blank]


ENQUIRY_VALUES = {
    "reference": lambda r: r["reference"],
    "date": lambda r: r["enquiry_date"],
    "source": lambda r: ENQUIRY_SOURCES.label(r["source_sector"]),
    "outcome": lambda r: ENQUIRY_OUTCOMES.label(r["outcome"]),
    "area": lambda r: r["area"],
    "case": lambda r: r["arrangement_reference"],
    "heard_from": lambda r: r["activity_title"] or r["heard_from"],
    "about": lambda r: r["about"],
}


@pytest.mark.parametrize("order", sorted(ENQUIRY_VALUES))
@pytest.mark.parametrize("descending", [False, True])
def test_enquiry_ids_ordered_as_the_officer_reads_the_column(
    logged: Register, order: str, descending: bool
) -> None:
    whole = logged.enquiries()
    expected = _by(whole, ENQUIRY_VALUES[order], descending)
    assert logged.enquiry_ids("", order, descending) == expected


ACTIVITY_VALUES = {
    "date": lambda r: r["activity_date"],
    "kind": lambda r: ACTIVITY_KINDS.label(r["kind"]),
    "audience": lambda r: ACTIVITY_AUDIENCES.label(r["audience_sector"]),
    "area": lambda r: r["area"] or "Whole authority",
    "reached": lambda r: r["reached"],
    "enquiries": lambda r: r["enquiries"],
    "title": lambda r: r["title"],
}


@pytest.mark.parametrize("order", sorted(ACTIVITY_VALUES))
@pytest.mark.parametrize("descending", [False, True])
def test_activity_ids_ordered_as_the_officer_reads_the_column(
    logged: Register, order: str, descending: bool
) -> None:
    whole = logged.activities()
    expected = _by(whole, ACTIVITY_VALUES[order], descending)
    assert logged.activity_ids("", order, descending) == expected


@pytest.mark.parametrize("text", ["", "north", "surgery", "2026-01-08", "14/01/2026"])
def test_activity_ids_then_rows_equal_the_one_read(logged: Register, text: str) -> None:
    whole = logged.activities(text)
    ids = logged.activity_ids(text)
    assert ids == [r["id"] for r in whole]
    by_id = logged.activities_by_id(ids)
    assert [by_id[i] for i in ids] == whole
    assert logged.activities_by_id([*ids, 99_999]).keys() == set(ids)


@pytest.mark.parametrize("text", ["", "North", "Schools briefing", "ENQ-2026-001", "aunt"])
def test_the_search_in_table_order_gives_the_same_list(logged: Register, text: str) -> None:
    assert logged.enquiry_ids(text) == [r["id"] for r in logged.enquiries(text)]


def test_an_unknown_order_is_refused(logged: Register) -> None:
    with pytest.raises(ValueError, match="cannot order by"):
        logged.enquiry_ids("", "drop table")
    with pytest.raises(ValueError, match="cannot order by"):
        logged.activity_ids("", "enquiry_date")


def test_enquiry_ids_work_on_another_thread_equals_the_read_here(logged: Register) -> None:
    work = logged.enquiry_ids_work("north", "area", True)
    thread = threading.Thread(target=work.run)  # its connection is opened on that thread
    thread.start()
    thread.join()
    assert work.error is None
    assert work.result == logged.enquiry_ids("north", "area", True)


def test_a_failed_read_is_reported_not_raised(logged: Register) -> None:
    work = logged.enquiry_ids_work()
    work.path = logged.path.with_name("gone.db")
    work.run()
    assert work.result is None and work.error is not None


def test_activity_choices_newest_first_found_by_any_words(logged: Register) -> None:
    everything = logged.activity_choices()
    assert [words for _id, words in everything] == [
        "2026-01-17: Training",  # no title: its kind
        "2026-01-14: library stall",
        "2026-01-11: GP surgery posters",
        "2026-01-08: Press",
        "2026-01-05: Schools briefing",
    ]
    assert logged.activity_choices(limit=2) == everything[:2]
    assert logged.activity_choices("SURGERY") == [everything[2]]
    assert logged.activity_choices("press") == [everything[3]]  # the kind's words
    assert logged.activity_choices("2026-01-1") == everything[:3]
    assert logged.activity_choices("100%") == []
    first_id, first_words = everything[4]
    assert logged.activity_choice(first_id) == first_words
    assert logged.activity_for_choice("2026-01-05: schools BRIEFING") == first_id
    assert logged.activity_for_choice("2026-01-05: Schools") is None
    assert logged.activity_for_choice("") is None
