"""Working days: England and Wales bank holidays plus the authority's own closure days.

"Working day" (Regs reg 2): any day other than a Saturday, Sunday, Christmas Day, Good Friday or
a bank holiday in England. Bank holidays come from the maintained ``holidays`` library (which
includes substitute days); the authority adds one-off closures in settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays in ``year``, substitute days included.

    Christmas Day and Good Friday are common-law holidays; the library lists them too.
    """
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


class WorkingCalendar:
    """Answers "is this a working day?" and counts working days forward."""

    def __init__(self, closure_days: Iterable[date] = ()) -> None:
        self.closure_days = frozenset(closure_days)
        # The same few notice and visit dates are counted from again and again (every due
        # list recomputes every case), so results are remembered per calendar.
        self._memo: dict[tuple[date, int], date] = {}

    def is_working_day(self, day: date) -> bool:
        if day.weekday() >= 5:
            return False
        return day not in bank_holidays(day.year) and day not in self.closure_days

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start``, counting from the day after it."""
        if count < 1:
            raise ValueError("count must be at least 1")
        known = self._memo.get((start, count))
        if known is not None:
            return known
        day = start
        remaining = count
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        self._memo[(start, count)] = day
        return day

    def non_working_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day, for explanations on screen; None if it is one."""
        if day.weekday() == 5:
            return "Saturday"
        if day.weekday() == 6:
            return "Sunday"
        if day in self.closure_days:
            return "authority closure day"
        if day not in bank_holidays(day.year):
            return None
        names = holidays.country_holidays("GB", subdiv="ENG", years=day.year)
        return str(names.get(day))
