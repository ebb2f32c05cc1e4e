"""Records: the deadline engine's immutable values, frozen to the type checker only."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from mypy import api

from pf_register.clock.facts import CaseFacts, VisitFact
from pf_register.clock.obligation import Obligation, Status
from pf_register.clock.rules import RULES


def test_records_compare_and_hash_by_value_and_change_by_replace() -> None:
    visit = VisitFact(date(2026, 5, 1), True, None, 7)
    same = VisitFact(date(2026, 5, 1), True, None, 7)
    assert visit == same and hash(visit) == hash(same)
    assert len({visit, same}) == 1
    later = dataclasses.replace(visit, report_date=date(2026, 5, 4))
    assert later.report_date == date(2026, 5, 4) and visit.report_date is None
    case = CaseFacts(arrangement_id=1, visits=(visit,))
    assert dataclasses.replace(case, end_date=date(2026, 6, 1)).visits == (visit,)
    assert not hasattr(visit, "__dict__")  # slotted: no stray attributes


def test_the_type_checker_refuses_a_change_to_a_record(tmp_path: Path) -> None:
    """Nothing stops an assignment at run time (that made every record three times as costly
    to create), so ``mypy`` on ``pf_register/`` must: this is what it would report."""
    code = tmp_path / "changes_a_record.py"
    code.write_text(
        "from datetime import date\n"
        "from pf_register.clock.facts import VisitFact\n"
        "from pf_register.clock.obligation import Obligation\n"
        "def change(visit: VisitFact, obligation: Obligation) -> None:\n"
        "    visit.report_date = date(2026, 1, 1)\n"
        "    obligation.days = 3\n",
        encoding="utf-8",
    )
    out, _err, status = api.run(
        [str(code), "--no-incremental", "--follow-imports=silent", "--ignore-missing-imports"]
    )
    assert status == 1
    assert 'Property "report_date" defined in "VisitFact" is read-only' in out
    assert 'Property "days" defined in "Obligation" is read-only' in out


def test_obligations_are_records_too() -> None:
    rule = RULES["REG8_VISIT"]
    overdue = Obligation(rule, date(2026, 1, 5), None, Status.OVERDUE, -3, "", 1, "PF-1", "A")
    missed = dataclasses.replace(overdue, status=Status.MISSED)
    assert overdue != missed and overdue.status is Status.OVERDUE
    assert {overdue: 1}[dataclasses.replace(missed, status=Status.OVERDUE)] == 1
