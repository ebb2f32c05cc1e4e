"""The annual (or quarterly) report on private fostering, and its child-level list.

Section 5 of the rules document lists the figures; ``docs/statistics-annual.md`` defines
each one (what is counted, which date puts it in a period, each percentage's denominator).
The facts are loaded once (``load_annual_facts``), judged on ``today`` by the statutory
clock, and every figure is then a pure function of those facts and a ``Period``. A report
loads only what its period needs (the trend's rules for every year, the others only where
they can fall due in the period): the figures are those of every rule for every case
(``tests/core/test_stats_fast_path.py``).
"""

from __future__ import annotations

import bisect
import dataclasses
import statistics
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pf_register.clock import RULES, CaseFacts, Obligation, Status, case_obligations
from pf_register.clock.engine import last_due
from pf_register.clock.rules import check_dates, required_checks
from pf_register.codes import (
    ARRANGEMENT_TYPES,
    CHECK_KINDS,
    DECISION_OUTCOMES,
    END_REASONS,
    NOTIFICATION_KINDS,
    NOTIFIER_ROLES,
    SEXES,
    CodeList,
)
from pf_register.dates import age_on, long_date
from pf_register.loading import SharedText, gc_paused, iter_case_facts
from pf_register.register import Register
from pf_register.settings import Settings
from pf_register.stats.notices import (
    TIMELINESS,
    TIMELINESS_LABELS,
    Notice,
    NoticeTiming,
    load_notice_timings,
    load_notices,
)
from pf_register.stats.period import Period, financial_year, financial_year_of
from pf_register.stats.report import Cell, CellRef, Chart, Report, StatTable, column_cells
from pf_register.workdays import WorkingCalendar

NOT_RECORDED = "Not recorded"
FIRST_VISIT_RULES = ("REG4_VISIT", "REG7_VISIT")
VISIT_RULES = ("REG4_VISIT", "REG7_VISIT", "REG8_VISIT")
# The rules the trend reads in every year (the visits); the others, for the report's period.
TREND_RULES = VISIT_RULES
OTHER_DEADLINES = ("REG8_VISIT", "VISIT_REPORT", "ASSESSMENT_DECISION")
# Age bands on the stated date (see the docs): private fostering ends at 16, 18 if disabled.
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("Under 5", 0, 4),
    ("5 to 9", 5, 9),
    ("10 to 12", 10, 12),
    ("13 to 15", 13, 15),
    ("16 and over", 16, 200),
)
# How a deadline due went, as a ``Tally`` counts it. A status not here is not yet due (nor
# done) on the report day: such a deadline is not counted at all.
_OUTCOMES = {
    Status.DONE_ON_TIME: "on_time",
    Status.DONE_LATE: "late",
    Status.OVERDUE: "not_done",
    Status.MISSED: "not_done",
}


# ---------------------------------------------------------------------------- facts
# One notification as the statistics read it: the same record the timeliness statistic
# classifies, so "the first notice" is chosen in one place (``notices.first_notice``).
NotificationRecord = Notice


@dataclass(frozen=True)
class VisitRecord:
    visit_date: date
    child_seen: bool
    seen_alone: bool | None


@dataclass(frozen=True)
class CheckTiming:
    """One safeguarding check a case needed, its local deadlines and what happened."""

    kind: str
    request_due: date
    return_due: date
    requested: date | None
    returned: date | None  # back with an outcome
    # The day its person left the household: as for an ended case, what was not yet due
    # back then was never owed (the CHECKS rule's ``lapsed``).
    lapsed: date | None = None


@dataclass(frozen=True, slots=True)
class ArrangementFacts:
    """Everything the annual report reads about one arrangement, judged on one day."""

    case: CaseFacts
    type_code: str | None
    end_reason: str | None
    sex: str | None
    ethnicity: str | None
    country_of_origin: str | None
    notifications: tuple[NotificationRecord, ...]
    visits: tuple[VisitRecord, ...]
    timing: NoticeTiming | None
    obligations: tuple[Obligation, ...]
    checks: tuple[CheckTiming, ...]
    working_days_to_first_visit: int | None
    # The day the last required check came back; None while any is outstanding (or none
    # was needed): ``checks_complete``, from every check, not only those due in the period.
    checks_complete: date | None = None
    # Derived once from the facts above, which never change (slots, not cached properties:
    # a per-instance dict of cached values took ~0.75 KiB an arrangement).
    start: date | None = field(init=False, compare=False)
    """The day the child moved in; unrecorded, the day a Reg 5/6 notice said they lived
    there. A proposal whose child has not moved in has no start."""
    opened: date | None = field(init=False, compare=False)
    """The first day of the case: the move-in or the first notice, whichever came first."""
    first_visit: date | None = field(init=False, compare=False)

    def __post_init__(self) -> None:
        start = self.case.start_date or self.case.living_there_notified
        days = [d for d in (start, self.case.first_notified) if d is not None]
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "opened", min(days, default=None))
        object.__setattr__(self, "first_visit", first_visit_day(self.obligations))

    @property
    def first_notice(self) -> NotificationRecord | None:
        """The first opening notification, as ``notices.first_notice`` chooses it (the
        earliest received; on the same day, the first entered): the one timeliness judges."""
        return self.timing.notice if self.timing is not None else None

    @property
    def reference(self) -> str:
        return self.case.reference

    @property
    def end(self) -> date | None:
        return self.case.end_date


def working_days_between(calendar: WorkingCalendar, start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 for the same day)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


def first_visit_day(obligations: Iterable[Obligation]) -> date | None:
    """The day of the first visit (Reg 4 or Reg 7) done, if any."""
    done = (o.done for o in obligations if o.code in FIRST_VISIT_RULES and o.done)
    return min(done, default=None)


def check_timings(
    case: CaseFacts, calendar: WorkingCalendar, settings: Settings
) -> tuple[CheckTiming, ...]:
    """Each required check with its deadlines; dated as the CHECKS rule dates them (the
    first request, and the first return that came back with an outcome)."""
    first = check_dates(case)
    result = []
    for needed in required_checks(case, settings):
        person_id = needed.person.id if needed.person else None
        requested, returned = first.get((needed.kind, person_id), (None, None))
        result.append(
            CheckTiming(
                kind=needed.kind,
                request_due=calendar.add_working_days(
                    needed.from_date, settings.check_request_days
                ),
                return_due=needed.from_date + timedelta(days=settings.check_return_days),
                requested=requested,
                returned=returned,
                lapsed=needed.person.left if needed.person else None,
            )
        )
    return tuple(result)


def checks_complete(checks: Iterable[CheckTiming], today: date) -> date | None:
    """The day the last required check came back with its outcome; None while any is
    outstanding, or if none was needed. An ended case's checks that never came back stay
    outstanding; a check on someone who left the household (by ``today``) before it came
    back is no longer needed."""
    last: date | None = None
    for check in checks:
        if check.returned is not None:
            last = check.returned if last is None else max(last, check.returned)
        elif check.lapsed is None or check.lapsed > today:
            return None
    return last


