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
    done stays in the record as missed (late for good); what would have fallen due later goes."""
    if not obligation.is_open:
        return obligation
    if obligation.due > end:
        return None
    return dataclasses.replace(obligation, status=Status.MISSED)


def case_obligations(
    case: CaseFacts, today: date, calendar: WorkingCalendar, settings: Settings
) -> list[Obligation]:
    """Every obligation of one arrangement, done or not, most urgent first."""
    if case.end_date is not None and case.end_date > today:
        case = dataclasses.replace(case, end_date=None)  # not ended yet on that day
    result: list[Obligation] = []
    for rule in CASE_RULES:
        for obligation in rule(case, today, calendar, settings):
            settled = (
                obligation if case.end_date is None else _settle_ended(obligation, case.end_date)
            )
            if settled is not None:
                result.append(settled)
    result.sort(key=Obligation.sort_key)
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
        for obligation in case_obligations(case, today, calendar, settings)
        if obligation.is_open and (within_days is None or obligation.days <= within_days)
    ]
    result.sort(key=Obligation.sort_key)
    return result
