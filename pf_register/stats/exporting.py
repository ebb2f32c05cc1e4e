"""Write a ``Report`` to CSV, XLSX or PDF: what is exported is what is on screen.

- Aggregate tables are suppressed (``suppression.suppress``) with the threshold given; a
  child-level list (``aggregate=False``) is written untouched to a separate file named
  "...-child-level-RESTRICTED" (CSV or XLSX), never into the file of aggregate figures, which
  can then be shared as it is.
- **CSV**: one UTF-8 file (with a byte-order mark, so Excel reads dashes and accents), the
  report's title, period and notes at the top, then each table under its title row, with a
  blank line between tables. One file opens in Excel as one sheet, in reading order; a zip
  of many CSVs would not open by double-click.
- **XLSX**: an "About" cover sheet (title, period, suppression threshold, notes and each
  table's definition), one sheet per table (bold headers, real dates and numbers, frozen
  header row), and a "Charts" sheet of native Excel charts over their data.
- **PDF**: A4, title, period, each aggregate table with its note, each chart, page numbers.
- Files are written whole to a temporary name beside the target (mode 0o600: only the
  officer can read them) and renamed into place, so no reader ever sees half an export.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import math
import os
import re
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import xlsxwriter

from pf_register.dates import long_date
from pf_register.errors import ValidationError
from pf_register.stats.report import Cell, Chart, Report
from pf_register.stats.suppression import suppress

FORMATS = ("csv", "xlsx", "pdf")
PALETTE = ("#1f5a96", "#e07b00", "#3a8f3a", "#b03a48", "#6b4c9a", "#8a6d3b", "#5a5a5a")


RESTRICTED_SUFFIX = "-child-level-RESTRICTED"
RESTRICTED_NOTE = (
    "RESTRICTED: one row per child, not suppressed. For the authority's own use: not for "
    "sharing outside it. The aggregate figures are in a file of their own."
)


def restricted_path(path: Path, fmt: str) -> Path:
    """Where a report's child-level list goes: beside ``path``, named "...-child-level-
    RESTRICTED", as CSV for a CSV export and XLSX otherwise (a PDF never holds it)."""
    path = Path(path)
    ext = "csv" if fmt == "csv" else "xlsx"
    return path.with_name(f"{path.stem}{RESTRICTED_SUFFIX}.{ext}")


