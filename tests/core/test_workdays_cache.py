"""The bank-holiday cache: the library's answers, kept in the user's cache folder under the
library's version. Cached and library answers must agree; a stale or damaged file is
ignored."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest

from pf_register import workdays


def _library(year: int) -> frozenset[date]:
    """The definition before the cache: one year asked of the library."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(workdays.CACHE_ENV, str(tmp_path))
    workdays._cached_table.cache_clear()
    workdays.bank_holidays.cache_clear()
    yield tmp_path
    workdays._cached_table.cache_clear()
    workdays.bank_holidays.cache_clear()


def _fresh() -> None:
    workdays._cached_table.cache_clear()
    workdays.bank_holidays.cache_clear()


def test_the_version_is_the_installed_librarys() -> None:
    from importlib.metadata import version

    assert workdays.holidays_version() == version("holidays")


def test_cached_and_library_answers_agree_for_every_cached_year(cache_dir: Path) -> None:
    first = {year: workdays.bank_holidays(year) for year in workdays.CACHE_YEARS}  # writes it
    assert (cache_dir / "bank-holidays-eng.json").exists()
    _fresh()
    from_file = {year: workdays.bank_holidays(year) for year in workdays.CACHE_YEARS}
    for year in workdays.CACHE_YEARS:
        assert first[year] == from_file[year] == _library(year), year


def test_a_year_outside_the_cache_asks_the_library(cache_dir: Path) -> None:
    assert workdays.bank_holidays(2075) == _library(2075)
    assert workdays.bank_holidays(1975) == _library(1975)


def test_a_file_of_another_version_is_rebuilt(cache_dir: Path) -> None:
    path = cache_dir / "bank-holidays-eng.json"
    path.write_text(
        json.dumps({"holidays_version": "0.0-old", "years": {"2026": ["2026-03-03"]}}),
        encoding="utf-8",
    )
    assert workdays.bank_holidays(2026) == _library(2026)
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["holidays_version"] == workdays.holidays_version()


@pytest.mark.parametrize("text", ["", "{not json", '{"holidays_version": 3}', "[]"])
def test_a_damaged_file_is_ignored(cache_dir: Path, text: str) -> None:
    (cache_dir / "bank-holidays-eng.json").write_text(text, encoding="utf-8")
    assert workdays.bank_holidays(2027) == _library(2027)


def test_a_cache_folder_that_cannot_be_written_still_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(workdays.CACHE_ENV, str(blocker / "cache"))  # under a file: no folder
    _fresh()
    try:
        assert workdays.bank_holidays(2026) == _library(2026)
    finally:
        _fresh()


def _walk(calendar: workdays.WorkingCalendar, start: date, count: int) -> date:
    """The definition: step a day at a time, counting working days."""
    day = start
    while count:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            count -= 1
    return day


@pytest.mark.parametrize("closures", [(), (date(2026, 12, 29), date(2027, 1, 4))])
def test_counting_by_bisection_equals_walking_day_by_day(closures: tuple[date, ...]) -> None:
    calendar = workdays.WorkingCalendar(closures)
    for offset in range(0, 800, 7):
        start = date(2026, 1, 1) + timedelta(days=offset)
        for count in (1, 5, 7, 10, 20, 260, 600):
            assert calendar.add_working_days(start, count) == _walk(calendar, start, count)


def test_each_years_working_days_are_the_days_that_are_working_days() -> None:
    """The year tables counted by bisection (built on ordinals) against ``is_working_day``."""
    calendar = workdays.WorkingCalendar((date(2026, 12, 29), date(2000, 2, 29), date(2061, 1, 3)))
    for year in range(1990, 2062):
        day, expected = date(year, 1, 1), []
        while day.year == year:
            if calendar.is_working_day(day):
                expected.append(day.toordinal())
            day += timedelta(days=1)
        assert calendar._working_days_of(year) == expected, year
