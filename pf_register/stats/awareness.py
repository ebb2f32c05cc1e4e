"""Awareness raising: does it work, and where should it go next? (issue 4; rules section 5)

``awareness_report`` turns the enquiry log, the activity log and the notifications into tables
and charts for a period. Every figure is defined in docs/statistics-awareness.md; in short:

- an **enquiry** counts in the period holding its ``enquiry_date``;
- a **notification** is a new arrangement, counted in the period holding its first opening
  notification (the notice ``stats.notices`` classifies as advance, short or retrospective);
  its sector is the notifier's (``codes.sector_of_notifier``) and its area the postcode
  district of the arrangement's address (else the carer's);
- an **activity** counts in the period holding its ``activity_date``; its audience matches an
  enquiry or notification from the same sector ("mixed": any sector) and the same area (an
  activity with no area: the whole authority).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from pf_register.codes import (
    ACTIVITY_AUDIENCES,
    ACTIVITY_KINDS,
    ENQUIRY_CHANNELS,
    ENQUIRY_OUTCOMES,
    ENQUIRY_SOURCES,
    sector_of_notifier,
)
from pf_register.dates import month_in_words
from pf_register.loading import IsoDates, SharedText, rows, select_by_ids
from pf_register.records import record
from pf_register.stats.notices import TIMELINESS, load_notice_timings, load_notices
from pf_register.stats.period import Period, financial_year_of, quarter
from pf_register.stats.report import Cell, CellRef, Chart, Report, StatTable, column_cells

if TYPE_CHECKING:
    from pf_register.register import Register

WHOLE_AUTHORITY = "Whole authority"
NOT_RECORDED = "Not recorded"
TOTAL = "Total"
# A UK postcode is an outward code, the district (one or two area letters, a district digit,
# then perhaps a digit or a letter: "AB3", "AB34", "SW1A"), and an inward code (a digit and
# two letters: "4XY"), with or without a space between. The inward code always has three
# characters, so "AB34XY" can only be AB3 4XY (the regex backtracks to find it).
_DISTRICT = r"[A-Z]{1,2}\d[A-Z\d]?"
_POSTCODE = re.compile(rf"\b({_DISTRICT})\s*\d[A-Z]{{2}}\b")
_AREA_POSTCODE = re.compile(rf"({_DISTRICT})(?:\s*\d[A-Z]{{2}}|\s+\d)?")  # whole, or sector


def postcode_district(address: str | None) -> str | None:
    """The postcode district of an address: "12 Elm Road, Exampleton AB3 4XY", "...AB34XY"
    and "... ab3 4xy" all give "AB3"; None when it holds no full postcode."""
    found = _POSTCODE.search((address or "").upper())
    return found[1] if found else None


def normal_area(text: str | None) -> str | None:
    """An area as typed, so that the same place compares equal: a postcode district as it
    is ("ab3 " -> "AB3"), a whole postcode or a postcode sector as its district ("AB3 4XY",
    "ab34xy", "AB3 4" -> "AB3"), anything else (a ward's name) without case or extra spaces
    ("  riverside  ward" -> "RIVERSIDE WARD")."""
    cleaned = " ".join((text or "").split()).upper()
    if not cleaned:
        return None
    found = _AREA_POSTCODE.fullmatch(cleaned)
    return found[1] if found else cleaned


@record
class _Enquiry:
    day: date
    sector: str
    channel: str
    area: str | None
    outcome: str


@record
class _Notice:
    day: date
    sector: str
    area: str | None
    timeliness: str | None


@record
class _Activity:
    id: int
    day: date
    kind: str
    audience: str
    area: str | None
    reached: int | None
    title: str

    @property
    def label(self) -> str:
        return f"{self.day.isoformat()} {self.title or ACTIVITY_KINDS.label(self.kind)}"

    def reaches(self, sector: str, area: str | None) -> bool:
        """Whether an enquiry or notice from ``sector`` and ``area`` is in this audience."""
        same_sector = self.audience == "mixed" or self.audience == sector
        return same_sector and (self.area is None or self.area == area)


class _NormalAreas(dict[str | None, str | None]):
    """``normal_area`` of each text, worked out once per distinct text."""

    def __missing__(self, text: str | None) -> str | None:
        area = self[text] = normal_area(text)
        return area


class _DaysByAudience:
    """The days of enquiries (or notices) in order, whole and by sector, area and both:
    counting those from an activity's audience in its weeks before or after is then a
    bisection, not a scan of the whole log for every activity (which grew with the square of
    the register: a county's year took over a second)."""

    def __init__(self, items: Iterable[_Enquiry | _Notice]) -> None:
        self.every: list[date] = []
        self.by_sector: dict[str, list[date]] = defaultdict(list)
        self.by_area: dict[str | None, list[date]] = defaultdict(list)
        self.by_both: dict[tuple[str, str | None], list[date]] = defaultdict(list)
        for item in items:
            self.every.append(item.day)
            self.by_sector[item.sector].append(item.day)
            self.by_area[item.area].append(item.day)
            self.by_both[(item.sector, item.area)].append(item.day)
        for days in (
            self.every,
            *self.by_sector.values(),
            *self.by_area.values(),
            *self.by_both.values(),
        ):
            days.sort()

    def count(self, activity: _Activity, first: date, last: date) -> int:
        """How many from ``activity``'s audience (``_Activity.reaches``) fall from ``first``
        to ``last``, both included."""
        mixed, area = activity.audience == "mixed", activity.area
        if mixed:
            days = self.every if area is None else self.by_area.get(area, [])
        elif area is None:
            days = self.by_sector.get(activity.audience, [])
        else:
            days = self.by_both.get((activity.audience, area), [])
        return bisect_right(days, last) - bisect_left(days, first)


def _load(
    register: Register, period: Period, span: timedelta
) -> tuple[list[_Enquiry], list[_Notice], list[_Activity]]:
    """The enquiries and first notices of new arrangements dated in ``period`` or the
    ``span`` either side of it (each activity in it is compared over the weeks around it; a
    county's twenty years hold ~50,000 enquiries and ~10,000 notices, read for nothing),
    and the activities of the period."""
    db = register.db
    first, last = _weeks_before(period.start, span), _weeks_after(period.end, span)
    # A log of tens of thousands of enquiries holds a few thousand distinct days and areas:
    # each is read once. Not ordered: every figure counts them, none lists them, and
    # "ORDER BY enquiry_date" read each row of the log out of place.
    days, areas_typed, code = IsoDates(), _NormalAreas(), SharedText()
    between = (first.isoformat(), last.isoformat())  # ISO dates order as text
    enquiries = [
        _Enquiry(
            days[day],  # type: ignore[arg-type]
            code[sector],
            code[channel],
            areas_typed[area],
            code[outcome],
        )
        for day, sector, channel, area, outcome in db.execute(
            "SELECT enquiry_date, source_sector, channel, area, outcome"
            " FROM enquiries WHERE enquiry_date BETWEEN ? AND ?",
            between,
        )
    ]
    # The arrangements with a notice received in those days: all the first notices there.
    judged = load_notice_timings(db, load_notices(db, received_between=(first, last)))
    timings = {aid: t for aid, t in judged.items() if first <= t.received <= last}
    areas = {
        aid: postcode_district(address) or postcode_district(carer_address)
        for aid, address, carer_address in select_by_ids(
            db,
            "SELECT a.id, a.address, p.address FROM arrangements a"
            " LEFT JOIN people p ON p.id = a.carer_id",
            "a.id",
            sorted(timings),
        )
    }
    notices = [
        _Notice(t.received, sector_of_notifier(t.notifier_role), areas.get(aid), t.timeliness)
        for aid, t in sorted(timings.items())
    ]
    activities = [
        _Activity(
            r["id"],
            date.fromisoformat(r["activity_date"]),
            r["kind"],
            r["audience_sector"],
            areas_typed[r["area"]],
            r["reached"],
            r["title"] or "",
        )
        for r in rows(
            db,
            "SELECT * FROM activities WHERE activity_date BETWEEN ? AND ?"
            " ORDER BY activity_date, id",
            (period.start.isoformat(), period.end.isoformat()),
        )
    ]
    return enquiries, notices, activities


def _weeks_before(day: date, span: timedelta) -> date:
    return day - span if day - date.min > span else date.min


def _weeks_after(day: date, span: timedelta) -> date:
    return day + span if date.max - day > span else date.max


def _traced_to(
    register: Register, activities: Sequence[_Activity]
) -> tuple[Counter[int], Counter[int]]:
    """For each activity, the enquiries traced to it, and those confirmed private
    fostering, whenever they came (read by activity: they may be long after)."""
    found = select_by_ids(
        register.db,
        "SELECT activity_id, outcome = 'confirmed_pf' FROM enquiries",
        "activity_id",
        [a.id for a in activities],
    )
    traced = Counter(activity_id for activity_id, _ in found)
    return traced, Counter(activity_id for activity_id, confirmed in found if confirmed)


def _months(period: Period) -> list[tuple[int, int]]:
    result = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        result.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def _quarters(period: Period) -> list[Period]:
    """The financial quarters overlapping the period, each clipped to it."""
    result: list[Period] = []
    day = period.start
    while day <= period.end:
        fy = financial_year_of(day)
        number = (day.month - 4) % 12 // 3 + 1
        q = quarter(fy, number)
        result.append(Period(max(q.start, period.start), min(q.end, period.end), q.label))
        day = q.end + timedelta(days=1)
    return result


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _total_row(
    label: str, table_rows: list[tuple[Cell, ...]], columns: Iterable[int]
) -> tuple[Cell, ...]:
    """A "Total" row: the sum of each of ``columns``; other cells empty."""
    wanted = set(columns)
    width = len(table_rows[0]) if table_rows else max(wanted) + 1
    cells: list[Cell] = [label, *([None] * (width - 1))]
    for index in wanted:
        cells[index] = sum(r[index] for r in table_rows if isinstance(r[index], int))  # type: ignore[misc]
    return tuple(cells)


def _area_label(area: str | None, *, whole: bool = False) -> str:
    if area is not None:
        return area
    return WHOLE_AUTHORITY if whole else NOT_RECORDED


def awareness_report(
    register: Register,
    period: Period,
    *,
    weeks: int | None = None,
    today: date | None = None,
) -> Report:
    """Every awareness statistic of issue 4 for ``period`` (see docs/statistics-awareness.md).

    ``weeks`` is how many weeks before and after each activity are compared (default: the
    ``awareness_weeks`` setting); ``today`` says whether an activity's weeks after are over.
    """
    weeks = register.settings.awareness_weeks if weeks is None else weeks
    today = today or register.today()
    span = timedelta(weeks=weeks)
    all_enquiries, all_notices, activities = _load(register, period, span)
    enquiries = [e for e in all_enquiries if e.day in period]
    notices = [n for n in all_notices if n.day in period]
    tables: list[StatTable] = []
    charts: list[Chart] = []

    # ---- enquiries and notifications by month
    asked_in = Counter((e.day.year, e.day.month) for e in enquiries)
    told_in = Counter((n.day.year, n.day.month) for n in notices)
    by_month: list[tuple[str, int, int]] = [
        (month_in_words(date(*key, 1), short=True), asked_in[key], told_in[key])
        for key in _months(period)
    ]
    month_rows: list[tuple[Cell, ...]] = list(by_month)
    month_rows.append(_total_row(TOTAL, month_rows, (1, 2)))
    tables.append(
        StatTable(
            "by_month",
            "Enquiries and notifications of new arrangements by month",
            ("Month", "Enquiries", "Notifications"),
            tuple(month_rows),
            count_columns=("Enquiries", "Notifications"),
            note="Enquiries by the date of the enquiry; notifications by the date the first "
            "notice of each new arrangement was received.",
        )
    )
    # Bars, not lines, for series over time: a line of one point, or one broken by hidden
    # small counts, cannot be drawn in the PDF (reportlab needs two points a polyline).
    charts.append(
        Chart(
            "by_month",
            "Enquiries and notifications by month",
            "bar",
            tuple(str(r[0]) for r in by_month),
            (
                ("Enquiries", tuple(float(r[1]) for r in by_month)),
                ("Notifications", tuple(float(r[2]) for r in by_month)),
            ),
            cells=(
                column_cells("by_month", "Enquiries", len(by_month)),
                column_cells("by_month", "Notifications", len(by_month)),
            ),
        )
    )

    # ---- by source sector, with conversion to confirmed private fostering
    sector_rows: list[tuple[Cell, ...]] = []
    for code in ENQUIRY_SOURCES:
        asked = [e for e in enquiries if e.sector == code]
        confirmed = sum(1 for e in asked if e.outcome == "confirmed_pf")
        notified = sum(1 for n in notices if n.sector == code)
        sector_rows.append(
            (
                ENQUIRY_SOURCES.label(code),
                len(asked),
                confirmed,
                _pct(confirmed, len(asked)),
                notified,
            )
        )
    asked_all = len(enquiries)
    confirmed_all = sum(1 for e in enquiries if e.outcome == "confirmed_pf")
    sector_rows.append(
        (TOTAL, asked_all, confirmed_all, _pct(confirmed_all, asked_all), len(notices))
    )
    tables.append(
        StatTable(
            "by_sector",
            "Enquiries by who enquired, conversion to private fostering, and notifications",
            ("Sector", "Enquiries", "Confirmed private fostering", "Conversion %", "Notifications"),
            tuple(sector_rows),
            count_columns=("Enquiries", "Confirmed private fostering", "Notifications"),
            note="Conversion: enquiries whose outcome is 'confirmed private fostering', as a "
            "percentage of all enquiries from the sector in the period (pending ones included). "
            "Notifications by the sector of whoever sent the first notice.",
        )
    )

    # ---- by area
    def place(area: str | None, empty: str = NOT_RECORDED) -> str:
        return area if area is not None else empty

    keys = {place(e.area) for e in enquiries} | {place(n.area) for n in notices}
    keys |= {place(a.area, WHOLE_AUTHORITY) for a in activities}
    last = (NOT_RECORDED, WHOLE_AUTHORITY)
    asked_from = Counter(place(e.area) for e in enquiries)
    told_from = Counter(place(n.area) for n in notices)
    area_rows: list[tuple[Cell, ...]] = []
    for key in sorted(k for k in keys if k not in last) + [k for k in last if k in keys]:
        held = [a for a in activities if place(a.area, WHOLE_AUTHORITY) == key]
        area_rows.append(
            (
                key,
                asked_from[key],
                told_from[key],
                len(held),
                sum(a.reached or 0 for a in held),
            )
        )
    area_rows.append(_total_row(TOTAL, area_rows, (1, 2, 3, 4)))
    tables.append(
        StatTable(
            "by_area",
            "Enquiries, notifications and activities by area",
            ("Area", "Enquiries", "Notifications", "Activities", "People reached"),
            tuple(area_rows),
            count_columns=("Enquiries", "Notifications"),
            note="Area: as typed for enquiries and activities; for notifications the postcode "
            "district of the child's address (else the carer's). Activities for the whole "
            "authority have a row of their own.",
        )
    )

    # ---- by channel and by outcome
    for key, title, heading, codes, attribute in (
        ("by_channel", "Enquiries by channel", "Channel", ENQUIRY_CHANNELS, "channel"),
        ("by_outcome", "Enquiries by outcome", "Outcome", ENQUIRY_OUTCOMES, "outcome"),
    ):
        counted = Counter(getattr(e, attribute) for e in enquiries)
        code_rows: list[tuple[Cell, ...]] = [(codes.label(c), counted[c]) for c in codes]
        code_rows.append(_total_row(TOTAL, code_rows, (1,)))
        tables.append(
            StatTable(key, title, (heading, "Enquiries"), tuple(code_rows), ("Enquiries",))
        )

    # ---- enquiries traced to each activity held in the period
    traced, confirmed_traced = _traced_to(register, activities)
    tables.append(
        StatTable(
            "activities",
            "Awareness activities and the enquiries traced to them",
            (
                "Date",
                "Activity",
                "Kind",
                "Audience",
                "Area",
                "People reached",
                "Enquiries traced",
                "Confirmed private fostering",
            ),
            tuple(
                (
                    a.day,
                    a.title,
                    ACTIVITY_KINDS.label(a.kind),
                    ACTIVITY_AUDIENCES.label(a.audience),
                    _area_label(a.area, whole=True),
                    a.reached,
                    traced[a.id],
                    confirmed_traced[a.id],
                )
                for a in activities
            ),
            count_columns=("Enquiries traced", "Confirmed private fostering"),
            note="Activities held in the period. Traced: enquiries of any date whose enquirer "
            "heard of private fostering from the activity.",
        )
    )

    # ---- before and after each activity
    impact_rows: list[tuple[Cell, ...]] = []
    followed: dict[int, int] = {}  # activity id -> enquiries from its audience in the weeks after
    enquiry_days, notice_days = _DaysByAudience(all_enquiries), _DaysByAudience(all_notices)
    for a in activities:
        before = (a.day - span, a.day - timedelta(days=1))
        after = (a.day, a.day + span - timedelta(days=1))
        eb, ea = enquiry_days.count(a, *before), enquiry_days.count(a, *after)
        nb, na = notice_days.count(a, *before), notice_days.count(a, *after)
        over = after[1] < today  # every day of the weeks after has passed
        if over:
            followed[a.id] = ea
        # While the weeks after are not over, the counts so far are shown but no change:
        # part of a window against a whole one is no comparison.
        impact_rows.append(
            (
                a.day,
                a.title,
                ACTIVITY_AUDIENCES.label(a.audience),
                _area_label(a.area, whole=True),
                eb,
                ea,
                ea - eb if over else None,
                nb,
                na,
                na - nb if over else None,
                "yes" if over else f"no: weeks after not over until {after[1].isoformat()}",
            )
        )
    tables.append(
        StatTable(
            "impact",
            f"Enquiries and notifications from each activity's audience, {weeks} weeks before "
            f"and after",
            (
                "Date",
                "Activity",
                "Audience",
                "Area",
                "Enquiries: before",
                "Enquiries: after",
                "Enquiries: change",
                "Notifications: before",
                "Notifications: after",
                "Notifications: change",
                "Weeks after complete",
            ),
            tuple(impact_rows),
            count_columns=(
                "Enquiries: before",
                "Enquiries: after",
                "Notifications: before",
                "Notifications: after",
            ),
            note=f"Before: the {weeks * 7} days up to the day before the activity. After: the "
            f"activity's day and the {weeks * 7 - 1} days that follow. Counted: enquiries and "
            "new arrangements' first notices from the activity's audience sector ('several "
            "sectors': any) and area (none: the whole authority), whatever their period.",
        )
    )
    charts.append(
        Chart(
            "impact",
            f"Enquiries from each activity's audience, {weeks} weeks before and after",
            "bar",
            tuple(str(r[0]) for r in impact_rows),
            (
                ("Before", tuple(float(r[4]) for r in impact_rows)),  # type: ignore[arg-type]
                # No bar for weeks after that are not over: it would look like a fall.
                (
                    "After",
                    tuple(
                        float(r[5]) if r[6] is not None else math.nan  # type: ignore[arg-type]
                        for r in impact_rows
                    ),
                ),
            ),
            cells=(
                column_cells("impact", "Enquiries: before", len(impact_rows)),
                column_cells("impact", "Enquiries: after", len(impact_rows)),
            ),
        )
    )

    # ---- notice timeliness over time
    timeliness_rows: list[tuple[Cell, ...]] = []
    shares: list[tuple[float, ...]] = []
    for q in _quarters(period):
        counted = Counter(n.timeliness for n in notices if n.day in q and n.timeliness)
        known = sum(counted.values())
        timeliness_rows.append(
            (
                q.label,
                *(counted[t] for t in TIMELINESS),
                *(_pct(counted[t], known) for t in TIMELINESS),
            )
        )
        shares.append(tuple(float(_pct(counted[t], known) or 0) for t in TIMELINESS))
    all_counted = Counter(n.timeliness for n in notices if n.timeliness)
    all_known = sum(all_counted.values())
    timeliness_rows.append(
        (
            TOTAL,
            *(all_counted[t] for t in TIMELINESS),
            *(_pct(all_counted[t], all_known) for t in TIMELINESS),
        )
    )
    tables.append(
        StatTable(
            "timeliness",
            "How early the authority heard of new arrangements",
            (
                "Quarter",
                "Advance",
                "Short",
                "Retrospective",
                "Advance %",
                "Short %",
                "Retrospective %",
            ),
            tuple(timeliness_rows),
            count_columns=("Advance", "Short", "Retrospective"),
            note="Each new arrangement's first notice, by the quarter it was received: advance "
            "(42 days or more before the start), short (before the start, under 42 days), "
            "retrospective (on or after it). Shares of the notices whose timeliness is known.",
        )
    )
    charts.append(
        Chart(
            "timeliness",
            "Share of advance, short and retrospective notices",
            "bar",
            tuple(str(r[0]) for r in timeliness_rows[:-1]),
            tuple(
                (name.capitalize(), tuple(s[i] for s in shares))
                for i, name in enumerate(TIMELINESS)
            ),
            # Each bar is its share in the table (not the count of the same name): an export
            # hides a bar exactly when the table hides that share.
            cells=tuple(
                column_cells("timeliness", f"{name.capitalize()} %", len(shares))
                for name in TIMELINESS
            ),
        )
    )

    # ---- where to target next
    tables.append(
        _targets(
            enquiries,
            notices,
            activities,
            followed,
            weeks,
            register.settings.suppression_threshold,
        )
    )

    return Report(
        "Awareness raising: enquiries, activities and notifications",
        period,
        tuple(tables),
        tuple(c for c in charts if c.categories),
        (
            f"Activities are compared over the {weeks} weeks before and after them.",
            "Definitions: docs/statistics-awareness.md.",
        ),
        identities=_ties(),
    )


def _ties() -> tuple[tuple[tuple[CellRef, int], ...], ...]:
    """The figures shown in more than one table, for an export to hide alike: the period's
    enquiries and notifications (each table's total, row -1), and the enquiries confirmed
    as private fostering (by sector, and a row of the outcomes)."""
    enquiries = [
        CellRef(key, -1, "Enquiries")
        for key in ("by_month", "by_sector", "by_area", "by_channel", "by_outcome")
    ]
    notifications = [
        CellRef(key, -1, "Notifications") for key in ("by_month", "by_sector", "by_area")
    ]
    confirmed = list(ENQUIRY_OUTCOMES).index("confirmed_pf")
    pairs = [
        *((enquiries[0], other) for other in enquiries[1:]),
        *((notifications[0], other) for other in notifications[1:]),
        (
            CellRef("by_sector", -1, "Confirmed private fostering"),
            CellRef("by_outcome", confirmed, "Enquiries"),
        ),
    ]
    return tuple(((a, 1), (b, -1)) for a, b in pairs)


def _targets(
    enquiries: list[_Enquiry],
    notices: list[_Notice],
    activities: list[_Activity],
    followed: dict[int, int],
    weeks: int,
    threshold: int,
) -> StatTable:
    """Sectors and areas with activity but few enquiries, or whose notices come later than
    the authority's as a whole. ``followed`` holds only the activities whose weeks after are
    over; ``threshold`` (the suppression setting) is the fewest notices a late-notice judgement
    is made on."""
    found: list[tuple[tuple[int, int, str], tuple[Cell, ...]]] = []
    groups = [(f"Sector: {ENQUIRY_SOURCES.label(c)}", "sector", c) for c in ENQUIRY_SOURCES]
    areas = sorted(
        {e.area for e in enquiries if e.area}
        | {n.area for n in notices if n.area}
        | {a.area for a in activities if a.area}
    )
    groups += [(f"Area: {area}", "area", area) for area in areas]
    all_known = [n for n in notices if n.timeliness]
    all_late = sum(1 for n in all_known if n.timeliness != "advance")
    fewest = max(threshold, 1)
    for label, by, value in groups:
        if by == "sector":
            held = [a for a in activities if a.audience == value]
            asked = sum(1 for e in enquiries if e.sector == value)
            told = [n for n in notices if n.sector == value]
        else:
            held = [a for a in activities if a.area == value]
            asked = sum(1 for e in enquiries if e.area == value)
            told = [n for n in notices if n.area == value]
        # Only activities whose weeks after are over can show that few enquiries followed.
        judged = [a for a in held if a.id in followed]
        known = [n for n in told if n.timeliness]
        late = sum(1 for n in known if n.timeliness != "advance")
        retro = sum(1 for n in known if n.timeliness == "retrospective")
        after = sum(followed[a.id] for a in judged)
        # No figures in the words: a count beside a hidden "<5" would give it away.
        reasons = []
        if judged and after < len(judged):
            reasons.append("activity but few enquiries after it")
        # late / known > all_late / all_known, in whole numbers.
        if len(known) >= fewest and late * len(all_known) > all_late * len(known):
            reasons.append("notices later than across the authority")
        if not reasons:
            continue
        found.append(
            (
                (-len(reasons), -late, label),
                (
                    label,
                    len(held),
                    sum(a.reached or 0 for a in held),
                    asked,
                    after,
                    len(told),
                    late,
                    retro,
                    "; ".join(reasons),
                ),
            )
        )
    found.sort(key=lambda pair: pair[0])
    return StatTable(
        "targets",
        "Where to target next",
        (
            "Sector or area",
            "Activities",
            "People reached",
            "Enquiries",
            "Enquiries after activities",
            "Notifications",
            "Late notices",
            "Retrospective notices",
            "Why",
        ),
        tuple(row for _, row in found),
        count_columns=(
            "Enquiries",
            "Enquiries after activities",
            "Notifications",
            "Late notices",
            "Retrospective notices",
        ),
        note="Listed: a sector or area with activities aimed at it in the period whose "
        f"{weeks} weeks after are over and were followed by fewer enquiries from their "
        "audience than there were such activities (enquiries after activities counts those "
        "weeks only); or one with at least "
        f"{fewest} new arrangements' first notices of known timeliness in the period, a "
        "larger share of them short or retrospective than across the whole authority in the "
        "period. Both reasons first, then most late notices.",
    )


__all__ = ["awareness_report", "normal_area", "postcode_district"]
