"""Exports: small-number suppression, and CSV, XLSX and PDF files that read back as the Report."""

from __future__ import annotations

import base64
import csv
import dataclasses
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
    restricted = tmp_path / "pack-child-level-RESTRICTED.xlsx"
    assert write_report(REPORT, path, "xlsx", threshold=5) == [path, restricted]
    # The child-level list is never in the workbook of aggregate figures: it has its own.
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["About", "Children by sex", "Visits", "Charts"]
    assert sheet_names(REPORT)[:2] == book.sheetnames[1:3]
    listing = openpyxl.load_workbook(restricted)
    assert listing.sheetnames == ["About", "Child level list"]
    assert "RESTRICTED" in listing["About"]["A1"].value
    about = book["About"]
    assert about["B3"].value == "FY 2026-27"
    assert about["B4"].value == datetime(2026, 4, 1) and about["B5"].value == datetime(2027, 3, 31)
    assert about["B6"].value == 5
    expected = suppress(REPORT, 5)
    sheets = [(book, "Children by sex"), (book, "Visits"), (listing, "Child level list")]
    for (workbook, name), table in zip(sheets, expected.tables, strict=True):
        sheet = workbook[name]
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
    children = listing["Child level list"]
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
    assert ["Child-level list"] not in lines  # never beside the aggregate figures
    restricted = tmp_path / "pack-child-level-RESTRICTED.csv"
    lines = list(csv.reader(io.StringIO(restricted.read_text(encoding="utf-8-sig"))))
    assert lines[0] == ["Annual report: child-level list (RESTRICTED)"]
    start = lines.index(["Child-level list"])
    assert lines[start + 2] == ["PF-2026-0001", "3", "2026-05-01", "2"]


def test_pdf_names_the_period_and_leaves_out_the_child_level_list(tmp_path: Path) -> None:
    path = tmp_path / "pack.pdf"
    # The child-level list goes to a restricted XLSX beside the PDF, never into it.
    assert write_report(REPORT, path, "pdf", threshold=5)[1] == (
        tmp_path / "pack-child-level-RESTRICTED.xlsx"
    )
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
    restricted = tmp_path / "pack-child-level-RESTRICTED.xlsx"
    assert stat.S_IMODE(os.stat(restricted).st_mode) == 0o600
    # No temporary left.
    assert sorted(p.name for p in tmp_path.iterdir()) == [restricted.name, "pack.xlsx"]


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


# ---------------------------------------------------------------------- shares (B1, B4)
def _rates(*pairs: tuple[int, int]) -> StatTable:
    """A "rates compared" table: each row a number due and the % on time of it."""
    return StatTable(
        "rates",
        "Rates",
        ("Measure", "This: number", "This: %"),
        tuple(
            (f"M{r}", whole, round(100 * part / whole, 1)) for r, (part, whole) in enumerate(pairs)
        ),
        count_columns=("This: number",),
        shares=tuple((r, "This: %", part, whole) for r, (part, whole) in enumerate(pairs)),
    )


def test_a_percentage_that_gives_a_small_count_away_is_hidden() -> None:
    # Of 40: 2 on time (5.0%: 40 x 5% = 2, small), 38 (95.0%: 40 - 38 = 2 late, small),
    # 20 (50.0%: 20 and 20, shown), 0 (0.0%: none, shown), 40 (100.0%: none late, shown),
    # 35 (87.5%: 5 late, not below 5, shown).
    table = suppress_table(_rates((2, 40), (38, 40), (20, 40), (0, 40), (40, 40), (35, 40)), 5)
    assert table.column("This: %") == ["c", "c", 50.0, 0.0, 100.0, 87.5]
    assert table.column("This: number") == [40] * 6
    # Suppression off: all shown.
    assert suppress_table(_rates((2, 40)), 0).column("This: %") == [5.0]


