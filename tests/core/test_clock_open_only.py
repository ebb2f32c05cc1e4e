"""The due list's fast path through the clock: each rule's open-only variant (``OPEN_ONLY``)
and ``open_obligations`` must give exactly what the full rules give, filtered to what is
open, for every case of demo registers, on several days and with other settings. And the
CHECKS rule, rewritten for speed, must give what its first, plain version gave."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from pf_register.clock import (
    CASE_RULES,
    RULES,
    CaseFacts,
    NotificationFact,
    Obligation,
    PersonFact,
    case_obligations,
    open_obligations,
    required_checks,
)
from pf_register.clock import rules as R  # noqa: N812  (R.checks reads as the rule's home)
from pf_register.clock.engine import as_known_on
from pf_register.clock.rules import OPEN_ONLY, Duty
from pf_register.demo import build_demo
from pf_register.loading import load_case_facts
from pf_register.register import Register
from pf_register.settings import Settings
from pf_register.workdays import WorkingCalendar

AS_OF = date(2026, 11, 27)
DAYS = [AS_OF, date(2024, 2, 29), date(2025, 12, 24), date(2027, 3, 1)]
SETTINGS = [
    Settings(),
    Settings(
        visit_report_days=2,
        check_request_days=1,
        check_return_days=10,
        due_soon_days=0,
        dbs_age=18,
        age_warn_days=90,
    ),
]
CAL = WorkingCalendar(frozenset({date(2026, 11, 30), date(2025, 12, 29)}))


@pytest.fixture(scope="module", params=[1, 2])
def facts(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> list[CaseFacts]:
    """Every case of a demo register (open and ended), as the due list loads them."""
    path: Path = tmp_path_factory.mktemp("open-only") / "demo.db"
    build_demo(path, seed=request.param, cases=40, as_of=AS_OF)
    with Register.open(path, today=lambda: AS_OF, read_only=True) as reg:
        return load_case_facts(reg.db)


def _judged(facts: list[CaseFacts]) -> Iterator[tuple[CaseFacts, date, Settings]]:
    for settings in SETTINGS:
        for day in DAYS:
            for case in facts:
                yield case, day, settings


def test_each_rules_open_variant_is_the_rule_less_what_is_done(facts: list[CaseFacts]) -> None:
    compared = 0
    for case, day, settings in _judged(facts):
        for known in (case, as_known_on(case, day)):
            for rule in CASE_RULES:
                full = rule(known, day, CAL, settings)
                assert OPEN_ONLY[rule](known, day, CAL, settings) == [
                    o for o in full if o.done is None
                ]
                compared += len(full)
    assert compared > 10_000


@pytest.mark.parametrize("within_days", [None, 0, 14])
def test_open_obligations_are_every_rules_open_ones_in_order(
    facts: list[CaseFacts], within_days: int | None
) -> None:
    for settings in SETTINGS:
        for day in DAYS:
            expected = [
                o
                for case in facts
                for o in case_obligations(case, day, CAL, settings)
                if o.is_open and (within_days is None or o.days <= within_days)
            ]
            expected.sort(key=Obligation.sort_key)
            assert open_obligations(facts, day, CAL, settings, within_days=within_days) == expected


@pytest.mark.parametrize("order", ["shuffled", "same references"])
def test_open_obligations_of_cases_in_any_order(facts: list[CaseFacts], order: str) -> None:
    """Cases not in increasing reference order (shuffled, or sharing references, as built in
    tests) are sorted by the whole key: the same list as the plain definition."""
    cases = list(facts)
    random.Random(7).shuffle(cases)
    if order == "same references":
        cases = [dataclasses.replace(c, reference=c.reference[:-1]) for c in cases]
    expected = [o for case in cases for o in case_obligations(case, AS_OF, CAL, SETTINGS[0])]
    expected = sorted((o for o in expected if o.is_open), key=Obligation.sort_key)
    by_case: dict[int, list[Obligation]] = {}
    found = open_obligations(cases, AS_OF, CAL, SETTINGS[0], by_case=by_case)
    assert found == expected
    assert sorted(map(id, found)) == sorted(id(o) for mine in by_case.values() for o in mine)
    assert all(o.arrangement_id == key for key, mine in by_case.items() for o in mine)


def _plain_checks(
    case: CaseFacts, today: date, calendar: WorkingCalendar, settings: Settings
) -> Iterator[Duty]:
    """The CHECKS rule as first written (one required check at a time, lists throughout)."""
    groups: dict[tuple[int | None, date], list[R.RequiredCheck]] = {}
    for needed in required_checks(case, settings):
        key = (needed.person.id if needed.person else None, needed.from_date)
        groups.setdefault(key, []).append(needed)
    recorded = R.check_dates(case)
    for (person_id, from_date), group in groups.items():
        dates = [recorded.get((needed.kind, person_id), (None, None)) for needed in group]
        subject = group[0].subject_name
        for stage, index, due in (
            ("request", 0, calendar.add_working_days(from_date, settings.check_request_days)),
            ("results back", 1, from_date + timedelta(days=settings.check_return_days)),
        ):
            done_dates = [d[index] for d in dates]
            pending = [n.kind for n, day in zip(group, done_dates, strict=True) if day is None]
            kinds = pending or [n.kind for n in group]
            yield Duty(
                due=due,
                done=None if pending else max(d for d in done_dates if d is not None),
                detail=f"{subject}: {stage} ({', '.join(R.CHECK_SHORT[k] for k in kinds)})",
                subject_id=person_id,
                lapsed=group[0].person.left if group[0].person else None,
            )


def test_the_checks_rule_gives_what_its_plain_version_gave(facts: list[CaseFacts]) -> None:
    info = RULES["CHECKS"]
    found = 0
    for case, day, settings in _judged(facts):
        expected = R._obligations(
            info, _plain_checks(case, day, CAL, settings), day, settings, case
        )
        assert R.checks(case, day, CAL, settings) == expected
        found += len(expected)
    assert found > 1_000


def test_a_carer_who_is_also_a_household_member_is_one_group_of_checks() -> None:
    """Two required sets for one person from one day are one duty naming both sets."""
    carer = PersonFact(7, "Rosalind Quennell", date(1980, 1, 1))
    case = CaseFacts(
        arrangement_id=1,
        reference="PF-1",
        child_dob=date(2014, 5, 5),
        carer=carer,
        household=(dataclasses.replace(carer, joined=None),),
        notifications=(NotificationFact("already_in_place", date(2026, 5, 1)),),
    )
    settings = Settings()
    expected = R._obligations(
        RULES["CHECKS"], _plain_checks(case, AS_OF, CAL, settings), AS_OF, settings, case
    )
    assert R.checks(case, AS_OF, CAL, settings) == expected
    assert "DBS, LA records, police, health, references, DBS" in expected[0].detail


def test_visits_in_force_follow_the_end_date_of_the_case_asked_about(
    facts: list[CaseFacts],
) -> None:
    """The last case's visits are remembered: the same visits with another end date (a case
    judged on an earlier day, an ending corrected) must not get the other's answer."""
    case = max(facts, key=lambda c: len(c.visits))
    assert len(case.visits) >= 3
    every = R._visits_in_force(case)
    middle = sorted(v.visit_date for v in case.visits)[len(case.visits) // 2]
    ended = dataclasses.replace(case, end_date=middle)
    assert ended.visits is case.visits
    assert R._visits_in_force(ended) == tuple(
        sorted(
            (v for v in case.visits if v.visit_date <= middle), key=lambda v: (v.visit_date, v.id)
        )
    )
    assert R._visits_in_force(case) == every


def test_the_first_visit_on_or_after_a_day_is_the_earliest(facts: list[CaseFacts]) -> None:
    for case in facts:
        visits = R._visits_in_force(case)
        for day in {v.visit_date for v in visits} | {date(2000, 1, 1), AS_OF}:
            for child_seen in (True, False):
                eligible = [
                    v for v in visits if v.visit_date >= day and (v.child_seen or not child_seen)
                ]
                assert R._first_visit_on_or_after(
                    visits, day, require_child_seen=child_seen
                ) == min(eligible, key=lambda v: v.visit_date, default=None)
