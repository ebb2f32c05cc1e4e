"""The command line as a manager's scheduled task or an administrator would use it."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pf_register.cli import main
from pf_register.register import Register

AS_OF = "2026-11-27"
ROOT = Path(__file__).resolve().parents[2]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    code, out, err = run(
        "demo", "--db", str(path), "--seed", "2", "--cases", "30", "--as-of", AS_OF
    )
    assert (code, err) == (0, "")
    assert "30 fictional cases" in out
    return path


@pytest.fixture
def typical(tmp_path: Path) -> Path:
    """A register with one Reg 5 case: REG7_VISIT due Thu 19 Feb 2026 (worked example 4)."""
    path = tmp_path / "one.db"
    with Register.open(path, create=True, today=lambda: date(2026, 2, 12)) as reg:
        reg.record_new_case(
            notification={
                "kind": "already_in_place",
                "received": "2026-02-10",
                "notifier_role": "school",
            },
            child={"first_name": "Wren", "last_name": "Ashdown", "date_of_birth": "2013-04-02"},
            carer={"first_name": "Ida", "last_name": "Fairweather"},
            arrangement={"start_date": "2026-01-05", "type_code": "8E"},
        )
    return path


def test_due_json_lists_the_reg7_visit_with_every_field(typical: Path) -> None:
    code, out, _ = run("due", "--db", str(typical), "--as-of", "2026-02-20", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["as_of"] == "2026-02-20"
    assert document["register"] == str(typical.resolve())
    reg7 = [i for i in document["items"] if i["rule"] == "REG7_VISIT"]
    assert reg7 == [
        {
            "case": "PF-2026-0001",
            "child": "Wren Ashdown",
            "rule": "REG7_VISIT",
            "title": "Visit and see the child within 7 working days — Reg 7",
            "detail": "told the child lives there Tue 10 Feb 2026",
            "due": "2026-02-19",
            "status": "overdue",
            "days": -1,
        }
    ]


def test_due_lists_overdue_first_then_by_date(demo_db: Path) -> None:
    _code, out, _ = run("due", "--db", str(demo_db), "--as-of", AS_OF, "--format", "json")
    items = json.loads(out)["items"]
    order = {"overdue": 0, "due_today": 1, "due_soon": 2, "upcoming": 3}
    keys = [(order[i["status"]], i["due"]) for i in items]
    assert keys == sorted(keys)
    assert {i["status"] for i in items} <= set(order)
    assert items[0]["status"] == "overdue" and items[0]["days"] < 0


def test_due_within_keeps_overdue_and_the_next_days(demo_db: Path) -> None:
    _, out, _ = run(
        "due", "--db", str(demo_db), "--as-of", AS_OF, "--within", "7", "--format", "json"
    )
    items = json.loads(out)["items"]
    assert items and all(i["days"] <= 7 for i in items)
    _, everything, _ = run("due", "--db", str(demo_db), "--as-of", AS_OF, "--format", "json")
    assert len(json.loads(everything)["items"]) > len(items)


def test_due_csv_has_a_header_and_names_the_register_on_stderr(typical: Path) -> None:
    code, out, err = run("due", "--db", str(typical), "--as-of", "2026-02-12", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["case", "child", "rule", "title", "detail", "due", "status", "days"]
    reg7 = next(r for r in rows if r["rule"] == "REG7_VISIT")
    assert (reg7["due"], reg7["status"], reg7["days"]) == ("2026-02-19", "due_soon", "7")
    assert str(typical.resolve()) in err


def test_due_table_shows_the_register_and_weekday(typical: Path) -> None:
    code, out, _ = run("due", "--db", str(typical), "--as-of", "2026-02-19")
    assert code == 0
    assert out.startswith(f"Register: {typical.resolve()}\n")
    line = next(x for x in out.splitlines() if "REG7_VISIT" in x)
    assert "Thu 2026-02-19" in line and "due today" in line


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["due", "--db", "{missing}"], "No register at"),
        (["due", "--db", "{text}"], "is not a pf_register register"),
        (["due", "--db", "{foreign}"], "not a pf_register register"),
        (["due", "--db", "{newer}"], "newer version of pf_register"),
        (["due", "--db", "{register}", "--as-of", "2026-02-30"], "'2026-02-30' is not a date"),
        (["due", "--db", "{register}", "--within", "-3"], "is negative"),
        (["due", "--db", "{register}", "--colour"], "unrecognized arguments: --colour"),
        (["nonsense"], "invalid choice: 'nonsense'"),
        (["demo"], "give the new register's file with --db"),
        (["import", "{text}", "--db", "{new}"], "not valid JSON"),
        (["export", "register", "--db", "{missing}"], "No register at"),
    ],
)
def test_errors_are_one_line_on_stderr_with_a_non_zero_exit(
    tmp_path: Path, typical: Path, argv: list[str], message: str
) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all, just some notes\n" * 20)
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    newer = tmp_path / "newer.db"
    newer.write_bytes(typical.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 99")
    names = {
        "missing": tmp_path / "missing.db",
        "text": text,
        "foreign": foreign,
        "newer": newer,
        "register": typical,
        "new": tmp_path / "new.db",
    }
    code, out, err = run(*[a.format(**{k: str(v) for k, v in names.items()}) for a in argv])
    assert code != 0
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("pf-register: ")
    assert message in err
    assert "Traceback" not in err


def test_demo_refuses_to_fill_a_register_with_cases(demo_db: Path) -> None:
    code, _, err = run("demo", "--db", str(demo_db), "--as-of", AS_OF)
    assert code == 1 and "already holds 30 cases" in err


def test_export_import_export_round_trip_through_files(demo_db: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    assert run("export", "register", "--db", str(demo_db), "--out", str(first))[0] == 0
    code, out, _ = run("import", str(first), "--db", str(tmp_path / "copy.db"))
    assert code == 0 and "Imported 30 arrangements" in out
    assert (
        run("export", "register", "--db", str(tmp_path / "copy.db"), "--out", str(second))[0] == 0
    )
    assert first.read_bytes() == second.read_bytes()
    code, _, err = run("import", str(first), "--db", str(tmp_path / "copy.db"))
    assert code == 1 and "already holds 30 cases" in err


def test_check_reports_a_sound_register(demo_db: Path) -> None:
    code, out, _ = run("check", "--db", str(demo_db))
    assert code == 0
    assert "SQLite integrity check: ok" in out and "Foreign keys: ok" in out
    assert out.rstrip().endswith("OK: no problems found")


def test_check_finds_broken_references_and_unknown_codes(typical: Path) -> None:
    with sqlite3.connect(typical) as conn:  # damage it behind the register's back
        conn.execute("UPDATE arrangements SET type_code = '8Z'")
        conn.execute(
            "INSERT INTO visits (arrangement_id, visit_date, kind, child_seen)"
            " VALUES (77, '2026-02-11', 'initial', 1)"
        )
    code, out, _ = run("check", "--db", str(typical))
    assert code == 1
    assert "PROBLEM: visits row 1 refers to a missing arrangements record" in out
    assert "PROBLEM: arrangements 1: type_code has unknown code '8Z'" in out


def test_check_leaves_the_file_untouched(typical: Path) -> None:
    before = typical.read_bytes()
    run("check", "--db", str(typical))
    assert typical.read_bytes() == before


def test_db_before_the_subcommand_is_not_lost(typical: Path) -> None:
    code, out, _ = run("--db", str(typical), "due", "--as-of", "2026-02-12", "--format", "json")
    assert code == 0 and json.loads(out)["register"] == str(typical.resolve())


def test_the_default_register_can_be_moved_by_environment(
    typical: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PF_REGISTER_DB", str(typical))
    code, out, _ = run("due", "--as-of", "2026-02-12", "--format", "json")
    assert code == 0 and json.loads(out)["register"] == str(typical.resolve())


def test_installed_command_runs_without_a_display(typical: Path) -> None:
    """The real entry point, in a fresh process: no traceback, exit codes as documented."""
    ok = subprocess.run(
        [sys.executable, "-m", "pf_register", "due", "--db", str(typical), "--format", "csv"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert ok.returncode == 0 and ok.stdout.startswith("case,child,rule")
    bad = subprocess.run(
        [sys.executable, "-m", "pf_register", "due", "--db", str(typical), "--as-of", "soon"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines() == [
        "pf-register: argument --as-of: 'soon' is not a date; use YYYY-MM-DD "
        "(see 'pf-register due --help')"
    ]


def test_a_refused_import_leaves_no_new_register_behind(tmp_path: Path, demo_db: Path) -> None:
    export = tmp_path / "bad.json"
    assert run("export", "register", "--db", str(demo_db), "--out", str(export))[0] == 0
    document = json.loads(export.read_text(encoding="utf-8"))
    document["arrangements"][0]["type_code"] = "8Q"
    export.write_text(json.dumps(document), encoding="utf-8")
    target = tmp_path / "new.db"
    code, _, err = run("import", str(export), "--db", str(target))
    assert code == 1
    assert "arrangements[0].type_code" in err
    assert not target.exists()


def test_check_reads_paths_with_url_characters(tmp_path: Path, typical: Path) -> None:
    odd = tmp_path / "a#b ?c.db"
    odd.write_bytes(typical.read_bytes())
    code, out, _ = run("check", "--db", str(odd))
    assert code == 0, out
    assert not (tmp_path / "a").exists()


def test_check_names_a_register_from_a_newer_version(typical: Path) -> None:
    with sqlite3.connect(typical) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('pf_register', 'm999_future', '2030-01-01')"
        )
    code, out, _ = run("check", "--db", str(typical))
    assert code == 1
    assert "newer pf-register (migrations m999_future)" in out


def test_piping_into_a_reader_that_stops_is_not_an_error(typical: Path) -> None:
    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    err = io.StringIO()
    saved = sys.stdout
    try:
        code = main(["due", "--db", str(typical)], out=ClosedPipe(), err=err)
    finally:
        sys.stdout = saved
    assert (code, err.getvalue()) == (0, "")
