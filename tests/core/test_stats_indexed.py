"""The annual report's obligation index answers exactly as a scan of every obligation."""

from __future__ import annotations

from datetime import date

import pytest

from pf_register.clock import RULES
from pf_register.demo import build_demo
from pf_register.register import Register
from pf_register.stats.annual import (
    FIRST_VISIT_RULES,
    IndexedFacts,
    due_in,
    load_annual_facts,
)
from pf_register.stats.period import financial_year, quarter

AS_OF = date(2026, 11, 27)


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> list:  # type: ignore[type-arg]
    path = tmp_path_factory.mktemp("indexed") / "demo.db"
    build_demo(path, seed=5, cases=80, as_of=AS_OF)
    with Register.open(path, today=lambda: AS_OF) as reg:
        return load_annual_facts(reg, AS_OF)


def test_indexed_due_in_equals_the_scan(facts: list) -> None:  # type: ignore[type-arg]
    indexed = IndexedFacts(facts)
    assert list(indexed) == facts
    periods = [financial_year(y) for y in range(2021, 2028)]
    periods += [quarter(2025, q) for q in (1, 2, 3, 4)]
    code_sets = [(code,) for code in RULES] + [tuple(FIRST_VISIT_RULES), ("NO_SUCH_RULE",)]
    compared = 0
    for period in periods:
        for codes in code_sets:
            expected = due_in(facts, period, codes)
            assert due_in(indexed, period, codes) == expected
            compared += len(expected)
    assert compared > 100  # the demo has obligations in these periods
