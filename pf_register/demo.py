"""A demo register: realistic, entirely fictional cases over several years.

Every case goes through the register facade, so the demo obeys the same validation as an
officer's entries. Dates are anchored on ``as_of`` so the home page always shows a believable
mix of overdue, due and upcoming work; the same seed and date give the same register.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from pf_register.clock.rules import FIRST_YEAR_INTERVAL, LATER_INTERVAL, first_year_end
from pf_register.dates import anniversary
from pf_register.demo_awareness import AwarenessDemo
from pf_register.errors import RegisterNotEmptyError
from pf_register.register import Register

T = TypeVar("T")

# Fictional names: common given names and surnames from many backgrounds, combined at random.
FIRST_NAMES = (
    "Aisha",
    "Ben",
    "Chloe",
    "Daniel",
    "Efua",
    "Farah",
    "Grace",
    "Hamza",
    "Isla",
    "Jamal",
    "Kasia",
    "Leo",
    "Maya",
    "Nikhil",
    "Olu",
    "Priya",
    "Quinn",
    "Rosa",
    "Samir",
    "Tia",
    "Usman",
    "Vera",
    "Wei",
    "Xena",
    "Yusuf",
    "Zara",
    "Kofi",
    "Lena",
    "Marek",
    "Nadia",
    "Oscar",
    "Pavel",
    "Ruby",
    "Sofia",
    "Tomas",
    "Amara",
    "Bilal",
    "Chen",
    "Dina",
    "Emeka",
)
SURNAMES = (
    "Abara",
    "Bell",
    "Costa",
    "Demir",
    "Evans",
    "Fofana",
    "Green",
    "Hussain",
    "Ivanova",
    "Jones",
    "Kowal",
    "Lin",
    "Mensah",
    "Novak",
    "Okafor",
    "Patel",
    "Quint",
    "Rahman",
    "Silva",
    "Taylor",
    "Usoro",
    "Vance",
    "Walsh",
    "Xu",
    "Yilmaz",
    "Zielinski",
    "Adeyemi",
    "Brook",
    "Cruz",
    "Dunn",
    "Egan",
    "Frost",
    "Gill",
    "Hart",
    "Iqbal",
    "Kaur",
    "Lowe",
    "Moss",
)
STREETS = (
    "Elm Road",
    "Mill Lane",
    "Station Street",
    "Park View",
    "Church Close",
    "Orchard Way",
    "Hill Rise",
    "Canal Walk",
    "Market Row",
    "Willow Court",
)
TOWN_DISTRICTS = ("AB1", "AB2", "AB3", "AB4", "AB5", "AB6")
ETHNICITIES = (
    "White British",
    "White other",
    "Black African",
    "Black Caribbean",
    "Asian Indian",
    "Asian Pakistani",
    "Asian Chinese",
    "Mixed",
    "Any other ethnic group",
)
RELIGIONS = ("None", "Christian", "Muslim", "Hindu", "Sikh", "Buddhist", "Jewish")
OVERSEAS = (
    ("Nigeria", "Yoruba"),
    ("China", "Mandarin"),
    ("Spain", "Spanish"),
    ("Poland", "Polish"),
    ("Ghana", "Twi"),
    ("Brazil", "Portuguese"),
    ("Vietnam", "Vietnamese"),
    ("Italy", "Italian"),
)
SCHOOLS = (
    "Riverside Academy",
    "St Anne's High School",
    "Northfield Primary",
    "Oakwood College",
    "Harbour Language School",
    "Greenhill School",
)
GPS = ("Market Street Surgery", "Park Health Centre", "Riverside Medical Practice")
OFFICERS = ("J. Officer", "K. Worker", "L. Practitioner")

TYPE_WEIGHTS = {"8B": 10, "8C": 8, "8D": 15, "8E": 45, "8F": 22}
SOURCE_WEIGHTS = {
    "school": 24,
    "carer": 18,
    "parent": 14,
    "health": 8,
    "language_school": 7,
    "other_la": 6,
    "internal": 6,
    "public": 5,
    "faith_group": 4,
    "police": 3,
    "pr_holder": 2,
    "arranger": 2,
    "child": 1,
}
END_WEIGHTS = {
    "returned_to_parent": 40,
    "moved_to_relative": 10,
    "age_limit": 8,
    "returned_overseas": 12,
    "moved_away": 10,
    "became_looked_after": 5,
    "moved_to_other_carer": 5,
    "not_private_fostering": 5,
    "other": 5,
}


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _pick(rng: random.Random, items: Sequence[T]) -> T:
    return items[rng.randrange(len(items))]


@dataclass
class _Plan:
    """One fictional case's story, decided before anything is written."""

    received: date
    kind: str
    start: date | None
    end: date | None