def write_report(report: Report, path: Path, fmt: str, *, threshold: int) -> list[Path]:
    """Write ``report`` to ``path`` as "csv", "xlsx" or "pdf", aggregate tables suppressed
    below ``threshold`` (0 or 1: nothing hidden). Returns the files written.

    Tables with ``aggregate=False`` (a child-level list) never go into that file, whatever
    the format: if the report has any, they are written, unsuppressed, to a separate file
    (``restricted_path``), so the file of aggregate figures can be shared as it is."""
    renderers: dict[str, Callable[[Report, int], bytes]] = {
        "csv": render_csv,
        "xlsx": render_xlsx,
        "pdf": render_pdf,
    }
    if fmt not in renderers:
        raise ValidationError("format", f"'{fmt}' is not an export format; use csv, xlsx or pdf")
    path = Path(path)
    aggregate, child_level = report.split_restricted()
    written = [path]
    data = renderers[fmt](suppress(aggregate, threshold), threshold)
    restricted: bytes | None = None
    if child_level:
        listing = Report(
            f"{report.title}: child-level list (RESTRICTED)",
            report.period,
            child_level,
            notes=(RESTRICTED_NOTE,),
        )
        written.append(restricted_path(path, fmt))
        restricted = (render_csv if fmt == "csv" else render_xlsx)(listing, 0)
    write_atomically(path, data)
    if restricted is not None:
        write_atomically(written[1], restricted)
    return written


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a private temporary file beside ``path``, then rename it into place."""
    path = path.expanduser()
    # Every error names the target, never the temporary file beside it.
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, "No such folder", str(path.parent))
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "That is a folder; give a file name", str(path))
    try:
        # mkstemp creates the file with mode 0o600 where the OS has such modes.
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as error:
        raise type(error)(error.errno, error.strerror, str(path)) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise type(error)(error.errno, error.strerror, str(path)) from error
        raise


def _period_text(report: Report) -> str:
    period = report.period
    return f"{period.label}: {long_date(period.start)} to {long_date(period.end)}"


def _display(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _threshold_text(threshold: int) -> str:
    if threshold <= 1:
        return "No counts are hidden (suppression threshold off)."
    return (
        f"Counts below {threshold} are hidden as <{threshold} (suppression threshold {threshold})."
    )


# ---------------------------------------------------------------------------- CSV
def render_csv(report: Report, threshold: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([report.title])
    writer.writerow([_period_text(report)])
    writer.writerow([_threshold_text(threshold)])
    for note in report.notes:
        writer.writerow([note])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.columns)
        writer.writerows([_display(cell) for cell in row] for row in table.rows)
        if table.note:
            writer.writerow([table.note])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# ---------------------------------------------------------------------------- XLSX
def sheet_names(report: Report) -> list[str]:
    """One readable, unique Excel sheet name (at most 31 characters) per table."""
    names: list[str] = []
    for table in report.tables:
        base = re.sub(r"[\[\]:*?/\\]", " ", table.key.replace("_", " ")).strip()
        base = (base[:1].upper() + base[1:])[:31] or "Table"
        name, n = base, 2
        while name.lower() in {x.lower() for x in [*names, "About", "Charts"]}:
            suffix = f" {n}"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        names.append(name)
    return names


def render_xlsx(report: Report, threshold: int) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    title = book.add_format({"bold": True, "font_size": 14})
    bold = book.add_format({"bold": True})
    header = book.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    day = book.add_format({"num_format": "d mmm yyyy"})
    decimal = book.add_format({"num_format": "0.0"})
    note = book.add_format({"italic": True, "text_wrap": True, "valign": "top"})

    about = book.add_worksheet("About")
    about.set_column(0, 0, 28)
    about.set_column(1, 1, 100)
    about.write(0, 0, report.title, title)
    about.write(2, 0, "Period", bold)
    about.write(2, 1, report.period.label)
    about.write(3, 0, "From", bold)
    about.write_datetime(3, 1, report.period.start, day)
    about.write(4, 0, "To", bold)
    about.write_datetime(4, 1, report.period.end, day)
    about.write(5, 0, "Suppression threshold", bold)
    about.write_number(5, 1, threshold)
    about.write(6, 1, _threshold_text(threshold), wrap)
    line = 8
    for text in report.notes:
        about.write(line, 1, text, wrap)
        line += 1
    line += 1
    about.write(line, 0, "Sheet", header)
    about.write(line, 1, "What it shows, and how it is counted", header)
    names = sheet_names(report)
    for name, table in zip(names, report.tables, strict=True):
        line += 1
        about.write(line, 0, name)
        text = table.title + (f". {table.note}" if table.note else "")
        if not table.aggregate:
            text += " One row per child: never suppressed; not for sharing outside the authority."
        about.write(line, 1, text, wrap)

    for name, table in zip(names, report.tables, strict=True):
        sheet = book.add_worksheet(name)
        sheet.write(0, 0, table.title, title)
        widths = [len(c) for c in table.columns]
        for c, column in enumerate(table.columns):
            sheet.write(1, c, column, header)
        for r, row in enumerate(table.rows, start=2):
            for c, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(r, c, value, day)
                    widths[c] = max(widths[c], 11)
                elif isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif isinstance(value, float):
                    if math.isnan(value):
                        sheet.write_blank(r, c, None)
                    else:
                        sheet.write_number(r, c, value, decimal)
                elif isinstance(value, int):
                    sheet.write_number(r, c, value)
                elif value is None:
                    sheet.write_blank(r, c, None)
                else:
                    sheet.write_string(r, c, value)
                widths[c] = max(widths[c], len(_display(value)))
        for c, width in enumerate(widths):
            sheet.set_column(c, c, min(max(width + 2, 8), 60))
        sheet.freeze_panes(2, 0)
        if table.note:
            below = len(table.rows) + 3
            if len(table.columns) > 1:
                sheet.merge_range(below, 0, below, len(table.columns) - 1, table.note, note)
            else:
                sheet.write(below, 0, table.note, note)
            # Merged cells do not grow to fit: give long notes a few lines.
            sheet.set_row(below, 15 * (len(table.note) // 110 + 1))

    if report.charts:
        _xlsx_charts(book, report.charts, bold)
    book.close()
    return buffer.getvalue()


def _xlsx_charts(
    book: xlsxwriter.Workbook, charts: tuple[Chart, ...], bold: xlsxwriter.format.Format
) -> None:
    sheet = book.add_worksheet("Charts")
    sheet.set_column(0, 0, 18)
    top = 0
    for index, chart in enumerate(charts):
        sheet.write(top, 0, chart.title, bold)
        sheet.write(top + 1, 0, "")
        for s, (name, _) in enumerate(chart.series, start=1):
            sheet.write(top + 1, s, name, bold)
        for r, category in enumerate(chart.categories, start=top + 2):
            sheet.write_string(r, 0, category)
            for s, (_, values) in enumerate(chart.series, start=1):
                value = values[r - top - 2] if r - top - 2 < len(values) else math.nan
                if math.isnan(value):
                    sheet.write_blank(r, s, None)
                else:
                    sheet.write_number(r, s, value)
        excel = book.add_chart({"type": "column" if chart.kind == "bar" else "line"})
        last = top + 1 + len(chart.categories)
        for s, (name, _) in enumerate(chart.series, start=1):
            excel.add_series(
                {
                    "name": name,
                    "categories": ["Charts", top + 2, 0, last, 0],
                    "values": ["Charts", top + 2, s, last, s],
                    "marker": {"type": "circle"} if chart.kind == "line" else {"type": "none"},
                    "fill": {"color": PALETTE[(s - 1) % len(PALETTE)]},
                    "line": {"color": PALETTE[(s - 1) % len(PALETTE)]},
                }
            )
        if chart.note:  # e.g. that hidden values are gaps: under the data, and in the title
            sheet.write(last + 1, 0, chart.note)
        title = f"{chart.title}\n({chart.note})" if chart.note else chart.title
        excel.set_title({"name": title, "name_font": {"size": 11}})
        excel.set_legend({"position": "bottom"})
        excel.set_size({"width": 640, "height": 300})
        sheet.insert_chart(top, len(chart.series) + 2, excel)
        top = max(last + 2, top + 17) + (1 if index < len(charts) - 1 else 0)


# ---------------------------------------------------------------------------- PDF
def render_pdf(report: Report, threshold: int) -> bytes:
    """``pdf_export.render_pdf``, imported when a PDF is asked for: reportlab takes ~9 MiB
    and ~0.1 s to import, which a CSV or Excel export does not need."""
    from pf_register.stats.pdf_export import render_pdf as render

    return render(report, threshold)


__all__ = ["FORMATS", "render_csv", "render_pdf", "render_xlsx", "suppress", "write_report"]
