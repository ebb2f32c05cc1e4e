"""The coded values the register stores, each with the words an officer reads.

Codes are stored; labels are shown. Every code list is one ``CodeList`` so validation, the UI's
drop-downs and the docs all read from the same place.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class CodeList(Mapping[str, str]):
    """An ordered mapping of code to label, with a name used in error messages."""

    name: str
    entries: tuple[tuple[str, str], ...]

    def __getitem__(self, code: str) -> str:
        for key, label in self.entries:
            if key == code:
                return label
        raise KeyError(code)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def label(self, code: str | None) -> str:
        """The label for a code, or an empty string for an unknown (None) value."""
        if code is None:
            return ""
        return self.get(code, code)


# Children in need census factors, so counts join up with the authority's returns.
ARRANGEMENT_TYPES = CodeList(
    "arrangement type",
    (
        ("8B", "Overseas child intending to return (e.g. language student)"),
        ("8C", "Overseas child intending to stay"),
        ("8D", "UK child in an educational placement"),
        ("8E", "UK child, family breakdown"),
        ("8F", "Other"),
    ),
)

NOTIFICATION_KINDS = CodeList(
    "notification kind",
    (
        ("proposal", "Proposal to privately foster (Reg 3)"),
        ("already_in_place", "Arrangement already in place, never notified (Reg 5)"),
        ("moved_in", "Child has moved in (Reg 6)"),
        ("change_of_circumstances", "Change of circumstances (Reg 9)"),
        ("ended", "Arrangement ended (Reg 10)"),
    ),
)

# Kinds that tell the authority a child is living with the carer: they start REG7_VISIT.
CHILD_LIVING_THERE_KINDS = frozenset({"already_in_place", "moved_in"})
# Kinds that can open a new case; the others are about an arrangement already registered.
OPENING_KINDS = frozenset({"proposal", "already_in_place", "moved_in"})

# Who notified; also the "source of notification" breakdown of the statistics.
NOTIFIER_ROLES = CodeList(
    "notifier role",
    (
        ("carer", "Carer or proposed carer"),
        ("parent", "Parent"),
        ("pr_holder", "Person with parental responsibility"),
        ("arranger", "Someone involved in arranging it"),
        ("child", "The child"),
        ("school", "School"),
        ("health", "Health"),
        ("police", "Police"),
        ("language_school", "Language school or education guardian"),
        ("faith_group", "Faith or community group"),
        ("other_la", "Another local authority"),
        ("public", "Member of the public or neighbour"),
        ("internal", "Within the council"),
        ("other", "Other"),
    ),
)

SEXES = CodeList("sex", (("female", "Female"), ("male", "Male"), ("other", "Other")))

VISIT_KINDS = CodeList(
    "visit kind",
    (
        ("initial", "First visit (Reg 4 or Reg 7)"),
        ("statutory", "Statutory visit (Reg 8)"),
        ("requested", "Extra visit requested by child, carer or parent (Reg 8(2))"),
        ("other", "Other visit"),
    ),
)

CHECK_KINDS = CodeList(
    "check kind",
    (
        ("dbs", "Enhanced DBS with barred list"),
        ("la_records", "Local authority children's social care records"),
        ("police", "Police"),
        ("health", "Health (GP)"),
        ("education", "Education (school)"),
        ("references", "References"),
    ),
)

CHECK_OUTCOMES = CodeList(
    "check outcome",
    (
        ("no_concerns", "No concerns"),
        ("information_to_consider", "Information to consider"),
        ("concerns", "Concerns"),
        ("barred", "Barred (cannot privately foster, CA s.68(3A))"),
    ),
)

DECISION_OUTCOMES = CodeList(
    "decision outcome",
    (
        ("suitable", "Suitable"),
        ("suitable_with_requirements", "Suitable with requirements (Sch 8 para 6)"),
        ("prohibited", "Prohibited (s.69)"),
        ("disqualified", "Disqualified without consent (s.68)"),
    ),
)

END_REASONS = CodeList(
    "end reason",
    (
        ("returned_to_parent", "Child returned to parent"),
        ("moved_to_relative", "Child moved to a relative"),
        ("age_limit", "Child reached 16 (18 if disabled)"),
        ("became_looked_after", "Child became looked after"),
        ("moved_to_other_carer", "Child moved to another private foster carer"),
        ("moved_away", "Child moved out of the authority's area"),
        ("returned_overseas", "Child returned overseas"),
        ("not_private_fostering", "Found not to be private fostering"),
        ("prohibited", "Arrangement prohibited"),
        ("other", "Other"),
    ),
)

PARENT_RELATIONSHIPS = CodeList(
    "parent relationship",
    (
        ("mother", "Mother"),
        ("father", "Father"),
        ("pr_holder", "Other person with parental responsibility"),
    ),
)

# ---------------------------------------------------------------------- awareness raising
# Who enquired: the source categories of section 5 of the rules document. The codes are the
# notifier roles' codes, so an enquiry's sector becomes the notification's "who notified".
ENQUIRY_SOURCES = CodeList(
    "enquiry source",
    (
        ("school", "School"),
        ("health", "Health"),
        ("police", "Police"),
        ("language_school", "Language school or education guardian"),
        ("faith_group", "Faith or community group"),
        ("other_la", "Another local authority"),
        ("public", "Member of the public or neighbour"),
        ("parent", "Parent"),
        ("carer", "Carer or proposed carer"),
        ("child", "The child"),
        ("internal", "Within the council"),
        ("other", "Other"),
    ),
)

ENQUIRY_CHANNELS = CodeList(
    "enquiry channel",
    (
        ("phone", "Phone"),
        ("email", "Email"),
        ("in_person", "In person"),
        ("web_form", "Web form"),
        ("letter", "Letter"),
        ("other", "Other"),
    ),
)

ENQUIRY_OUTCOMES = CodeList(
    "enquiry outcome",
    (
        ("pending", "Pending: outcome still to record"),
        ("advice_only", "Advice only"),
        ("confirmed_pf", "Confirmed private fostering"),
        ("not_pf", "Not private fostering"),
        ("referred_on", "Referred on"),
    ),
)

ACTIVITY_KINDS = CodeList(
    "activity kind",
    (
        ("training", "Training"),
        ("briefing", "Briefing"),
        ("leaflet", "Leaflet or poster"),
        ("social_media", "Social media"),
        ("newsletter", "Newsletter"),
        ("community_event", "Community event"),
        ("session", "School or GP session"),
        ("press", "Press"),
    ),
)

# An activity's audience: one of the enquiry sectors, or several at once ("mixed"), which the
# statistics compare with enquiries from every sector.
ACTIVITY_AUDIENCES = CodeList(
    "audience sector",
    (*ENQUIRY_SOURCES.entries, ("mixed", "Several sectors")),
)

# A notification's "who notified" as an enquiry sector, for comparing the two.
NOTIFIER_SECTOR = {"pr_holder": "parent", "arranger": "other"}


def sector_of_notifier(role: str) -> str:
    """The enquiry sector a notifier role belongs to (a PR holder counts as a parent)."""
    return NOTIFIER_SECTOR.get(role, role if role in ENQUIRY_SOURCES else "other")
