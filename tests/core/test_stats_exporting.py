"""Exports: small-number suppression, and CSV, XLSX and PDF files that read back as the Report."""

from __future__ import annotations

import base64
import csv
import io
import math
import os
import re
import stat
import sys
import zlib
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from pf_register.errors import ValidationError
from pf_register.stats import Chart, Report, StatTable
from pf_register.stats.exporting import sheet_names, write_report
from pf_register.stats.period import financial_year
from pf_register.stats.suppression import suppress, suppress_table

BY_SEX = StatTable(
    "children_by_sex",
    "Children by sex",
    ("Sex", "Children", "% of children"),
    (("Female", 3, 23.1), ("Male", 10, 76.9), ("Other", 0, 0.0), ("Total", 13, 100.0)),
    count_columns=("Children",),
    note="Children in arrangements open at any time in the period.",
)
VISITS = StatTable(
    "visits",
    "Visits",
    ("Rule", "This period: due", "This period: %", "Previous period: due", "Previous period: %"),
    (("REG7_VISIT", 4, 75.0, 12, 50.0), ("REG8_VISIT", 20, 90.0, 2, 100.0)),
    count_columns=("This period: due", "Previous period: due"),
)
CHILDREN = StatTable(
    "child_level_list",
    "Child-level list",
    ("Case", "Age", "Start date", "Days to first visit"),
    (("PF-2026-0001", 3, date(2026, 5, 1), 2), ("PF-2026-0002", 14, None, None)),
    aggregate=False,
)
TREND = Chart(
    "trend", "Arrangements by year", "bar", ("FY 2025-26", "FY 2026-27"), (("Began", (3.0, 8.0)),)
)
REPORT = Report("Annual report", financial_year(2026), (BY_SEX, VISITS, CHILDREN), (TREND,))


def test_counts_below_the_threshold_are_hidden_and_zero_stays() -> None:
    table = suppress(REPORT, 5).table("children_by_sex")
    # Female 3 < 5: "<5", its percentage "c". Total 13 with one hidden part would give
    # Female = 13 - 10 - 0 = 3 away, so the smallest other non-zero count (Male, 10) goes too.
    assert table.rows == (
        ("Female", "<5", "c"),
        ("Male", "c", "c"),
        ("Other", 0, 0.0),
        ("Total", 13, 100.0),
    )


def _counts(*values: int) -> StatTable:
    labels = [f"Part {n}" for n in range(len(values) - 1)]
    return StatTable(
        "t",
        "T",
        ("Part", "Children"),
        tuple(zip([*labels, "Total"], values, strict=True)),
        count_columns=("Children",),
    )


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        # Two hidden ones: 17 - 15 = 2 over two cells of at least 1 pins both at 1.
        ((1, 1, 15, 17), ("<5", "<5", "c", 17)),
        # Six hidden ones beside 22 in 28: all 1 (the demo's countries of origin).
        ((22, 1, 1, 1, 1, 1, 1, 28), ("c", "<5", "<5", "<5", "<5", "<5", "<5", 28)),
        # Two hidden fours: 8 = 2 x 4 pins both; 3 + 4 = 7 does not.
        ((4, 4, 9, 17), ("<5", "<5", "c", 17)),
        ((3, 4, 9, 16), ("<5", "<5", 9, 16)),
        # Hidden 1 and the smallest shown, 5: 6 = 1 + 5 pins them, so 9 goes too.
        ((1, 5, 9, 15), ("<5", "c", "c", 15)),
        # Nothing hidden, or a hidden total: nothing more to protect.
        ((5, 9, 14), (5, 9, 14)),
        ((1, 2, 0, 3), ("<5", "<5", 0, "<5")),
    ],
)
def test_the_total_cannot_give_hidden_counts_away(
    values: tuple[int, ...], shown: tuple[object, ...]
) -> None:
    assert tuple(suppress_table(_counts(*values), 5).column("Children")) == shown


def test_derived_figures_are_hidden_only_in_their_column_group() -> None:
    table = suppress(REPORT, 5).table("visits")
    # REG7 this period: 4 due -> "<5" and its 75% hidden; the previous period's 12 and 50%
    # stay. REG8 previous period: 2 due -> "<5", its 100% hidden.
    assert table.rows == (
        ("REG7_VISIT", "<5", "c", 12, 50.0),
        ("REG8_VISIT", 20, 90.0, "<5", "c"),
    )


def test_child_level_list_and_threshold_off_are_untouched() -> None:
    assert suppress(REPORT, 5).table("child_level_list") == CHILDREN
    assert suppress(REPORT, 0) == REPORT
    assert suppress(REPORT, 1) == REPORT