def test_a_share_of_a_total_not_shown_is_hidden_whole_when_a_count_is() -> None:
    # Seen alone 3, not alone 10, not recorded 10 (of 23 seen), not seen 6, all visits 29.
    # Shown, 43.5% of 10 would give 23 seen, and 23 - 10 - 10 = 3 alone.
    table = StatTable(
        "seen",
        "Seen",
        ("Visits", "Visits in the period", "% of visits at which the child was seen"),
        (
            ("Alone", 3, 13.0),
            ("Not alone", 10, 43.5),
            ("Not recorded", 10, 43.5),
            ("Not seen", 6, None),
            ("All visits", 29, None),
        ),
        count_columns=("Visits in the period",),
        share_columns=("% of visits at which the child was seen",),
    )
    hidden = suppress_table(table, 5)
    assert hidden.column("% of visits at which the child was seen") == ["c", "c", "c", None, None]
    # 29 - 6 - 10 - 10 = 3 would pin "Alone" down: the next count shown, in the table's
    # order, goes too (not the smallest: that would tell every count left is bigger),
    # then 29 - 16 = 13 over a "<5" and a "c" pins nothing: 3 + 10, 4 + 9, ...
    assert hidden.column("Visits in the period") == ["<5", "c", 10, 6, 29]
    # Nothing hidden (alone 8, of 28 seen: 28.6%): the column stays.
    shown = dataclasses.replace(
        table,
        rows=(("Alone", 8, 28.6), ("Not alone", 10, 35.7), ("Not recorded", 10, 35.7),
              ("Not seen", 6, None), ("All visits", 34, None)),
    )  # fmt: skip
    assert suppress_table(shown, 5) == shown


# ---------------------------------------------------------------------- free-text labels (B6)
COUNTRIES = StatTable(
    "children_by_country",
    "Children by country of origin",
    ("Country of origin", "Children", "% of children"),
    (
        ("United Kingdom", 22, 78.6),
        ("Syria", 3, 10.7),
        ("Poland", 2, 7.1),
        ("Vietnam", 1, 3.6),
        ("Total", 28, 100.0),
    ),
    count_columns=("Children",),
    free_text_labels=True,
)


def test_rare_free_text_labels_are_folded_into_other() -> None:
    # Syria 3, Poland 2, Vietnam 1: each below 5, folded: 6 children, 6 / 28 = 21.4%.
    table = suppress_table(COUNTRIES, 5)
    assert table.rows == (
        ("United Kingdom", 22, 78.6),
        ("Other (each fewer than 5)", 6, 21.4),
        ("Total", 28, 100.0),
    )
    # Two rare ones adding up to 3: the "Other" row is itself hidden; 28 - 25 = 3 would give
    # it away, so the smallest count shown beside it (25) is hidden too.
    two = dataclasses.replace(
        COUNTRIES,
        rows=(("United Kingdom", 25, 89.3), ("Poland", 2, 7.1), ("Vietnam", 1, 3.6),
              ("Total", 28, 100.0)),
    )  # fmt: skip
    assert suppress_table(two, 5).rows == (
        ("United Kingdom", "c", "c"),
        ("Other (each fewer than 5)", "<5", "c"),
        ("Total", 28, 100.0),
    )
    # Suppression off: the labels stay, for the authority's own use.
    assert suppress_table(COUNTRIES, 0) == COUNTRIES


