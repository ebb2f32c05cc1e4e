"""Dates at the boundary: parsing ISO text, ages and anniversaries, and dates in words.

The register stores dates as ISO ``YYYY-MM-DD`` text and works with ``datetime.date`` inside.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from pf_register.errors import ValidationError

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# How officers write dates in England: day first, four-digit year (27/11/2026, 27.11.2026).
_UK = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_HOW = "enter it as DD/MM/YYYY (or YYYY-MM-DD)"
# The days a report can be asked about: a date far off overflows the calendar arithmetic of
# the periods and weeks around it (the year 10000, the day before 1 January of year 1).
FIRST_REPORT_DAY, LAST_REPORT_DAY = date(1990, 1, 1), date(2100, 12, 31)


def parse_date(value: object, field: str, *, required: bool = False) -> date | None:
    """Turn user input (a date, 27/11/2026, 2026-11-27, blank) into a date, or say clearly
    what is wrong: an unreadable format, or a day that does not exist (31 February)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(field, f"is required; {_HOW}")
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValidationError(field, f"{value!r} is not a date; {_HOW}")
    text = value.strip()
    if match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _UK.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise ValidationError(field, f"'{text}' is not a date; {_HOW}")
    if not 1 <= month <= 12:
        raise ValidationError(field, f"'{text}' is not a date: there is no month {month}")
    try:
        return date(year, month, day)
    except ValueError:
        name = MONTH_NAMES[month - 1]  # (calendar's month names follow the locale)
        raise ValidationError(
            field, f"'{text}' is not a date: {name} {year} has no day {day}"
        ) from None


# Dates in words are in English, whatever the machine's locale: ``strftime``'s %a and %b follow
# the C library's locale, which Qt sets from the system's when the app starts (a Welsh
# locale gave "Llu" in the due list and "Mon" from the command line). Also ~10x quicker.
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def in_words(day: date) -> str:
    """'Mon 1 Jun 2026': a date as the officer reads it, with its weekday."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def with_time(moment: datetime) -> str:
    """'Mon 1 Jun 2026 14:05'."""
    return f"{in_words(moment.date())} {moment:%H:%M}"


def long_date(day: date) -> str:
    """'1 June 2026': a date in a report's prose."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def month_in_words(day: date, *, short: bool = False) -> str:
    """'June 2026' ('Jun 2026' if ``short``)."""
    return f"{(MONTHS if short else MONTH_NAMES)[day.month - 1]} {day.year}"


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
