"""The facts the clock reads are loaded in bulk, rows read by position: they must say what
the case's own records say, field by field, for every arrangement of a demo register."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pf_register.clock.facts import CheckFact, DecisionFact, NotificationFact, PersonFact, VisitFact
from pf_register.dates import from_iso
from pf_register.demo import build_demo
from pf_register.loading import load_case_facts, load_case_record
from pf_register.register import Register

AS_OF = date(2026, 5, 29)


def _name(row: dict[str, object]) -> str:
    return f"{row['first_name']} {row['last_name']}".strip()


def test_bulk_facts_match_each_cases_records(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    build_demo(path, seed=3, cases=40, as_of=AS_OF)
    with Register.open(path, today=lambda: AS_OF) as register:
        facts = load_case_facts(register.db)
        assert len(facts) == register.case_count()
        checked = 0
        for case in facts:
            record = load_case_record(register.db, case.arrangement_id)
            assert record is not None
            a = record.arrangement
            assert case.reference == a["reference"]
            assert case.child_name == _name(record.child)
            assert case.start_date == from_iso(a["start_date"])
            assert case.end_date == from_iso(a["end_date"])
            if record.carer is not None:
                assert case.carer == PersonFact(
                    record.carer["id"], _name(record.carer), from_iso(record.carer["date_of_birth"])
                )
            by_id = lambda items: sorted(items, key=lambda x: x.id)  # noqa: E731
            assert by_id(case.notifications) == by_id(
                NotificationFact(n["kind"], from_iso(n["received"]), n["id"])  # type: ignore[arg-type]
                for n in record.notifications
            )
            assert by_id(case.visits) == by_id(
                VisitFact(
                    from_iso(v["visit_date"]),  # type: ignore[arg-type]
                    bool(v["child_seen"]),
                    from_iso(v["report_date"]),
                    v["id"],
                )
                for v in record.visits
            )
            assert by_id(case.checks) == by_id(
                CheckFact(
                    c["kind"],
                    c["person_id"],
                    from_iso(c["requested"]),
                    from_iso(c["returned"]),
                    c["outcome"],
                    c["id"],
                )
                for c in record.checks
            )
            assert by_id(case.decisions) == by_id(
                DecisionFact(
                    d["outcome"],
                    from_iso(d["decision_date"]),  # type: ignore[arg-type]
                    from_iso(d["letter_date"]),
                    d["id"],
                )
                for d in record.decisions
            )
            assert sorted(case.household, key=lambda p: p.id) == sorted(
                (
                    PersonFact(
                        h["person_id"],
                        _name(h),
                        from_iso(h["date_of_birth"]),
                        from_iso(h["joined"]),
                        from_iso(h["left"]),
                    )
                    for h in record.household
                ),
                key=lambda p: p.id,
            )
            # One case loaded alone is the same as in the bulk load.
            assert load_case_facts(register.db, [case.arrangement_id]) == [case]
            checked += bool(case.visits and case.checks)
        assert checked  # the demo has cases with visits and checks


def test_chosen_and_open_cases_load_as_in_the_whole_register(tmp_path: Path) -> None:
    """Arrangements chosen by id and/or still open on a day, and loaded in batches, are the
    same facts as in the whole load (read another way: by their ids), in reference order, each
    case's records in id order."""
    from pf_register.loading import iter_case_facts

    path = tmp_path / "demo.db"
    build_demo(path, seed=5, cases=60, as_of=AS_OF)
    with Register.open(path, today=lambda: AS_OF) as register:
        every = load_case_facts(register.db)
        assert [c.reference for c in every] == sorted(c.reference for c in every)
        for case in every:
            for items in (case.notifications, case.visits, case.checks, case.decisions):
                assert [x.id for x in items] == sorted(x.id for x in items)
        ids = [c.arrangement_id for c in every]
        chosen = [*ids[::3], ids[0], 999_999]  # a repeat and an unknown id
        for day in (None, AS_OF, date(2025, 1, 1), date(2020, 6, 30)):
            kept = [c for c in every if day is None or c.end_date is None or c.end_date > day]
            assert load_case_facts(register.db, open_on=day) == kept
            assert load_case_facts(register.db, chosen, open_on=day) == [
                c for c in kept if c.arrangement_id in chosen
            ]
            for batch in (1, 7, 1000):
                batches = list(iter_case_facts(register.db, open_on=day, batch=batch))
                assert all(0 < len(b) <= batch for b in batches)
                assert [c for b in batches for c in b] == load_case_facts(register.db, open_on=day)
        assert load_case_facts(register.db, []) == []
