"""`pf-register retention` and `pf-register erase`: the retention review at the command line."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pf_register.cli import main
from pf_register.errors import ValidationError
from pf_register.privacy import ERASED, check_erasable, erasure
from pf_register.register import Register

AS_OF = "2026-06-01"
TODAY = date(2026, 6, 1)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _case(
    register: Register, first: str, last: str, born: str, received: str, ended: str | None
) -> int:
    arrangement_id = register.record_new_case(
        notification={"kind": "already_in_place", "received": received, "notifier_role": "school"},
        child={"first_name": first, "last_name": last, "date_of_birth": born},
        carer={"first_name": "Ida", "last_name": "Fairweather", "phone": "01632 960123"},
        arrangement={"start_date": received, "type_code": "8E"},
    )
    if ended is not None:
        register.end_arrangement(
            arrangement_id, {"end_date": ended, "end_reason": "returned_to_parent"}
        )
    return arrangement_id


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Ended 31 Jul 2019 (due for review since 2025), ended 2024 (not yet), and an open case."""
    path = tmp_path / "register.db"
    with Register.open(path, create=True, today=lambda: TODAY) as register:
        _case(register, "Wren", "Ashdown", "2008-03-04", "2019-02-11", "2019-07-31")
        _case(register, "Orla", "Penhallow", "2012-05-06", "2024-01-08", "2024-03-01")
        _case(register, "Cai", "Threlkeld", "2014-07-08", "2026-05-11", None)
    return path


def reference_of(db: Path, first_name: str) -> str:
    with Register.open(db, read_only=True) as register:
        for summary in register.cases():
            record = register.case(summary.arrangement_id)
            if record.child["first_name"] == first_name:
                return str(record.arrangement["reference"])
    raise AssertionError(first_name)


def test_retention_lists_only_ended_cases_past_the_period_by_reference(db: Path) -> None:
    code, out, err = run("retention", "--db", str(db), "--as-of", AS_OF, "--format", "json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document["retention_years"] == 6 and document["as_of"] == AS_OF
    assert document["items"] == [
        {
            "case": reference_of(db, "Wren"),
            "ended": "2019-07-31",
            "end_reason": "returned_to_parent",
            "why_ended": "Child returned to parent",
            "years_since_end": 6,
            "review_from": "2025-07-31",
        }
    ]
    assert "Wren" not in out and "Ashdown" not in out and "Fairweather" not in out


def test_retention_as_of_moves_the_review_and_the_setting_counts(db: Path) -> None:
    code, out, _ = run("retention", "--db", str(db), "--as-of", "2030-03-01", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["case"] for r in rows] == [reference_of(db, "Wren"), reference_of(db, "Orla")]
    assert [r["years_since_end"] for r in rows] == ["10", "6"]
    assert "Orla" not in out and "Penhallow" not in out
    with Register.open(db) as register:
        register.update_settings(retention_years=8)
    _, out, _ = run("retention", "--db", str(db), "--as-of", "2030-03-01", "--format", "csv")
    assert [r["case"] for r in csv.DictReader(io.StringIO(out))] == [reference_of(db, "Wren")]


def test_retention_table_names_the_register_and_the_period(db: Path) -> None:
    code, out, _ = run("retention", "--db", str(db), "--as-of", AS_OF)
    assert code == 0
    assert f"Register: {db}" in out
    assert "Monday 01 June 2026: 1 ended case past the retention period (6 years)" in out
    assert reference_of(db, "Wren") in out and "Child returned to parent" in out
    _, out, _ = run("retention", "--db", str(db), "--as-of", "2020-01-01")
    assert "Nothing to review." in out


def test_erase_with_yes_erases_audits_and_leaves_the_list(db: Path) -> None:
    reference = reference_of(db, "Wren")
    code, out, err = run(
        "erase", reference, "--db", str(db), "--reason", "retention review 2026", "--yes"
    )
    assert (code, err) == (0, "")
    assert f"Erased the personal data of {reference}" in out and "Backups" in out
    with Register.open(db, read_only=True) as register:
        arrangement_id = register.arrangement_id_for(reference)
        record = register.case(arrangement_id)
        assert record.child["first_name"] == ERASED
        assert record.carer is not None and record.carer["phone"] == ERASED
        done = erasure(register, arrangement_id)
        assert done is not None and done.reason == "retention review 2026"
        assert done.at.tzinfo is not None and done.at <= datetime.now(UTC)
        assert erasure(register, register.arrangement_id_for(reference_of(db, "Orla"))) is None
    _, out, _ = run("retention", "--db", str(db), "--as-of", AS_OF, "--format", "json")
    assert json.loads(out)["items"] == []


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("typed", "erased"), [("yes\n", True), ("n\n", False), ("", False)])
def test_erase_at_a_terminal_asks_first(
    db: Path, monkeypatch: pytest.MonkeyPatch, typed: str, erased: bool
) -> None:
    reference = reference_of(db, "Wren")
    monkeypatch.setattr("sys.stdin", _Terminal(typed))
    code, out, err = run("erase", reference, "--db", str(db), "--reason", "review")
    assert f"Erase the personal data of {reference} (Wren Ashdown" in err
    assert "cannot be undone" in err
    with Register.open(db, read_only=True) as register:
        child = register.case(register.arrangement_id_for(reference)).child
    assert (child["first_name"] == ERASED) is erased
    assert code == (0 if erased else 1)
    if not erased:
        assert "Nothing was erased." in err and out == ""


