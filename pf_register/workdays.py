"""Working days: England and Wales bank holidays plus the authority's own closure days.

"Working day" (Regs reg 2): any day other than a Saturday, Sunday, Christmas Day, Good Friday or
a bank holiday in England. Bank holidays come from the maintained ``holidays`` library (which
includes substitute days); the authority adds one-off closures in settings.

Importing ``holidays`` and building its tables takes about half a second, which the app paid
on every start. The library's answers for a span of years are therefore kept in a small file
in the user's cache folder, under the library's installed version: a new version (or a year
outside the span) asks the library again, so it stays the only source of the dates.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

CACHE_YEARS = range(1990, 2061)  # asked of the library at once on a miss (the clock's span)
CACHE_ENV = "PF_REGISTER_CACHE_DIR"  # overrides the cache folder (tests)
_CACHE_NAME = "bank-holidays-eng.json"


def holidays_version() -> str:
    """The installed ``holidays`` version, read from its distribution's folder name without
    importing it (importlib.metadata costs more than the look-up it saves)."""
    spec = find_spec("holidays")
    if spec is not None and spec.origin is not None:
        packages = Path(spec.origin).parent.parent
        found = [p.name for p in packages.glob("holidays-*.dist-info")]
        if len(found) == 1:
            match = re.fullmatch(r"holidays-(.+)\.dist-info", found[0])
            if match:
                return match.group(1)
    from importlib.metadata import version

    return version("holidays")


def _cache_file() -> Path:
    folder = os.environ.get(CACHE_ENV)
    if folder:
        return Path(folder) / _CACHE_NAME
    from platformdirs import user_cache_path

    return user_cache_path("pf_register", appauthor=False) / _CACHE_NAME


def _library_bank_holidays(years: Iterable[int]) -> dict[int, frozenset[date]]:
    import holidays

    wanted = list(years)
    table = holidays.country_holidays("GB", subdiv="ENG", years=wanted)
    result: dict[int, set[date]] = {year: set() for year in wanted}
    for day in table:
        if day.year in result:
            result[day.year].add(day)
    return {year: frozenset(days) for year, days in result.items()}


def _read_cache(path: Path, version: str) -> dict[int, frozenset[date]] | None:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if stored.get("holidays_version") != version:
            return None
        return {
            int(year): frozenset(date.fromisoformat(d) for d in days)
            for year, days in stored["years"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, unreadable or damaged: ask the library


def _write_cache(path: Path, version: str, table: dict[int, frozenset[date]]) -> None:
    document = {
        "holidays_version": version,
        "years": {str(y): sorted(d.isoformat() for d in days) for y, days in table.items()},
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".bank-holidays-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out)
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only home folder: the next start asks the library again


@lru_cache(maxsize=1)
def _cached_table() -> dict[int, frozenset[date]]:
    version = holidays_version()
    path = _cache_file()
    table = _read_cache(path, version)
    if table is None or not set(CACHE_YEARS) <= table.keys():
        table = _library_bank_holidays(CACHE_YEARS)
        _write_cache(path, version, table)
    return table


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays in ``year``, substitute days included.

    Christmas Day and Good Friday are common-law holidays; the library lists them too.
    """
    known = _cached_table().get(year)
    if known is not None:
        return known
    return _library_bank_holidays([year])[year]


# ``date.toordinal() % 7`` of Saturdays and Sundays (1 January of year 1, ordinal 1, was a
# Monday, so an ordinal's remainder is its weekday plus one, modulo 7).
_WEEKEND_ORDINALS = frozenset({6, 0})


class WorkingCalendar:
    """Answers "is this a working day?" and counts working days forward."""

    def __init__(self, closure_days: Iterable[date] = ()) -> None:
        self.closure_days = frozenset(closure_days)
        # The same few notice and visit dates are counted from again and again (every due
        # list recomputes every case), so results are remembered per calendar.
        self._memo: dict[tuple[date, int], date] = {}
        self._by_year: dict[int, list[int]] = {}

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
        # Each year's working days as ordinals: counting is a bisection, not a walk by day
        # (a year's statistics asks for ~10^5 counts from different days).
        year = start.year
        after = start.toordinal()
        remaining = count
        while True:
            days = self._working_days_of(year)
            first = bisect_right(days, after)
            if first + remaining <= len(days):
                day = date.fromordinal(days[first + remaining - 1])
                break
            remaining -= len(days) - first
            year += 1
        self._memo[(start, count)] = day
        return day

    def _working_days_of(self, year: int) -> list[int]:
        found = self._by_year.get(year)
        if found is None:
            # As ``is_working_day`` for each day, on ordinals: a fresh register's first due
            # list builds ~17 years of these (~4 ms walking day by day, ~0.5 ms like this).
            closed = {d.toordinal() for d in bank_holidays(year)}
            closed.update(d.toordinal() for d in self.closure_days if d.year == year)
            found = [
                n
                for n in range(date(year, 1, 1).toordinal(), date(year + 1, 1, 1).toordinal())
                if n % 7 not in _WEEKEND_ORDINALS and n not in closed
            ]
            self._by_year[year] = found
        return found

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
        import holidays  # names for the screen: rare, so the library is asked directly

        names = holidays.country_holidays("GB", subdiv="ENG", years=day.year)
        return str(names.get(day))
