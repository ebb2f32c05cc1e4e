"""Dates: parsing ISO text, anniversaries and ages, with the UK 29 February convention."""

from datetime import date, datetime, timedelta

import pytest

from pf_register.dates import (
    age_on,
    anniversary,
    from_iso,
    in_words,
    iso,
    long_date,
    month_in_words,
    parse_date,
    with_time,
)
from pf_register.errors import ValidationError

# Anniversaries.


def test_anniversary_of_an_ordinary_date() -> None:
    assert anniversary(date(2010, 6, 15), 16) == date(2026, 6, 15)


def test_anniversary_of_29_february_in_a_common_year_is_1_march() -> None:
    assert anniversary(date(2012, 2, 29), 18) == date(2030, 3, 1)


def test_anniversary_of_29_february_in_a_leap_year_is_29_february() -> None:
    assert anniversary(date(2012, 2, 29), 16) == date(2028, 2, 29)
    assert anniversary(date(2008, 2, 29), 16) == date(2024, 2, 29)


def test_first_anniversary_of_29_february_is_1_march_next_year() -> None:
    assert anniversary(date(2028, 2, 29), 1) == date(2029, 3, 1)


def test_anniversary_of_28_february_stays_28_february() -> None:
    assert anniversary(date(2011, 2, 28), 1) == date(2012, 2, 28)


def test_anniversary_zero_years_is_the_date_itself() -> None:
    assert anniversary(date(2012, 2, 29), 0) == date(2012, 2, 29)


# Ages.


def test_age_the_day_before_a_birthday() -> None:
    assert age_on(date(2010, 6, 15), date(2026, 6, 14)) == 15


def test_age_on_the_birthday() -> None:
    assert age_on(date(2010, 6, 15), date(2026, 6, 15)) == 16


def test_age_on_the_day_of_birth_is_zero() -> None:
    assert age_on(date(2026, 1, 5), date(2026, 1, 5)) == 0


def test_leap_day_child_is_not_yet_18_on_28_february_of_a_common_year() -> None:
    assert age_on(date(2012, 2, 29), date(2030, 2, 28)) == 17


def test_leap_day_child_is_18_on_1_march_of_a_common_year() -> None:
    assert age_on(date(2012, 2, 29), date(2030, 3, 1)) == 18


def test_leap_day_child_turns_16_on_29_february_of_a_leap_year() -> None:
    assert age_on(date(2012, 2, 29), date(2028, 2, 28)) == 15
    assert age_on(date(2012, 2, 29), date(2028, 2, 29)) == 16


def test_age_across_the_year_boundary() -> None:
    assert age_on(date(2010, 12, 31), date(2026, 12, 30)) == 15
    assert age_on(date(2010, 12, 31), date(2026, 12, 31)) == 16
    assert age_on(date(2010, 12, 31), date(2027, 1, 1)) == 16


# Parsing and ISO text.


def test_parse_date_reads_iso_text_with_surrounding_spaces() -> None:
    assert parse_date(" 2026-02-10 ", "received") == date(2026, 2, 10)


def test_parse_date_passes_a_date_through() -> None:
    assert parse_date(date(2026, 2, 10), "received") == date(2026, 2, 10)


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_parse_date_blank_optional_is_none(blank: str | None) -> None:
    assert parse_date(blank, "received") is None


def test_parse_date_blank_required_names_the_field() -> None:
    with pytest.raises(ValidationError, match="is required") as caught:
        parse_date("", "received", required=True)
    assert caught.value.field == "received"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2026-02-30", "February 2026 has no day 30"),
        ("29/02/2027", "February 2027 has no day 29"),
        ("2026-13-01", "there is no month 13"),
        ("10/02/26", "enter it as DD/MM/YYYY"),
        ("tomorrow", "enter it as DD/MM/YYYY"),
    ],
)
def test_parse_date_says_why_text_is_not_a_date(text: str, why: str) -> None:
    with pytest.raises(ValidationError, match="is not a date") as caught:
        parse_date(text, "received")
    assert why in caught.value.message


@pytest.mark.parametrize(
    "text", ["10/02/2026", "10/2/2026", "10.02.2026", "10-02-2026", "2026-02-10", " 2026-2-10 "]
)
def test_parse_date_reads_day_first_uk_dates_and_iso(text: str) -> None:
    assert parse_date(text, "received") == date(2026, 2, 10)


def test_parse_date_refuses_other_types() -> None:
    with pytest.raises(ValidationError, match="is not a date"):
        parse_date(20260210, "received")


def test_iso_round_trip() -> None:
    assert iso(date(2028, 2, 29)) == "2028-02-29"
    assert from_iso("2028-02-29") == date(2028, 2, 29)
    assert iso(None) is None
    assert from_iso(None) is None


def test_dates_in_words_are_english_on_every_day_of_four_centuries() -> None:
    """The same words as strftime in the C locale (English), for every date from 1900 to
    2299: leap days, year ends and every weekday and month."""
    import locale

    saved = locale.setlocale(locale.LC_TIME)
    locale.setlocale(locale.LC_TIME, "C")
    try:
        day, end = date(1900, 1, 1), date(2300, 1, 1)
        while day < end:
            assert in_words(day) == f"{day:%a} {day.day} {day:%b %Y}"
            assert month_in_words(day) == f"{day:%B %Y}"
            assert long_date(day) == f"{day.day} {day:%B %Y}"
            assert month_in_words(day, short=True) == f"{day:%b %Y}"
            day += timedelta(days=1)
    finally:
        locale.setlocale(locale.LC_TIME, saved)
    assert in_words(date(2024, 2, 29)) == "Thu 29 Feb 2024"
    assert with_time(datetime(2026, 12, 31, 9, 5)) == "Thu 31 Dec 2026 09:05"


def test_dates_in_words_do_not_follow_the_machines_locale() -> None:
    """Qt sets the C library's locale from the system's when the app starts; strftime's day
    and month names then follow it. The app's dates stay English."""
    import locale

    saved = locale.setlocale(locale.LC_TIME)
    for name in ("cy_GB.UTF-8", "fr_FR.UTF-8", "de_DE.UTF-8", "pl_PL.UTF-8", "cy_GB", "fr_FR"):
        try:
            locale.setlocale(locale.LC_TIME, name)
        except locale.Error:
            continue
        try:
            assert f"{date(2026, 6, 1):%a}" != "Mon"  # the locale does change strftime
            assert in_words(date(2026, 6, 1)) == "Mon 1 Jun 2026"
            assert month_in_words(date(2026, 6, 1)) == "June 2026"
            with pytest.raises(ValidationError, match="February 2026 has no day 31"):
                parse_date("31/02/2026", "start")
        finally:
            locale.setlocale(locale.LC_TIME, saved)
        return
    pytest.skip("no non-English locale installed here")


def test_no_day_or_month_names_come_from_the_locale() -> None:
    """Outside the command line (which never loads Qt, so keeps the C locale), day and month
    names come from ``pf_register.dates``, not from strftime or ``calendar``'s locale-bound
    name lists, which follow the machine's locale once Qt has set it."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    by_locale = re.compile(
        r":%-?[aAbB]|strftime\([^)]*%[aAbB]|calendar\.(?:month|day)_(?:name|abbr)"
    )
    found = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for folder in ("pf_register", "ui")
        for path in sorted((root / folder).rglob("*.py"))
        if path.name != "cli.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if by_locale.search(line)
    ]
    assert found == []
