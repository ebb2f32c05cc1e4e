"""The demo register: fictional, reproducible, and a believable working office."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database

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
        notifiers = {r["notifier_role"] for r in Database(reg.db.conn)["notifications"].rows}
        assert len(notifiers) >= 5


def test_demo_leaves_some_cases_with_missing_information(demo_path: Path) -> None:
    with _open(demo_path) as reg:
        assert any(reg.missing(c.arrangement_id) for c in reg.cases())


def test_demo_names_are_from_the_fictional_lists(demo_path: Path) -> None:
    from pf_register.demo import FIRST_NAMES, SURNAMES

    with _open(demo_path) as reg:
        for row in Database(reg.db.conn)["children"].rows:
            assert row["first_name"] in FIRST_NAMES and row["last_name"] in SURNAMES


def test_demo_refuses_a_register_that_already_holds_cases(demo_path: Path) -> None:
    before = demo_path.read_bytes()
    with pytest.raises(RegisterNotEmptyError, match="already holds 40 cases"):
        build_demo(demo_path, seed=1, cases=5, as_of=AS_OF)
    assert demo_path.read_bytes() == before


def test_demo_awareness_campaigns_show_what_works(demo_path: Path) -> None:
    from pf_register.stats.awareness import awareness_report
    from pf_register.stats.period import Period

    with _open(demo_path) as reg:
        activities = reg.activities()
        enquiries = reg.enquiries()
        assert len(activities) >= 10 and len(enquiries) >= 60
        years = {e["enquiry_date"][:4] for e in enquiries}
        assert len(years) >= 3
        # Confirmed enquiries linked to cases the demo created; some traced to activities.
        linked = [e for e in enquiries if e["arrangement_id"] is not None]
        assert len(linked) >= 5
        assert all(e["outcome"] == "confirmed_pf" for e in linked)
        assert any(e["activity_id"] is not None for e in linked)
        # Pending ones recent enough to be on the home page.
        follow_up = [o for o in reg.due() if o.code == "ENQUIRY_FOLLOW_UP"]
        assert len(follow_up) == 3
        assert {o.status for o in follow_up} & {Status.OVERDUE}
        report = awareness_report(reg, Period.custom(date(2022, 11, 28), AS_OF))
        impact = {r[1]: r[4:10] for r in report.table("impact").rows}
        schools = impact["Briefing for designated safeguarding leads, AB3 schools"]
        assert schools[1] > schools[0] + 3  # school enquiries from AB3: many more after
        assert schools[4] > schools[3]  # and more notifications from AB3 schools
        # Nothing followed the press release but the public's usual enquiries: as many
        # after as before (a baseline, not nothing), and no notification.
        press = next(v for k, v in impact.items() if k.startswith("Press release"))
        assert press[0] > 0 and press[1] == press[0] and press[2] == 0 and press[4] == 0
        assert schools[0] > 0  # the schools' usual enquiries before the briefing
        targets = [r[0] for r in report.table("targets").rows]
        assert "Sector: Faith or community group" in targets
