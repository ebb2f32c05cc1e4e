"""The next reference of a year: found by a range on the unique reference index (a LIKE scanned
every row, so building a big register was quadratic). Numbering must not change."""

from __future__ import annotations

from collections.abc import Callable

from pf_register.register import Register


def _raw_enquiry(register: Register, reference: str) -> None:
    register.db.execute(
        "INSERT INTO enquiries (reference, enquiry_date, source_sector, channel, outcome)"
        " VALUES (?, '2026-01-05', 'health', 'email', 'advice_only')",
        [reference],
    )


def test_next_enquiry_reference_follows_the_years_highest_number(register: Register) -> None:
    for reference in ("ENQ-2025-0041", "ENQ-2026-0009", "ENQ-2026-0010", "ENQ-2027-0500"):
        _raw_enquiry(register, reference)
    assert register._next_enquiry_reference("2026-03-01") == "ENQ-2026-0011"
    assert register._next_enquiry_reference("2025-12-31") == "ENQ-2025-0042"
    assert register._next_enquiry_reference("2028-01-01") == "ENQ-2028-0001"
    _raw_enquiry(register, "ENQ-2026-10000")  # past four digits: numbers, not text, compared
    assert register._next_enquiry_reference("2026-03-01") == "ENQ-2026-10001"


def test_next_case_reference_follows_the_years_highest_number(
    register: Register, new_case: Callable[..., int]
) -> None:
    first = new_case()
    assert register.arrangement(first)["reference"] == "PF-2026-0001"
    assert register.arrangement(new_case())["reference"] == "PF-2026-0002"
    register.db.execute("UPDATE arrangements SET reference = 'PF-2026-0099' WHERE id = ?", [first])
    assert register.arrangement(new_case())["reference"] == "PF-2026-0100"
    assert register._next_reference("2019-05-04") == "PF-2019-0001"


def test_the_reference_queries_seek_the_index(register: Register) -> None:
    for table, prefix in (("enquiries", "ENQ-2026-"), ("arrangements", "PF-2026-")):
        plan = " ".join(
            str(row[3])
            for row in register.db.execute(
                f"EXPLAIN QUERY PLAN SELECT max(reference) FROM {table}"
                " WHERE reference >= ? AND reference < ?",
                [prefix, prefix[:-1] + "."],
            )
        )
        assert "SEARCH" in plan and "INDEX" in plan