DEFAULT_YEARS = 4  # how many years the demo's cases span unless told otherwise


class _DemoBuilder:
    def __init__(
        self, register: Register, rng: random.Random, as_of: date, years: int = DEFAULT_YEARS
    ) -> None:
        self.reg = register
        self.rng = rng
        self.as_of = as_of
        self.years = years
        # The share of cases new this fortnight: the demo's 12% over its usual few years,
        # proportionately less over a long history (a county register of twenty years).
        self.new_share = 0.12 * min(1.0, DEFAULT_YEARS / years)

    # ---- people ------------------------------------------------------------------------
    def _person(
        self, surname: str | None = None, *, born: date | None = None, address: str | None = None
    ) -> dict[str, Any]:
        rng = self.rng
        return {
            "first_name": _pick(rng, FIRST_NAMES),
            "last_name": surname or _pick(rng, SURNAMES),
            "date_of_birth": born,
            "address": address,
        }

    def _address(self, district: str | None = None) -> str:
        rng = self.rng
        return (
            f"{rng.randint(1, 180)} {_pick(rng, STREETS)}, Exampleton "
            f"{district or _pick(rng, TOWN_DISTRICTS)} {rng.randint(1, 9)}XY"
        )

    def _born_before(self, day: date, low: int, high: int) -> date:
        return day - timedelta(days=self.rng.randint(low * 365, high * 365))

    # ---- the story ---------------------------------------------------------------------
    def _plan(self) -> _Plan:
        rng = self.rng
        # Recent years hold more of the open work; older years are mostly ended cases.
        days_back = int(rng.triangular(1, self.years * 365, 200))
        if rng.random() < self.new_share:  # new this fortnight: first visits, checks to do
            days_back = rng.randint(0, 12)
        received = self.as_of - timedelta(days=days_back)
        kind = rng.choices(["proposal", "already_in_place", "moved_in"], [25, 50, 25])[0]
        if kind == "proposal":
            planned = received + timedelta(days=rng.randint(5, 60))
            moved = planned <= self.as_of and rng.random() < 0.85
            start = planned if moved else None
        elif kind == "already_in_place":
            start = received - timedelta(days=rng.randint(28, 300))
        else:
            start = received - timedelta(days=rng.randint(0, 2))
        end = None
        if start is not None:
            length = int(rng.triangular(35, 900, 240))
            if start + timedelta(days=length) < self.as_of:
                end = start + timedelta(days=length)
        elif received < self.as_of - timedelta(days=90):
            end = received + timedelta(days=rng.randint(20, 80))  # proposal that never went ahead
        if end is not None and end <= received:
            # An arrangement is notified while it lasts: it ends some weeks after the notice.
            later = received + timedelta(days=rng.randint(30, 200))
            end = later if later < self.as_of else None
        return _Plan(received, kind, start, end)

    def build_case(
        self, plan: _Plan | None = None, *, source: str | None = None, district: str | None = None
    ) -> int:
        """One case; ``plan``, ``source`` and ``district`` fix its story (an awareness
        campaign's case). Returns the arrangement's id."""
        rng = self.rng
        forced_source = source
        plan = plan or self._plan()
        type_code = _weighted(rng, TYPE_WEIGHTS)
        overseas = type_code in ("8B", "8C")
        country, language = _pick(rng, OVERSEAS) if overseas else ("United Kingdom", "English")
        begins = plan.start or plan.received
        low_age = 12 if type_code in ("8B", "8D") else 2
        dob = self._born_before(begins, low_age, 15)
        disabled = rng.random() < 0.05
        end, end_reason = plan.end, None
        if end is not None:
            end_reason = _weighted(rng, END_WEIGHTS)
        limit = anniversary(dob, 18 if disabled else 16)
        reaches_limit = plan.start is not None and (end is None or end > limit)
        if reaches_limit and limit <= self.as_of and rng.random() < 0.9:
            end, end_reason = limit, "age_limit"
        if end_reason == "age_limit" and end is not None and end < limit:
            end_reason = "returned_to_parent"
        carer_surname = _pick(rng, SURNAMES)
        address = self._address(district)
        sparse = rng.random() < 0.2  # a case still missing Schedule 1 details
        child = {
            "first_name": _pick(rng, FIRST_NAMES),
            "last_name": _pick(rng, SURNAMES),
            "sex": rng.choice(["female", "male"]),
            "date_of_birth": dob,
            "place_of_birth": country if overseas else "Exampleton",
            "ethnicity": _pick(rng, ETHNICITIES),
            "religion": _pick(rng, RELIGIONS),
            "language": language,
            "nationality": country,
            "country_of_origin": country,
            "disabled": disabled,
            "school": _pick(rng, SCHOOLS),
            "gp": _pick(rng, GPS),
            "cms_reference": f"CMS{rng.randint(100000, 999999)}",
        }
        if sparse:
            for name in rng.sample(
                ["place_of_birth", "ethnicity", "religion", "language", "disabled", "gp", "school"],
                rng.randint(1, 4),
            ):
                child[name] = None
        carer = self._person(carer_surname, born=self._born_before(begins, 28, 70), address=address)
        carer["previous_addresses"] = None if sparse else "Same address for 5 years"
        household = []
        if rng.random() < 0.6:
            household.append(
                {
                    **self._person(carer_surname, born=self._born_before(begins, 25, 70)),
                    "relationship": "partner",
                }
            )
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            household.append(
                {
                    **self._person(carer_surname, born=self._born_before(begins, 3, 19)),
                    "relationship": "carer's child",
                }
            )
        if household and sparse and rng.random() < 0.5:
            household[-1]["date_of_birth"] = None
        parents = (
            []
            if sparse and rng.random() < 0.5
            else [
                {
                    **self._person(str(child["last_name"])),
                    "relationship": "mother",
                    "has_parental_responsibility": True,
                },
            ]
        )
        if parents and rng.random() < 0.5:
            parents.append(
                {
                    **self._person(str(child["last_name"])),
                    "relationship": "father",
                    "has_parental_responsibility": rng.random() < 0.8,
                }
            )
        source = (
            "language_school"
            if type_code == "8B" and rng.random() < 0.5
            else _weighted(rng, SOURCE_WEIGHTS)
        )
        if plan.kind == "proposal" and source not in ("carer", "parent", "arranger"):
            source = rng.choice(["carer", "parent", "arranger"])
        source = forced_source or source
        arrangement = {
            "type_code": type_code,
            "officer": _pick(rng, OFFICERS),
            "address": None if sparse and rng.random() < 0.3 else address,
            "planned_start": (plan.received + timedelta(days=rng.randint(5, 60)))
            if plan.kind == "proposal"
            else None,
            "start_date": plan.start if plan.kind != "proposal" else None,
            "intended_duration_days": rng.choice([None, None, None, 180, 365, 21])
            if type_code != "8B"
            else rng.choice([21, 90, 300]),
        }
        if plan.kind == "proposal" and plan.start is not None:
            arrangement["planned_start"] = plan.start
        aid = self.reg.record_new_case(
            notification={
                "kind": plan.kind,
                "received": plan.received,
                "notifier_role": source,
                "notifier_name": None,
            },
            child=child,
            carer=carer,
            arrangement=arrangement,
            household=household,
            parents=parents,
        )
        if plan.kind == "proposal":
            self._visit(aid, plan.received, child_seen=False, kind="initial", until=end)
            if plan.start is not None and (end is None or plan.start <= end):
                notice = min(plan.start + timedelta(days=rng.randint(0, 2)), self.as_of)
                self.reg.record_notification(
                    aid,
                    {"kind": "moved_in", "received": notice, "notifier_role": "carer"},
                    start_date=plan.start,
                )
        self._visits(aid, until=end)
        self._checks(aid, until=end)
        self._decision(aid, plan.received)
        if arrangement["intended_duration_days"] == 21 and plan.start is not None:
            confirm = plan.start + timedelta(days=rng.randint(26, 40))
            if confirm <= self.as_of and (end is None or confirm <= end) and rng.random() < 0.8:
                self.reg.confirm_private_fostering(aid, confirm)
        if end is not None and end <= self.as_of:
            assert end_reason is not None
            notice = min(end + timedelta(days=rng.randint(0, 3)), self.as_of)
            self.reg.end_arrangement(
                aid,
                {"end_date": end, "end_reason": end_reason},
                notification={"received": notice, "notifier_role": "carer"},
            )
        return aid

    # ---- visits --------------------------------------------------------------------------
    def _visit(
        self,
        aid: int,
        after: date,
        *,
        child_seen: bool,
        kind: str,
        until: date | None,
        delay: int | None = None,
    ) -> date | None:
        rng = self.rng
        wd = (
            delay
            if delay is not None
            else (rng.randint(1, 7) if rng.random() < 0.88 else rng.randint(8, 14))
        )
        day = (
            self.reg.calendar.add_working_days(after - timedelta(days=1), 1)
            if wd == 0
            else self.reg.calendar.add_working_days(after, wd)
        )
        if day > self.as_of or (until is not None and day > until):
            return None
        report = None
        report_delay = rng.choice([1, 2, 3, 4, 5, 5, 7, 12])
        report_day = self.reg.calendar.add_working_days(day, report_delay)
        if report_day <= self.as_of and rng.random() < 0.95:
            report = report_day
        seen_alone = child_seen and rng.random() < 0.85
        self.reg.record_visit(
            aid,
            {
                "visit_date": day,
                "kind": kind,
                "child_seen": child_seen,
                "seen_alone": seen_alone if child_seen else None,
                "not_alone_reason": None
                if seen_alone or not child_seen
                else rng.choice(
                    ["Child asked for carer to stay", "Child too young", "Interpreter present"]
                ),
                "report_date": report,
                "officer": self.reg.arrangement(aid)["officer"],
            },
        )
        return day

    def _visits(self, aid: int, *, until: date | None) -> None:
        rng = self.rng
        facts = self.reg.case_facts(aid)
        trigger = facts.living_there_notified
        if trigger is None:
            return
        last = self._visit(aid, trigger, child_seen=True, kind="initial", until=until)
        year_end = first_year_end(self.reg.case_facts(aid))
        while last is not None and year_end is not None:
            interval = FIRST_YEAR_INTERVAL if last < year_end else LATER_INTERVAL
            roll = rng.random()
            if roll < 0.07:  # a visit where the child was out: recorded, clock keeps running
                self._visit(
                    aid,
                    last + timedelta(days=rng.randint(10, 20)),
                    child_seen=False,
                    kind="statutory",
                    until=until,
                    delay=0,
                )
            offset = rng.randint(-12, -1) if roll < 0.85 else rng.randint(1, 25)
            target = last + interval + timedelta(days=offset)
            if target > self.as_of or (until is not None and target > until):
                break
            last = self._visit(
                aid,
                target - timedelta(days=1),
                child_seen=True,
                kind="statutory",
                until=until,
                delay=1,
            )

    # ---- checks and decision ---------------------------------------------------------------
    def _checks(self, aid: int, *, until: date | None) -> None:
        rng = self.rng
        # Some recent cases whose checks are not all requested yet.
        first = self.reg.case_facts(aid).first_notified
        recent = first is not None and (self.as_of - first).days < 45
        neglect = recent and rng.random() < 0.4
        for needed in self.reg.required_checks(aid):
            if neglect and rng.random() < 0.6:
                continue
            requested = self.reg.calendar.add_working_days(
                needed.from_date, rng.randint(1, 5) if rng.random() < 0.9 else rng.randint(6, 12)
            )
            if requested > self.as_of or (until is not None and requested > until):
                continue
            returned = requested + timedelta(
                days=rng.randint(7, 45) if rng.random() < 0.85 else rng.randint(46, 80)
            )
            check: dict[str, Any] = {"kind": needed.kind, "requested": requested}
            if returned <= self.as_of:
                check["returned"] = returned
                check["outcome"] = rng.choices(
                    ["no_concerns", "information_to_consider", "concerns"], [88, 9, 3]
                )[0]
            person_id = needed.person.id if needed.person else None
            self.reg.record_check(aid, check, person_id=person_id)

    def _decision(self, aid: int, received: date) -> None:
        rng = self.rng
        decided = received + timedelta(
            days=rng.randint(14, 38) if rng.random() < 0.8 else rng.randint(43, 70)
        )
        if decided > self.as_of:
            return
        letter = decided + timedelta(days=rng.randint(0, 7))
        outcome = rng.choices(
            ["suitable", "suitable_with_requirements", "prohibited"], [80, 17, 3]
        )[0]
        self.reg.record_decision(
            aid,
            {
                "outcome": outcome,
                "decision_date": decided,
                "letter_date": letter if letter <= self.as_of else None,
            },
        )


