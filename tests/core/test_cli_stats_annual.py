"""`pf-register stats annual` end to end on the demo register."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from pf_register.cli import main
from pf_register.demo import build_demo
from pf_register.register import Register
from pf_register.stats.annual import annual_report
from pf_register.stats.exporting import sheet_names
from pf_register.stats.period import financial_year
from pf_register.stats.suppression import suppress

AS_OF = date(2027, 5, 1)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stats") / "demo.db"
    build_demo(path, seed=1, cases=40, as_of=AS_OF)
    return path


def _annual(demo: Path, out: Path, fmt: str, *extra: str) -> tuple[int, str, str]:
    return run(
        "stats", "annual", "--db", str(demo), "--year", "2026", "--format", fmt,
        "--out", str(out), "--as-of", AS_OF.isoformat(), *extra,
    )  # fmt: skip


def test_xlsx_pack_holds_every_table_and_the_child_list_apart(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.xlsx"
    code, said, err = _annual(demo, out, "xlsx", "--with-child-list")
    assert (code, err) == (0, "")
    restricted = tmp_path / "pack-child-level-RESTRICTED.xlsx"
    assert said.splitlines() == [
        f"Wrote the FY 2026-27 report (01/04/2026 to 31/03/2027) from {demo} to {out} "
        "(counts below 5 hidden)",
        f"Wrote the child-level list to {restricted}: RESTRICTED, one row per child and not "
        "suppressed; for the authority's own use, not for sharing",
    ]
    with Register.open(demo, today=lambda: AS_OF) as reg:
        pack = suppress(
            annual_report(reg, financial_year(2026), with_child_list=True),
            reg.settings.suppression_threshold,
        )
    aggregate = [t for t in pack.tables if t.aggregate]
    book = openpyxl.load_workbook(out)
    # Every table but the child-level list, which is never in the shared workbook.
    assert book.sheetnames == ["About", *sheet_names(pack)[: len(aggregate)], "Charts"]
    assert "Child level list" not in book.sheetnames
    assert book["About"]["B3"].value == "FY 2026-27"
    assert book["About"]["B4"].value == datetime(2026, 4, 1)
    # The headline sheet, cell by cell; then the child-level list, with its dates as dates.
    headline = book["Headline"]
    for r, row in enumerate(pack.table("headline").rows, start=3):
        assert tuple(headline.cell(r, c + 1).value for c in range(len(row))) == row
    children = openpyxl.load_workbook(restricted)["Child level list"]
    table = pack.table("child_level_list")
    assert tuple(c.value for c in children[2]) == table.columns
    # Title, header, one row per case, a blank row, then the definitions.
    assert children.max_row == 2 + len(table.rows) + 2
    assert children.cell(children.max_row, 1).value == table.note
    notified = table.columns.index("Notified") + 1
    assert children.cell(3, notified).is_date
    assert children.cell(3, notified).value.date() == table.rows[0][notified - 1]
    assert len(book["Charts"]._charts) == 2


def test_pdf_and_csv(demo: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "pack.pdf"
    assert _annual(demo, pdf, "pdf")[0] == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    out = tmp_path / "pack.csv"
    assert _annual(demo, out, "csv", "--with-child-list")[0] == 0
    lines = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert lines[1] == ["FY 2026-27: 1 April 2026 to 31 March 2027"]
    assert not any(line and line[0].startswith("Child-level list") for line in lines)
    listing = (tmp_path / "pack-child-level-RESTRICTED.csv").read_text(encoding="utf-8-sig")
    assert "Child-level list: cases open at any time in FY 2026-27" in listing
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "pack-child-level-RESTRICTED.csv",
        "pack.csv",
        "pack.pdf",
    ]


def test_the_child_level_list_is_left_out_unless_asked_for(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "q4.xlsx"
    code, said, _ = _annual(demo, out, "xlsx", "--quarter", "4")
    assert code == 0 and "Q4 FY 2026-27" in said and "01/01/2027 to 31/03/2027" in said
    assert "child-level" not in said
    assert "Child level list" not in openpyxl.load_workbook(out).sheetnames
    assert [p.name for p in tmp_path.iterdir()] == ["q4.xlsx"]
    # The old option still works, and still leaves the list out.
    assert _annual(demo, out, "xlsx", "--without-child-list")[0] == 0
    assert [p.name for p in tmp_path.iterdir()] == ["q4.xlsx"]


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (("--year", "26x", "--format", "pdf"), 2, "'26x' is not a year"),
        (("--year", "2026", "--format", "docx"), 2, "invalid choice: 'docx'"),
        (("--year", "2026", "--format", "pdf", "--quarter", "5"), 2, "invalid choice: 5"),
    ],
)
def test_mistakes_are_one_line(
    demo: Path, tmp_path: Path, argv: tuple[str, ...], code: int, message: str
) -> None:
    got, out, err = run("stats", "annual", "--db", str(demo), "--out", str(tmp_path / "x"), *argv)
    assert (got, out) == (code, "")
    assert message in err and err.count("\n") == 1


def test_missing_register_and_folder(demo: Path, tmp_path: Path) -> None:
    code, _, err = _annual(tmp_path / "none.db", tmp_path / "x.pdf", "pdf")
    assert code == 1 and err.startswith("pf-register: ") and err.count("\n") == 1
    code, _, err = _annual(demo, tmp_path / "no" / "x.pdf", "pdf")
    assert (code, err) == (1, f"pf-register: No such folder: {tmp_path / 'no'}\n")
    assert not (tmp_path / "none.db").exists()


def test_stats_without_a_subcommand_says_so() -> None:
    code, _, err = run("stats")
    assert code == 2 and "STATISTICS" in err


def test_an_out_that_is_a_folder_is_named(demo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    code, _, err = _annual(demo, folder, "pdf")
    assert (code, err) == (1, f"pf-register: That is a folder; give a file name: {folder}\n")
    assert list(folder.iterdir()) == [] and sorted(tmp_path.iterdir()) == [folder]


@pytest.mark.parametrize("flag", ["--as-of"])
def test_a_date_far_off_is_one_line(demo: Path, tmp_path: Path, flag: str) -> None:
    code, out, err = run(
        "stats", "annual", "--db", str(demo), "--year", "2026", "--format", "pdf",
        "--out", str(tmp_path / "x.pdf"), flag, "9999-12-31",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert "9999-12-31 is not a date the register can report on" in err
    assert err.count("\n") == 1


def test_suppression_off_is_said_so(demo: Path, tmp_path: Path) -> None:
    copy = tmp_path / "off.db"
    copy.write_bytes(demo.read_bytes())
    with Register.open(copy, today=lambda: AS_OF) as reg:
        reg.update_settings(suppression_threshold=1)
    code, said, _ = _annual(copy, tmp_path / "x.pdf", "pdf")
    assert code == 0
    assert "(suppression off: no counts hidden)" in said and "below 1" not in said
