"""Records: the deadline engine's values, never changed once made: frozen to the type checker,
and at run time under the tests (in use they are not, for speed)."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
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
    lines = out.splitlines()
    assert any("report_date" in line and "read-only" in line for line in lines), out
    assert any('"days"' in line and "read-only" in line for line in lines), out


def test_records_are_frozen_under_the_tests_and_not_in_use() -> None:
    """The tests run with records frozen (tests/conftest.py), so an assignment anywhere they
    reach fails; the app itself makes them unfrozen, three times cheaper to create."""
    visit = VisitFact(date(2026, 5, 1))
    try:
        visit.child_seen = False  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a record could be changed under the tests")
    script = (
        "from datetime import date; from pf_register.clock.facts import VisitFact; "
        "v = VisitFact(date(2026, 5, 1)); v.child_seen = False; print(v.child_seen)"
    )
    env = {k: v for k, v in os.environ.items() if k != "PF_REGISTER_CHECK_RECORDS"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"


def test_obligations_are_records_too() -> None:
    rule = RULES["REG8_VISIT"]
    overdue = Obligation(rule, date(2026, 1, 5), None, Status.OVERDUE, -3, "", 1, "PF-1", "A")
    missed = dataclasses.replace(overdue, status=Status.MISSED)
    assert overdue != missed and overdue.status is Status.OVERDUE
    assert {overdue: 1}[dataclasses.replace(missed, status=Status.OVERDUE)] == 1
