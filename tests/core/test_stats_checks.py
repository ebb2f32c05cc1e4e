"""The annual report's checks table counts what the CHECKS rule judges owed.

The typical case: a Reg 5 notice received Mon 4 May 2026, so every check is due back on
Mon 15 Jun 2026 (42 days). The carer needs five checks (DBS, records, police, health,
references), each adult of the household three (DBS, records, police), the child one
(education). Nothing is ever asked for. Report for FY 2026-27, made on Sat 10 Apr 2027.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pf_register.stats.annual import annual_report
from pf_register.stats.period import financial_year
from tests.core.conftest import _case_values, open_register

REPORT_DAY = date(2027, 4, 10)
FY = financial_year(2026)
DUE_BACK = "2026-06-15"


def _checks_due_back(tmp_path: Path, *, ended: str, household: list[dict[str, str]]) -> dict:
    """The checks table's "due back in the period" by check, for the typical case with this
    household, ended on ``ended``."""
    reg = open_register(tmp_path / "r.db", today=REPORT_DAY)
    aid = reg.record_new_case(**_case_values(household=household))
    reg.end_arrangement(aid, {"end_date": ended, "end_reason": "returned_to_parent"})
    table = annual_report(reg, FY, today=REPORT_DAY).table("checks")
    reg.close()
    return {row[0]: (row[1], row[3], row[5]) for row in table.rows}


def test_a_case_ended_on_the_day_its_checks_were_due_back_owed_none(tmp_path: Path) -> None:
    """On its due day a check is not yet late ("due today"), and an ended case has no open
    work: the case page drops these duties, so the table counts none of them."""
    found = _checks_due_back(tmp_path, ended=DUE_BACK, household=[])
    assert found["All checks"] == (0, None, None)


def test_a_case_ended_the_day_after_counts_its_checks_late_for_good(tmp_path: Path) -> None:
    """What was late when the case ended stays late in the statistics."""
    found = _checks_due_back(tmp_path, ended="2026-06-16", household=[])
    assert found["All checks"] == (6, 0.0, 0.0)  # the carer's five and the child's one
    assert found["Enhanced DBS with barred list"] == (1, 0.0, 0.0)


def _lodger(left: str) -> dict[str, str]:
    """An adult lodger of the carer's since 2020, who moved out on ``left``."""
    return {
        "first_name": "Quill",
        "last_name": "Ashdown",
        "date_of_birth": "1990-01-01",
        "relationship": "lodger",
        "joined": "2020-01-01",
        "left": left,
    }


def test_a_household_member_who_left_before_the_checks_fell_due_is_not_counted(
    tmp_path: Path,
) -> None:
    """A lodger who moved out two days after the notice: the checks on them lapsed with
    their leaving (the case page drops them), so only the carer's and the child's count."""
    found = _checks_due_back(tmp_path, ended="2026-06-30", household=[_lodger("2026-05-06")])
    assert found["All checks"] == (6, 0.0, 0.0)
    assert found["Enhanced DBS with barred list"] == (1, 0.0, 0.0)


def test_a_household_member_who_left_after_the_checks_fell_due_stays_counted(
    tmp_path: Path,
) -> None:
    """Leaving later does not undo what was already late."""
    found = _checks_due_back(tmp_path, ended="2026-06-30", household=[_lodger("2026-06-20")])
    assert found["All checks"] == (9, 0.0, 0.0)
    assert found["Enhanced DBS with barred list"] == (2, 0.0, 0.0)


# ---------------------------------------------------------------- the child-level list
def _checks_complete(
    tmp_path: Path,
    returned: dict[str, str],
    *,
    household_back: bool = True,
    ended: str | None = None,
    left: str | None = None,
) -> date | None:
    """The child-level list's "Checks complete" for the typical case (carer, child, one adult
    of the household), every check asked for on Wed 6 May 2026 and those of a kind in
    ``returned`` back on the day given (no key: never back; the household member's only if
    ``household_back``); the household member left on ``left``, the case ended on ``ended``."""
    reg = open_register(tmp_path / "r.db", today=REPORT_DAY)
    aid = reg.record_new_case(**_case_values())
    (member,) = reg.case(aid).household
    for needed in reg.required_checks(aid):
        person = needed.person.id if needed.person else None
        check = reg.record_check(
            aid, {"kind": needed.kind, "requested": "2026-05-06"}, person_id=person
        )
        back = returned.get(needed.kind)
        if back and (household_back or person != member["person_id"]):
            reg.record_check_returned(check, returned=back, outcome="no_concerns")
    if left is not None:
        reg.update_household_member(member["id"], {"left": left})
    if ended is not None:
        reg.end_arrangement(aid, {"end_date": ended, "end_reason": "returned_to_parent"})
    table = annual_report(reg, FY, today=REPORT_DAY, with_child_list=True).table("child_level_list")
    reg.close()
    (row,) = table.rows
    return row[table.columns.index("Checks complete")]  # type: ignore[return-value]


EVERY_KIND_BACK = {
    "dbs": "2026-06-01",
    "la_records": "2026-05-20",
    "police": "2026-06-10",
    "health": "2026-05-12",
    "education": "2026-05-13",
    "references": "2026-05-29",
}


def test_checks_complete_is_the_day_the_last_check_came_back(tmp_path: Path) -> None:
    assert _checks_complete(tmp_path, EVERY_KIND_BACK) == date(2026, 6, 10)


def test_checks_complete_stays_blank_while_a_check_is_outstanding(tmp_path: Path) -> None:
    returned = {kind: day for kind, day in EVERY_KIND_BACK.items() if kind != "references"}
    assert _checks_complete(tmp_path, returned) is None


def test_checks_complete_stays_blank_when_the_case_ended_before_a_check_came_back(
    tmp_path: Path,
) -> None:
    """Ended on Fri 5 June, before the police checks came back (due back 15 June): the case
    never had its checks complete, though the case page drops what was not yet late."""
    returned = {kind: day for kind, day in EVERY_KIND_BACK.items() if kind != "police"}
    assert _checks_complete(tmp_path, returned, ended="2026-06-05") is None


def test_a_household_member_who_left_before_their_checks_came_back_does_not_hold_it_open(
    tmp_path: Path,
) -> None:
    """The lodger's checks never came back before they moved out on 25 May: no longer
    needed, so the checks were complete when the last of the others came back."""
    found = _checks_complete(tmp_path, EVERY_KIND_BACK, household_back=False, left="2026-05-25")
    assert found == date(2026, 6, 10)
    still_there = _checks_complete(tmp_path / "x", EVERY_KIND_BACK, household_back=False)
    assert still_there is None
