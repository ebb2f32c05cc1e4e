"""Notice timeliness: did the authority hear of an arrangement before the child moved in?

Section 2 of the rules document: a carer must give at least six weeks' (42 days') notice of
a proposed arrangement (Reg 3(1)). A notice is ``advance`` when it was received at least 42
days before the start, ``short`` when it came before the start but later than that, and
``retrospective`` when it came on or after the start: the child was already living there.
More ``advance`` notices over time is evidence that awareness-raising works.

Which notice and which start (the rules leave this open; see docs/statistics-annual.md):

- The notice classified is the arrangement's **first opening notification** (a proposal, an
  arrangement already in place, or a child who has moved in), whoever sent it. Counting only
  the carer's own notice would drop the cases the authority heard of from a school or a
  neighbour because the carer never told it: exactly the late ones. Who sent it is kept
  (``notifier_role``) so a caller can look at the carers' notices alone.
- A **proposal** is judged against its **planned start** (of the arrangement, else of the
  notice), as worked example 5 does; if the child is recorded as moving in *earlier* than
  planned, against that move-in date (the notice was then shorter than planned). Never
  against a later move-in date: when a Reg 6 notice leaves the move-in date blank, the
  register fills in the day the notice was received, which is not when the child moved in,
  and judging against it would turn a short notice into an advance one. With no planned
  start, against the recorded move-in date; with neither, timeliness is not known (None).
- A notice saying the child already lives there (Reg 5 or Reg 6) is ``retrospective``, with
  the recorded move-in date (if any) as its start.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from pf_register.codes import CHILD_LIVING_THERE_KINDS, OPENING_KINDS
from pf_register.database import Database
from pf_register.dates import from_iso
from pf_register.loading import IsoDates, SharedText, select_by_ids

ADVANCE_NOTICE = timedelta(days=42)  # Reg 3(1): at least six weeks before the start
TIMELINESS = ("advance", "short", "retrospective")
TIMELINESS_LABELS = {
    "advance": "Advance (42 days or more before the start)",
    "short": "Short (before the start, under 42 days)",
    "retrospective": "Retrospective (on or after the start)",
}


def notice_timeliness(received: date, start: date) -> str:
    """ "advance" (received >= 42 days before ``start``), "short" (before it, under 42 days)
    or "retrospective" (on or after it)."""
    if received >= start:
        return "retrospective"
    if start - received >= ADVANCE_NOTICE:
        return "advance"
    return "short"


@dataclass(frozen=True)
class Notice:
    """One notification as the timeliness statistic reads it."""

    kind: str
    received: date
    notifier_role: str = ""
    planned_start: date | None = None
    id: int = 0


@dataclass(frozen=True)
class NoticeTiming:
    """How early the authority heard of one arrangement."""

    notice: Notice
    start: date | None  # the start it was judged against; None when not recorded
    timeliness: str | None  # None: neither a start nor a planned start is known

    @property
    def received(self) -> date:
        return self.notice.received

    @property
    def notifier_role(self) -> str:
        return self.notice.notifier_role


def first_notice(notices: Iterable[Notice]) -> Notice | None:
    """The arrangement's first opening notification (ties: the lowest id, i.e. first entered)."""
    opening = [n for n in notices if n.kind in OPENING_KINDS]
    return min(opening, key=lambda n: (n.received, n.id), default=None)


def arrangement_notice_timing(
    notices: Iterable[Notice],
    *,
    start_date: date | None,
    planned_start: date | None = None,
) -> NoticeTiming | None:
    """Classify an arrangement's notice from its facts; None if it has no opening notice.

    ``start_date`` is the day the child moved in (if recorded); ``planned_start`` the
    arrangement's planned start. See the module docstring for the choices made.
    """
    notice = first_notice(notices)
    if notice is None:
        return None
    if notice.kind in CHILD_LIVING_THERE_KINDS:
        return NoticeTiming(notice, start_date, "retrospective")
    planned = planned_start or notice.planned_start
    # The planned start, or an earlier recorded move-in; never a later one (see the module
    # docstring); with no planned start, the recorded move-in.
    start = min((d for d in (planned, start_date) if d is not None), default=None)
    if start is None:
        return NoticeTiming(notice, None, None)
    return NoticeTiming(notice, start, notice_timeliness(notice.received, start))


def load_notices(
    db: Database, *, received_between: tuple[date, date] | None = None
) -> dict[int, list[Notice]]:
    """Every notification, by arrangement id, in one query; with ``received_between``, every
    notification of the arrangements that had one received in those days (both included),
    so that their first notice is still chosen from them all. Each distinct day and code is
    one object (``IsoDates``, ``SharedText``): a county's ~10^4 notices hold a few hundred."""
    notices: dict[int, list[Notice]] = {}
    days, code = IsoDates(), SharedText()
    sql = (
        "SELECT id, arrangement_id, kind, received, notifier_role, planned_start FROM notifications"
    )
    params: tuple[str, ...] = ()
    if received_between is not None:
        sql += (
            " WHERE arrangement_id IN"
            " (SELECT arrangement_id FROM notifications WHERE received BETWEEN ? AND ?)"
        )
        params = tuple(day.isoformat() for day in received_between)
    for nid, aid, kind, received, role, planned in db.execute(sql, params):
        notices.setdefault(aid, []).append(
            Notice(code[kind], days[received], code[role or ""], days[planned], nid)  # type: ignore[arg-type]
        )
    return notices


def load_notice_timings(
    db: Database, notices: dict[int, list[Notice]] | None = None
) -> dict[int, NoticeTiming]:
    """The timing of every arrangement's first notice, by arrangement id. Pass ``notices``
    (from ``load_notices``) when the caller has them already; only their arrangements are
    read and judged (one with no notice has no timing): the awareness report's year is a
    tenth of a county's arrangements, read by id rather than scanning them all."""
    if notices is None:
        notices = load_notices(db)
    result: dict[int, NoticeTiming] = {}
    for aid, start_date, planned_start in select_by_ids(
        db, "SELECT id, start_date, planned_start FROM arrangements", "id", sorted(notices)
    ):
        timing = arrangement_notice_timing(
            notices[aid],
            start_date=from_iso(start_date),
            planned_start=from_iso(planned_start),
        )
        if timing is not None:
            result[aid] = timing
    return result


__all__ = [
    "ADVANCE_NOTICE",
    "TIMELINESS",
    "TIMELINESS_LABELS",
    "Notice",
    "NoticeTiming",
    "arrangement_notice_timing",
    "first_notice",
    "load_notice_timings",
    "load_notices",
    "notice_timeliness",
]