def build_demo(
    path: Path,
    *,
    seed: int = 1,
    cases: int = 60,
    as_of: date,
    years: int = DEFAULT_YEARS,
    enquiries: int | None = None,
    activities: int | None = None,
) -> None:
    """Fill a new (or empty) register at ``path`` with ``cases`` fictional cases.

    ``years``: how many years before ``as_of`` the cases, enquiries and activities span.
    ``enquiries`` and ``activities``: about how many of each to log (default: the demo's
    usual trickle, which grows with ``years``). The benchmark builds its county-sized
    registers this way; the same arguments always give the same register.
    """
    if years < 1:
        raise ValueError("years must be at least 1")
    with Register.open(path, create=True, user="demo", today=lambda: as_of) as register:
        if register.case_count():
            raise RegisterNotEmptyError(
                f"{path} already holds {register.case_count()} cases; the demo fills only a new "
                "or empty register. Give another --db path."
            )
        rng = random.Random(f"{seed}:{as_of.isoformat()}")
        builder = _DemoBuilder(register, rng, as_of, years)
        # One transaction for the lot: fast, and an interrupted demo leaves an empty register.
        with register.db.atomic():
            register.update_settings(authority_name="Exampleshire County Council (demo)")
            awareness = AwarenessDemo(
                register,
                rng,
                as_of,
                cases,
                years=years,
                enquiries=enquiries,
                activities=activities,
            )
            for _ in range(cases - len(awareness.campaign_cases)):
                builder.build_case()
            for planned in awareness.campaign_cases:
                planned.arrangement_id = builder.build_case(
                    _Plan(planned.received, planned.kind, planned.start, None),
                    source=planned.source,
                    district=planned.district,
                )
            awareness.build()
