"""The demo register: fictional, reproducible, and a believable working office."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pf_register.clock import Status
from pf_register.demo import build_demo
from pf_register.errors import RegisterNotEmptyError
from pf_register.exchange import export_register
from pf_register.register import Register

AS_OF = date(2026, 11, 27)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, seed=7, cases=40, as_of=AS_OF)
    return path


def _open(path: Path) -> Register:
    return Register.open(path, today=lambda: AS_OF)


def test_same_seed_and_date_give_the_same_register(demo_path: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    build_demo(again, seed=7, cases=40, as_of=AS_OF)
    with _open(demo_path) as first, _open(again) as second:
        assert export_register(first) == export_register(second)


def test_another_seed_gives_another_register(demo_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    build_demo(other, seed=8, cases=40, as_of=AS_OF)
    with _open(demo_path) as first, _open(other) as second:
        assert export_register(first)["children"] != export_register(second)["children"]


def test_demo_holds_a_believable_mix_of_work(demo_path: Path) -> None:
    with _open(demo_path) as reg:
        assert reg.case_count() == 40
        cases = reg.cases()
        assert any(c.is_open for c in cases) and any(not c.is_open for c in cases)
        assert len({c.type_code for c in cases}) >= 4
        statuses = {o.status for o in reg.due()}
        assert Status.OVERDUE in statuses
        assert Status.UPCOMING in statuses
        assert statuses & {Status.DUE_SOON, Status.DUE_TODAY}
        years = {c.first_notified.year for c in cases if c.first_notified}
        assert len(years) >= 3


def test_demo_records_late_visits_unseen_children_and_every_check_state(demo_path: Path) -> None:
    with _open(demo_path) as reg:
        facts = reg.all_case_facts()
        visits = [v for f in facts for v in f.visits]
        checks = [c for f in facts for c in f.checks]
        assert any(not v.child_seen for v in visits)
        done_late = [
            o
            for f in facts
            for o in reg.obligations(f.arrangement_id)
            if o.code == "REG8_VISIT" and o.status is Status.DONE_LATE
        ]
        assert done_late
        assert any(c.returned is None for c in checks)  # requested, not back
        assert {c.outcome for c in checks if c.outcome} >= {"no_concerns"}
        assert any(len(f.household) >= 2 for f in facts)
        notifiers = {r["notifier_role"] for r in reg.db["notifications"].rows}
        assert len(notifiers) >= 5


def test_demo_leaves_some_cases_with_missing_information(demo_path: Path) -> None:
    with _open(demo_path) as reg:
        assert any(reg.missing(c.arrangement_id) for c in reg.cases())


def test_demo_names_are_from_the_fictional_lists(demo_path: Path) -> None:
    from pf_register.demo import FIRST_NAMES, SURNAMES

    with _open(demo_path) as reg:
        for row in reg.db["children"].rows:
            assert row["first_name"] in FIRST_NAMES and row["last_name"] in SURNAMES


def test_demo_refuses_a_register_that_already_holds_cases(demo_path: Path) -> None:
    before = demo_path.read_bytes()
    with pytest.raises(RegisterNotEmptyError, match="already holds 40 cases"):
        build_demo(demo_path, seed=1, cases=5, as_of=AS_OF)
    assert demo_path.read_bytes() == before
