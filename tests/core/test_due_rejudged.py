"""A due list that must be judged again in full (another program's commit, new settings, a
new day) is judged by a ``DueWork`` on another thread and adopted in place of the old one:
``due_is_current`` says when that is needed, and the adopted list equals a fresh one."""

from __future__ import annotations

import sqlite3
from datetime import date

from conftest import USER, CaseIds
from test_due_cache import cached_due, fresh_due
from test_due_work import VISIT, run_on_a_thread

from pf_register.due_cache import DueCache
from pf_register.register import Register


def _other_program_records_a_visit(register: Register, arrangement: int) -> None:
    with sqlite3.connect(register.path) as other:
        other.execute(
            "INSERT INTO visits (arrangement_id, visit_date, kind, child_seen, seen_alone)"
            " VALUES (?, '2026-05-11', 'initial', 1, 1)",
            [arrangement],
        )


def test_current_until_another_program_commits(register: Register, case: CaseIds) -> None:
    assert not register.due_is_current()  # nothing judged yet
    register.due()
    assert register.due_is_current()
    register.record_visit(case.arrangement, VISIT)  # a write here: recomputed case by case
    assert register.due_is_current()
    _other_program_records_a_visit(register, case.arrangement)
    assert not register.due_is_current()


def test_changed_settings_or_a_new_day_need_a_full_judging(db_path, case: CaseIds) -> None:  # type: ignore[no-untyped-def]
    day = [date(2026, 6, 1)]
    with Register.open(db_path, user=USER, today=lambda: day[0]) as register:
        register.due()
        register.update_settings(visit_report_days=10)
        assert not register.due_is_current()
        register.due()
        assert register.due_is_current()
        day[0] = date(2026, 6, 2)
        assert not register.due_is_current()


def test_an_out_of_date_list_is_replaced_by_the_work(register: Register, case: CaseIds) -> None:
    register.due()
    old = register._due_cache
    _other_program_records_a_visit(register, case.arrangement)
    work = register.due_work()
    run_on_a_thread(work)
    assert register.adopt_due(work)
    assert register._due_cache is work.cache and work.cache is not old
    assert register.due_is_current()
    assert cached_due(register) == fresh_due(register.path)


def test_a_write_here_while_the_work_runs_is_kept(register: Register, case: CaseIds) -> None:
    register.due()
    _other_program_records_a_visit(register, case.arrangement)
    work = register.due_work()
    run_on_a_thread(work)  # judged before the correction below
    register.update_child(case.child, {"date_of_birth": "2011-06-20"})
    assert register.adopt_due(work)
    after = cached_due(register)
    assert [k[3] for k in after if k[1] == "AGE_LIMIT"] == [date(2027, 6, 20)]
    assert after == fresh_due(register.path)


def test_settings_changed_before_the_work_are_in_it(
    register: Register, case: CaseIds, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The work judged with the new settings: adopting it needs no judging here after."""
    register.due()
    register.update_settings(visit_report_days=10)
    work = register.due_work()
    run_on_a_thread(work)
    assert register.adopt_due(work)
    built: list[object] = []
    build = DueCache.build.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(
        DueCache, "build", classmethod(lambda cls, *a: built.append(a) or build(cls, *a))
    )
    cached = cached_due(register)
    assert built == []  # nothing judged in full on this thread
    assert cached == fresh_due(register.path)


def test_a_current_list_is_kept_and_a_changed_day_refuses(db_path, case: CaseIds) -> None:  # type: ignore[no-untyped-def]
    day = [date(2026, 6, 1)]
    with Register.open(db_path, user=USER, today=lambda: day[0]) as register:
        work = register.due_work()
        run_on_a_thread(work)
        register.due()
        kept = register._due_cache
        assert not register.adopt_due(work)  # judged here meanwhile, and still holds
        assert register._due_cache is kept
        day[0] = date(2026, 6, 2)
        work = register.due_work()
        run_on_a_thread(work)
        day[0] = date(2026, 6, 3)  # midnight passed while it ran
        assert not register.adopt_due(work)