def test_exports_never_name_a_rare_country(tmp_path: Path) -> None:
    report = Report("R", financial_year(2026), (COUNTRIES,))
    for fmt in ("csv", "xlsx"):
        write_report(report, tmp_path / f"r.{fmt}", fmt, threshold=5)
    text = (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert "Vietnam" not in text and "Other (each fewer than 5)" in text
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["Children by country"]
    assert "Vietnam" not in [c.value for c in sheet["A"]]


# ---------------------------------------------------------------------- charts (B2)
def test_a_chart_point_is_hidden_exactly_when_its_table_cell_is(tmp_path: Path) -> None:
    from pf_register.stats.report import column_cells

    # Q1: advance 10, short 3, retrospective 7 (of 20: 50%, 15%, 35%). Short 3 is "<5", so
    # every share of the row is "c" (each would give it back). The chart's "Advance" bar is
    # the "Advance %" cell, hidden, though the count column also called "Advance" shows 10.
    # Q2: 10, 10, 10 (33.3% each): all shown.
    table = StatTable(
        "timeliness",
        "T",
        ("Quarter", "Advance", "Short", "Retrospective", "Advance %", "Short %", "Retrospective %"),
        (("Q1", 10, 3, 7, 50.0, 15.0, 35.0), ("Q2", 10, 10, 10, 33.3, 33.3, 33.3)),
        count_columns=("Advance", "Short", "Retrospective"),
    )
    chart = Chart(
        "timeliness",
        "Shares",
        "bar",
        ("Q1", "Q2"),
        (("Advance", (50.0, 33.3)), ("Short", (15.0, 33.3)), ("Retrospective", (35.0, 33.3))),
        cells=tuple(
            column_cells("timeliness", f"{n} %", 2) for n in ("Advance", "Short", "Retrospective")
        ),
    )
    hidden = suppress(Report("R", financial_year(2026), (table,), (chart,)), 5)
    (drawn,) = hidden.charts
    for _, values in drawn.series:
        assert math.isnan(values[0]) and values[1] == 33.3
    assert "Some values are not drawn" in drawn.note and "fewer than 5" in drawn.note
    # A chart with nothing hidden has no such note.
    assert suppress(Report("R", financial_year(2026), (table,), (chart,)), 0).charts[0].note == ""
    # The note reaches the PDF and the XLSX.
    report = Report("R", financial_year(2026), (table,), (chart,))
    write_report(report, tmp_path / "r.pdf", "pdf", threshold=5)
    assert "Some values are not drawn" in _pdf_text((tmp_path / "r.pdf").read_bytes())
    write_report(report, tmp_path / "r.xlsx", "xlsx", threshold=5)
    charts = openpyxl.load_workbook(tmp_path / "r.xlsx")["Charts"]
    assert any(str(c.value).startswith("Some values are not drawn") for c in charts["A"])


# ---------------------------------------------------------------------- PDF layout (D)
def test_a_wide_table_gets_a_landscape_page_and_dates_stay_whole(tmp_path: Path) -> None:
    columns = (
        "Date", "Activity", "Audience", "Area", "Enquiries: before", "Enquiries: after",
        "Enquiries: change", "Notifications: before", "Notifications: after",
        "Notifications: change", "Weeks after complete",
    )  # fmt: skip
    wide = StatTable(
        "impact",
        "Before and after",
        columns,
        (
            (
                date(2026, 5, 20),
                "Social media posts for AB6 faith and community groups",
                "Faith or community group",
                "AB6",
                12,
                14,
                2,
                10,
                10,
                0,
                "no: weeks after not over until 2026-07-15",
            ),
        ),
    )
    narrow = StatTable("n", "Narrow", ("Sex", "Children"), (("Female", 12),))
    report = Report("R", financial_year(2026), (narrow, wide, narrow))
    path = tmp_path / "wide.pdf"
    write_report(report, path, "pdf", threshold=0)
    data = path.read_bytes()
    # Page sizes in order: portrait, landscape for the wide table, portrait again.
    boxes = re.findall(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", data)
    shapes = ["landscape" if float(w) > float(h) else "portrait" for w, h in boxes]
    assert shapes == ["portrait", "landscape", "portrait"]
    # The date is drawn in one piece, never "2026 -05-2 0".
    pieces = re.findall(r"\((.*?)\) Tj", _pdf_text_streams(data))
    assert "2026-05-20" in pieces


def _pdf_text_streams(data: bytes) -> str:
    chunks = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        encoded = b"".join(stream.split()).removesuffix(b"~>")
        chunks.append(zlib.decompress(base64.a85decode(encoded)).decode("latin-1"))
    return "".join(chunks)


def test_an_all_row_in_the_middle_is_a_figure_not_a_total() -> None:
    # The headline's "All notifications received" once made suppression hide "ended" (17).
    headline = StatTable(
        "headline",
        "Headline",
        ("Figure", "This year"),
        (
            ("New arrangements notified", 21),
            ("All notifications received", 49),
            ("Arrangements that ended", 17),
            ("Proposals that did not go ahead", 3),
        ),
        count_columns=("This year",),
    )
    hidden = suppress(Report("t", financial_year(2026), tables=(headline,)), 5).table("headline")
    assert hidden.column("This year") == [21, 49, 17, "<5"]


def _solvable(table: StatTable) -> list[tuple[tuple[int, str, int], ...]]:
    """The identities of a suppressed table with exactly one hidden cell: each gives it away."""

    def hidden(r: int, column: str) -> bool:
        cell = table.rows[r][table.columns.index(column)]
        return isinstance(cell, str) and (cell == "c" or cell.startswith("<"))

    return [i for i in table.identities if sum(hidden(r, c) for r, c, _ in i) == 1]


def test_a_stock_and_flow_identity_cannot_give_a_hidden_count_away() -> None:
    """Found reading an exported trend: open at the end of last year (5) + began (27) -
    ended (<5) = open at the end (28) worked the hidden 4 back out. The first shown count of
    the identity in its listed order (the other flow first) is hidden too, and a stock hidden
    so is protected in the neighbouring year's identity in turn."""
    columns = ("Year", "Began", "Ended", "Open at 31 March")
    rows = (("Y1", 5, 0, 5), ("Y2", 27, 4, 28), ("Y3", 40, 30, 38))
    identities = tuple(
        (
            (r, "Began", 1),
            (r, "Ended", -1),
            *(((r - 1, "Open at 31 March", 1),) if r else ()),
            (r, "Open at 31 March", -1),
        )
        for r in range(3)
    )
    table = StatTable("t", "T", columns, rows, count_columns=columns[1:], identities=identities)
    shown = suppress_table(table, 5)
    assert shown.rows == (("Y1", 5, 0, 5), ("Y2", "c", "<5", 28), ("Y3", 40, 30, 38))
    assert _solvable(shown) == []
    # The other flow is 0 (never hidden): a stock goes, then the year before protects it.
    rows = (("Y1", 12, 0, 12), ("Y2", 0, 3, 9), ("Y3", 40, 30, 19))
    shown = suppress_table(dataclasses.replace(table, rows=rows), 5)
    assert shown.rows == (("Y1", "c", 0, "c"), ("Y2", 0, "<5", 9), ("Y3", 40, 30, 19))
    assert _solvable(shown) == []


def test_exported_headline_and_trend_give_no_hidden_count_away(tmp_path: Path) -> None:
    """On a demo register whose first years are small, every identity of the suppressed
    headline and trend has no hidden cell or at least two."""
    from pf_register.demo import build_demo
    from pf_register.register import Register
    from pf_register.stats.annual import annual_report

    path = tmp_path / "demo.db"
    build_demo(path, seed=1, cases=150, years=10, as_of=date(2026, 5, 1))
    with Register.open(path, today=lambda: date(2026, 5, 1)) as register:
        report = suppress(annual_report(register, financial_year(2025)), 5)
    tables = {t.key: t for t in report.tables}
    trend = tables["trend"]
    hidden = [c for row in trend.rows for c in row[1:5] if isinstance(c, str)]
    assert hidden, "the fixture should have small counts in the trend"
    assert _solvable(trend) == [] and _solvable(tables["headline"]) == []


def test_csv_and_xlsx_exports_do_not_load_the_pdf_library(tmp_path: Path) -> None:
    """reportlab (~9 MiB, ~0.1 s to import) is loaded only to write a PDF: an app that
    exports to Excel does not carry it."""
    import subprocess

    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tests.core.test_stats_exporting import REPORT\n"
        "from pf_register.stats.exporting import write_report\n"
        f"folder = Path({str(tmp_path)!r})\n"
        "write_report(REPORT, folder / 'r.csv', 'csv', threshold=5)\n"
        "write_report(REPORT, folder / 'r.xlsx', 'xlsx', threshold=5)\n"
        "print('reportlab' in sys.modules)\n"
        "write_report(REPORT, folder / 'r.pdf', 'pdf', threshold=5)\n"
        "print('reportlab' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parents[2]
    shown = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
    )
    assert shown.stdout.split() == ["False", "True"]
    assert (tmp_path / "r.xlsx").exists() and (tmp_path / "r.pdf").read_bytes()[:4] == b"%PDF"