# Arrangements read at a time: each batch's rows are gone before the next is read (the
# facts of 5,000 read at once peaked ~12 MiB higher at county; 1,000, ~3 MiB higher than
# 250, which takes ~5 % longer).
LOAD_BATCH = 250


class DueLedger:
    """Deadlines due, counted by rule, outcome and due day: what a ``Tally`` counts, in a
    few bytes each. A county's twenty years hold ~57,000 obligations, each with its detail
    text and dates; the tables count them in a period, so the ledger keeps only the day
    numbers, in order, and counts a period by bisection."""

    def __init__(self, obligations: Iterable[Obligation] = ()) -> None:
        self._days: dict[tuple[str, str], array[int]] = {}
        self._in_order = True
        self.add(obligations)

    def add(self, obligations: Iterable[Obligation]) -> None:
        """Count these; one not yet due (nor done) on the report day is not counted."""
        for o in obligations:
            outcome = _OUTCOMES.get(o.status)
            if outcome is None:
                continue
            key = (o.rule.code, outcome)
            days = self._days.get(key)
            if days is None:
                days = self._days[key] = array("l")
            days.append(o.due.toordinal())
            self._in_order = False

    def tally(self, start: date, end: date, codes: Iterable[str]) -> Tally:
        """The deadlines with these codes due from ``start`` to ``end``, both included."""
        if not self._in_order:  # sorted once, when first counted
            for key, days in self._days.items():
                self._days[key] = array("l", sorted(days))
            self._in_order = True
        first, last = start.toordinal(), end.toordinal()
        counts = dict.fromkeys(("on_time", "late", "not_done"), 0)
        for code in set(codes):
            for outcome in counts:
                got = self._days.get((code, outcome))
                if got is not None:
                    counts[outcome] += bisect.bisect_right(got, last) - bisect.bisect_left(
                        got, first
                    )
        return Tally(**counts)


class AnnualFacts(list[ArrangementFacts]):
    """The facts of every arrangement, as ``load_annual_facts`` keeps them for ``period``
    (None: everything), and the ``deadlines`` of every obligation judged, which the tables
    count. Loaded for a period, the facts' own obligations are fewer: a list made from them
    (a slice, a copy) has lost the ledger, and would count too few deadlines."""

    def __init__(self, period: Period | None) -> None:
        super().__init__()
        self.period = period
        self.deadlines = DueLedger()


def _child_list_reads(o: Obligation, period: Period) -> bool:
    """Whether the child-level list reads ``o`` (``child_row``): a first visit or a check
    whenever due (the first visit's day, the checks' completion), a Reg 8 visit due in the
    period (the visits due)."""
    code = o.rule.code
    return (
        code in FIRST_VISIT_RULES or code == "CHECKS" or (code in VISIT_RULES and o.due in period)
    )


def load_annual_facts(register: Register, today: date, period: Period | None = None) -> AnnualFacts:
    """Every arrangement's facts, with its obligations judged on ``today``, and every
    obligation's outcome counted in the facts' ``deadlines``.

    Given the ``period`` of a report, the facts hold what that report reads. Every table
    counts deadlines from ``deadlines``; an arrangement keeps as ``obligations`` only those
    the child-level list reads: its first visits and checks, and its visits due in the
    period. An arrangement whose obligations all fell due before the period
    (``engine.last_due``: one that ended long before it) keeps none, and is judged only by
    the ``TREND_RULES``, which the trend reads in every year; it has no check timings nor
    working days to the first visit (the child-level list has only cases open in the
    period). The visits are only those dated in the period, the check timings only those
    due back in it, and no case keeps its visits, checks or people: its obligations and
    check timings are made from them here."""
    db, calendar, settings = register.db, register.calendar, register.settings
    # Each arrangement's type, end reason, sex, ethnicity and country of origin.
    text = SharedText()
    details = {
        aid: (text[type_code], text[end_reason], text[sex], text[ethnicity], text[country])
        for aid, type_code, end_reason, sex, ethnicity, country in db.execute(
            "SELECT a.id, a.type_code, a.end_reason, c.sex, c.ethnicity, c.country_of_origin"
            " FROM arrangements a JOIN children c ON c.id = a.child_id"
        )
    }
    notifications = load_notices(db)
    visit_sql = "SELECT arrangement_id, visit_date, child_seen, seen_alone FROM visits"
    visit_params: list[str] = []
    if period is not None:  # ISO dates: as text, in the same order as the days
        visit_sql += " WHERE visit_date BETWEEN ? AND ?"
        visit_params = [period.start.isoformat(), period.end.isoformat()]
    visits: dict[int, list[VisitRecord]] = {}
    for aid, visit_date, child_seen, seen_alone in db.execute(visit_sql, visit_params):
        visits.setdefault(aid, []).append(
            VisitRecord(
                date.fromisoformat(visit_date),
                bool(child_seen),
                None if seen_alone is None else bool(seen_alone),
            )
        )
    timings = load_notice_timings(db, notifications)
    result = AnnualFacts(period)
    for case in (c for batch in iter_case_facts(db, batch=LOAD_BATCH) for c in batch):
        aid = case.arrangement_id
        last = last_due(case, today, calendar, settings)
        working_days: int | None = None
        complete: date | None = None
        if period is None or last is None or last >= period.start:
            obligations = tuple(case_obligations(case, today, calendar, settings))
            checks = check_timings(case, calendar, settings)
            complete = checks_complete(checks, today)
            if period is not None:  # the checks table reads those due back in the period
                checks = tuple(c for c in checks if c.return_due in period)
            visited, notified = first_visit_day(obligations), case.first_notified
            if visited and notified:
                working_days = working_days_between(calendar, notified, visited)
            result.deadlines.add(obligations)
            if period is not None:  # the rest are read only as counts, from the ledger
                obligations = tuple(o for o in obligations if _child_list_reads(o, period))
        else:  # all its obligations fell due before the period: only the trend reads them
            result.deadlines.add(
                case_obligations(case, today, calendar, settings, rules=TREND_RULES)
            )
            obligations = checks = ()
        if period is not None:  # its obligations and check timings are made from these
            case = dataclasses.replace(case, visits=(), checks=(), household=(), carer=None)
        # Taken out as used: what is not kept by the facts is let go as the load goes on.
        type_code, end_reason, sex, ethnicity, country_of_origin = details.pop(aid)
        result.append(
            ArrangementFacts(
                case=case,
                type_code=type_code,
                end_reason=end_reason,
                sex=sex,
                ethnicity=ethnicity,
                country_of_origin=country_of_origin,
                notifications=tuple(notifications.pop(aid, ())),
                visits=tuple(visits.pop(aid, ())),
                timing=timings.pop(aid, None),
                obligations=obligations,
                checks=checks,
                working_days_to_first_visit=working_days,
                checks_complete=complete,
            )
        )
    return result


