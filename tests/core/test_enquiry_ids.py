"""The enquiry log read in two steps (ids in SQL, rows on demand) gives what one read gives."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pf_register.register import Register


@pytest.fixture
def logged(register: Register) -> Register:
    activity = register.record_activity(
        {
            "activity_date": "2026-01-10",
            "kind": "briefing",
            "audience_sector": "school",
            "title": "Schools briefing",
        }
    )
    for i in range(30):
        register.record_enquiry(
            {
                "enquiry_date": (date(2026, 1, 12) + timedelta(days=i % 9)).isoformat(),
                "source_sector": ("health", "school", "police")[i % 3],
                "channel": "email",
                "area": ("North", "South")[i % 2],
                "enquirer_name": f"Enquirer {i}",
                "activity_id": activity if i % 4 == 0 else None,
                "outcome": "advice_only",
            }
        )
    return register


@pytest.mark.parametrize("text", ["", "North", "Schools briefing", "ENQ-2026-001", "14/01/2026"])
def test_ids_then_rows_equal_the_one_read(logged: Register, text: str) -> None:
    whole = logged.enquiries(text)
    ids = logged.enquiry_ids(text)
    assert ids == [r["id"] for r in whole]
    by_id = logged.enquiries_by_id(ids)
    assert [by_id[i] for i in ids] == whole


def test_rows_by_id_in_chunks_and_unknown_ids_left_out(logged: Register) -> None:
    ids = logged.enquiry_ids()
    assert logged.enquiries_by_id([*ids, 99_999]).keys() == set(ids)
    assert logged.enquiries_by_id([]) == {}
