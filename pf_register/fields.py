"""What each record holds, and how a value from a form or a file is checked before it is stored.

One ``Field`` per column that officers enter. ``clean`` turns a mapping of user input into
database values or raises one ``ValidationError`` naming the field (``child.date_of_birth``) and
what is wrong, before anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from pf_register import codes
from pf_register.codes import CodeList
from pf_register.dates import parse_date
from pf_register.errors import ValidationError

Kind = Literal["text", "date", "code", "bool", "int"]
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: Kind = "text"
    required: bool = False
    codes: CodeList | None = None
    # A date of something that has happened (a birth, a visit) cannot be after today.
    not_future: bool = False
    # Schedule 1 information the officer should find out: listed as missing while blank.
    wanted: bool = False
    minimum: int | None = None
    # Required only in some cases, said in words for the form ("the child was seen").
    required_when: str = ""


def _f(name: str, label: str, kind: Kind = "text", **kw: Any) -> tuple[str, Field]:
    return name, Field(name, label, kind, **kw)


CHILD_FIELDS: dict[str, Field] = dict(
    [
        _f("first_name", "First name", required=True),
        _f("last_name", "Last name", required=True),
        _f("sex", "Sex", "code", codes=codes.SEXES, wanted=True),
        _f("date_of_birth", "Date of birth", "date", not_future=True, wanted=True),
        _f("place_of_birth", "Place of birth", wanted=True),
        _f("ethnicity", "Ethnicity (racial origin)", wanted=True),
        _f("religion", "Religion", wanted=True),
        _f("language", "First language", wanted=True),
        _f("nationality", "Nationality", wanted=True),
        _f("country_of_origin", "Country of origin", wanted=True),
        _f("disabled", "Disabled", "bool", wanted=True),
        _f("school", "School", wanted=True),
        _f("gp", "GP", wanted=True),
        _f("cms_reference", "Case-management system reference"),
        _f("notes", "Notes"),
    ]
)

PERSON_FIELDS: dict[str, Field] = dict(
    [
        _f("first_name", "First name", required=True),
        _f("last_name", "Last name", required=True),
        _f("date_of_birth", "Date of birth", "date", not_future=True),
        _f("sex", "Sex", "code", codes=codes.SEXES),
        _f("address", "Current address"),
        _f("previous_addresses", "Addresses in the past 5 years"),
        _f("phone", "Phone"),
        _f("email", "Email"),
        _f("notes", "Notes"),
    ]
)
# The carer's details that Schedule 1 asks for, listed as missing while blank.
CARER_WANTED = ("date_of_birth", "address", "previous_addresses")

ARRANGEMENT_FIELDS: dict[str, Field] = dict(
    [
        _f(
            "type_code",
            "Type of arrangement (8B–8F)",
            "code",
            codes=codes.ARRANGEMENT_TYPES,
            wanted=True,
        ),
        _f("officer", "Officer"),
        _f("address", "Address where the child lives", wanted=True),
        _f("planned_start", "Planned start", "date"),
        _f("start_date", "Date the child moved in", "date", not_future=True),
        _f("intended_duration_days", "Intended length of stay (days)", "int", minimum=1),
        _f("confirmed_date", "Confirmed as private fostering", "date", not_future=True),
    ]
)

HOUSEHOLD_FIELDS: dict[str, Field] = dict(
    [
        _f("relationship", "Relationship to the carer"),
        _f("joined", "Joined the household", "date"),
        _f("left", "Left the household", "date", not_future=True),
    ]
)

PARENT_FIELDS: dict[str, Field] = dict(
    [
        _f(
            "relationship",
            "Relationship to the child",
            "code",
            required=True,
            codes=codes.PARENT_RELATIONSHIPS,
        ),
        _f("has_parental_responsibility", "Has parental responsibility", "bool"),
    ]
)

NOTIFICATION_FIELDS: dict[str, Field] = dict(
    [
        _f("kind", "Kind of notification", "code", required=True, codes=codes.NOTIFICATION_KINDS),
        _f("received", "Date received", "date", required=True, not_future=True),
        _f(
            "notifier_role",
            "Who notified (role)",
            "code",
            required=True,
            codes=codes.NOTIFIER_ROLES,
        ),
        _f("notifier_name", "Who notified (name)"),
        _f("planned_start", "Planned start", "date"),
        _f("description", "What it says"),
    ]
)

VISIT_FIELDS: dict[str, Field] = dict(
    [
        _f("visit_date", "Date of visit", "date", required=True, not_future=True),
        _f("kind", "Kind of visit", "code", required=True, codes=codes.VISIT_KINDS),
        _f("child_seen", "Child seen", "bool", required=True),
        _f("seen_alone", "Child seen alone", "bool", required_when="the child was seen"),
        _f(
            "not_alone_reason",
            "Why the child was not seen alone",
            required_when="the child was seen, but not alone",
        ),
        _f("report_date", "Report written", "date", not_future=True),
        _f("officer", "Officer"),
        _f("notes", "Notes"),
    ]
)

CHECK_FIELDS: dict[str, Field] = dict(
    [
        _f("kind", "Kind of check", "code", required=True, codes=codes.CHECK_KINDS),
        _f("requested", "Requested", "date", required=True, not_future=True),
        _f("returned", "Returned", "date", not_future=True),
        _f("outcome", "Outcome", "code", codes=codes.CHECK_OUTCOMES),
        _f("notes", "Notes"),
    ]
)

DECISION_FIELDS: dict[str, Field] = dict(
    [
        _f("outcome", "Decision", "code", required=True, codes=codes.DECISION_OUTCOMES),
        _f("decision_date", "Date of decision", "date", required=True, not_future=True),
        _f("letter_date", "Letter sent to carer and parents", "date", not_future=True),
        _f("notes", "Notes"),
    ]
)

END_FIELDS: dict[str, Field] = dict(
    [
        _f("end_date", "Date the arrangement ended", "date", required=True, not_future=True),
        _f("end_reason", "Why it ended", "code", required=True, codes=codes.END_REASONS),
        _f("end_notes", "Notes on the ending"),
    ]
)


# The enquiry log (issue 4). ``outcome_date`` is set by the register when an outcome is first
# recorded; ``arrangement_id`` only through linking. Names are optional: an enquiry that is
# advice only needs none, and statistics never show them.
ENQUIRY_FIELDS: dict[str, Field] = dict(
    [
        _f("enquiry_date", "Date of enquiry", "date", required=True, not_future=True),
        _f("source_sector", "Who enquired", "code", required=True, codes=codes.ENQUIRY_SOURCES),
        _f("channel", "Channel", "code", required=True, codes=codes.ENQUIRY_CHANNELS),
        _f("area", "Area (postcode district or ward)"),
        _f("activity_id", "Heard of private fostering from (activity)", "int", minimum=1),
        _f("heard_from", "How they heard of private fostering"),
        _f("enquirer_name", "Enquirer's name or role"),
        _f("contact", "Enquirer's phone or email"),
        _f("child_name", "Child's name, if given"),
        _f("carer_name", "Carer's name, if given"),
        _f("about", "What it was about"),
        _f("outcome", "Outcome", "code", required=True, codes=codes.ENQUIRY_OUTCOMES),
        _f("outcome_date", "Outcome recorded", "date", not_future=True),
        _f("not_pf_reason", "Why it is not private fostering"),
        _f("referred_to", "Referred to"),
        _f("officer", "Officer"),
    ]
)

ACTIVITY_FIELDS: dict[str, Field] = dict(
    [
        _f("activity_date", "Date", "date", required=True),
        _f("kind", "Kind of activity", "code", required=True, codes=codes.ACTIVITY_KINDS),
        _f(
            "audience_sector",
            "Audience sector",
            "code",
            required=True,
            codes=codes.ACTIVITY_AUDIENCES,
        ),
        _f("area", "Area (postcode district or ward; blank: the whole authority)"),
        _f("reached", "Number reached", "int", minimum=0),
        _f("title", "What it was"),
        _f("officer", "Officer"),
        _f("notes", "Notes"),
    ]
)

# Each stored table's officer-entered columns (import checks them, the history names them).
TABLE_FIELDS: dict[str, Mapping[str, Field]] = {
    "children": CHILD_FIELDS,
    "people": PERSON_FIELDS,
    "arrangements": {**ARRANGEMENT_FIELDS, **END_FIELDS},
    "household_members": HOUSEHOLD_FIELDS,
    "parents": PARENT_FIELDS,
    "notifications": NOTIFICATION_FIELDS,
    "visits": VISIT_FIELDS,
    "checks": CHECK_FIELDS,
    "decisions": DECISION_FIELDS,
    "activities": ACTIVITY_FIELDS,
    "enquiries": ENQUIRY_FIELDS,
}


def _clean_value(spec: Field, value: object, where: str, today: date) -> Any:
    blank = value is None or (isinstance(value, str) and not value.strip())
    if blank:
        if spec.required:
            raise ValidationError(where, f"{spec.label} is required")
        return None
    if spec.kind == "text":
        return str(value).strip()
    if spec.kind == "date":
        day = parse_date(value, where)
        assert day is not None
        # A datetime is a date subclass, so parse_date passes it through; stored as is it would
        # be "2026-07-01T09:00:00", which from_iso cannot read back (the case would no longer
        # load) and which cannot be compared with today. A date field keeps the day only.
        if isinstance(day, datetime):
            day = day.date()
        if spec.not_future and day > today:
            raise ValidationError(
                where,
                f"{day.isoformat()} is in the future; "
                f"{spec.label.lower()} cannot be later than today",
            )
        return day.isoformat()
    if spec.kind == "code":
        assert spec.codes is not None
        code = str(value).strip()
        if code not in spec.codes:
            known = ", ".join(spec.codes)
            raise ValidationError(
                where, f"'{code}' is not a known {spec.codes.name}; use one of {known}"
            )
        return code
    if spec.kind == "bool":
        if isinstance(value, bool):
            return int(value)
        text = str(value).strip().lower()
        if text in _TRUE:
            return 1
        if text in _FALSE:
            return 0
        raise ValidationError(where, f"'{value}' is not yes or no")
    # int
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError(where, f"'{value}' is not a whole number") from None
    if spec.minimum is not None and number < spec.minimum:
        raise ValidationError(where, f"{number} is too small; use {spec.minimum} or more")
    return number


def clean(
    specs: Mapping[str, Field],
    values: Mapping[str, object],
    today: date,
    *,
    prefix: str = "",
    partial: bool = False,
) -> dict[str, Any]:
    """Check ``values`` against ``specs``; return database-ready values.

    ``partial`` is for corrections: only the given fields are checked, but a required field
    may still not be blanked.
    """
    where = f"{prefix}." if prefix else ""
    for name in values:
        if name not in specs:
            known = ", ".join(specs)
            raise ValidationError(f"{where}{name}", f"is not a field here; known fields: {known}")
    result: dict[str, Any] = {}
    for name, spec in specs.items():
        if partial and name not in values:
            continue
        result[name] = _clean_value(spec, values.get(name), f"{where}{name}", today)
    return result
