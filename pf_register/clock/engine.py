"""Run every case rule over one arrangement and settle what an ended arrangement still owes."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable
from datetime import date, timedelta

from pf_register.clock.facts import CaseFacts
from pf_register.clock.obligation import URGENCY, Obligation, Status
from pf_register.clock.rules import (
    CASE_RULES,
    LATER_INTERVAL,
    OPEN_ONLY,
    PRIVATE_FOSTERING_MIN_DAYS,
    STATUTORY_VISIT_WORKING_DAYS,
)
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


def last_due(
    case: CaseFacts, today: date, calendar: WorkingCalendar, settings: Settings
) -> date | None:
    """The last day any obligation of ``case`` can fall due, judged on ``today``; None while
    the arrangement is open on ``today`` (its work goes on falling due).

    Each obligation of an ended arrangement is due one rule's timescale after its first
    notice, its start, or a fact dated by the end (a visit, which satisfies nothing after
    the end; a household member joining before it; the age limit, counted only if it came
    no more than the warning after the end). A first visit triggered after the end can never
    be done, and lapses (``_settle_ended``). So none falls due later than the latest of the
    end, the first notice and the start, plus the longest timescale. A new rule must keep to
    this (``tests/core/test_stats_fast_path.py`` checks it on cases made to the limit)."""
    end = case.end_date
    if end is None or end > today:
        return None
    latest = max(d for d in (end, case.first_notified, case.start_date) if d is not None)
    working_days = max(
        STATUTORY_VISIT_WORKING_DAYS, settings.visit_report_days, settings.check_request_days
    )
    days = max(
        LATER_INTERVAL.days,
        PRIVATE_FOSTERING_MIN_DAYS,
        settings.check_return_days,
        settings.decision_days,
        settings.age_warn_days,
    )
    return max(calendar.add_working_days(latest, working_days), latest + timedelta(days=days))


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
    case: CaseFacts,
    today: date,
    calendar: WorkingCalendar,
    settings: Settings,
    *,
    rules: Collection[str] | None = None,
) -> list[Obligation]:
    """Every obligation of one arrangement, done or not, most urgent first; only those of
    the ``rules`` codes given, if any (a rule's obligations never depend on another's)."""
    case = as_known_on(case, today)
    result: list[Obligation] = []
    for rule in CASE_RULES:
        if rules is not None and rule.info.code not in rules:  # type: ignore[attr-defined]
            continue
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
    by_case: dict[int, list[Obligation]] | None = None,
) -> list[Obligation]:
    """What is still to do across many arrangements, overdue first.

    ``within_days`` keeps overdue work and anything due within that many days of ``today``.
    ``by_case``, if given, also receives each arrangement's obligations under its id.
    """
    result: list[Obligation] = []
    keys: list[int] = []  # (urgency, days) as one int, for cases in reference order
    in_order = True  # cases come in strictly increasing reference order
    previous: str | None = None
    # Each case's rules in code order: in reference order, the list is then in the order of
    # the sort key's last two parts, and (urgency, due) alone finish the sort.
    rules = sorted(CASE_RULES, key=lambda rule: rule.info.code)  # type: ignore[attr-defined]
    # Each rule's variant that leaves out what is done: never open, ended or not.
    open_rules = [OPEN_ONLY.get(rule, rule) for rule in rules]
    for case in cases:
        if previous is not None and case.reference <= previous:
            in_order = False
        previous = case.reference
        case = as_known_on(case, today)
        if case.end_date is not None:  # ended: nothing open (``_settle_ended``)
            continue
        mine: list[Obligation] = []
        for rule in open_rules:
            for obligation in rule(case, today, calendar, settings):
                if obligation.is_open and (within_days is None or obligation.days <= within_days):
                    mine.append(obligation)
                    keys.append(URGENCY[obligation.status] * _URGENCY_SPAN + obligation.days)
        result += mine
        if by_case is not None and mine:
            by_case.setdefault(case.arrangement_id, []).extend(mine)
    if not in_order:
        result.sort(key=Obligation.sort_key)
        return result
    # A stable sort on one small int per obligation: the full key's sort of tuples took ~25 ms
    # of a due list of 24,000 obligations, and grew faster than the list.
    return [result[i] for i in sorted(range(len(result)), key=keys.__getitem__)]


# More than the days between any two dates: urgency * span + days orders as (urgency, due).
_URGENCY_SPAN = 10_000_000