def test_erase_without_yes_off_a_terminal_is_refused_and_changes_nothing(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))  # piped: not a terminal
    before = db.read_bytes()
    code, out, err = run("erase", reference_of(db, "Wren"), "--db", str(db), "--reason", "r")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "without --yes when not run at a terminal" in err
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    ("who", "reason", "words"),
    [
        ("Cai", "review", "is still open; end it before erasing"),
        ("Wren", "   ", "reason: say why the data is erased"),
        (None, "review", "No arrangement with reference PF-1999-0001"),
    ],
)
def test_erase_refusals_are_one_line_and_change_nothing(
    db: Path, who: str | None, reason: str, words: str
) -> None:
    reference = reference_of(db, who) if who else "PF-1999-0001"
    before = db.read_bytes()
    code, out, err = run("erase", reference, "--db", str(db), "--reason", reason, "--yes")
    assert code == 1 and out == ""
    assert err.startswith("pf-register: ") and err.count("\n") == 1 and words in err
    assert db.read_bytes() == before


def test_erasing_twice_is_refused(db: Path) -> None:
    reference = reference_of(db, "Wren")
    assert run("erase", reference, "--db", str(db), "--reason", "review", "--yes")[0] == 0
    code, _, err = run("erase", reference, "--db", str(db), "--reason", "again", "--yes")
    assert code == 1 and "is already erased" in err
    with Register.open(db) as register, pytest.raises(ValidationError, match="already erased"):
        check_erasable(register, register.arrangement_id_for(reference), "again")


def test_erase_is_refused_while_someone_else_has_the_register_open(db: Path) -> None:
    from pf_register.locking import lock_path

    reference = reference_of(db, "Wren")
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    lock_path(db).write_text(
        f'{{"user": "jo", "machine": "pc-elsewhere", "pid": 1, "since": "{now}", "seen": "{now}"}}'
    )
    code, out, err = run("erase", reference, "--db", str(db), "--reason", "review", "--yes")
    assert code != 0 and out == ""
    assert "jo on pc-elsewhere" in err and "Nothing was erased" in err
    with Register.open(db, read_only=True) as register:
        record = register.case(register.arrangement_id_for(reference))
        assert record.child["first_name"] == "Wren"
    lock_path(db).unlink()  # once they close it, the erase goes ahead
    code, _, err = run("erase", reference, "--db", str(db), "--reason", "review", "--yes")
    assert (code, err) == (0, "")
