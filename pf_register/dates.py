"""Dates at the boundary: parsing ISO text, ages and anniversaries.

The register stores dates as ISO ``YYYY-MM-DD`` text and works with ``datetime.date`` inside.
"""

from __future__ import annotations

from datetime import date

from pf_register.errors import ValidationError


def parse_date(value: object, field: str, *, required: bool = False) -> date | None:
    """Turn user input (a date, an ISO string, blank) into a date, or say clearly what is wrong."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(field, "is required; enter a date as YYYY-MM-DD")
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
        raise ValidationError(field, f"'{text}' is not a date; enter it as YYYY-MM-DD")
    raise ValidationError(field, f"{value!r} is not a date; enter it as YYYY-MM-DD")


def iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def from_iso(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def anniversary(start: date, years: int) -> date:
    """The date ``years`` after ``start``; 29 February falls on 1 March in a common year.

    That is the UK convention for birthdays (a person born on 29 February comes of age on
    1 March in a common year), and using it for the first-year boundary too keeps one rule.
    """
    year = start.year + years
    try:
        return start.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 3, 1)


def age_on(birth: date, day: date) -> int:
    """Completed years of age on ``day``, by the same convention as ``anniversary``."""
    years = day.year - birth.year
    if anniversary(birth, years) > day:
        years -= 1
    return years
