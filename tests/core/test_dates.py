"""Dates: parsing ISO text, anniversaries and ages, with the UK 29 February convention."""

from datetime import date

import pytest

from pf_register.dates import age_on, anniversary, from_iso, iso, parse_date
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
