"""The annual report's deadline ledger counts exactly as a scan of every obligation."""

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
    tally,
    tally_due,
)
from pf_register.stats.period import Period, financial_year, quarter

AS_OF = date(2026, 11, 27)


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> list:  # type: ignore[type-arg]
    path = tmp_path_factory.mktemp("indexed") / "demo.db"
    build_demo(path, seed=5, cases=80, as_of=AS_OF)
    with Register.open(path, today=lambda: AS_OF) as reg:
        return load_annual_facts(reg, AS_OF)


@pytest.mark.parametrize("loaded", [True, False], ids=["as loaded", "from obligations"])
def test_the_ledger_counts_as_the_scan(facts: list, loaded: bool) -> None:  # type: ignore[type-arg]
    # As loaded, the facts bring the ledger made while loading; a plain list of facts (a
    # report built from facts made elsewhere) has one made from its obligations.
    indexed = IndexedFacts(facts if loaded else list(facts))
    assert list(indexed) == facts
    periods = [financial_year(y) for y in range(2021, 2028)]
    periods += [quarter(2025, q) for q in (1, 2, 3, 4)]
    # A day on its own: a deadline due on the first or the last day of a period counts.
    periods += [Period.custom(o.due, o.due) for a in facts[::7] for o in a.obligations[:3]]
    code_sets = [(code,) for code in RULES] + [tuple(FIRST_VISIT_RULES), ("NO_SUCH_RULE",)]
    compared = 0
    for period in periods:
        for codes in code_sets:
            expected = tally(due_in(facts, period, codes))
            assert tally_due(indexed, period, codes) == expected, (period, codes)
            compared += expected.due
    assert compared > 100  # the demo has obligations in these periods
