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


def test_a_household_member_who_left_before_the_checks_fell_due_is_not_counted(
    tmp_path: Path,
) -> None:
    """A lodger who moved out two days after the notice: the checks on them lapsed with
    their leaving (the case page drops them), so only the carer's and the child's count."""
    lodger = {
        "first_name": "Quill",
        "last_name": "Ashdown",
        "date_of_birth": "1990-01-01",
        "relationship": "lodger",
        "joined": "2020-01-01",
        "left": "2026-05-06",
    }
    found = _checks_due_back(tmp_path, ended="2026-06-30", household=[lodger])
    assert found["All checks"] == (6, 0.0, 0.0)
    assert found["Enhanced DBS with barred list"] == (1, 0.0, 0.0)


def test_a_household_member_who_left_after_the_checks_fell_due_stays_counted(
    tmp_path: Path,
) -> None:
    """Leaving later does not undo what was already late."""
    lodger = {
        "first_name": "Quill",
        "last_name": "Ashdown",
        "date_of_birth": "1990-01-01",
        "relationship": "lodger",
        "joined": "2020-01-01",
        "left": "2026-06-20",
    }
    found = _checks_due_back(tmp_path, ended="2026-06-30", household=[lodger])
    assert found["All checks"] == (9, 0.0, 0.0)
    assert found["Enhanced DBS with barred list"] == (2, 0.0, 0.0)
