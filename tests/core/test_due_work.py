"""The due list judged on another thread with its own connection (``DueWork``), then adopted
by the register: whatever happened meanwhile, the list must equal one computed from scratch."""

from __future__ import annotations

import sqlite3
import threading

from conftest import CaseIds
from test_due_cache import cached_due, fresh_due

from pf_register.due_cache import DueWork
from pf_register.register import Register

VISIT = {"visit_date": "2026-05-11", "kind": "initial", "child_seen": True, "seen_alone": True}


def run_on_a_thread(work: DueWork) -> threading.Thread:
    """Run the work on another thread, as the app's worker does; the connection it opens
    there would refuse to be used from any other thread (sqlite3's check_same_thread)."""
    thread = threading.Thread(target=work.run)
    thread.start()
    thread.join()
    return thread


def test_the_work_is_adopted_and_equals_a_fresh_list(register: Register, case: CaseIds) -> None:
    work = register.due_work()
    run_on_a_thread(work)
    assert work.error is None and work.cache is not None
    assert register.adopt_due(work)
    assert register._due_cache is work.cache  # no judging on this thread
    assert cached_due(register) == fresh_due(register.path)


def test_a_write_here_meanwhile_is_recomputed(register: Register, case: CaseIds) -> None:
    work = register.due_work()
    run_on_a_thread(work)  # judged before the visit
    register.record_visit(case.arrangement, VISIT)
    assert register.adopt_due(work)
    after = cached_due(register)
    assert not any(k[1] == "REG7_VISIT" for k in after)
    assert after == fresh_due(register.path)


def test_another_programs_commit_meanwhile_refuses_the_work(
    register: Register, case: CaseIds
) -> None:
    work = register.due_work()
    with sqlite3.connect(register.path) as other:  # another copy of the program, in effect
        other.execute(
            "INSERT INTO visits (arrangement_id, visit_date, kind, child_seen, seen_alone)"
            " VALUES (?, '2026-05-11', 'initial', 1, 1)",
            [case.arrangement],
        )
    run_on_a_thread(work)
    assert not register.adopt_due(work)
    assert cached_due(register) == fresh_due(register.path)


def test_a_list_already_judged_here_is_kept(register: Register, case: CaseIds) -> None:
    work = register.due_work()
    register.due()
    kept = register._due_cache
    run_on_a_thread(work)
    assert not register.adopt_due(work)
    assert register._due_cache is kept


def test_changed_settings_refuse_the_work(register: Register, case: CaseIds) -> None:
    work = register.due_work()
    run_on_a_thread(work)
    register.update_settings(visit_report_days=10)
    assert not register.adopt_due(work)
    assert cached_due(register) == fresh_due(register.path)


def test_a_failure_is_reported_not_raised(register: Register, case: CaseIds) -> None:
    work = register.due_work()
    work.path = register.path.with_name("gone.db")
    run_on_a_thread(work)
    assert work.cache is None and work.error is not None
    assert not register.adopt_due(work)
    assert cached_due(register) == fresh_due(register.path)
