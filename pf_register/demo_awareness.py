"""The demo register's awareness raising: years of activities and enquiries.

Some campaigns visibly work and others do not, so the statistics page has something to show:

- a briefing for schools in AB3 is followed, in the next weeks, by school enquiries from AB3
  (most naming the briefing) well above the usual few, and by notifications from AB3
  schools that the enquiries became, some of them proposals made well ahead (advance);
- a GP practice session in AB5 does the same for health, on a smaller scale;
- a press release to the whole authority is followed by the public's usual enquiries, no
  more (as many after as before), and a social-media campaign for faith groups in AB6 by
  nothing at all (they seldom ask).

Around them: newsletters and staff training, a steady trickle of enquiries from every sector
(advice only, not private fostering, referred on), enquiries that came before some of the
ordinary cases, and a few pending enquiries recent enough to show ENQUIRY_FOLLOW_UP on the
home page. Everything goes through the register facade; the same random generator state gives
the same enquiries.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pf_register.codes import sector_of_notifier
from pf_register.register import Register
from pf_register.stats.awareness import postcode_district

DISTRICTS = ("AB1", "AB2", "AB3", "AB4", "AB5", "AB6")  # as the demo's addresses
WEEK = timedelta(weeks=1)
CAMPAIGNS = ("schools", "gps", "press", "faith")  # the activities whose story must stay clear
HEARD_WINDOW = 12 * WEEK  # a routine activity is named by enquiries up to 12 weeks after it
# The further activities of a scaled-up demo (``activities=N``): kind and audience.
ROUTINE_KINDS = ("leaflet", "community_event", "newsletter", "training", "briefing", "session")
ROUTINE_AUDIENCES = ("mixed", "school", "health", "internal", "public", "parent", "police")

SECTOR_WEIGHTS = {
    "school": 20,
    "parent": 14,
    "public": 12,
    "health": 10,
    "carer": 10,
    "internal": 10,
    "other_la": 6,
    "language_school": 5,
    "police": 4,
    "other": 4,
    "faith_group": 3,
    "child": 2,
}
CHANNEL_WEIGHTS = {"phone": 55, "email": 25, "web_form": 8, "in_person": 7, "letter": 2, "other": 3}
ENQUIRERS = {
    "school": "Designated safeguarding lead",
    "health": "Practice nurse",
    "police": "Neighbourhood officer",
    "language_school": "Homestay coordinator",
    "faith_group": "Youth leader",
    "other_la": "Duty social worker",
    "public": "Neighbour",
    "parent": "Parent",
    "carer": "Carer",
    "child": "Young person",
    "internal": "Housing officer",
    "other": "Enquirer",
}
ABOUT = (
    "Pupil staying with a family friend",
    "Whether a child living with a neighbour needs notifying",
    "Host family for a language student",
    "Parent working away; child with a friend of the family",
    "Child registered at the surgery with a non-relative",
    "General question after reading about private fostering",
)
NOT_PF_REASONS = (
    "Child lives with an aunt (a relative)",
    "Stay under 28 days and not intended to last longer",
    "A parent lives there too",
    "Young person is 16 or over",
    "Child is looked after by the council",
)
REFERRED_TO = ("Early help", "Children's front door (MASH)", "Another local authority")


@dataclass
class CampaignCase:
    """A case an awareness campaign brought in: built by the demo's case builder."""

    received: date
    kind: str
    start: date
    source: str
    district: str
    enquiry_date: date
    activity_key: str
    arrangement_id: int = 0


@dataclass
class _Activity:
    key: str
    day: date
    values: dict[str, Any]
    id: int = 0


@dataclass
class _Enquiry:
    day: date
    values: dict[str, Any]
    activity_key: str | None = None
    case: CampaignCase | None = None
    arrangement_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


