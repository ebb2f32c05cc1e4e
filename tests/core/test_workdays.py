"""The working-day calendar: England and Wales bank holidays plus the authority's closure days.

"N working days after D" counts from the day after D and only counts working days (Regs reg 2).
"""

from datetime import date

import pytest

from pf_register.settings import Settings
from pf_register.workdays import WorkingCalendar, bank_holidays

CAL = WorkingCalendar()


# Worked examples 1-3 of section 4 of the rules document, as plain calendar arithmetic.


def test_example_1_boxing_day_substitute_2026_skipped() -> None:
    # Wed 16 Dec 2026: Fri 25 Dec and Mon 28 Dec (Boxing Day substitute) are not working days.
    assert CAL.add_working_days(date(2026, 12, 16), 7) == date(2026, 12, 29)


def test_example_2_saturday_receipt_skips_good_friday_and_easter_monday() -> None:
    assert CAL.add_working_days(date(2027, 3, 20), 7) == date(2027, 4, 1)


def test_example_3_christmas_2027_substitutes_and_new_year_2028_substitute_skipped() -> None:
    assert CAL.add_working_days(date(2027, 12, 22), 7) == date(2028, 1, 5)


# Substitute days and fixed holidays.


def test_boxing_day_2026_falls_on_saturday_so_monday_28_december_is_the_substitute() -> None:
    assert not CAL.is_working_day(date(2026, 12, 26))
    assert not CAL.is_working_day(date(2026, 12, 28))
    assert CAL.is_working_day(date(2026, 12, 29))


def test_christmas_2027_on_saturday_gives_substitutes_on_27_and_28_december() -> None:
    assert not CAL.is_working_day(date(2027, 12, 27))
    assert not CAL.is_working_day(date(2027, 12, 28))
    assert CAL.is_working_day(date(2027, 12, 29))


def test_new_year_2028_on_saturday_gives_substitute_monday_3_january() -> None:
    assert not CAL.is_working_day(date(2028, 1, 3))
    assert CAL.is_working_day(date(2028, 1, 4))


def test_good_friday_and_easter_monday_2027_are_not_working_days() -> None:
    assert not CAL.is_working_day(date(2027, 3, 26))
    assert not CAL.is_working_day(date(2027, 3, 29))
    assert CAL.is_working_day(date(2027, 3, 25))  # Maundy Thursday is an ordinary day


def test_bank_holidays_2026_are_the_england_and_wales_list() -> None:
    assert bank_holidays(2026) == {
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2026, 12, 28),
    }


def test_one_off_bank_holidays_are_not_working_days() -> None:
    assert not CAL.is_working_day(date(2022, 9, 19))  # state funeral of Elizabeth II
    assert not CAL.is_working_day(date(2023, 5, 8))  # coronation of Charles III
    assert not CAL.is_working_day(date(2022, 6, 3))  # platinum jubilee


def test_may_day_2020_moved_to_friday_8_may_so_monday_4_may_was_a_working_day() -> None:
    assert not CAL.is_working_day(date(2020, 5, 8))
    assert CAL.is_working_day(date(2020, 5, 4))


def test_scottish_and_northern_irish_holidays_are_working_days_in_england() -> None:
    assert CAL.is_working_day(date(2027, 1, 4))  # Scotland's 2 January substitute
    assert CAL.is_working_day(date(2026, 3, 17))  # St Patrick's Day (Northern Ireland)
    assert CAL.is_working_day(date(2026, 8, 3))  # Scotland's summer bank holiday


def test_weekends_are_not_working_days_and_an_ordinary_wednesday_is() -> None:
    assert not CAL.is_working_day(date(2026, 6, 13))  # Saturday
    assert not CAL.is_working_day(date(2026, 6, 14))  # Sunday
    assert CAL.is_working_day(date(2026, 6, 10))


# Counting.


def test_counting_starts_on_the_day_after() -> None:
    assert CAL.add_working_days(date(2026, 6, 8), 1) == date(2026, 6, 9)  # Mon -> Tue


def test_one_working_day_after_a_friday_is_the_monday() -> None:
    assert CAL.add_working_days(date(2026, 6, 12), 1) == date(2026, 6, 15)


def test_receipt_on_saturday_sunday_or_bank_holiday_monday_gives_the_same_due_date() -> None:
    # Spring bank holiday Mon 25 May 2026: counting starts on Tue 26 May in every case.
    for received in (date(2026, 5, 23), date(2026, 5, 24), date(2026, 5, 25)):
        assert CAL.add_working_days(received, 7) == date(2026, 6, 3), received


def test_count_crosses_the_year_boundary_skipping_new_years_day() -> None:
    assert CAL.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_a_whole_year_of_working_days_2026() -> None:
    # 261 weekdays less 8 weekday bank holidays: the 253rd after 31 Dec 2025 is Thu 31 Dec 2026.
    assert CAL.add_working_days(date(2025, 12, 31), 253) == date(2026, 12, 31)
    assert CAL.add_working_days(date(2025, 12, 31), 254) == date(2027, 1, 4)


@pytest.mark.parametrize("count", [0, -1])
def test_count_below_one_is_refused(count: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        CAL.add_working_days(date(2026, 6, 8), count)


# Authority closure days.


def test_closure_day_is_not_a_working_day() -> None:
    calendar = WorkingCalendar(closure_days=[date(2026, 12, 24)])
    assert not calendar.is_working_day(date(2026, 12, 24))
    assert calendar.non_working_reason(date(2026, 12, 24)) == "authority closure day"


def test_closure_day_pushes_the_due_date_back() -> None:
    calendar = WorkingCalendar(closure_days=[date(2026, 12, 24)])
    assert calendar.add_working_days(date(2026, 12, 16), 7) == date(2026, 12, 30)


def test_closure_days_come_from_settings() -> None:
    settings = Settings(closure_days=(date(2026, 12, 29), date(2026, 12, 30)))
    calendar = WorkingCalendar(closure_days=settings.closure_days)
    assert calendar.add_working_days(date(2026, 12, 16), 7) == date(2026, 12, 31)


def test_closure_day_on_a_weekend_changes_nothing() -> None:
    calendar = WorkingCalendar(closure_days=[date(2026, 6, 13)])
    assert calendar.add_working_days(date(2026, 6, 12), 1) == date(2026, 6, 15)


def test_closure_days_of_one_calendar_do_not_leak_into_another() -> None:
    WorkingCalendar(closure_days=[date(2026, 6, 10)])
    assert WorkingCalendar().is_working_day(date(2026, 6, 10))


# Explanations shown on screen.


def test_non_working_reason_is_none_for_a_working_day() -> None:
    assert CAL.non_working_reason(date(2026, 6, 10)) is None


def test_non_working_reason_names_weekend_days() -> None:
    assert CAL.non_working_reason(date(2026, 6, 13)) == "Saturday"
    assert CAL.non_working_reason(date(2026, 6, 14)) == "Sunday"


def test_non_working_reason_names_the_bank_holiday() -> None:
    assert CAL.non_working_reason(date(2027, 3, 26)) == "Good Friday"
    reason = CAL.non_working_reason(date(2026, 12, 28))
    assert reason is not None
    assert "Boxing Day" in reason
