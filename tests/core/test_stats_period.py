"""Reporting periods: each kind steps back by its own calendar unit."""

from __future__ import annotations

from datetime import date

import pytest

from pf_register.errors import ValidationError
from pf_register.stats.period import Period, financial_year, month, quarter


@pytest.mark.parametrize(
    ("period", "previous", "start", "end"),
    [
        # March 2026 has 31 days; the month before is February, 1 to 28 Feb (not the 31
        # days 29 Jan to 28 Feb).
        (month(2026, 3), month(2026, 2), date(2026, 2, 1), date(2026, 2, 28)),
        (month(2026, 1), month(2025, 12), date(2025, 12, 1), date(2025, 12, 31)),
        # February 2024 (29 days) is followed by March: the month before March 2024.
        (month(2024, 3), month(2024, 2), date(2024, 2, 1), date(2024, 2, 29)),
        # Q1 FY 2026-27 (Apr-Jun 2026) follows Q4 FY 2025-26 (Jan-Mar 2026).
        (quarter(2026, 1), quarter(2025, 4), date(2026, 1, 1), date(2026, 3, 31)),
        (quarter(2026, 4), quarter(2026, 3), date(2026, 10, 1), date(2026, 12, 31)),
        (financial_year(2026), financial_year(2025), date(2025, 4, 1), date(2026, 3, 31)),
        # A custom period of 10 days: the 10 days before it.
        (
            Period.custom(date(2026, 3, 11), date(2026, 3, 20)),
            Period.custom(date(2026, 3, 1), date(2026, 3, 10)),
            date(2026, 3, 1),
            date(2026, 3, 10),
        ),
    ],
)
def test_previous_steps_back_by_the_calendar_unit(
    period: Period, previous: Period, start: date, end: date
) -> None:
    assert period.previous() == previous
    assert (previous.start, previous.end) == (start, end)
    assert previous.kind == period.kind


def test_labels_and_kinds() -> None:
    assert (month(2026, 2).label, month(2026, 2).kind) == ("February 2026", "month")
    assert (quarter(2026, 4).label, quarter(2026, 4).kind) == ("Q4 FY 2026-27", "quarter")
    assert (financial_year(2026).label, financial_year(2026).kind) == (
        "FY 2026-27",
        "financial_year",
    )
    custom = Period.custom(date(2026, 4, 1), date(2027, 3, 31))
    assert (custom.label, custom.kind) == ("2026-04-01 to 2027-03-31", "custom")
    # Custom dates that happen to span a financial year are still stepped back by days.
    assert custom.previous() == Period.custom(date(2025, 4, 1), date(2026, 3, 31))
    with pytest.raises(ValidationError):
        Period(date(2026, 1, 1), date(2026, 1, 2), "x", "fortnight")
