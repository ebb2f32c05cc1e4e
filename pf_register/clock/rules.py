"""One function per rule code of section 3 of the rules document.

Each rule is a pure function of (facts, today, calendar, settings) that yields ``Duty`` values;
the ``rule`` decorator turns them into ``Obligation`` values with the rule's code, title, legal
basis and status on ``today``. Read this file beside ``shared/domain/private-fostering-rules.md``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache, partial
from operator import attrgetter
from typing import Protocol, cast

from pf_register.clock.facts import CaseFacts, EnquiryFact, PersonFact, VisitFact
from pf_register.clock.obligation import Obligation, RuleInfo, Status, status_on
from pf_register.dates import age_on, anniversary, in_words
from pf_register.records import record
from pf_register.settings import Settings
from pf_register.workdays import WorkingCalendar

STATUTORY_VISIT_WORKING_DAYS = 7  # Regs 4(1) and 7
FIRST_YEAR_INTERVAL = timedelta(weeks=6)  # Reg 8(1)(a)
LATER_INTERVAL = timedelta(weeks=12)  # Reg 8(1)(b)
PRIVATE_FOSTERING_MIN_DAYS = 28  # CA s.66(2)
SCHOOL_AGE = 4  # an education check on a younger child has nothing to ask


@record
class Duty:
    """What a rule function yields: a due date, when it was done, and what it concerns."""

    due: date
    done: date | None = None
    detail: str = ""
    subject_id: int | None = None
    soon_days: int | None = None  # overrides the due-soon window (the age-limit warning)
    # The duty lapsed on this day (a household member moved out): like an ended arrangement,
    # it is missed if it fell due before then undone, and gone if it fell due on or after.
    lapsed: date | None = None


CaseRule = Callable[[CaseFacts, date, WorkingCalendar, Settings], list[Obligation]]
RULES: dict[str, RuleInfo] = {}
CASE_RULES: list[CaseRule] = []
# Each case rule's variant for the due list: the same open obligations, without those already
# done (most of a case's: every visit written up, every check back), which the due list drops.
OPEN_ONLY: dict[CaseRule, CaseRule] = {}


class _DutiesMaybeOpenOnly(Protocol):
    def __call__(
        self,
        case: CaseFacts,
        today: date,
        calendar: WorkingCalendar,
        settings: Settings,
        *,
        open_only: bool = False,
    ) -> Iterator[Duty]: ...


def _obligations(
    info: RuleInfo,
    duties: Iterable[Duty],
    today: date,
    settings: Settings,
    case: CaseFacts | None,
    *,
    open_only: bool = False,
) -> list[Obligation]:
    """The duties as obligations on ``today``; ``open_only`` leaves out those done (never
    open, whatever the settling of an ended case or a lapse)."""
    result = []
    default_soon = settings.due_soon_days
    # The same for every duty of the case: looked up once (the due list's hot path).
    arrangement_id, reference, child = (
        (case.arrangement_id, case.reference, case.child_name) if case else (0, "", "")
    )
    for duty in duties:
        if open_only and duty.done is not None:
            continue
        due = duty.due
        soon = default_soon if duty.soon_days is None else duty.soon_days
        status = status_on(due, duty.done, today, soon)
        lapsed = duty.lapsed
        if lapsed is not None and lapsed <= today and status.is_open:
            if due >= lapsed:
                continue
            status = Status.MISSED
        result.append(
            Obligation(
                info,
                due,
                duty.done,
                status,
                (due - today).days,
                duty.detail,
                arrangement_id,
                reference,
                child,
                duty.subject_id,
            )
        )
    return result


def case_rule(
    code: str, title: str, basis: str, *, statute: bool
) -> Callable[[Callable[[CaseFacts, date, WorkingCalendar, Settings], Iterator[Duty]]], CaseRule]:
    """Register a rule about one arrangement under its code.

    A rule function may take a keyword ``open_only``: when true it may leave out duties that
    are done (``done`` set), and must yield every other duty exactly as it would otherwise.
    """
    info = RuleInfo(code, title, basis, statute)
    RULES[code] = info

    def wrap(
        fn: Callable[[CaseFacts, date, WorkingCalendar, Settings], Iterator[Duty]],
    ) -> CaseRule:
        def run(
            case: CaseFacts, today: date, calendar: WorkingCalendar, settings: Settings
        ) -> list[Obligation]:
            return _obligations(info, fn(case, today, calendar, settings), today, settings, case)

        open_duties = fn
        if "open_only" in inspect.signature(fn).parameters:
            open_duties = partial(cast(_DutiesMaybeOpenOnly, fn), open_only=True)

        def run_open(
            case: CaseFacts, today: date, calendar: WorkingCalendar, settings: Settings
        ) -> list[Obligation]:
            duties = open_duties(case, today, calendar, settings)
            return _obligations(info, duties, today, settings, case, open_only=True)

        for wrapper in (run, run_open):
            wrapper.__name__ = fn.__name__
            wrapper.__doc__ = fn.__doc__
            wrapper.info = info  # type: ignore[attr-defined]
        CASE_RULES.append(run)
        OPEN_ONLY[run] = run_open
        return run

    return wrap


@lru_cache(maxsize=4096)
def _fmt(day: date) -> str:
    # Cached: a due list formats the same few hundred dates tens of thousands of times.
    return in_words(day)


def _first_visit_on_or_after(
    visits: Iterable[VisitFact], day: date, *, require_child_seen: bool
) -> VisitFact | None:
    """The earliest such visit of ``visits``, which are in date order (``_visits_in_force``)."""
    for v in visits:
        if v.visit_date >= day and (v.child_seen or not require_child_seen):
            return v
    return None


_BY_DATE = attrgetter("visit_date", "id")
# The last case's visits in force: four rules of the same case ask in turn. Keyed by the
# visits' own tuple (held here, so its identity cannot be reused) and the end date.
_in_force: tuple[tuple[VisitFact, ...], date | None, tuple[VisitFact, ...]] = ((), None, ())


def _visits_in_force(case: CaseFacts) -> tuple[VisitFact, ...]:
    """Visits up to the end of the arrangement, in date order; later ones satisfy nothing."""
    global _in_force
    visits, end = case.visits, case.end_date
    last = _in_force  # one read: another thread may replace it meanwhile
    if last[0] is visits and last[1] == end:
        return last[2]
    kept = visits if end is None else [v for v in visits if v.visit_date <= end]
    result = tuple(sorted(kept, key=_BY_DATE))
    _in_force = (visits, end, result)
    return result


@case_rule(
    "REG4_VISIT",
    "Visit the proposed home within 7 working days",
    "Reg 4(1)",
    statute=True,
)
def reg4_visit(
    case: CaseFacts, today: date, calendar: WorkingCalendar, settings: Settings
) -> Iterator[Duty]:
    """A proposal: visit the proposed carer's home within 7 working days of receiving it.

    Any visit on or after receipt counts: the child is not living there yet, so it is the carer
    and household who are seen. A proposal received after the authority knew the child was
    living there raises nothing: the arrangement is already in place, and has only its
    REG7_VISIT (whose visit, made before that proposal, could never meet a REG4_VISIT).
    """
    living_there = case.living_there_notified
    received = min(
        (
            n.received
            for n in case.notifications
            if n.kind == "proposal" and (living_there is None or n.received <= living_there)
        ),
        default=None,
    )
    if received is None:
        return
    visit = _first_visit_on_or_after(_visits_in_force(case), received, require_child_seen=False)
    yield Duty(
        due=calendar.add_working_days(received, STATUTORY_VISIT_WORKING_DAYS),
        done=visit.visit_date if visit else None,
        detail=f"proposal received {_fmt(received)}",
        subject_id=visit.id if visit else None,
    )


def _reg7_trigger(case: CaseFacts) -> date | None:
    return case.living_there_notified


def _reg7_visit(case: CaseFacts) -> VisitFact | None:
    trigger = _reg7_trigger(case)
    if trigger is None:
        return None
    return _first_visit_on_or_after(_visits_in_force(case), trigger, require_child_seen=True)


@case_rule(
    "REG7_VISIT",
    "Visit and see the child within 7 working days",
    "Reg 7",
    statute=True,
)
def reg7_visit(
    case: CaseFacts, today: date, calendar: WorkingCalendar, settings: Settings
) -> Iterator[Duty]:
    """A Reg 5 or Reg 6 notice (or the authority otherwise learning the child lives there):
    visit within 7 working days and see the child; a visit without seeing the child does not
    count."""
    trigger = _reg7_trigger(case)
    if trigger is None:
        return
    visit = _reg7_visit(case)
    yield Duty(
        due=calendar.add_working_days(trigger, STATUTORY_VISIT_WORKING_DAYS),
        done=visit.visit_date if visit else None,
        detail=f"told the child lives there {_fmt(trigger)}",
        subject_id=visit.id if visit else None,
    )


def first_year_end(case: CaseFacts) -> date | None:
    """The first anniversary of the arrangement (Reg 8(6)): the first year runs up to, not
    including, this date. It begins when the authority became aware of the arrangement, or,
    after a proposal, when the child moved in: the later of the two."""
    aware = case.first_notified
    living = case.start_date or case.living_there_notified
    if aware is None or living is None:
        return None
    return anniversary(max(aware, living), 1)


@case_rule(
    "REG8_VISIT",
    "Visit and see the child every 6 weeks in the first year, then every 12 weeks",
    "Reg 8(1)",
    statute=True,
)
def reg8_visit(
    case: CaseFacts,
    today: date,
    calendar: WorkingCalendar,
    settings: Settings,
    *,
    open_only: bool = False,
) -> Iterator[Duty]:
    """Each visit at which the child was seen sets the next one due: 6 weeks later if it fell
    in the first year, 12 weeks otherwise. The chain starts at the Reg 7 visit; visits at which
    the child was not seen are recorded but do not stop the clock."""
    anchor = _reg7_visit(case)
    year_end = first_year_end(case)
    if anchor is None or year_end is None:
        return
    seen = [v for v in _visits_in_force(case) if v.child_seen and v.visit_date > anchor.visit_date]
    if open_only:  # only the last link is open: the one after the latest visit
        seen = seen[-1:]
    previous = anchor
    for visit in [*seen, None]:
        if visit is not None and visit.visit_date == previous.visit_date:
            continue  # two records of one day's visits: the interval runs from that day
        if visit is None or not open_only:
            interval = FIRST_YEAR_INTERVAL if previous.visit_date < year_end else LATER_INTERVAL
            yield Duty(
                due=previous.visit_date + interval,
                done=visit.visit_date if visit else None,
                detail=f"{interval.days // 7} weeks after the visit on {_fmt(previous.visit_date)}",
                subject_id=visit.id if visit else None,
            )
        if visit is not None:
            previous = visit


@case_rule(
    "VISIT_REPORT",
    "Write up the visit",
    "Reg 8(5); timescale local practice",
    statute=False,
)
def visit_report(
    case: CaseFacts,
    today: date,
    calendar: WorkingCalendar,
    settings: Settings,
    *,
    open_only: bool = False,
) -> Iterator[Duty]:
    """Every visit needs a written report within the local timescale (working days)."""
    for visit in _visits_in_force(case):
        if open_only and visit.report_date is not None:
            continue
        yield Duty(
            due=calendar.add_working_days(visit.visit_date, settings.visit_report_days),
            done=visit.report_date,
            detail=f"visit on {_fmt(visit.visit_date)}",
            subject_id=visit.id,
        )


# The checks each person needs (local practice; see section 3 of the rules document).
CARER_CHECKS = ("dbs", "la_records", "police", "health", "references")
HOUSEHOLD_CHECKS = ("dbs", "la_records", "police")
CHILD_CHECKS = ("education",)
CHECK_SHORT = {
    "dbs": "DBS",
    "la_records": "LA records",
    "police": "police",
    "health": "health",
    "education": "education",
    "references": "references",
}


@dataclass(frozen=True, slots=True)
class RequiredCheck:
    kind: str
    person: PersonFact | None  # None: a check about the child
    from_date: date  # when the check became necessary

    @property
    def subject_name(self) -> str:
        return self.person.name if self.person else "the child"


def required_checks(case: CaseFacts, settings: Settings) -> list[RequiredCheck]:
    """Every check the case needs and the date each became necessary.

    The carer needs the full set from the first notification. A household member needs DBS,
    records and police checks from the later of the first notification, the day they joined
    the household, and the day they reach the DBS age (unknown date of birth: treated as an
    adult). The child needs an education check once of school age.
    """
    return [
        RequiredCheck(kind, person, begins)
        for person, begins, kinds in _needed_checks(case, settings)
        for kind in kinds
    ]


def _needed_checks(
    case: CaseFacts, settings: Settings
) -> list[tuple[PersonFact | None, date, tuple[str, ...]]]:
    """``required_checks`` by person: (person or None for the child, from, kinds), in order."""
    start = case.first_notified
    if start is None:
        return []
    needed: list[tuple[PersonFact | None, date, tuple[str, ...]]] = []
    if case.carer is not None:
        needed.append((case.carer, start, CARER_CHECKS))
    for member in case.household:
        begins = max(start, member.joined or start)
        if member.date_of_birth is not None:
            begins = max(begins, anniversary(member.date_of_birth, settings.dbs_age))
        if member.left is not None and member.left <= begins:
            continue
        if case.end_date is not None and case.end_date <= begins:
            continue
        needed.append((member, begins, HOUSEHOLD_CHECKS))
    if case.child_dob is None or age_on(case.child_dob, start) >= SCHOOL_AGE:
        needed.append((None, start, CHILD_CHECKS))
    return needed


CheckDates = dict[tuple[str, int | None], tuple[date | None, date | None]]


def check_dates(case: CaseFacts) -> CheckDates:
    """For each (kind, person), when the check was first asked for and first came back with
    an outcome.

    A check asked for again (a lost request) keeps its first request date: that is when the
    authority acted. It is back once any of its records has a return date and an outcome.
    """
    found: CheckDates = {}
    for c in case.checks:
        key = (c.kind, c.person_id)
        requested, returned = found.get(key, (None, None))
        if c.requested and (requested is None or c.requested < requested):
            requested = c.requested
        if c.returned and c.outcome and (returned is None or c.returned < returned):
            returned = c.returned
        found[key] = (requested, returned)
    return found


@case_rule(
    "CHECKS",
    "Safeguarding checks requested and returned",
    "Local practice",
    statute=False,
)
def checks(
    case: CaseFacts,
    today: date,
    calendar: WorkingCalendar,
    settings: Settings,
    *,
    open_only: bool = False,
) -> Iterator[Duty]:
    """Each required check is requested within N working days and returned, with its outcome,
    within M calendar days of becoming necessary (both settings).

    The checks one person needs from one date are one duty to request and one to get back:
    the officer asks for them together, and a due list of a row per check per person buries
    everything else. The duty is done when the last of them is; the detail names what is
    still outstanding.
    """
    # (person id, from date) -> the first such check's person, and every kind, in order.
    groups: dict[tuple[int | None, date], tuple[PersonFact | None, tuple[str, ...]]] = {}
    for person, begins, needed in _needed_checks(case, settings):
        key = (person.id if person else None, begins)
        group = groups.get(key)
        groups[key] = (person, needed) if group is None else (group[0], group[1] + needed)
    recorded = check_dates(case)
    request_days, return_after = settings.check_request_days, timedelta(settings.check_return_days)
    for (person_id, from_date), (person, kinds) in groups.items():
        got = [recorded.get((kind, person_id), _NOT_YET) for kind in kinds]
        subject = person.name if person else "the child"
        lapsed = person.left if person else None
        # Two stages, written out (the due list's hot path): asked for, then back.
        requested = [g[0] for g in got]
        if None in requested:
            yield Duty(
                calendar.add_working_days(from_date, request_days),
                None,
                f"{subject}: request ({_pending_names(kinds, requested)})",
                person_id,
                None,
                lapsed,
            )
        elif not open_only:
            yield Duty(
                calendar.add_working_days(from_date, request_days),
                max(cast(list[date], requested)),
                f"{subject}: request ({_short_names(kinds)})",
                person_id,
                None,
                lapsed,
            )
        returned = [g[1] for g in got]
        if None in returned:
            yield Duty(
                from_date + return_after,
                None,
                f"{subject}: results back ({_pending_names(kinds, returned)})",
                person_id,
                None,
                lapsed,
            )
        elif not open_only:
            yield Duty(
                from_date + return_after,
                max(cast(list[date], returned)),
                f"{subject}: results back ({_short_names(kinds)})",
                person_id,
                None,
                lapsed,
            )


_NOT_YET: tuple[date | None, date | None] = (None, None)


@lru_cache(maxsize=256)
def _short_names(kinds: tuple[str, ...]) -> str:
    return ", ".join(CHECK_SHORT[k] for k in kinds)


def _pending_names(kinds: tuple[str, ...], done: list[date | None]) -> str:
    """The short names of the ``kinds`` not yet done (``done`` holds their dates, in step)."""
    return _short_names(tuple([k for k, day in zip(kinds, done, strict=True) if day is None]))


@case_rule(
    "ASSESSMENT_DECISION",
    "Decide whether the arrangement is suitable and send the letter",
    "Local practice (CA s.67–69)",
    statute=False,
)
def assessment_decision(
    case: CaseFacts, today: date, calendar: WorkingCalendar, settings: Settings
) -> Iterator[Duty]:
    """A suitability decision, with its letter to carer and parents, within N days of the
    first notification (setting). Done when both the decision and the letter are dated."""
    received = case.first_notified
    if received is None:
        return
    sent = [d for d in case.decisions if d.letter_date is not None]
    first = min(
        sent, key=lambda d: max(d.decision_date, d.letter_date or d.decision_date), default=None
    )
    done = max(first.decision_date, first.letter_date or first.decision_date) if first else None
    detail = "decision and letter"
    if first is None and case.decisions:
        detail = "decision made; letter not yet recorded"
    yield Duty(
        due=received + timedelta(days=settings.decision_days),
        done=done,
        detail=detail,
        subject_id=first.id if first else None,
    )


@case_rule(
    "AGE_LIMIT",
    "Child reaches 16 (18 if disabled): end or re-classify the arrangement",
    "CA s.66(1), (4)",
    statute=True,
)
def age_limit(
    case: CaseFacts, today: date, calendar: WorkingCalendar, settings: Settings
) -> Iterator[Duty]:
    """From the 16th birthday (18th if disabled) the child is no longer privately fostered.
    Warns ``age_warn_days`` ahead. An arrangement that ended before the warning began never
    raised it."""
    if case.child_dob is None:
        return
    limit = anniversary(case.child_dob, case.age_limit_years)
    if case.end_date is not None and case.end_date < limit - timedelta(days=settings.age_warn_days):
        return
    yield Duty(
        due=limit,
        done=case.end_date,
        detail=f"{case.age_limit_years}th birthday",
        soon_days=settings.age_warn_days,
    )


@case_rule(
    "DURATION_28_DAYS",
    "Confirm private fostering once the stay reaches 28 days",
    "CA s.66(2)",
    statute=True,
)
def duration_28_days(
    case: CaseFacts, today: date, calendar: WorkingCalendar, settings: Settings
) -> Iterator[Duty]:
    """A stay intended to last under 28 days is not private fostering unless it goes on:
    28 days after the start, confirm it as private fostering or record that it ended."""
    if case.intended_duration_days is None or case.start_date is None:
        return
    if case.intended_duration_days >= PRIVATE_FOSTERING_MIN_DAYS:
        return
    done_dates = [d for d in (case.confirmed_date, case.end_date) if d is not None]
    reached = case.start_date + timedelta(days=PRIVATE_FOSTERING_MIN_DAYS)
    # Told only after the stay passed 28 days: due on the day the authority heard, not before.
    first = case.first_notified
    yield Duty(
        due=max(reached, first) if first is not None else reached,
        done=min(done_dates, default=None),
        detail=f"intended stay {case.intended_duration_days} days",
    )


ENQUIRY_RULE = RuleInfo(
    "ENQUIRY_FOLLOW_UP",
    "Record the outcome of a pending enquiry",
    "Local practice",
    statute=False,
)
RULES[ENQUIRY_RULE.code] = ENQUIRY_RULE


def enquiry_follow_up(
    enquiry: EnquiryFact, today: date, calendar: WorkingCalendar, settings: Settings
) -> list[Obligation]:
    """An enquiry recorded as "pending" needs its outcome within N working days (setting).
    An enquiry whose outcome was known at once creates nothing."""
    if enquiry.outcome != "pending" and (
        enquiry.outcome_date is None or enquiry.outcome_date <= enquiry.enquiry_date
    ):
        return []
    done = None if enquiry.outcome == "pending" else enquiry.outcome_date
    duty = Duty(
        due=calendar.add_working_days(enquiry.enquiry_date, settings.enquiry_follow_up_days),
        done=done,
        detail=f"enquiry of {_fmt(enquiry.enquiry_date)}",
        subject_id=enquiry.id,
    )
    return _obligations(ENQUIRY_RULE, [duty], today, settings, None)


__all__ = [
    "CASE_RULES",
    "RULES",
    "RequiredCheck",
    "enquiry_follow_up",
    "first_year_end",
    "required_checks",
]
