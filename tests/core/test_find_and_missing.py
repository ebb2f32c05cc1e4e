"""Finding cases (by name, reference, date of birth) and listing what Schedule 1 information a
case still lacks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from pf_register.register import Register


@pytest.fixture
def three_cases(register: Register, new_case) -> dict[str, int]:
    tilly = new_case()  # PF-2026-0001, carer Rosalind Quennell, DOB 2012-09-14
    kofi = new_case(  # PF-2026-0002, carer Mirela Strand, DOB 2011-03-04
        child={
            "first_name": "Kofi",
            "last_name": "Treadwell",
            "date_of_birth": "2011-03-04",
            "cms_reference": "CMS-88001",
        },
        carer={"first_name": "Mirela", "last_name": "Strand"},
        arrangement={"type_code": "8B"},
    )
    ravi = register.record_new_case(  # PF-2025-0001, no carer yet, DOB unknown
        notification={"kind": "moved_in", "received": "2025-11-03", "notifier_role": "carer"},
        child={"first_name": "Ravi", "last_name": "Ollerenshaw"},
    )
    register.end_arrangement(kofi, {"end_date": "2026-05-20", "end_reason": "returned_overseas"})
    return {"tilly": tilly, "kofi": kofi, "ravi": ravi}


def _found(register: Register, text: str) -> list[str]:
    return [c.child for c in register.find(text)]


# ------------------------------------------------------------------ find
@pytest.mark.parametrize(
    ("text", "children"),
    [
        ("Tilly Marchbank", ["Tilly Marchbank"]),
        ("marchbank", ["Tilly Marchbank"]),
        ("KOFI", ["Kofi Treadwell"]),
        ("  Ravi  ", ["Ravi Ollerenshaw"]),
        ("Rosalind Quennell", ["Tilly Marchbank"]),  # the carer's name
        ("Strand", ["Kofi Treadwell"]),
        ("PF-2026-0002", ["Kofi Treadwell"]),
        ("PF-2025", ["Ravi Ollerenshaw"]),
        ("CMS-88001", ["Kofi Treadwell"]),
        ("2012-09-14", ["Tilly Marchbank"]),
        ("14/09/2012", ["Tilly Marchbank"]),
        ("4/3/2011", ["Kofi Treadwell"]),
        ("04/03/2011", ["Kofi Treadwell"]),
        ("2011-03-04", ["Kofi Treadwell"]),
        ("03/04/2011", []),  # DD/MM/YYYY, never the American order
        ("Nobody Atall", []),
    ],
)
def test_find(register: Register, three_cases, text: str, children: list[str]) -> None:
    assert _found(register, text) == children


def test_find_matches_ended_cases_too(register: Register, three_cases) -> None:
    (kofi,) = register.find("Kofi")
    assert kofi.arrangement_id == three_cases["kofi"]
    assert not kofi.is_open
    assert kofi.end_date == date(2026, 5, 20)


def test_find_blank_lists_every_case_in_reference_order(register: Register, three_cases) -> None:
    assert [c.reference for c in register.find("  ")] == [
        "PF-2025-0001",
        "PF-2026-0001",
        "PF-2026-0002",
    ]
    assert register.find("") == register.cases()


def test_search_result_summary(register: Register, three_cases) -> None:
    (tilly,) = register.find("Tilly")
    assert tilly.arrangement_id == three_cases["tilly"]
    assert tilly.reference == "PF-2026-0001"
    assert tilly.child_dob == date(2012, 9, 14)
    assert tilly.carer == "Rosalind Quennell"
    assert tilly.type_code == "8E"
    assert tilly.officer == "Officer Fenwick"
    assert tilly.start_date == date(2026, 4, 20)
    assert tilly.first_notified == date(2026, 5, 4)
    assert tilly.is_open
    (ravi,) = register.find("Ravi")
    assert ravi.carer == ""
    assert ravi.child_dob is None


def test_find_sees_a_corrected_name(register: Register, three_cases) -> None:
    child_id = register.arrangement(three_cases["tilly"])["child_id"]
    register.update_child(child_id, {"last_name": "Marchbank-Oyelaran"})
    assert _found(register, "Oyelaran") == ["Tilly Marchbank-Oyelaran"]


# ------------------------------------------------------------------ missing
TYPICAL_MISSING = {
    "child.place_of_birth",
    "child.ethnicity",
    "child.religion",
    "child.language",
    "child.nationality",
    "child.country_of_origin",
    "child.school",
    "child.gp",
    "carer.previous_addresses",
}


def _missing(register: Register, arrangement_id: int) -> set[str]:
    return {m.field for m in register.missing(arrangement_id)}


def test_typical_case_lists_its_blank_schedule_1_fields(register: Register, case) -> None:
    assert _missing(register, case.arrangement) == TYPICAL_MISSING
    labels = {m.field: m.label for m in register.missing(case.arrangement)}
    assert labels["child.religion"] == "Child: Religion"
    assert labels["carer.previous_addresses"] == "Carer's addresses in the past 5 years"


def test_missing_items_drop_once_filled(register: Register, case) -> None:
    register.update_child(
        case.child,
        {
            "place_of_birth": "Testborough",
            "ethnicity": "Mixed: White and Black African",
            "religion": "Christian",
            "language": "English",
            "nationality": "British",
        },
    )
    assert _missing(register, case.arrangement) == {
        "child.country_of_origin",
        "child.school",
        "child.gp",
        "carer.previous_addresses",
    }
    register.update_child(
        case.child,
        {
            "country_of_origin": "United Kingdom",
            "school": "Larkspur Lane Academy",
            "gp": "Elm Surgery",
        },
    )
    register.update_person(case.carer, {"previous_addresses": "None: same address since 2015"})
    assert register.missing(case.arrangement) == []


def test_blanking_a_field_makes_it_missing_again(register: Register, case) -> None:
    register.update_arrangement(case.arrangement, {"type_code": None})
    register.update_person(case.carer, {"address": ""})
    assert _missing(register, case.arrangement) == TYPICAL_MISSING | {
        "arrangement.type_code",
        "carer.address",
    }


def test_minimal_case_lists_carer_parents_and_move_in_date(register: Register) -> None:
    arrangement_id = register.record_new_case(
        notification={"kind": "moved_in", "received": "2026-05-29", "notifier_role": "carer"},
        child={"first_name": "Ravi", "last_name": "Ollerenshaw"},
    )
    missing = _missing(register, arrangement_id)
    assert {"carer", "parents", "arrangement.start_date"} <= missing
    assert {"child.sex", "child.date_of_birth", "child.disabled"} <= missing
    assert {"arrangement.type_code", "arrangement.address"} <= missing
    assert not any(m.startswith("carer.") for m in missing)  # no carer: one item, not four

    register.add_parent(
        arrangement_id,
        {"first_name": "Anjali", "last_name": "Ollerenshaw", "relationship": "mother"},
    )
    register.update_arrangement(arrangement_id, {"start_date": "2026-05-27"})
    missing = _missing(register, arrangement_id)
    assert "parents" not in missing
    assert "arrangement.start_date" not in missing


def test_not_disabled_is_known_not_missing(register: Register, new_case) -> None:
    arrangement_id = new_case(child={"disabled": "no"})
    assert "child.disabled" not in _missing(register, arrangement_id)
    unknown = new_case(child={"disabled": None})
    assert "child.disabled" in _missing(register, unknown)


def test_proposal_does_not_ask_for_a_move_in_date(register: Register, new_case) -> None:
    arrangement_id = new_case(
        notification={"kind": "proposal", "notifier_role": "carer"},
        arrangement={"start_date": None},
    )
    assert "arrangement.start_date" not in _missing(register, arrangement_id)


def test_household_member_without_date_of_birth(register: Register, case) -> None:
    member_id = register.add_household_member(
        case.arrangement, {"first_name": "Petra", "last_name": "Vaughan-Lisle"}
    )
    item = f"household.{member_id}.date_of_birth"
    (entry,) = [m for m in register.missing(case.arrangement) if m.field == item]
    assert "Petra Vaughan-Lisle" in entry.label
    person_id = next(
        m["person_id"] for m in register.case(case.arrangement).household if m["id"] == member_id
    )
    register.update_person(person_id, {"date_of_birth": "1990-07-07"})
    assert item not in _missing(register, case.arrangement)


def test_matches_come_in_reference_order_not_the_order_recorded(
    register: Register, new_case: Callable[..., int]
) -> None:
    """Matches are sorted after the scan (not read along the reference index): a case
    notified in 2025 but recorded last still comes first, by find and by case_ids."""
    later = new_case()
    earlier = new_case(
        notification={"received": "2025-05-04"},
        arrangement={"start_date": "2025-04-20"},
    )
    ended = new_case(child={"first_name": "Nell"})
    register.end_arrangement(ended, {"end_date": "2026-05-20", "end_reason": "other"})
    references = {c.arrangement_id: c.reference for c in register.cases()}
    assert references[earlier] < references[later]
    assert [c.arrangement_id for c in register.find("Tilly")] == [earlier, later]
    assert register.case_ids(text="Tilly") == [earlier, later]
    assert register.case_ids(state="open") == [earlier, later]
    assert register.case_ids(state="all") == sorted(references, key=references.__getitem__)


# The search condition as first written: every name joined with its space, for every text.
_JOINED_NAMES = (
    "SELECT a.id FROM arrangements a JOIN children c ON c.id = a.child_id"
    " LEFT JOIN people p ON p.id = a.carer_id"
    " WHERE a.reference LIKE :q ESCAPE '\\' OR c.cms_reference LIKE :q ESCAPE '\\'"
    " OR c.date_of_birth = :exact"
    " OR (c.first_name || ' ' || c.last_name) LIKE :q ESCAPE '\\'"
    " OR (p.first_name || ' ' || p.last_name) LIKE :q ESCAPE '\\'"
    " ORDER BY a.reference"
)


def test_search_matches_as_the_names_joined_did(tmp_path: Path) -> None:
    """Text without a space is matched against each name on its own (no joined string per
    row): the matches, and every line of them, are those of the joined names."""
    from pf_register.demo import build_demo

    path = tmp_path / "demo.db"
    build_demo(path, seed=2, cases=80, as_of=date(2026, 11, 27))
    with Register.open(path, today=lambda: date(2026, 11, 27), read_only=True) as register:
        every = register.cases()
        child, carer = every[0].child, next(c.carer for c in every if c.carer)
        texts = [
            child.split()[0],
            child.split()[-1].upper(),
            child[2:-2],  # across the space
            carer,
            carer.split()[-1][1:].lower(),
            f"{child.split()[0][-1]} {child.split()[-1][0]}",  # the letters about the space
            every[0].reference,
            "PF-",
            "a",
            "e%",
            "_",
            "\\",
            "nobody",
        ]
        if every[0].child_dob is not None:
            texts.append(every[0].child_dob.isoformat())
        for text in texts:
            expected = [
                r[0]
                for r in register.db.execute(
                    _JOINED_NAMES, {"q": "%" + _escaped(text.strip()) + "%", "exact": text.strip()}
                )
            ]
            assert register.case_ids(text=text) == expected, text
            found = register.find(text)
            assert [c.arrangement_id for c in found] == expected, text
            lines = register.summaries(expected)
            assert found == [lines[i] for i in expected]  # each line as the register list's
        assert any(register.find(t) for t in texts[:6])


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