def test_chart_values_below_the_threshold_become_gaps() -> None:
    (chart,) = suppress(REPORT, 5).charts
    began = chart.series[0][1]
    assert math.isnan(began[0]) and began[1] == 8.0


def test_xlsx_reads_back_as_the_suppressed_report_cell_by_cell(tmp_path: Path) -> None:
    path = tmp_path / "pack.xlsx"
    write_report(REPORT, path, "xlsx", threshold=5)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["About", "Children by sex", "Visits", "Child level list", "Charts"]
    assert sheet_names(REPORT) == book.sheetnames[1:4]
    about = book["About"]
    assert about["B3"].value == "FY 2026-27"
    assert about["B4"].value == datetime(2026, 4, 1) and about["B5"].value == datetime(2027, 3, 31)
    assert about["B6"].value == 5
    expected = suppress(REPORT, 5)
    for name, table in zip(book.sheetnames[1:4], expected.tables, strict=True):
        sheet = book[name]
        assert sheet["A1"].value == table.title
        assert tuple(c.value for c in sheet[2]) == table.columns
        assert sheet["A2"].font.b
        for r, row in enumerate(table.rows, start=3):
            got = tuple(sheet.cell(r, c + 1).value for c in range(len(row)))
            # openpyxl reads a date cell back as a datetime at midnight.
            want = tuple(
                datetime(v.year, v.month, v.day) if isinstance(v, date) else v for v in row
            )
            assert got == want, (name, r)
    # A count is a number, a date a date, not text.
    children = book["Child level list"]
    assert children["B3"].data_type == "n" and children["C3"].is_date
    assert book["Children by sex"]["A8"].value == BY_SEX.note


def test_csv_has_each_table_under_its_title(tmp_path: Path) -> None:
    path = tmp_path / "pack.csv"
    write_report(REPORT, path, "csv", threshold=5)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a byte-order mark
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert lines[0] == ["Annual report"]
    assert lines[1] == ["FY 2026-27: 1 April 2026 to 31 March 2027"]
    start = lines.index(["Children by sex"])
    assert lines[start + 1 : start + 6] == [
        ["Sex", "Children", "% of children"],
        ["Female", "<5", "c"],
        ["Male", "c", "c"],
        ["Other", "0", "0.0"],
        ["Total", "13", "100.0"],
    ]
    start = lines.index(["Child-level list"])
    assert lines[start + 2] == ["PF-2026-0001", "3", "2026-05-01", "2"]


def test_pdf_names_the_period_and_leaves_out_the_child_level_list(tmp_path: Path) -> None:
    path = tmp_path / "pack.pdf"
    write_report(REPORT, path, "pdf", threshold=5)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    assert "FY 2026-27" in text and "1 April 2026 to 31 March 2027" in text
    assert "Children by sex" in text
    assert "PF-2026-0001" not in text
    assert "page 1" in text


def _pdf_text(data: bytes) -> str:
    """The text drawn on the pages: reportlab writes page streams ASCII85- and zlib-encoded."""
    chunks = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        encoded = b"".join(stream.split()).removesuffix(b"~>")
        chunks.append(zlib.decompress(base64.a85decode(encoded)).decode("latin-1"))
    return "".join(re.findall(r"\((.*?)\) Tj", "".join(chunks)))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_written_private_whole_and_replacing_an_old_file(tmp_path: Path) -> None:
    path = tmp_path / "pack.xlsx"
    path.write_text("an old export")
    write_report(REPORT, path, "xlsx", threshold=5)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert path.read_bytes().startswith(b"PK")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.xlsx"]  # no temporary left


def test_a_failed_export_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "pack.xlsx"
    with pytest.raises(ValidationError):
        write_report(REPORT, path, "docx", threshold=5)
    bad = Report("Bad", financial_year(2026), (StatTable("x", "X", ("A",), ((object(),),)),))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        write_report(bad, path, "xlsx", threshold=5)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "values",
    [(3.0,), (3.0, math.nan, 7.0), (math.nan, math.nan), (1.0, 2.0, math.nan, 4.0)],
    ids=["one-month", "broken-by-a-gap", "all-suppressed", "lone-last-point"],
)
def test_a_line_chart_that_cannot_be_a_line_still_exports(tmp_path: Path, values) -> None:
    chart = Chart(
        "trend",
        "Trend",
        "line",
        tuple(f"M{i}" for i in range(len(values))),
        (("Enquiries", values),),
    )
    report = Report("Trend", financial_year(2026), charts=(chart,))
    write_report(report, tmp_path / "trend.pdf", "pdf", threshold=5)
    assert (tmp_path / "trend.pdf").read_bytes().startswith(b"%PDF")
