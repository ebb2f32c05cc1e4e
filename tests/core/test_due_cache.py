"""The due list is cached between writes and recomputed only for the cases a write touched:
whatever happens, it must equal the list computed from scratch."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import TODAY, USER, CaseIds, open_register

from pf_register.clock import Obligation
from pf_register.register import Register


def _key(o: Obligation) -> tuple[object, ...]:
    return (o.reference, o.code, o.detail, o.due, o.done, o.status, o.days)


def fresh_due(path: Path, today: date = TODAY) -> list[tuple[object, ...]]:
    with Register.open(path, user=USER, today=lambda: today) as other:
        return [_key(o) for o in other.due()]


def cached_due(reg: Register) -> list[tuple[object, ...]]:
    return [_key(o) for o in reg.due()]


def test_recording_a_visit_updates_the_cached_list(register: Register, case: CaseIds) -> None:
    before = cached_due(register)
    assert any(k[1] == "REG7_VISIT" for k in before)
    register.record_visit(
        case.arrangement,
        {"visit_date": "2026-05-11", "kind": "initial", "child_seen": True, "seen_alone": True},
    )
    after = cached_due(register)
    assert not any(k[1] == "REG7_VISIT" for k in after)
    assert any(k[1] == "REG8_VISIT" and k[3] == date(2026, 6, 22) for k in after)
    assert after == fresh_due(register.path)


def test_correcting_the_childs_birthday_moves_the_age_limit(
    register: Register, case: CaseIds
) -> None:
    register.due()
    register.update_child(case.child, {"date_of_birth": "2011-06-20"})
    age = [k for k in cached_due(register) if k[1] == "AGE_LIMIT"]
    assert [k[3] for k in age] == [date(2027, 6, 20)]
    assert cached_due(register) == fresh_due(register.path)


def test_a_household_member_added_brings_their_checks(register: Register, case: CaseIds):
    register.due()
    register.add_household_member(
        case.arrangement,
        {
            "first_name": "Orla",
            "last_name": "Quennell",
            "date_of_birth": "1990-02-02",
            "relationship": "lodger",
            "joined": "2026-05-25",
        },
    )
    assert any("Orla Quennell: request" in str(k[2]) for k in cached_due(register))
    assert cached_due(register) == fresh_due(register.path)


def test_ending_a_case_takes_its_work_off_the_list(register: Register, case: CaseIds) -> None:
    register.due()
    register.end_arrangement(case.arrangement, {"end_date": "2026-05-30", "end_reason": "other"})
    assert cached_due(register) == []


def test_a_settings_change_recomputes_everything(register: Register, case: CaseIds) -> None:
    register.record_visit(
        case.arrangement,
        {"visit_date": "2026-05-11", "kind": "initial", "child_seen": True, "seen_alone": True},
    )
    first = {k[1]: k[3] for k in cached_due(register)}
    register.update_settings(visit_report_days=10)
    second = {k[1]: k[3] for k in cached_due(register)}
    assert first["VISIT_REPORT"] != second["VISIT_REPORT"]
    assert cached_due(register) == fresh_due(register.path)


def test_another_programs_write_is_seen(register: Register, case: CaseIds) -> None:
    register.due()
    with sqlite3.connect(register.path) as other:  # another copy of the program, in effect
        other.execute(
            "INSERT INTO visits (arrangement_id, visit_date, kind, child_seen, seen_alone)"
            " VALUES (?, '2026-05-11', 'initial', 1, 1)",
            [case.arrangement],
        )
    assert not any(k[1] == "REG7_VISIT" for k in cached_due(register))


def test_a_new_day_is_judged_afresh(
    tmp_path: Path, case_values: Callable[..., dict[str, object]]
) -> None:
    day = [TODAY]
    with Register.open(tmp_path / "r.db", create=True, user=USER, today=lambda: day[0]) as reg:
        reg.record_new_case(**case_values())
        reg7 = next(k for k in cached_due(reg) if k[1] == "REG7_VISIT")
        day[0] = date(2026, 6, 2)
        later = next(k for k in cached_due(reg) if k[1] == "REG7_VISIT")
    assert (reg7[6], later[6]) == (-19, -20)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_after_a_stream_of_writes_the_cache_equals_a_fresh_list(tmp_path: Path, seed: int) -> None:
    from pf_register.demo import build_demo

    as_of = date(2026, 11, 27)
    path = tmp_path / "demo.db"
    build_demo(path, seed=seed, cases=12, as_of=as_of)
    with Register.open(path, user=USER, today=lambda: as_of) as reg:
        reg.due()
        for summary in reg.cases():
            if not summary.is_open:
                continue
            facts = reg.case_facts(summary.arrangement_id)
            last = max((v.visit_date for v in facts.visits), default=facts.first_notified)
            assert last is not None
            reg.record_visit(
                summary.arrangement_id,
                {
                    "visit_date": max(last, date(2026, 11, 20)),
                    "kind": "statutory",
                    "child_seen": True,
                    "seen_alone": True,
                },
            )
            assert cached_due(reg) == fresh_due(path, as_of)


# ------------------------------------------------------------------ the kept order
def _fresh_obligations(path: Path, today: date) -> list[Obligation]:
    with Register.open(path, user=USER, today=lambda: today) as other:
        return other.due()


def _assert_cache_is_whole_and_in_order(reg: Register) -> None:
    """The cache's kept list holds exactly its cases' obligations, most urgent first."""
    cache = reg._due_cache
    assert cache is not None
    kept = [o for case in cache.by_case.values() for o in case]
    assert sorted(map(id, cache.ordered)) == sorted(map(id, kept))
    keys = [o.sort_key() for o in cache.ordered]
    assert keys == sorted(keys)


@pytest.mark.parametrize("seed", [4, 5])
def test_a_mixed_stream_of_writes_keeps_the_cache_equal_to_a_fresh_list(
    tmp_path: Path, seed: int, case_values: Callable[..., dict[str, object]]
) -> None:
    """Visits, reports, checks asked for and back, a member moving out, a birthday corrected,
    a case ended and reopened, a new case and another program's commit: after each, the due
    list (every field, in order, and within a few days) equals one computed from scratch."""
    from pf_register.demo import build_demo
    from pf_register.errors import ValidationError

    as_of = date(2026, 11, 27)
    path = tmp_path / "demo.db"
    build_demo(path, seed=seed, cases=30, as_of=as_of)
    done = 0
    with Register.open(path, user=USER, today=lambda: as_of) as reg:
        reg.due()
        open_ids = [s.arrangement_id for s in reg.cases() if s.is_open]
        assert len(open_ids) >= 6

        def visit(aid: int) -> None:
            reg.record_visit(
                aid,
                {
                    "visit_date": "2026-11-26",
                    "kind": "statutory",
                    "child_seen": True,
                    "seen_alone": True,
                },
            )

        def report(aid: int) -> None:  # the first visit not yet written up, from this case on
            at = open_ids.index(aid)
            for other in open_ids[at:] + open_ids[:at]:
                unwritten = [v for v in reg.case(other).visits if v["report_date"] is None]
                if unwritten:
                    reg.record_visit_report(unwritten[0]["id"], "2026-11-27")
                    return
            raise IndexError("every visit is written up")

        def checks(aid: int) -> None:
            for needed in reg.required_checks(aid)[:3]:
                person = needed.person.id if needed.person else None
                check = reg.record_check(
                    aid, {"kind": needed.kind, "requested": "2026-11-25"}, person_id=person
                )
                reg.record_check_returned(check, returned="2026-11-27", outcome="no_concerns")

        def moved_out(aid: int) -> None:
            member = reg.case(aid).household[0]
            reg.update_household_member(member["id"], {"left": "2026-11-20"})

        def birthday(aid: int) -> None:
            reg.update_child(reg.arrangement(aid)["child_id"], {"date_of_birth": "2010-12-10"})

        def ended(aid: int) -> None:
            reg.end_arrangement(aid, {"end_date": "2026-11-26", "end_reason": "moved_away"})

        def reopened(aid: int) -> None:
            reg.reopen_arrangement(aid)

        def another_program(aid: int) -> None:
            with sqlite3.connect(path) as other:
                other.execute(
                    "INSERT INTO visits (arrangement_id, visit_date, kind, child_seen,"
                    " seen_alone) VALUES (?, '2026-11-27', 'statutory', 1, 1)",
                    [aid],
                )

        def new_case(aid: int) -> None:
            reg.record_new_case(**case_values())

        steps = [
            visit,
            report,
            checks,
            moved_out,
            birthday,
            ended,
            reopened,
            another_program,
            new_case,
        ]
        for n, step in enumerate(steps * 2):
            aid = (
                open_ids[n % len(open_ids)] if step is not reopened else open_ids[5 % len(open_ids)]
            )
            try:
                step(aid)
            except (ValidationError, IndexError):
                continue  # refused by the register, or nothing of that kind: no write
            done += 1
            fresh = _fresh_obligations(path, as_of)
            assert reg.due() == fresh
            _assert_cache_is_whole_and_in_order(reg)
            for within in (-3, 0, 7, 60, 10**9):
                assert reg.due(within_days=within) == [o for o in fresh if o.days <= within]
    assert done >= 12


def test_many_cases_changed_at_once_are_merged_in_order(tmp_path: Path) -> None:
    """A write touching more cases than are put in place one by one (a carer of many)."""
    from pf_register import due_cache
    from pf_register.demo import build_demo

    as_of = date(2026, 11, 27)
    path = tmp_path / "demo.db"
    build_demo(path, seed=6, cases=40, as_of=as_of)
    with Register.open(path, user=USER, today=lambda: as_of) as reg:
        reg.due()
        touched = {(t, 0, s.arrangement_id) for t in ("visits",) for s in reg.cases()}
        assert len(touched) * 3 > due_cache._IN_PLACE
        reg._writer.touched.update(touched)
        assert reg.due() == _fresh_obligations(path, as_of)
        _assert_cache_is_whole_and_in_order(reg)


def test_pending_enquiries_take_their_places_in_the_list(register: Register, case: CaseIds) -> None:
    for day in ("2026-05-20", "2026-05-28", "2026-06-01"):
        register.record_enquiry(
            {"enquiry_date": day, "source_sector": "school", "channel": "phone"}
        )
    found = register.due()
    assert [o.sort_key() for o in found] == sorted(o.sort_key() for o in found)
    assert sum(o.code == "ENQUIRY_FOLLOW_UP" for o in found) == 3
    assert found == _fresh_obligations(register.path, TODAY)


def test_settings_saved_by_another_program_move_the_due_list(
    register: Register, new_case: Callable[..., int]
) -> None:
    """Found in review: the settings were read once at open, so after another program
    changed a timescale the due list was judged again by the old one."""
    arrangement_id = new_case()

    def decision_due() -> date:
        found = [
            o.due
            for o in register.due()
            if o.arrangement_id == arrangement_id and o.code == "ASSESSMENT_DECISION"
        ]
        assert len(found) == 1
        return found[0]

    before = decision_due()
    with open_register(register.path) as elsewhere:
        elsewhere.update_settings(decision_days=register.settings.decision_days + 14)
    assert decision_due() == before + timedelta(days=14)
    assert register.settings.decision_days == elsewhere.settings.decision_days
    assert register.due_work().settings == register.settings  # a worker judges by them too


def test_settings_saved_by_another_program_move_a_cases_deadlines_too(
    register: Register, new_case: Callable[..., int]
) -> None:
    """Found in review: only the due list read the settings again, so a case page opened
    after another program changed a timescale showed that case's deadlines by the old one,
    and a setting saved here afterwards put the old value back in memory."""
    arrangement_id = new_case()
    days = register.settings.decision_days

    def decision_due() -> date:
        found = [
            o.due for o in register.obligations(arrangement_id) if o.code == "ASSESSMENT_DECISION"
        ]
        assert len(found) == 1
        return found[0]

    before = decision_due()
    with open_register(register.path) as elsewhere:
        elsewhere.update_settings(decision_days=days + 14)
    assert decision_due() == before + timedelta(days=14)
    register.update_settings(due_soon_days=10)  # keeps the other program's change
    assert register.settings.decision_days == days + 14
    assert decision_due() == before + timedelta(days=14)
    with open_register(register.path) as again:
        assert (again.settings.decision_days, again.settings.due_soon_days) == (days + 14, 10)
