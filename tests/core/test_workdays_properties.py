"""Properties of working-day counting and anniversaries, over many dates (hypothesis)."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pf_register.dates import age_on, anniversary
from pf_register.workdays import WorkingCalendar

CAL = WorkingCalendar()
# No example database: it would leave a .hypothesis folder in the work tree. Derandomized so a
# failure shows up on every run, not once in a while. No deadline: the first use of a year builds
# its holiday list.
PROPERTY = settings(database=None, derandomize=True, deadline=None, max_examples=300)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2045, 12, 31))
counts = st.integers(min_value=1, max_value=60)
closures = st.lists(days, max_size=10)


def working_days_between(calendar: WorkingCalendar, start: date, end: date) -> int:
    """How many working days lie in (start, end]."""
    span = (end - start).days
    return sum(calendar.is_working_day(start + timedelta(days=i)) for i in range(1, span + 1))


@PROPERTY
@given(start=days, count=counts)
def test_result_is_a_working_day(start: date, count: int) -> None:
    assert CAL.is_working_day(CAL.add_working_days(start, count))


@PROPERTY
@given(start=days, count=counts)
def test_result_is_strictly_after_start(start: date, count: int) -> None:
    assert CAL.add_working_days(start, count) > start


@PROPERTY
@given(start=days, count=counts)
def test_one_more_working_day_is_strictly_later(start: date, count: int) -> None:
    assert CAL.add_working_days(start, count + 1) > CAL.add_working_days(start, count)


@PROPERTY
@given(start=days, count=counts, closure_days=closures)
def test_exactly_count_working_days_lie_after_start_up_to_the_result(
    start: date, count: int, closure_days: list[date]
) -> None:
    calendar = WorkingCalendar(closure_days=closure_days)
    result = calendar.add_working_days(start, count)
    assert working_days_between(calendar, start, result) == count
    assert working_days_between(calendar, start, result - timedelta(days=1)) == count - 1


@PROPERTY
@given(start=days, first=counts, second=counts)
def test_counting_in_two_steps_equals_counting_at_once(
    start: date, first: int, second: int
) -> None:
    middle = CAL.add_working_days(start, first)
    assert CAL.add_working_days(middle, second) == CAL.add_working_days(start, first + second)


@PROPERTY
@given(start=days, count=counts, closure_days=closures)
def test_closure_days_never_bring_a_due_date_forward(
    start: date, count: int, closure_days: list[date]
) -> None:
    calendar = WorkingCalendar(closure_days=closure_days)
    result = calendar.add_working_days(start, count)
    assert result >= CAL.add_working_days(start, count)
    assert result not in closure_days


@PROPERTY
@given(start=days, count=counts)
def test_seven_working_days_never_take_more_than_a_fortnight_and_a_bit(
    start: date, count: int
) -> None:
    # Five working days a week; at most four bank holidays fall within any fortnight (Christmas,
    # Boxing Day, their substitutes and New Year's Day), so a generous bound is 7/5 of the count
    # plus two weeks.
    result = CAL.add_working_days(start, count)
    assert (result - start).days <= count * 7 // 5 + 14


@PROPERTY
@given(birth=days, years=st.integers(min_value=1, max_value=20))
def test_age_on_the_anniversary_is_the_years(birth: date, years: int) -> None:
    assert age_on(birth, anniversary(birth, years)) == years


@PROPERTY
@given(birth=days, years=st.integers(min_value=1, max_value=20))
def test_age_the_day_before_the_anniversary_is_one_less(birth: date, years: int) -> None:
    assert age_on(birth, anniversary(birth, years) - timedelta(days=1)) == years - 1


@PROPERTY
@given(birth=days, years=st.integers(min_value=0, max_value=20))
def test_anniversary_is_the_same_day_or_1_march_for_a_leap_day(birth: date, years: int) -> None:
    result = anniversary(birth, years)
    assert result.year == birth.year + years
    if (birth.month, birth.day) == (2, 29):
        assert (result.month, result.day) in {(2, 29), (3, 1)}
    else:
        assert (result.month, result.day) == (birth.month, birth.day)