class AwarenessDemo:
    """Plans the campaigns (and the cases they bring) first; ``build`` writes the rest once the
    demo's cases exist."""

    def __init__(
        self,
        register: Register,
        rng: random.Random,
        as_of: date,
        cases: int,
        *,
        years: int = 4,
        enquiries: int | None = None,
        activities: int | None = None,
    ) -> None:
        self.reg = register
        self.rng = rng
        self.as_of = as_of
        self.cases = cases
        self.years = years
        self.wanted_enquiries = enquiries
        self.activities: list[_Activity] = []
        self.enquiries: list[_Enquiry] = []
        self.campaign_cases: list[CampaignCase] = []
        self._campaigns: list[_Activity] = []  # set by ``build``, for ``_quiet``
        self._plan_campaigns(with_cases=cases >= 20)
        if activities is not None:
            self._more_activities(activities - len(self.activities))

    # ---- planning ---------------------------------------------------------------------
    def _activity(self, key: str, days_back: int, **values: Any) -> _Activity:
        day = _weekday(self.as_of - timedelta(days=days_back))
        activity = _Activity(key, day, {"activity_date": day, **values})
        self.activities.append(activity)
        return activity

    def _enquiry(
        self,
        day: date,
        sector: str,
        area: str | None,
        *,
        activity_key: str | None = None,
        outcome: str | None = None,
    ) -> _Enquiry:
        rng = self.rng
        outcome = outcome or rng.choices(["advice_only", "not_pf", "referred_on"], [55, 28, 17])[0]
        values: dict[str, Any] = {
            "enquiry_date": day,
            "source_sector": sector,
            "channel": _weighted(rng, CHANNEL_WEIGHTS),
            "area": area,
            "enquirer_name": ENQUIRERS[sector],
            "about": ABOUT[rng.randrange(len(ABOUT))],
            "outcome": outcome,
        }
        if outcome == "not_pf":
            values["not_pf_reason"] = NOT_PF_REASONS[rng.randrange(len(NOT_PF_REASONS))]
        if outcome == "referred_on":
            values["referred_to"] = REFERRED_TO[rng.randrange(len(REFERRED_TO))]
        if activity_key is None and area is None:
            values["heard_from"] = rng.choice([None, "Council website", "Word of mouth"])
        enquiry = _Enquiry(day, values, activity_key)
        self.enquiries.append(enquiry)
        return enquiry

    def _campaign(
        self,
        activity: _Activity,
        sector: str,
        district: str,
        *,
        enquiries: int,
        confirmed: int,
        traced: float,
        baseline: int = 0,
        proposals: int = 0,
    ) -> None:
        """Enquiries from ``sector`` in ``district`` in the weeks after ``activity``, on top of
        its audience's usual ``baseline``; the first ``confirmed`` of them become cases
        notified by the same sector and district, the first ``proposals`` of those proposals
        made well ahead (advance notice: what a campaign that works brings in)."""
        rng = self.rng
        self._baseline(activity, sector, district, baseline)
        days = sorted(rng.sample(range(2, 7 * 7), enquiries))
        chosen = set(rng.sample(range(enquiries), confirmed)) if confirmed else set()
        ahead = set(sorted(chosen)[:proposals])
        for index, offset in enumerate(days):
            day = _weekday(activity.day + timedelta(days=offset))
            if day > self.as_of:
                continue
            key = activity.key if rng.random() < traced else None
            enquiry = self._enquiry(
                day,
                sector,
                district,
                activity_key=key,
                outcome="confirmed_pf" if index in chosen else None,
            )
            if index in chosen:
                received = min(day + timedelta(days=rng.randint(0, 4)), self.as_of)
                # A proposal 45 to 75 days ahead of the move (advance), if the child has
                # moved in by the demo's day; else the authority heard once they lived there.
                start = received + timedelta(days=rng.randint(45, 75))
                if index in ahead and start + timedelta(days=2) <= self.as_of:
                    kind = "proposal"
                else:
                    kind = rng.choice(["already_in_place", "moved_in"])
                    start = received - timedelta(
                        days=rng.randint(30, 200) if kind == "already_in_place" else 1
                    )
                case = CampaignCase(received, kind, start, sector, district, day, activity.key)
                if self._with_cases:
                    self.campaign_cases.append(case)
                    enquiry.case = case
                else:
                    enquiry.values["outcome"] = "advice_only"

    def _baseline(self, activity: _Activity, sector: str, district: str | None, count: int) -> None:
        """The audience's usual enquiries: ``count`` on weekdays in the 8 weeks before the
        activity and ``count`` in the 8 weeks after, so a campaign that does nothing shows
        flat and one that works a rise over this. (The random background leaves these weeks
        to this, ``_quiet``.) A whole-authority audience's come from any district."""
        rng = self.rng
        for first in (activity.day - 8 * WEEK, activity.day):
            window = [first + timedelta(days=n) for n in range(56)]
            days = [d for d in window if d.weekday() < 5 and d <= self.as_of]
            for day in sorted(rng.sample(days, min(count, len(days)))):
                area = district or DISTRICTS[rng.randrange(len(DISTRICTS))]
                self._enquiry(day, sector, area)

    def _plan_campaigns(self, *, with_cases: bool) -> None:
        self._with_cases = with_cases
        schools = self._activity(
            "schools",
            420,
            kind="briefing",
            audience_sector="school",
            area="AB3",
            reached=38,
            title="Briefing for designated safeguarding leads, AB3 schools",
            notes="Slides and the notification leaflet left with every school",
        )
        self._campaign(
            schools,
            "school",
            "AB3",
            enquiries=8,
            confirmed=3,
            traced=0.7,
            baseline=3,
            proposals=2,
        )
        gps = self._activity(
            "gps",
            230,
            kind="session",
            audience_sector="health",
            area="AB5",
            reached=22,
            title="Lunchtime session at AB5 GP practices",
        )
        self._campaign(
            gps,
            "health",
            "AB5",
            enquiries=5,
            confirmed=2,
            traced=0.6,
            baseline=2,
            proposals=2,
        )
        homestay = self._activity(
            "homestay",
            610,
            kind="training",
            audience_sector="language_school",
            area=None,
            reached=14,
            title="Training for language schools and homestay coordinators",
        )
        self._campaign(homestay, "language_school", "AB1", enquiries=4, confirmed=1, traced=0.8)
        # Campaigns followed by nothing more than their audience's usual enquiries: a press
        # release to the whole authority (the public ask about 4 times in 8 weeks), and posts
        # for faith groups in AB6 (who seldom ask at all).
        press = self._activity(
            "press",
            330,
            kind="press",
            audience_sector="public",
            area=None,
            reached=12000,
            title="Press release: could you be a private foster carer without knowing it?",
            notes="Local paper and radio; circulation as reported",
        )
        self._baseline(press, "public", None, 4)
        self._activity(
            "faith",
            150,
            kind="social_media",
            audience_sector="faith_group",
            area="AB6",
            reached=900,
            title="Social media posts for AB6 faith and community groups",
        )
        # The routine of every year: newsletters and staff training.
        for days_back in range(90, self.years * 365, 120):
            self._activity(
                f"newsletter{days_back}",
                days_back + self.rng.randint(0, 20),
                kind="newsletter",
                audience_sector="mixed",
                area=None,
                reached=self.rng.randint(300, 700),
                title="Partners' safeguarding newsletter item",
            )
        for year in range(self.years):
            self._activity(
                f"training{year}",
                60 + 365 * year + self.rng.randint(0, 40),
                kind="training",
                audience_sector="internal",
                area=None,
                reached=self.rng.randint(15, 40),
                title="Private fostering in the children's services induction",
            )

    def _more_activities(self, count: int) -> None:
        """``count`` further activities of every kind, spread over the demo's years."""
        rng = self.rng
        for index in range(max(0, count)):
            audience = ROUTINE_AUDIENCES[rng.randrange(len(ROUTINE_AUDIENCES))]
            self._activity(
                f"routine{index}",
                rng.randrange(14, self.years * 365),
                kind=ROUTINE_KINDS[rng.randrange(len(ROUTINE_KINDS))],
                audience_sector=audience,
                area=None if rng.random() < 0.4 else DISTRICTS[rng.randrange(len(DISTRICTS))],
                reached=rng.randint(10, 400),
                title="Awareness activity",
            )

    def _quiet(self, day: date, sector: str, area: str | None) -> bool:
        """True if a background enquiry would blur a campaign's story: one from the audience
        of a campaign in the weeks around it. Those weeks hold what the campaign shows and
        the audience's usual enquiries (``_baseline``), the same number before and after."""
        for activity in self._campaigns:
            audience = activity.values["audience_sector"]
            near = activity.day - 8 * WEEK <= day < activity.day + 8 * WEEK
            place = activity.values["area"] is None or activity.values["area"] == area
            if near and audience == sector and place:
                return True
        return False

    # ---- writing ----------------------------------------------------------------------
    def _background_days(self) -> Iterator[date]:
        """The days of the background enquiries: about one every ten days over the demo's
        years or, when a number of enquiries was asked for, as many as make it up. (Drawn
        one at a time, between the draws for each enquiry: the same seed, the same demo.)"""
        rng = self.rng
        first = self.as_of - timedelta(days=self.years * 365)
        last = self.as_of - timedelta(days=12)
        if self.wanted_enquiries is None:
            day = first
            while True:
                day += timedelta(days=int(rng.expovariate(1 / 9)) + 1)
                day = _weekday(day)
                if day > last:
                    return
                yield day
        # The others: the campaigns' (planned), a third of the cases', and three pending.
        others = len(self.enquiries) + round(0.35 * self.cases) + 3
        span = (last - first).days
        offsets = sorted(rng.randrange(1, span) for _ in range(self.wanted_enquiries - others))
        for offset in offsets:
            yield min(_weekday(first + timedelta(days=offset)), last)

    def _background(self) -> None:
        rng = self.rng
        # The routine activities an enquiry may name, by day (ties in the order they were
        # planned, which is the order the first match is taken in).
        routine = sorted(
            (a.day, index, a)
            for index, a in enumerate(self.activities)
            if a.key.startswith(("newsletter", "training"))
        )
        routine_days = [day for day, _, _ in routine]
        for day in self._background_days():
            sector = _weighted(rng, SECTOR_WEIGHTS)
            area = None if rng.random() < 0.1 else DISTRICTS[rng.randrange(len(DISTRICTS))]
            if self._quiet(day, sector, area):
                continue
            low = bisect.bisect_right(routine_days, day - HEARD_WINDOW)
            high = bisect.bisect_right(routine_days, day)
            heard = sorted(
                (index, a)
                for _, index, a in routine[low:high]
                if a.values["audience_sector"] in ("mixed", sector)
            )
            key = heard[0][1].key if heard and rng.random() < 0.4 else None
            self._enquiry(day, sector, area, activity_key=key)

    def _before_cases(self) -> None:
        """About a third of the ordinary cases began with an enquiry a few days earlier."""
        campaign_ids = {c.arrangement_id for c in self.campaign_cases}
        found = self.reg.db.execute(
            "SELECT a.id, a.address, p.address,"
            " (SELECT received FROM notifications n WHERE n.arrangement_id = a.id"
            "  ORDER BY received, id LIMIT 1),"
            " (SELECT notifier_role FROM notifications n WHERE n.arrangement_id = a.id"
            "  ORDER BY received, id LIMIT 1)"
            " FROM arrangements a LEFT JOIN people p ON p.id = a.carer_id ORDER BY a.id"
        ).fetchall()
        for aid, address, carer_address, received, role in found:
            if aid in campaign_ids or self.rng.random() > 0.35:
                continue
            first = date.fromisoformat(received)
            day = first - timedelta(days=self.rng.randint(0, 10))
            sector = sector_of_notifier(role)
            area = postcode_district(address) or postcode_district(carer_address)
            if self._quiet(day, sector, area):
                continue  # a campaign's weeks hold only its story and its baseline
            enquiry = self._enquiry(day, sector, area, outcome="confirmed_pf")
            enquiry.arrangement_id = aid

    def _pending(self) -> None:
        """Recent enquiries still waiting for an outcome: one overdue, two not yet due."""
        for days_back, sector in ((9, "parent"), (3, "school"), (0, "health")):
            day = self.as_of - timedelta(days=days_back)
            if day.weekday() >= 5:
                day -= timedelta(days=day.weekday() - 4)
            area = DISTRICTS[self.rng.randrange(len(DISTRICTS))]
            self._enquiry(day, sector, area, outcome="pending")

    def _names(self, enquiry: _Enquiry, aid: int) -> None:
        record = self.reg.case(aid)
        child = record.child
        enquiry.values["child_name"] = f"{child['first_name']} {child['last_name']}"
        if record.carer is not None:
            carer = record.carer
            enquiry.values["carer_name"] = f"{carer['first_name']} {carer['last_name']}"
        enquiry.values["officer"] = record.arrangement["officer"]

    def build(self) -> None:
        self._campaigns = [a for a in self.activities if a.key in CAMPAIGNS]
        for activity in self.activities:
            activity.id = self.reg.record_activity(activity.values)
        ids = {a.key: a.id for a in self.activities}
        self._background()
        self._before_cases()
        self._pending()
        for enquiry in sorted(self.enquiries, key=lambda e: e.day):
            if enquiry.activity_key is not None:
                enquiry.values["activity_id"] = ids[enquiry.activity_key]
            target = enquiry.case.arrangement_id if enquiry.case else enquiry.arrangement_id
            if target:
                self._names(enquiry, target)
            eid = self.reg.record_enquiry(enquiry.values)
            if target:
                self.reg.link_enquiry(eid, target)
