"""The demo's awareness story as an officer would read it: the FY 2026-27 statistics made on
1 May 2027 from the demo built that day (seed 1, 60 cases)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pf_register.demo import build_demo
from pf_register.register import Register
from pf_register.stats.awareness import awareness_report
from pf_register.stats.period import financial_year
from pf_register.stats.report import Report

AS_OF = date(2027, 5, 1)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    path: Path = tmp_path_factory.mktemp("story") / "demo.db"
    build_demo(path, seed=1, cases=60, as_of=AS_OF)
    with Register.open(path, today=lambda: AS_OF) as reg:
        return awareness_report(reg, financial_year(2026))


def _impact(report: Report, title: str) -> tuple[object, ...]:
    return next(r[4:10] for r in report.table("impact").rows if str(r[1]).startswith(title))


def test_a_campaign_that_works_rises_over_its_baseline(report: Report) -> None:
    # The GP session (AB5, health, 14 Sep 2026): the practices' usual 2 enquiries in the
    # 8 weeks before; those 2 and the session's 5 after; 2 of them became notifications.
    before, after, change, *_ = _impact(report, "Lunchtime session at AB5 GP practices")
    assert before == 2 and after == 7 and change == 5


def test_campaigns_that_do_not_work_are_flat(report: Report) -> None:
    # Press release (the public, whole authority): the usual 4 before and 4 after.
    assert _impact(report, "Press release")[:3] == (4, 4, 0)
    # Faith groups in AB6 seldom ask: none before, none after; so it is a target.
    assert _impact(report, "Social media posts for AB6")[:3] == (0, 0, 0)
    targets = [r[0] for r in report.table("targets").rows]
    assert "Sector: Faith or community group" in targets


def test_campaign_cases_bring_advance_notices(report: Report) -> None:
    # The GP session's two cases were proposals made 45 to 75 days ahead: advance, in the
    # quarter of the session's weeks after (Q3, October to December 2026).
    q3 = report.table("timeliness").row("Q3 FY 2026-27")
    assert q3[1] >= 2  # advance