# ---------------------------------------------------------------------------- who is counted
def began_in(a: ArrangementFacts, period: Period) -> bool:
    return a.start in period


def ended_in(a: ArrangementFacts, period: Period) -> bool:
    """An arrangement that had begun (the child moved in) ended in the period. A proposal
    that ended before the child moved in is ``did_not_go_ahead``, not an ending."""
    return a.start is not None and a.end in period


def did_not_go_ahead(a: ArrangementFacts, period: Period) -> bool:
    """A proposal closed in the period without the child ever moving in."""
    return a.start is None and a.end in period


def open_at(a: ArrangementFacts, day: date) -> bool:
    """The child was living there at the end of ``day``: moved in by then, not ended by then."""
    return a.start is not None and a.start <= day and (a.end is None or a.end > day)


def living_in(a: ArrangementFacts, period: Period) -> bool:
    """The child lived there on at least one day of the period: moved in by its last day and
    not ended before its first. Equals open at the start of the period + began in it."""
    return (
        a.start is not None and a.start <= period.end and (a.end is None or a.end >= period.start)
    )


def waiting_at(a: ArrangementFacts, day: date) -> bool:
    """A proposal still waiting at the end of ``day``: notified by then, the child not moved
    in by then, and not closed by then."""
    notice = a.first_notice
    return (
        notice is not None
        and notice.received <= day
        and (a.start is None or a.start > day)
        and (a.end is None or a.end > day)
    )


def in_period(a: ArrangementFacts, period: Period) -> bool:
    """The case was open at any time in the period: opened (first notice or move-in) by its
    end, and not ended before its start."""
    return (
        a.opened is not None and a.opened <= period.end and (a.end is None or a.end >= period.start)
    )


def stated_date(a: ArrangementFacts, period: Period) -> date:
    """The day a child's age is taken on: the first day of the period the child lived there
    (for a proposal not yet begun, the first day of the period the case was open)."""
    return max(period.start, a.start or a.opened or period.start)


def counted_to(period: Period, today: date | None) -> Period:
    """The part of ``period`` up to ``today``: a period not yet over is counted to the day
    the report is made (its "open at the end" is open on that day). Kind and label stay."""
    if today is None or today >= period.end or today < period.start:
        return period
    return dataclasses.replace(period, end=today)


def new_arrangement_notices(
    facts: Iterable[ArrangementFacts], period: Period
) -> list[NotificationRecord]:
    """The first opening notice of each arrangement, when it was received in the period."""
    firsts = [a.first_notice for a in facts]
    return [n for n in firsts if n is not None and n.received in period]


