"""Reads for long lists: ids filtered in SQL, summaries for the rows shown, the next deadline
of every open case in one pass, the officers named; and correcting a parent."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pf_register.errors import NotFoundError
from pf_register.register import Register, first_per_case
from tests.core.conftest import Refused


@pytest.fixture
def cases(register: Register, new_case: Callable[..., int]) -> dict[str, int]:
    """Three cases: Tilly (8E, Fenwick, open), Ada (8C, Okoro, open), Bea (8E, no officer,
    ended)."""
    tilly = new_case()
    ada = new_case(
        child={"first_name": "Ada", "last_name": "Nwosu-Breckin", "date_of_birth": "2013-02-01"},
        carer={"first_name": "Olu", "last_name": "Bright"},
        arrangement={"type_code": "8C", "officer": "Officer Okoro", "address": "3 Elm Way"},
    )
    bea = new_case(
        child={"first_name": "Bea", "last_name": "Stone", "date_of_birth": "2014-07-07"},
        arrangement={"officer": None},
    )
    register.end_arrangement(bea, {"end_date": "2026-05-20", "end_reason": "returned_to_parent"})
    return {"tilly": tilly, "ada": ada, "bea": bea}


def test_case_ids_filter_in_sql(register: Register, cases: dict[str, int]) -> None:
    tilly, ada, bea = cases["tilly"], cases["ada"], cases["bea"]
    assert register.case_ids() == [tilly, ada, bea]  # reference order
    assert register.case_ids(state="open") == [tilly, ada]
    assert register.case_ids(state="ended") == [bea]
    assert register.case_ids(type_code="8E") == [tilly, bea]
    assert register.case_ids(type_code="8E", state="open") == [tilly]
    assert register.case_ids(officer="Officer Okoro") == [ada]
    assert register.case_ids(type_code="8B") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nwosu", ["ada"]),
        ("Olu Bright", ["ada"]),  # the carer
        ("01/02/2013", ["ada"]),  # a date of birth as officers write it
        ("2014-07-07", ["bea"]),
        ("PF-2026-0001", ["tilly"]),
        ("Quennell", ["tilly", "bea"]),  # the typical carer looks after Tilly and Bea
        ("100%", []),  # % is a character, not a wildcard
    ],
)
def test_case_ids_search_as_find_does(
    register: Register, cases: dict[str, int], text: str, expected: list[str]
) -> None:
    assert register.case_ids(text=text) == [cases[name] for name in expected]
    assert [s.arrangement_id for s in register.find(text)] == register.case_ids(text=text)


def test_case_ids_combine_search_and_filters(register: Register, cases: dict[str, int]) -> None:
    assert register.case_ids(text="Quennell", state="open") == [cases["tilly"]]
    assert register.case_ids(text="Quennell", officer="Officer Fenwick") == [cases["tilly"]]


def test_case_ids_refuses_an_unknown_state(register: Register) -> None:
    with pytest.raises(ValueError, match="open, ended or all"):
        register.case_ids(state="closed")


def test_summaries_of_the_ids_asked_for(register: Register, cases: dict[str, int]) -> None:
    # More ids than one SQL chunk, most of them unknown: only the real ones come back.
    found = register.summaries(range(1, 1200))
    assert sorted(found) == sorted(cases.values())
    ada = found[cases["ada"]]
    assert (ada.child, ada.carer, ada.type_code, ada.officer, ada.address) == (
        "Ada Nwosu-Breckin",
        "Olu Bright",
        "8C",
        "Officer Okoro",
        "3 Elm Way",
    )
    assert {s.arrangement_id: s for s in register.cases()} == found
    assert register.summaries([]) == {}


def test_officers(register: Register, cases: dict[str, int]) -> None:
    assert register.officers() == ["Officer Fenwick", "Officer Okoro"]


def test_next_deadlines_one_per_open_case(register: Register, cases: dict[str, int]) -> None:
    found = register.next_deadlines()
    assert set(found) == {cases["tilly"], cases["ada"]}  # the ended case has no open work
    for arrangement_id, obligation in found.items():
        own = [o for o in register.obligations(arrangement_id) if o.is_open]
        assert obligation.arrangement_id == arrangement_id
        assert (
            obligation
            == register.due()[[o.arrangement_id for o in register.due()].index(arrangement_id)]
        )
        assert obligation in own
    assert first_per_case(register.due()) == found


def test_next_deadlines_follow_the_day(register: Register, cases: dict[str, int]) -> None:
    from datetime import date

    day = date(2026, 9, 1)
    later = register.next_deadlines(day)
    assert later == first_per_case(register.due(day))
    assert later != register.next_deadlines()


def test_correct_a_parent(register: Register, case, refused: Refused) -> None:  # type: ignore[no-untyped-def]
    parent_id = register.case(case.arrangement).parents[0]["id"]
    register.update_parent(parent_id, {"has_parental_responsibility": "no"})
    parent = register.case(case.arrangement).parents[0]
    assert parent["has_parental_responsibility"] == 0
    assert parent["relationship"] == "mother"  # untouched
    last = register.audit_log("parents")[-1]
    assert (last["operation"], last["action"]) == ("correct parent", "update")

    refused(
        lambda: register.update_parent(parent_id, {"relationship": "aunt"}),
        "parents.relationship",
        "not a known parent relationship",
    )
    refused(
        lambda: register.update_parent(parent_id, {"relationship": None}),
        "parents.relationship",
        "required",
    )
    with pytest.raises(NotFoundError):
        register.update_parent(9999, {"has_parental_responsibility": "yes"})
