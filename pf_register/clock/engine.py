"""Run every case rule over one arrangement and settle what an ended arrangement still owes."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date

from pf_register.clock.facts import CaseFacts
from pf_register.clock.obligation import Obligation, Status
from pf_register.clock.rules import CASE_RULES
from pf_register.settings import Settings
from pf_register.workdays import WorkingCalendar


def _settle_ended(obligation: Obligation, end: date) -> Obligation | None:
    """An ended arrangement has no open obligations. What fell due before the end and was never
    done stays in the record as missed (late for good); what falls due on the last day or later
    goes: on its due day it was not yet overdue."""
    if not obligation.is_open:
        return obligation
    if obligation.due >= end:
        return None
    return dataclasses.replace(obligation, status=Status.MISSED)


def _optional(day: date | None, today: date) -> date | None:
    return day if day is not None and day <= today else None


def _latest_fact(case: CaseFacts) -> date:
    latest = date.min  # a running maximum: no list of every date (the due list's hot path)
    for day in (case.end_date, case.confirmed_date):
        if day is not None and day > latest:
            latest = day
    for n in case.notifications:
        if n.received > latest:
            latest = n.received
    for v in case.visits:
        if v.visit_date > latest:
            latest = v.visit_date
        if v.report_date is not None and v.report_date > latest:
            latest = v.report_date
    for c in case.checks:
        if c.requested is not None and c.requested > latest:
            latest = c.requested
        if c.returned is not None and c.returned > latest:
            latest = c.returned
    for d in case.decisions:
        if d.decision_date > latest:
            latest = d.decision_date
        if d.letter_date is not None and d.letter_date > latest:
            latest = d.letter_date
    return latest


def as_known_on(case: CaseFacts, today: date) -> CaseFacts:
    """The case as the register stood on ``today``: what was recorded as happening later had
    not happened yet (``due --as-of`` a past day must not count a later visit)."""
    if _latest_fact(case) <= today:
        return case  # the usual case, judged today: nothing to hide, nothing to copy
    return dataclasses.replace(
        case,
        end_date=_optional(case.end_date, today),
        confirmed_date=_optional(case.confirmed_date, today),
        notifications=tuple(n for n in case.notifications if n.received <= today),
        visits=tuple(
            dataclasses.replace(v, report_date=_optional(v.report_date, today))
            for v in case.visits
            if v.visit_date <= today
        ),
        checks=tuple(
            dataclasses.replace(
                c,
                returned=_optional(c.returned, today),
                outcome=c.outcome if _optional(c.returned, today) else None,
            )
            for c in case.checks
            if c.requested is None or c.requested <= today
        ),
        decisions=tuple(
            dataclasses.replace(d, letter_date=_optional(d.letter_date, today))
            for d in case.decisions
            if d.decision_date <= today
        ),
    )


def case_obligations(
    case: CaseFacts, today: date, calendar: WorkingCalendar, settings: Settings
) -> list[Obligation]:
    """Every obligation of one arrangement, done or not, most urgent first."""
    result = _unsorted(case, today, calendar, settings)
    result.sort(key=Obligation.sort_key)
    return result


def _unsorted(
    case: CaseFacts, today: date, calendar: WorkingCalendar, settings: Settings
) -> list[Obligation]:
    case = as_known_on(case, today)
    result: list[Obligation] = []
    for rule in CASE_RULES:
        for obligation in rule(case, today, calendar, settings):
            settled = (
                obligation if case.end_date is None else _settle_ended(obligation, case.end_date)
            )
            if settled is not None:
                result.append(settled)
    return result


def open_obligations(
    cases: Iterable[CaseFacts],
    today: date,
    calendar: WorkingCalendar,
    settings: Settings,
    *,
    within_days: int | None = None,
) -> list[Obligation]:
    """What is still to do across many arrangements, overdue first.

    ``within_days`` keeps overdue work and anything due within that many days of ``today``.
    """
    result = [
        obligation
        for case in cases
        for obligation in _unsorted(case, today, calendar, settings)  # sorted once, below
        if obligation.is_open and (within_days is None or obligation.days <= within_days)
    ]
    result.sort(key=Obligation.sort_key)
    return result
