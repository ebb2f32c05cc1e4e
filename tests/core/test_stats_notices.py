"""Notice timeliness: worked example 5 of the rules document, the boundaries, and which notice
and which start an arrangement is judged by."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pf_register.register import Register
from pf_register.stats.notices import (
    Notice,
    arrangement_notice_timing,
    load_notice_timings,
    notice_timeliness,
)

START = date(2026, 9, 1)  # worked example 5: planned start Tue 1 Sep 2026


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (date(2026, 7, 15), "advance"),  # 48 days ahead (worked example 5)
        (date(2026, 7, 25), "short"),  # 38 days ahead (worked example 5)
        (date(2026, 9, 2), "retrospective"),  # the day after (worked example 5)
        (date(2026, 7, 21), "advance"),  # exactly 42 days ahead
        (date(2026, 7, 22), "short"),  # 41 days ahead
        (date(2026, 8, 31), "short"),  # the day before
        (date(2026, 9, 1), "retrospective"),  # on the start day: the child is there
    ],
)
def test_notice_timeliness_worked_example_5_and_boundaries(received: date, expected: str) -> None:
    assert notice_timeliness(received, START) == expected


def test_the_first_opening_notice_is_judged_against_the_move_in_date() -> None:
    notices = [
        Notice("change_of_circumstances", date(2026, 6, 1), "carer"),
        Notice("proposal", date(2026, 7, 25), "carer", planned_start=date(2026, 10, 1)),
        Notice("moved_in", date(2026, 9, 3), "carer"),
    ]
    # The planned start (1 Oct) would make the proposal advance; the child in fact moved in
    # on 1 Sep, 38 days after the proposal: short.
    timing = arrangement_notice_timing(notices, start_date=START, planned_start=None)
    assert timing is not None
    assert (timing.received, timing.start, timing.timeliness) == (
        date(2026, 7, 25),
        START,
        "short",
    )


def test_planned_start_decides_before_the_child_moves_in() -> None:
    notices = [Notice("proposal", date(2026, 7, 15), "parent")]
    timing = arrangement_notice_timing(notices, start_date=None, planned_start=START)
    assert timing is not None
    assert (timing.timeliness, timing.notifier_role) == ("advance", "parent")
    # The notice's own planned start is used when the arrangement has none.
    notices = [Notice("proposal", date(2026, 7, 25), "carer", planned_start=START)]
    timing = arrangement_notice_timing(notices, start_date=None)
    assert timing is not None and timing.timeliness == "short"


def test_a_living_there_notice_is_retrospective_without_a_start_date() -> None:
    timing = arrangement_notice_timing(
        [Notice("already_in_place", date(2026, 9, 2), "school")], start_date=None
    )
    assert timing is not None
    assert (timing.timeliness, timing.start) == ("retrospective", None)


def test_unknown_start_and_no_notice() -> None:
    timing = arrangement_notice_timing([Notice("proposal", date(2026, 7, 1))], start_date=None)
    assert timing is not None and timing.timeliness is None
    assert arrangement_notice_timing([], start_date=START) is None


def _case(reg: Register, kind: str, received: str, **arrangement: Any) -> int:
    return reg.record_new_case(
        notification={"kind": kind, "received": received, "notifier_role": "carer"},
        child={"first_name": "Pip", "last_name": "Notional", "date_of_birth": "2014-01-01"},
        arrangement=arrangement,
    )


def test_load_notice_timings_reads_the_register(tmp_path: Path) -> None:
    with Register.open(
        tmp_path / "r.db", create=True, user="t", today=lambda: date(2026, 12, 1)
    ) as reg:
        advance = _case(reg, "proposal", "2026-07-15", planned_start="2026-09-01")
        short = _case(reg, "proposal", "2026-07-25", planned_start="2026-09-01")
        late = _case(reg, "already_in_place", "2026-09-02", start_date="2026-09-01")
        reg.record_notification(
            short,
            {"kind": "moved_in", "received": "2026-09-01", "notifier_role": "carer"},
            start_date="2026-08-20",
        )
        timings = load_notice_timings(reg.db)
    # Moved in on 20 Aug, 26 days after the proposal of 25 Jul: still short.
    assert {aid: t.timeliness for aid, t in timings.items()} == {
        advance: "advance",
        short: "short",
        late: "retrospective",
    }
    assert timings[short].start == date(2026, 8, 20)


def test_a_proposal_is_judged_against_its_planned_start_not_a_filled_in_move_in(
    tmp_path: Path,
) -> None:
    """Worked example 5's short notice: proposal received Sat 25 Jul 2026 for a planned start
    of Tue 1 Sep 2026 (38 days: short). The Reg 6 notice comes on 20 Sep with the move-in date
    left blank, so the register fills in 20 Sep as the start. Against that date the proposal
    would be 57 days ahead (advance); against the planned start it is 38 days (short)."""
    with Register.open(
        tmp_path / "r.db", create=True, user="t", today=lambda: date(2026, 12, 1)
    ) as reg:
        aid = _case(reg, "proposal", "2026-07-25", planned_start="2026-09-01")
        reg.record_notification(
            aid, {"kind": "moved_in", "received": "2026-09-20", "notifier_role": "carer"}
        )
        assert reg.case(aid).arrangement["start_date"] == "2026-09-20"  # filled in
        timing = load_notice_timings(reg.db)[aid]
    assert (timing.start, timing.timeliness) == (START, "short")
    # 1 Sep - 25 Jul = 38 days.
    assert (START - timing.received).days == 38


def test_a_proposal_with_no_planned_start_is_judged_against_the_move_in() -> None:
    # Proposal 15 Jul, no planned start; moved in 1 Sep: 48 days ahead, advance.
    notices = [Notice("proposal", date(2026, 7, 15), "carer")]
    timing = arrangement_notice_timing(notices, start_date=START)
    assert timing is not None and (timing.start, timing.timeliness) == (START, "advance")
