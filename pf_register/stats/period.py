"""Reporting periods: financial years (1 April to 31 March), quarters, months, custom dates."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from pf_register.dates import month_in_words
from pf_register.errors import ValidationError

KINDS = ("financial_year", "quarter", "month", "custom")


@dataclass(frozen=True)
class Period:
    """A period of whole days, ``start`` and ``end`` both included. ``kind`` says what it is
    (made by ``financial_year``, ``quarter``, ``month`` or ``Period.custom``), so that
    ``previous`` steps back by a calendar unit, never by guessing from the label."""

    start: date
    end: date
    label: str
    kind: str = "custom"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                "period",
                f"ends on {self.end.isoformat()}, before it starts on {self.start.isoformat()}",
            )
        if self.kind not in KINDS:
            raise ValidationError("period", f"'{self.kind}' is not a kind of period")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same kind just before this one: last financial year, the
        quarter or calendar month before, or as many days just before a custom period."""
        if self.kind == "financial_year":
            return financial_year(self.start.year - 1)
        if self.kind == "quarter":
            day = self.start - timedelta(days=1)  # the last day of the quarter before
            return quarter(financial_year_of(day), (day.month - 4) % 12 // 3 + 1)
        if self.kind == "month":
            day = self.start - timedelta(days=1)
            return month(day.year, day.month)
        start = self.start - timedelta(days=self.days)
        return Period.custom(start, self.start - timedelta(days=1))

    @classmethod
    def custom(cls, start: date, end: date) -> Period:
        return cls(start, end, f"{start.isoformat()} to {end.isoformat()}")


def financial_year(year: int) -> Period:
    """Financial year ``year``: 1 April ``year`` to 31 March ``year + 1`` (FY 2026-27)."""
    return Period(
        date(year, 4, 1),
        date(year + 1, 3, 31),
        f"FY {year}-{str(year + 1)[-2:]}",
        "financial_year",
    )


def quarter(year: int, number: int) -> Period:
    """Quarter 1-4 of financial year ``year``: Q1 April-June ... Q4 January-March."""
    if number not in (1, 2, 3, 4):
        raise ValidationError("quarter", f"{number} is not a quarter; use 1, 2, 3 or 4")
    first_month = (4, 7, 10, 1)[number - 1]
    start_year = year if number < 4 else year + 1
    end_month = first_month + 2
    end = date(start_year, end_month, calendar.monthrange(start_year, end_month)[1])
    return Period(
        date(start_year, first_month, 1),
        end,
        f"Q{number} FY {year}-{str(year + 1)[-2:]}",
        "quarter",
    )


def month(year: int, number: int) -> Period:
    end = date(year, number, calendar.monthrange(year, number)[1])
    return Period(date(year, number, 1), end, month_in_words(date(year, number, 1)), "month")


def financial_year_of(day: date) -> int:
    """The financial year a day falls in (1 March 2027 is in FY 2026)."""
    return day.year if day.month >= 4 else day.year - 1
