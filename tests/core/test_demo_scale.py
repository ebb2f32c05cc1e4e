"""The demo at other scales (for the benchmark): years, enquiries and activities."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from pf_register.demo import build_demo
from pf_register.exchange import export_register
from pf_register.register import Register

AS_OF = date(2026, 11, 27)
OPTIONS = {"cases": 60, "years": 10, "enquiries": 600, "activities": 80}


def test_scaled_demo_spans_its_years_and_holds_what_was_asked(tmp_path: Path) -> None:
    path = tmp_path / "scaled.db"
    build_demo(path, seed=3, as_of=AS_OF, **OPTIONS)  # type: ignore[arg-type]
    with Register.open(path, today=lambda: AS_OF) as reg:
        assert reg.case_count() == 60
        enquiries = reg.enquiries()
        assert abs(len(enquiries) - 600) <= 60  # about as many as asked
        assert len(reg.activities()) == 80
        first = min(date.fromisoformat(e["enquiry_date"]) for e in enquiries)
        assert first < AS_OF - timedelta(days=8 * 365)  # spread over the ten years
        notified = [c.first_notified for c in reg.cases() if c.first_notified]
        assert min(notified) < AS_OF - timedelta(days=5 * 365)
        assert reg.due()  # still a working office


def test_scaled_demo_is_reproducible(tmp_path: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    for path in (first, second):
        build_demo(path, seed=3, as_of=AS_OF, **OPTIONS)  # type: ignore[arg-type]
    with (
        Register.open(first, today=lambda: AS_OF) as one,
        Register.open(second, today=lambda: AS_OF) as two,
    ):
        assert export_register(one) == export_register(two)
