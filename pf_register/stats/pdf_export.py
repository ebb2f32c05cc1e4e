"""Write a ``Report`` as a PDF (see ``exporting``): A4, title, period, each aggregate table
with its note, each chart, page numbers. Apart from the other formats because reportlab is
large: it is imported only when a PDF is written."""

from __future__ import annotations

import io
import math
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from pf_register.stats.exporting import PALETTE, _display, _period_text, _threshold_text
from pf_register.stats.report import Cell, Chart, Report, StatTable
from pf_register.stats.suppression import CONFIDENTIAL

MARGIN = 18 * mm
PORTRAIT_WIDTH = A4[0] - 2 * MARGIN
LANDSCAPE_WIDTH = A4[1] - 2 * MARGIN


def render_pdf(report: Report, threshold: int) -> bytes:
    """A4 pages, portrait; a table too wide for a portrait page (the trends, the before and
    after of each activity) gets landscape pages of its own. Numbers and dates are never
    broken across lines: their column is at least as wide as the widest of them."""
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=8, leading=9.5)
    head = cell.clone("head", fontName="Helvetica-Bold")
    small = styles["BodyText"].clone("small", fontSize=8, leading=10, textColor=colors.grey)

    def number_page(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(
            canvas._pagesize[0] - MARGIN,
            10 * mm,
            f"{report.title} — {report.period.label} — page {canvas.getPageNumber()}",
        )
        canvas.restoreState()

    def template(name: str, size: tuple[float, float]) -> PageTemplate:
        frame = Frame(MARGIN, MARGIN, size[0] - 2 * MARGIN, size[1] - 2 * MARGIN, id=name)
        return PageTemplate(name, [frame], onPage=number_page, pagesize=size)

    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{report.title} — {report.period.label}",
        pageTemplates=[template("portrait", A4), template("landscape", landscape(A4))],
    )
    story: list[Flowable] = [
        Paragraph(escape(report.title), styles["Title"]),
        Paragraph(escape(_period_text(report)), styles["Heading2"]),
        Paragraph(escape(_threshold_text(threshold)), styles["BodyText"]),
    ]
    story += [Paragraph(escape(n), styles["BodyText"]) for n in report.notes]
    orientation = "portrait"

    def turn(to: str) -> None:
        nonlocal orientation
        if to != orientation:
            story.extend([NextPageTemplate(to), PageBreak()])
            orientation = to

    for table in report.tables:
        if not table.aggregate:
            continue  # a child-level list never goes into a PDF
        # Wide tables in a smaller type, so headers wrap between words.
        size = 7.0 if len(table.columns) > 7 else 8.0
        width = PORTRAIT_WIDTH
        if sum(_pdf_least_widths(table, size)) > PORTRAIT_WIDTH:
            width = LANDSCAPE_WIDTH
            while size > 6 and sum(_pdf_least_widths(table, size)) > width:
                size -= 0.5
        turn("portrait" if width == PORTRAIT_WIDTH else "landscape")
        head_style = head.clone("h", fontSize=size, leading=size + 1.5)
        cell_style = cell.clone("c", fontSize=size, leading=size + 1.5)
        data: list[list[Any]] = [[Paragraph(escape(c), head_style) for c in table.columns]]
        # Numbers, dates and hidden marks as plain strings, which never wrap; words as
        # paragraphs, which wrap between words.
        data += [
            [
                _display(v) if _unbreakable(v) else Paragraph(escape(_display(v)), cell_style)
                for v in row
            ]
            for row in table.rows
        ]
        grid = Table(data, colWidths=_pdf_widths(table, width, size), repeatRows=1, hAlign="LEFT")
        commands: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTSIZE", (0, 1), (-1, -1), size),
            ("LEADING", (0, 1), (-1, -1), size + 1.5),
        ]
        commands += [
            ("ALIGN", (c, r), (c, r), "RIGHT")
            for r, row in enumerate(table.rows, start=1)
            for c, v in enumerate(row)
            if _numeric(v)
        ]
        grid.setStyle(TableStyle(commands))
        parts: list[Flowable] = [
            Spacer(1, 4 * mm),
            Paragraph(escape(table.title), styles["Heading3"]),
            grid,
        ]
        if table.note:
            parts.append(Paragraph(escape(table.note), small))
        # A short table stays on one page; a long one breaks, its header row repeated.
        story.extend([KeepTogether(parts)] if len(table.rows) < 25 else parts)
    if report.charts:
        turn("portrait")
    for chart in report.charts:
        drawn: list[Flowable] = [
            Paragraph(escape(chart.title), styles["Heading3"]),
            _pdf_chart(chart, PORTRAIT_WIDTH),
        ]
        if chart.note:  # e.g. that hidden values are gaps
            drawn.append(Paragraph(escape(chart.note), small))
        story += [Spacer(1, 4 * mm), KeepTogether(drawn)]

    doc.build(story)
    return buffer.getvalue()