# ---------------------------------------------------------------------------- helpers
def percent(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole``, to one decimal place; None when ``whole`` is 0."""
    return None if whole == 0 else round(100 * part / whole, 1)


def _label(codes: CodeList, code: str | None) -> str:
    return NOT_RECORDED if not code else codes.label(code)


def _coded_rows(
    codes: CodeList, values: Sequence[str | None], total: str = "Total"
) -> tuple[tuple[Cell, ...], ...]:
    """One row per code (all of them, in the code list's order), then "Not recorded" if
    any value is blank, then the total."""
    counts = Counter(values)
    result: list[tuple[Cell, ...]] = [(codes[code], counts.get(code, 0)) for code in codes]
    unknown = sum(n for code, n in counts.items() if not code or code not in codes)
    if unknown:
        result.append((NOT_RECORDED, unknown))
    result.append((total, len(values)))
    return tuple(result)


def _text_rows(values: Sequence[str | None]) -> tuple[tuple[Cell, ...], ...]:
    """Free-text categories (ethnicity, country), most common first; blanks "Not recorded"."""
    counts = Counter((v or "").strip() or NOT_RECORDED for v in values)
    known = sorted(
        ((k, n) for k, n in counts.items() if k != NOT_RECORDED), key=lambda kn: (-kn[1], kn[0])
    )
    result: list[tuple[Cell, ...]] = list(known)
    if counts.get(NOT_RECORDED):
        result.append((NOT_RECORDED, counts[NOT_RECORDED]))
    result.append(("Total", len(values)))
    return tuple(result)


def _with_share(rows_: tuple[tuple[Cell, ...], ...], total: int) -> tuple[tuple[Cell, ...], ...]:
    """Each (label, count) row with the count's share of ``total``."""
    result = []
    for label, count in rows_:
        assert isinstance(count, int)
        result.append((label, count, percent(count, total)))
    return tuple(result)


@dataclass(frozen=True)
class Tally:
    """Deadlines due in a period: how many were met. Not-yet-due ones are left out."""

    on_time: int = 0
    late: int = 0
    not_done: int = 0

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.not_done

    @property
    def percent(self) -> float | None:
        return percent(self.on_time, self.due)


def tally(obligations: Iterable[Obligation]) -> Tally:
    outcomes = Counter(_OUTCOMES.get(o.status) for o in obligations)
    return Tally(outcomes["on_time"], outcomes["late"], outcomes["not_done"])


class Days(list[date]):
    """Days in order, counted between two days by bisection."""

    def between(self, start: date, end: date) -> int:
        """How many fall from ``start`` to ``end``, both included."""
        return bisect.bisect_right(self, end) - bisect.bisect_left(self, start)

    def up_to(self, day: date) -> int:
        """How many fall on or before ``day``."""
        return bisect.bisect_right(self, day)


LET_GO_STEP = 200  # arrangements' facts freed in one step of the interpreter


def let_go(items: list[Any]) -> None:
    """Empty ``items`` a few at a time. A report made on a worker frees ~10^6 objects when
    it is done; freed in one go (the list's last reference dropped) that is one step of the
    interpreter, and the window, waiting for the interpreter's lock, stopped answering for
    it (~0.6 s at stress). In steps, the window's thread runs between them."""
    while items:
        del items[-LET_GO_STEP:]


class IndexedFacts(list[ArrangementFacts]):
    """The facts of a report, with their deadlines counted by rule and due day
    (``DueLedger``), and the days the headline and the trend count in order: the report
    counts deadlines and arrangements in every year of the trend, and a county's twenty
    years hold too many to scan each time. Made once per report and never changed after,
    so the index cannot go stale."""

    def __init__(self, facts: Iterable[ArrangementFacts]) -> None:
        super().__init__(facts)
        # Loaded facts come with their ledger (their own obligations may be fewer).
        self.loaded_for: Period | None = None  # see build_annual_report
        if isinstance(facts, AnnualFacts):
            self.deadlines, self.loaded_for = facts.deadlines, facts.period
        else:
            self.deadlines = DueLedger(o for a in self for o in a.obligations)
        # Each list holds the day that puts an arrangement (or notice) in a period, for the
        # predicate named: a count in a period is that of its days in it.
        self.new_notices = Days()  # new_arrangement_notices: the first notice received
        self.notices = Days()  # every notification received
        self.starts = Days()  # began_in
        self.ends_of_begun = Days()  # ended_in: ended, having begun
        self.ends_not_begun = Days()  # did_not_go_ahead: closed, never begun
        self.begun_and_ended = Days()  # moved in and ended: the later of the two
        self.judged_notices = Days()  # first notices of known timeliness, received
        self.advance_notices = Days()  # those of them in advance
        for a in self:
            start, end, first, timing = a.start, a.end, a.first_notice, a.timing
            if first is not None:
                self.new_notices.append(first.received)
            self.notices += [n.received for n in a.notifications]
            if start is not None:
                self.starts.append(start)
                if end is not None:
                    self.ends_of_begun.append(end)
                    self.begun_and_ended.append(max(start, end))
            elif end is not None:
                self.ends_not_begun.append(end)
            if timing is not None and timing.timeliness:
                self.judged_notices.append(timing.received)
                if timing.timeliness == "advance":
                    self.advance_notices.append(timing.received)
        for days in (
            self.new_notices,
            self.notices,
            self.starts,
            self.ends_of_begun,
            self.ends_not_begun,
            self.begun_and_ended,
            self.judged_notices,
            self.advance_notices,
        ):
            days.sort()

    def open_on(self, day: date) -> int:
        """How many were open at the end of ``day`` (``open_at``): moved in by then, less
        those also ended by then."""
        return self.starts.up_to(day) - self.begun_and_ended.up_to(day)


def due_in(
    facts: Iterable[ArrangementFacts], period: Period, codes: Sequence[str]
) -> list[Obligation]:
    """Obligations with these rule codes whose due date falls in the period, except those
    not yet due (nor done) on the day the report is made, from each arrangement's own
    ``obligations`` (loaded for a period, some are only in the ledger: see ``tally_due``)."""
    return [
        o
        for a in facts
        for o in a.obligations
        if o.code in codes and o.due in period and o.status in _OUTCOMES
    ]


def tally_due(facts: IndexedFacts, period: Period, codes: Sequence[str]) -> Tally:
    """How the deadlines with these rule codes due in the period went (``due_in``), counted
    from the facts' ledger."""
    return facts.deadlines.tally(period.start, period.end, codes)


def checks_due_in(
    facts: Iterable[ArrangementFacts], period: Period, today: date
) -> list[CheckTiming]:
    """Required checks whose results were due back in the period; not those still to come
    on ``today``, nor, never returned, those due back on or after the day the case ended or
    their person left the household (by ``today``). So the table counts what the CHECKS rule
    judges: on its due day a check is not yet late, and what was not late by the end never
    will be."""
    result = []
    for a in facts:
        for check in a.checks:
            if check.return_due not in period:
                continue
            if check.returned is None:
                if check.return_due >= today:
                    continue
                if a.end is not None and check.return_due >= a.end:
                    continue
                lapsed = check.lapsed
                if lapsed is not None and lapsed <= today and check.return_due >= lapsed:
                    continue
            result.append(check)
    return result


# ---------------------------------------------------------------------------- tables
def headline_counts(
    facts: IndexedFacts, period: Period, today: date | None = None
) -> dict[str, int]:
    """The headline figures, in order. A period not over on ``today`` is counted to it.
    Counted from the days ``facts`` holds in order where one day decides (see
    ``IndexedFacts``), by the predicates above otherwise."""
    period = counted_to(period, today)
    start, end = period.start, period.end
    return {
        "New arrangements notified": facts.new_notices.between(start, end),
        "All notifications received": facts.notices.between(start, end),
        # Open at the start + began - ended = open at the end (a child counted once).
        "Open at the start of the period": facts.open_on(start - timedelta(days=1)),
        "Arrangements that began": facts.starts.between(start, end),
        "Arrangements that ended": facts.ends_of_begun.between(start, end),
        "Open at the end of the period": facts.open_on(end),
        "Children living in an arrangement at any time in the period": sum(
            living_in(a, period) for a in facts
        ),
        # Proposals apart: the child is not privately fostered until they move in.
        "Proposals that did not go ahead": facts.ends_not_begun.between(start, end),
        "Proposals still waiting at the end of the period": sum(
            waiting_at(a, period.end) for a in facts
        ),
    }


def headline_table(facts: IndexedFacts, period: Period, today: date | None = None) -> StatTable:
    previous = period.previous()
    this = headline_counts(facts, period, today)
    last = headline_counts(facts, previous, today)
    so_far = counted_to(period, today)

    def label(name: str) -> str:
        # A period not yet over: its stocks are taken on the report day, and say so.
        if so_far.end < period.end and name.endswith("at the end of the period"):
            return f"{name} (this period so far: on {long_date(so_far.end)})"
        return name

    body = tuple((label(name), this[name], last[name], this[name] - last[name]) for name in this)
    row = {name: r for r, name in enumerate(this)}
    began, ended = row["Arrangements that began"], row["Arrangements that ended"]
    start, end = row["Open at the start of the period"], row["Open at the end of the period"]
    living = row["Children living in an arrangement at any time in the period"]
    identities = (
        # Open at the start + began - ended = open at the end.
        *(
            ((began, column, 1), (ended, column, -1), (start, column, 1), (end, column, -1))
            for column in (period.label, previous.label)
        ),
        # Living there at any time = open at the start + began (a stock before the total
        # of the children tables, which it is too).
        *(
            ((began, column, 1), (start, column, 1), (living, column, -1))
            for column in (period.label, previous.label)
        ),
        # This period's start is the last one's end: the same number, in two cells.
        ((start, period.label, 1), (end, previous.label, -1)),
    )
    return StatTable(
        "headline",
        f"Headline figures: {period.label} against {previous.label}",
        ("Figure", period.label, previous.label, "Change"),
        body,
        count_columns=(period.label, previous.label),
        identities=identities,
        note=(
            "A notification counts in the period it was received; an arrangement began on the "
            "day the child moved in and ended on its end date; open at the end of the period "
            "means the child had moved in by the last day and the arrangement had not ended. "
            "Open at the start + began - ended = open at the end. A proposal whose child never "
            "moved in is not an arrangement that began or ended: it did not go ahead (closed "
            "in the period), or is still waiting (neither moved in nor closed)."
        ),
    )


def notifications_by_kind(facts: Sequence[ArrangementFacts], period: Period) -> StatTable:
    kinds = [n.kind for a in facts for n in a.notifications if n.received in period]
    return StatTable(
        "notifications_by_kind",
        "Notifications received, by kind",
        ("Kind", "Notifications"),
        _coded_rows(NOTIFICATION_KINDS, kinds),
        count_columns=("Notifications",),
        note="Every notification received in the period, by the date it was received.",
    )


def notifications_by_source(facts: Sequence[ArrangementFacts], period: Period) -> StatTable:
    new = Counter(n.notifier_role for n in new_arrangement_notices(facts, period))
    every = Counter(n.notifier_role for a in facts for n in a.notifications if n.received in period)
    body: list[tuple[Cell, ...]] = [
        (NOTIFIER_ROLES[role], new.get(role, 0), every.get(role, 0)) for role in NOTIFIER_ROLES
    ]
    body.append(("Total", sum(new.values()), sum(every.values())))
    return StatTable(
        "notifications_by_source",
        "Notifications received, by source",
        ("Source", "New arrangements notified", "All notifications"),
        tuple(body),
        count_columns=("New arrangements notified", "All notifications"),
        note=(
            "New arrangements notified: the first notification of each arrangement (a "
            "proposal, an arrangement already in place or a child who has moved in), received "
            "in the period, by who sent it."
        ),
    )


def ended_by_reason(facts: Sequence[ArrangementFacts], period: Period) -> StatTable:
    reasons = [a.end_reason for a in facts if ended_in(a, period)]
    return StatTable(
        "ended_by_reason",
        "Arrangements that ended, by reason",
        ("Reason", "Arrangements"),
        _coded_rows(END_REASONS, reasons),
        count_columns=("Arrangements",),
        note="Arrangements whose end date falls in the period.",
    )


def age_band(age: int | None) -> str:
    if age is None:
        return NOT_RECORDED
    return next(name for name, low, high in AGE_BANDS if low <= age <= high)


def child_age(a: ArrangementFacts, period: Period) -> int | None:
    dob = a.case.child_dob
    return None if dob is None else age_on(dob, stated_date(a, period))


_CHILDREN_NOTE = (
    "One row per arrangement whose child lived there at any time in the period (moved in by "
    "its last day, not ended before its first). Proposals whose child had not moved in are "
    "not counted here (see the headline)."
)


# Each adds up to the headline's children living in an arrangement at any time.
CHILDREN_TABLES = (
    "children_by_age",
    "children_by_sex",
    "children_by_ethnicity",
    "children_by_country",
    "children_by_disability",
    "children_by_type",
)


def children_tables(facts: Sequence[ArrangementFacts], period: Period) -> list[StatTable]:
    cohort = [a for a in facts if living_in(a, period)]
    total = len(cohort)

    def table(
        key: str, title: str, heading: str, body: tuple[tuple[Cell, ...], ...], note: str
    ) -> StatTable:
        return StatTable(
            key,
            title,
            (heading, "Children", "% of children"),
            _with_share(body, total),
            count_columns=("Children",),
            note=f"{_CHILDREN_NOTE} {note}".strip(),
            # Ethnicity and country are typed: a rare one would tell of a child by itself.
            free_text_labels=key in ("children_by_ethnicity", "children_by_country"),
        )

    ages = Counter(age_band(child_age(a, period)) for a in cohort)
    age_rows: list[tuple[Cell, ...]] = [(name, ages.get(name, 0)) for name, _, _ in AGE_BANDS]
    if ages.get(NOT_RECORDED):
        age_rows.append((NOT_RECORDED, ages[NOT_RECORDED]))
    age_rows.append(("Total", total))
    disabled = Counter(a.case.child_disabled for a in cohort)
    disability_rows: list[tuple[Cell, ...]] = [
        ("Disabled", disabled[True]),
        ("Not disabled", disabled[False]),
    ]
    if disabled[None]:
        disability_rows.append((NOT_RECORDED, disabled[None]))
    disability_rows.append(("Total", total))
    return [
        table(
            "children_by_age",
            "Children by age band",
            "Age band",
            tuple(age_rows),
            "Age in completed years on the first day of the period, or on the day the child "
            "moved in if later.",
        ),
        table(
            "children_by_sex",
            "Children by sex",
            "Sex",
            _coded_rows(SEXES, [a.sex for a in cohort]),
            "",
        ),
        table(
            "children_by_ethnicity",
            "Children by ethnicity",
            "Ethnicity",
            _text_rows([a.ethnicity for a in cohort]),
            "Ethnicity as recorded.",
        ),
        table(
            "children_by_country",
            "Children by country of origin",
            "Country of origin",
            _text_rows([a.country_of_origin for a in cohort]),
            "Country of origin as recorded.",
        ),
        table(
            "children_by_disability",
            "Children by disability",
            "Disability",
            tuple(disability_rows),
            "",
        ),
        table(
            "children_by_type",
            "Children by type of arrangement",
            "Type",
            _coded_rows(ARRANGEMENT_TYPES, [a.type_code for a in cohort]),
            "Children in need census factors 8B to 8F.",
        ),
    ]


def notice_timeliness_table(facts: Sequence[ArrangementFacts], period: Period) -> StatTable:
    timings = [a.timing for a in facts if a.timing is not None and a.timing.received in period]
    counts = Counter(t.timeliness for t in timings)
    known = sum(counts[k] for k in TIMELINESS)
    body: list[tuple[Cell, ...]] = [
        (TIMELINESS_LABELS[k], counts[k], percent(counts[k], known)) for k in TIMELINESS
    ]
    if counts[None]:
        body.append(("Not known (no start or planned start recorded)", counts[None], None))
    body.append(("Total", len(timings), None))
    return StatTable(
        "notice_timeliness",
        "Notice timeliness",
        ("Timeliness", "Notices", "% of notices"),
        tuple(body),
        count_columns=("Notices",),
        note=(
            "The first notification of each arrangement received in the period, whoever sent "
            "it. A proposal is judged against its planned start (or an earlier move-in), any "
            "other notice is retrospective. Percentages are of notices whose timeliness is "
            "known."
        ),
        # A share of the notices of known timeliness, a total not shown as a row.
        share_columns=("% of notices",),
    )


def _tally_row(code: str, label: str, t: Tally) -> tuple[Cell, ...]:
    return (code, label, t.due, t.on_time, t.late, t.not_done, t.percent)


_TALLY_COLUMNS = ("Rule", "Deadline", "Due", "On time", "Late", "Not done", "% on time")
# Each of these counts deadlines about children: a late count of 1 to 4 is as telling as a due
# count of 1 to 4, so all of them are suppressed, not only "Due".
_TALLY_COUNTS = ("Due", "On time", "Late", "Not done")
_TALLY_NOTE = (
    "A deadline counts in the period its due date falls in; those not yet due on the day the "
    "report was made are left out. Late: done after the due date. Not done: overdue, or "
    "missed because the arrangement ended first. % on time is of those due."
)


def _tally_identities(rows: int) -> tuple[tuple[tuple[int, str, int], ...], ...]:
    """On time + late + not done = due, in each row: hidden first, late and not done (the
    due is shown again in the rates compared and the trend)."""
    return tuple(
        ((r, "Late", 1), (r, "Not done", 1), (r, "On time", 1), (r, "Due", -1)) for r in range(rows)
    )


def first_visits_table(facts: IndexedFacts, period: Period) -> StatTable:
    body = [
        _tally_row(code, RULES[code].heading, tally_due(facts, period, (code,)))
        for code in FIRST_VISIT_RULES
    ]
    body.append(
        _tally_row(
            "All first visits",
            "REG4_VISIT and REG7_VISIT: visited within 7 working days",
            tally_due(facts, period, FIRST_VISIT_RULES),
        )
    )
    return StatTable(
        "first_visits",
        "First visits within 7 working days",
        _TALLY_COLUMNS,
        tuple(body),
        count_columns=_TALLY_COUNTS,
        note=_TALLY_NOTE,
        identities=_tally_identities(len(body)),
        percent_of=(("% on time", "On time", "Due"),),
    )


def deadlines_table(facts: IndexedFacts, period: Period) -> StatTable:
    body = [
        _tally_row(code, RULES[code].heading, tally_due(facts, period, (code,)))
        for code in OTHER_DEADLINES
    ]
    return StatTable(
        "deadlines",
        "Statutory visits, visit reports and decisions on time",
        _TALLY_COLUMNS,
        tuple(body),
        count_columns=_TALLY_COUNTS,
        note=_TALLY_NOTE,
        identities=_tally_identities(len(body)),
        percent_of=(("% on time", "On time", "Due"),),
    )


def seen_alone_table(facts: Sequence[ArrangementFacts], period: Period) -> StatTable:
    visits = [v for a in facts for v in a.visits if v.visit_date in period]
    seen = [v for v in visits if v.child_seen]
    alone = sum(v.seen_alone is True for v in seen)
    not_alone = sum(v.seen_alone is False for v in seen)
    unknown = len(seen) - alone - not_alone
    body: list[tuple[Cell, ...]] = [
        ("Child seen alone", alone, percent(alone, len(seen))),
        ("Child seen, not alone", not_alone, percent(not_alone, len(seen))),
    ]
    if unknown:
        body.append(
            ("Child seen, not recorded whether alone", unknown, percent(unknown, len(seen)))
        )
    body += [("Child not seen", len(visits) - len(seen), None), ("All visits", len(visits), None)]
    return StatTable(
        "visits_seen_alone",
        "Visits at which the child was seen alone",
        ("Visits", "Visits in the period", "% of visits at which the child was seen"),
        tuple(body),
        count_columns=("Visits in the period",),
        note="Every visit recorded with a date in the period, of any kind (Reg 8(3)).",
        # A share of the visits at which the child was seen, a total not shown as a row.
        share_columns=("% of visits at which the child was seen",),
    )


def checks_table(facts: Sequence[ArrangementFacts], period: Period, today: date) -> StatTable:
    checks = checks_due_in(facts, period, today)

    def row(label: str, group: list[CheckTiming]) -> tuple[Cell, ...]:
        requested = sum(c.requested is not None and c.requested <= c.request_due for c in group)
        returned = sum(c.returned is not None and c.returned <= c.return_due for c in group)
        days = [(c.returned - c.requested).days for c in group if c.returned and c.requested]
        median = float(statistics.median(days)) if days else None
        return (
            label,
            len(group),
            requested,
            percent(requested, len(group)),
            returned,
            percent(returned, len(group)),
            median,
        )

    body = [row(CHECK_KINDS[k], [c for c in checks if c.kind == k]) for k in CHECK_KINDS]
    body.append(row("All checks", checks))
    return StatTable(
        "checks",
        "Safeguarding checks requested and returned within the local timescale",
        (
            "Check",
            "Due back in the period",
            "Requested on time",
            "% requested on time",
            "Returned on time",
            "% returned on time",
            "Median days to return",
        ),
        tuple(body),
        count_columns=("Due back in the period",),
        note=(
            "Each check a case needed (per person and kind), in the period its results were "
            "due back; not those still to come on the day the report was made. On time: "
            "requested within the local number of working days, and back with an outcome "
            "within the local number of days, of the day the check became necessary. Median "
            "days to return: from the request to the return, of the checks returned."
        ),
    )


def decisions_table(facts: Sequence[ArrangementFacts], period: Period) -> StatTable:
    outcomes = [d.outcome for a in facts for d in a.case.decisions if d.decision_date in period]
    return StatTable(
        "decisions_by_outcome",
        "Suitability decisions, by outcome",
        ("Decision", "Decisions"),
        _coded_rows(DECISION_OUTCOMES, outcomes),
        count_columns=("Decisions",),
        note=(
            "Every decision dated in the period. Whether decisions were on time is in the "
            "deadlines table (ASSESSMENT_DECISION)."
        ),
    )


@dataclass(frozen=True)
class YearFigures:
    period: Period  # counted to the report day if the year was not over (``counted_to``)
    label: str  # the year's label, "to DATE" while it is not over
    new: int
    began: int
    ended: int
    open_at_end: int
    first_visits: Tally
    reg8: Tally
    notices_known: int
    advance: int

    @property
    def advance_percent(self) -> float | None:
        return percent(self.advance, self.notices_known)


def year_figures(facts: IndexedFacts, period: Period, today: date | None = None) -> YearFigures:
    """A year's (or any period's) trend figures; one not over on ``today`` is counted to it,
    its label saying so ("FY 2027-28 to 1 May 2027"). Counted from the days ``facts`` holds
    in order, as the headline counts (see ``IndexedFacts``)."""
    whole, period = period, counted_to(period, today)
    label = whole.label if period == whole else f"{whole.label} to {long_date(period.end)}"
    start, end = period.start, period.end
    return YearFigures(
        period=period,
        label=label,
        new=facts.new_notices.between(start, end),
        began=facts.starts.between(start, end),
        ended=facts.ends_of_begun.between(start, end),
        open_at_end=facts.open_on(end),
        first_visits=tally_due(facts, period, FIRST_VISIT_RULES),
        reg8=tally_due(facts, period, ("REG8_VISIT",)),
        notices_known=facts.judged_notices.between(start, end),
        advance=facts.advance_notices.between(start, end),
    )


def register_years(facts: Sequence[ArrangementFacts], period: Period) -> list[Period]:
    """The financial years from the register's first notice or move-in to ``period``'s."""
    last = financial_year_of(period.end)
    days = [a.opened for a in facts if a.opened is not None]
    first = min(financial_year_of(min(days)), last) if days else last
    return [financial_year(year) for year in range(first, last + 1)]


def trend_table(years: Sequence[YearFigures]) -> StatTable:
    return StatTable(
        "trend",
        "Trends over the financial years the register holds",
        (
            "Financial year",
            "New arrangements notified",
            "Began",
            "Ended",
            "Open at 31 March",
            "First visits: due",
            "First visits: % on time",
            "REG8 visits: due",
            "REG8 visits: % on time",
            "Notices: timeliness known",
            "Notices: % advance",
        ),
        tuple(
            (
                y.label,
                y.new,
                y.began,
                y.ended,
                y.open_at_end,
                y.first_visits.due,
                y.first_visits.percent,
                y.reg8.due,
                y.reg8.percent,
                y.notices_known,
                y.advance_percent,
            )
            for y in years
        ),
        count_columns=(
            "New arrangements notified",
            "Began",
            "Ended",
            "Open at 31 March",
            "First visits: due",
            "REG8 visits: due",
            "Notices: timeliness known",
        ),
        # Open at the end of last year + began - ended = open at the end of this one (none
        # open before the register's first year).
        identities=tuple(
            (
                (r, "Began", 1),
                (r, "Ended", -1),
                *(((r - 1, "Open at 31 March", 1),) if r else ()),
                (r, "Open at 31 March", -1),
            )
            for r in range(len(years))
        ),
        note=(
            "Each financial year counted as in the tables above. A year not yet over is "
            "counted to the day the report was made, and labelled with that day: its 'Open "
            "at 31 March' is the number open on that day."
        ),
        shares=tuple(
            share
            for r, y in enumerate(years)
            for share in (
                (r, "First visits: % on time", y.first_visits.on_time, y.first_visits.due),
                (r, "REG8 visits: % on time", y.reg8.on_time, y.reg8.due),
                (r, "Notices: % advance", y.advance, y.notices_known),
            )
        ),
    )


def trend_charts(years: Sequence[YearFigures]) -> tuple[Chart, ...]:
    labels = tuple(y.label for y in years)

    def values(get: Callable[[YearFigures], float | None]) -> tuple[float, ...]:
        return tuple(float("nan") if get(y) is None else float(get(y) or 0) for y in years)

    return (
        Chart(
            "trend_counts",
            "Arrangements by financial year",
            "bar",
            labels,
            (
                ("New arrangements notified", values(lambda y: y.new)),
                ("Began", values(lambda y: y.began)),
                ("Ended", values(lambda y: y.ended)),
                ("Open at 31 March", values(lambda y: y.open_at_end)),
            ),
            # Each point is the trend table's cell: an export hides what the table hides.
            cells=tuple(
                column_cells("trend", column, len(years))
                for column in ("New arrangements notified", "Began", "Ended", "Open at 31 March")
            ),
        ),
        Chart(
            "trend_rates",
            "Visits on time and advance notices (%) by financial year",
            "line",
            labels,
            (
                ("First visits: % on time", values(lambda y: y.first_visits.percent)),
                ("REG8 visits: % on time", values(lambda y: y.reg8.percent)),
                ("Notices: % advance", values(lambda y: y.advance_percent)),
            ),
            cells=tuple(
                column_cells("trend", column, len(years))
                for column in (
                    "First visits: % on time",
                    "REG8 visits: % on time",
                    "Notices: % advance",
                )
            ),
        ),
    )


def rates_compared(this: YearFigures, last: YearFigures) -> StatTable:
    def measure(
        label: str, get: Callable[[YearFigures], tuple[int, float | None]]
    ) -> tuple[Cell, ...]:
        return (label, *get(this), *get(last))

    a, b = this.period.label, last.period.label
    return StatTable(
        "rates_compared",
        f"Visits on time and advance notices: {a} against {b}",
        ("Measure", f"{a}: number", f"{a}: %", f"{b}: number", f"{b}: %"),
        (
            measure(
                "First visits within 7 working days (of those due)",
                lambda y: (y.first_visits.due, y.first_visits.percent),
            ),
            measure("REG8 visits on time (of those due)", lambda y: (y.reg8.due, y.reg8.percent)),
            measure(
                "Advance notices (of first notices with known timeliness)",
                lambda y: (y.notices_known, y.advance_percent),
            ),
        ),
        count_columns=(f"{a}: number", f"{b}: number"),
        note="Number: the deadlines due, or the notices judged, that the percentage is of.",
        # What each percentage is of, so that an export hides one that gives away a small
        # number on time, late, advance or not advance.
        shares=tuple(
            (r, f"{y.period.label}: %", part, whole)
            for y in (this, last)
            for r, (part, whole) in enumerate(
                (
                    (y.first_visits.on_time, y.first_visits.due),
                    (y.reg8.on_time, y.reg8.due),
                    (y.advance, y.notices_known),
                )
            )
        ),
    )


# ---------------------------------------------------------------------------- the report
def build_annual_report(
    facts: Sequence[ArrangementFacts],
    period: Period,
    *,
    today: date,
    authority: str = "",
) -> Report:
    """The annual (or quarterly) report from facts already judged on ``today``."""
    if not isinstance(facts, IndexedFacts):
        facts = IndexedFacts(facts)
    if facts.loaded_for not in (None, period):  # loaded for one period, reported for another
        raise ValueError(f"facts loaded for {facts.loaded_for.label}, not {period.label}")
    years = [year_figures(facts, y, today) for y in register_years(facts, period)]
    # A period not over is counted to the report day in every table (the headline, rates
    # and trend count so), so that a figure shown in two tables is one figure: a report
    # made as of a past day leaves out what was recorded after it.
    so_far = counted_to(period, today)
    tables = [
        headline_table(facts, period, today),
        rates_compared(
            year_figures(facts, period, today), year_figures(facts, period.previous(), today)
        ),
        notifications_by_kind(facts, so_far),
        notifications_by_source(facts, so_far),
        ended_by_reason(facts, so_far),
        *children_tables(facts, so_far),
        notice_timeliness_table(facts, so_far),
        first_visits_table(facts, so_far),
        deadlines_table(facts, so_far),
        seen_alone_table(facts, so_far),
        checks_table(facts, so_far, today),
        decisions_table(facts, so_far),
        trend_table(years),
    ]
    title = "Private fostering report"
    if authority:
        title = f"{authority}: private fostering report"
    notes = [f"Made on {long_date(today)} from the register as it stood that day."]
    if today < period.end:
        notes.append(
            f"The period has not ended: figures run to {long_date(today)}, and deadlines "
            "still to come are left out."
        )
    notes.append("Definitions: docs/statistics-annual.md. No names appear in these tables.")
    identities, same_figures = _ties(tables, period, years, today)
    return Report(
        title,
        period,
        tuple(tables),
        trend_charts(years),
        tuple(notes),
        identities=identities,
        same_figures=same_figures,
    )


def _ties(
    tables: Sequence[StatTable], period: Period, years: Sequence[YearFigures], today: date
) -> tuple[tuple[tuple[tuple[CellRef, int], ...], ...], tuple[tuple[CellRef, ...], ...]]:
    """The figures the report shows in more than one table, for an export to hide alike
    (``Report.identities``, ``Report.same_figures``): a count hidden in one table and shown
    in another is not hidden. Row -1 is a table's total (its last row, after any fold)."""
    this, last = period.label, period.previous().label
    # By name, without the " (this period so far: …)" that headline_table's label() adds
    # to a stock of a period not over.
    head_table = next(t for t in tables if t.key == "headline")
    headline = {str(name).partition(" (")[0]: r for r, (name, *_) in enumerate(head_table.rows)}

    def head(name: str, column: str = this) -> CellRef:
        return CellRef("headline", headline[name], column)

    def total(key: str, column: str) -> CellRef:
        return CellRef(key, -1, column)

    equal: list[tuple[CellRef, CellRef]] = [
        (
            head("New arrangements notified"),
            total("notifications_by_source", "New arrangements notified"),
        ),
        # Each new arrangement's first notice is judged for timeliness (known or not).
        (head("New arrangements notified"), total("notice_timeliness", "Notices")),
        (head("All notifications received"), total("notifications_by_source", "All notifications")),
        (head("All notifications received"), total("notifications_by_kind", "Notifications")),
        (head("Arrangements that ended"), total("ended_by_reason", "Arrangements")),
        *(
            (
                head("Children living in an arrangement at any time in the period"),
                total(key, "Children"),
            )
            for key in CHILDREN_TABLES
        ),
        (CellRef("rates_compared", 0, f"{this}: number"), total("first_visits", "Due")),
        (CellRef("rates_compared", 1, f"{this}: number"), CellRef("deadlines", 0, "Due")),
    ]
    same: list[tuple[CellRef, ...]] = [
        (CellRef("rates_compared", 0, f"{this}: %"), total("first_visits", "% on time")),
        (CellRef("rates_compared", 1, f"{this}: %"), CellRef("deadlines", 0, "% on time")),
        (
            CellRef("rates_compared", 2, f"{this}: %"),
            CellRef("notice_timeliness", 0, "% of notices"),
        ),
    ]
    # The notices of known timeliness: advance + short + retrospective.
    # (the parts first: one of them is hidden before the number that adds them up)
    known = [
        *((CellRef("notice_timeliness", r, "Notices"), 1) for r in range(len(TIMELINESS))),
        (CellRef("rates_compared", 2, f"{this}: number"), -1),
    ]
    # A financial year's report shows its year, and the one before, in the trend too.
    for column, counted, r in (
        (this, counted_to(period, today), len(years) - 1),
        (last, counted_to(period.previous(), today), len(years) - 2),
    ):
        if r < 0 or years[r].period != counted:
            continue
        for name, trend_column in (
            ("New arrangements notified", "New arrangements notified"),
            ("Arrangements that began", "Began"),
            ("Arrangements that ended", "Ended"),
            ("Open at the end of the period", "Open at 31 March"),
        ):
            equal.append((head(name, column), CellRef("trend", r, trend_column)))
        for row, (number, share) in enumerate(
            (
                ("First visits: due", "First visits: % on time"),
                ("REG8 visits: due", "REG8 visits: % on time"),
                ("Notices: timeliness known", "Notices: % advance"),
            )
        ):
            equal.append(
                (CellRef("rates_compared", row, f"{column}: number"), CellRef("trend", r, number))
            )
            same.append(
                (CellRef("rates_compared", row, f"{column}: %"), CellRef("trend", r, share))
            )
    identities = (*(((a, 1), (b, -1)) for a, b in equal), tuple(known))
    return identities, tuple(same)


def annual_report(
    register: Register,
    period: Period,
    *,
    today: date | None = None,
    with_child_list: bool = False,
) -> Report:
    """Every figure of issue 5 for ``period``, this period against the previous one, and the
    trends over the financial years the register holds: aggregate tables only, unless
    ``with_child_list`` adds, last, the child-level list (``aggregate=False``: never
    suppressed; ``exporting.write_report`` puts it in a separate restricted file, never in
    the file of aggregate figures)."""
    today = today or register.today()
    # A county's facts are ~10^6 small objects (see gc_paused), freed, as _report returns,
    # before the collector resumes: else its first collection walks every one of them.
    with gc_paused():
        return _report(register, period, today, with_child_list)


def _report(register: Register, period: Period, today: date, with_child_list: bool) -> Report:
    facts = IndexedFacts(load_annual_facts(register, today, period))
    try:
        report = build_annual_report(
            facts, period, today=today, authority=register.settings.authority_name
        )
        if not with_child_list:
            return report
        return dataclasses.replace(
            report, tables=(*report.tables, build_child_level_list(facts, period, today))
        )
    finally:
        let_go(facts)


def without_child_list(report: Report) -> Report:
    """The report with no child-level table: only aggregate figures."""
    return report.split_restricted()[0]


# ---------------------------------------------------------------------------- child-level list
CHILD_LIST_COLUMNS = (
    "Case",
    "Age",
    "Sex",
    "Ethnicity",
    "Type",
    "Notified",
    "Notification kind",
    "Start date",
    "First visit",
    "Working days to first visit",
    "Visits due",
    "Visits on time",
    "Checks complete",
    "Decision",
    "Decision date",
    "End date",
    "End reason",
)


def child_row(a: ArrangementFacts, period: Period, today: date | None = None) -> tuple[Cell, ...]:
    notice = a.first_notice
    # Visits due to the report day, as the deadline tables count them.
    visits = tally(due_in([a], counted_to(period, today), VISIT_RULES))
    decisions = [d for d in a.case.decisions if d.decision_date <= period.end]
    decision = max(decisions, key=lambda d: (d.decision_date, d.id), default=None)
    return (
        a.reference,
        child_age(a, period),
        SEXES.label(a.sex) or None,
        (a.ethnicity or "").strip() or None,
        a.type_code,
        notice.received if notice else None,
        NOTIFICATION_KINDS.label(notice.kind) if notice else None,
        a.start,
        a.first_visit,
        a.working_days_to_first_visit,
        visits.due,
        visits.on_time,
        a.checks_complete,
        DECISION_OUTCOMES.label(decision.outcome) if decision else None,
        decision.decision_date if decision else None,
        a.end,
        END_REASONS.label(a.end_reason) or None,
    )


def build_child_level_list(
    facts: Sequence[ArrangementFacts], period: Period, today: date | None = None
) -> StatTable:
    return StatTable(
        "child_level_list",
        f"Child-level list: cases open at any time in {period.label}",
        CHILD_LIST_COLUMNS,
        tuple(child_row(a, period, today) for a in facts if in_period(a, period)),
        note=(
            "One row per arrangement, no names and no free text. Age on the first day of the "
            "period, or the later day the child moved in (a proposal: the case opened). "
            "Visits due: REG4, REG7 and REG8 visits due "
            "in the period (not those still to come). Checks complete: the day the last "
            "required check came back, blank while any is outstanding. Decision: the latest "
            "by the end of the period."
        ),
        aggregate=False,
    )


__all__ = [
    "ArrangementFacts",
    "annual_report",
    "build_annual_report",
    "build_child_level_list",
    "load_annual_facts",
    "notice_timeliness_table",
    "without_child_list",
]