def _unbreakable(value: Cell) -> bool:
    """A value that must stay on one line: a number, a date, a hidden mark."""
    return _numeric(value) or isinstance(value, date)


def _numeric(value: Cell) -> bool:
    """Numbers, and the marks that stand for hidden ones, sit to the right."""
    return isinstance(value, int | float) or (
        isinstance(value, str) and (value == CONFIDENTIAL or value.startswith("<"))
    )


_PAD = 14.0  # the table's default cell padding, 6 points a side, and a little air


def _text_width(text: str, size: float, font: str = "Helvetica") -> float:
    return float(stringWidth(text, font, size)) + _PAD


def _pdf_least_widths(table: StatTable, size: float) -> list[float]:
    """Each column's least width: its header's longest word (headers wrap between words,
    never inside one) and its widest number or date (never wrapped)."""
    return [
        max(
            [_text_width(w, size, "Helvetica-Bold") for w in (c.split() or [""])]
            + [_text_width(_display(row[i]), size) for row in table.rows if _unbreakable(row[i])]
        )
        for i, c in enumerate(table.columns)
    ]


def _pdf_widths(table: StatTable, total: float, size: float) -> list[float]:
    """Column widths: each at least its least width (``_pdf_least_widths``), the rest
    shared in proportion to how much wider each would like to be."""
    least = _pdf_least_widths(table, size)
    wanted = [
        max(
            [least[i], _text_width(c, size, "Helvetica-Bold") / 2]
            + [min(_text_width(_display(row[i]), size), 220.0) for row in table.rows]
        )
        for i, c in enumerate(table.columns)
    ]
    if sum(wanted) <= total:
        return [w * total / sum(wanted) for w in wanted]
    spare = max(total - sum(least), 0.0)
    extra = [w - m for w, m in zip(wanted, least, strict=True)]
    return [m + spare * e / (sum(extra) or 1) for m, e in zip(least, extra, strict=True)]


def _has_lone_point(values: tuple[float, ...]) -> bool:
    """A value with no value beside it: reportlab cannot draw a line through one point."""
    known = [not math.isnan(v) for v in values]
    return any(
        here and not (i > 0 and known[i - 1]) and not (i + 1 < len(known) and known[i + 1])
        for i, here in enumerate(known)
    )


def _pdf_chart(chart: Chart, width: float) -> Drawing:
    height = 190.0
    drawing = Drawing(width, height)
    plot: VerticalBarChart | HorizontalLineChart
    # A month with one point, or a line broken by suppressed values, is drawn as bars.
    as_line = chart.kind == "line" and not any(
        _has_lone_point(values) or all(math.isnan(v) for v in values) for _, values in chart.series
    )
    plot = HorizontalLineChart() if as_line else VerticalBarChart()
    plot.x, plot.y = 40, 45
    plot.width, plot.height = width - 60, height - 65
    plot.data = [[None if math.isnan(v) else v for v in values] for _, values in chart.series] or [
        [0]
    ]
    plot.categoryAxis.categoryNames = list(chart.categories)
    plot.categoryAxis.labels.fontSize = 7
    plot.valueAxis.labels.fontSize = 7
    plot.valueAxis.valueMin = 0
    finite = [v for _, values in chart.series for v in values if not math.isnan(v)]
    if not finite or max(finite) == 0:
        plot.valueAxis.valueMax = 1
    for i in range(len(chart.series)):
        color = colors.HexColor(PALETTE[i % len(PALETTE)])
        if isinstance(plot, VerticalBarChart):
            plot.bars[i].fillColor = color
        else:
            plot.lines[i].strokeColor = color
            plot.lines[i].strokeWidth = 1.5
    drawing.add(plot)
    legend = Legend()
    legend.x, legend.y = 40, 14
    legend.fontSize = 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.dx, legend.dy = 8, 8
    legend.deltax = max(90, (width - 60) / max(len(chart.series), 1))
    legend.colorNamePairs = [
        (colors.HexColor(PALETTE[i % len(PALETTE)]), name)
        for i, (name, _) in enumerate(chart.series)
    ]
    drawing.add(legend)
    if not chart.categories:
        drawing.add(String(width / 2, height / 2, "No data", textAnchor="middle"))
    return drawing


__all__ = ["render_pdf"]
