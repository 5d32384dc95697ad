"""What every report built as a ReportLab story shares: the styles, the content width, paragraphs,
table cells, section headings and the ruled table (one look for the summary and the board documents)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Table, TableStyle

from nelm_desktop.core.report.common import content_width, esc
from nelm_desktop.core.report.styles import HEAD_FILL, RULE, ZEBRA, Styles, summary_styles


class StoryWriter:
    """A story being written for one paper size; `story` is the list of flowables so far."""

    def __init__(self, paper: str) -> None:
        self.paper = paper
        self.s: Styles = summary_styles()
        self.width = content_width(paper)
        self.story: list[Any] = []

    def p(self, markup: str, style: Any = None) -> Paragraph:
        return Paragraph(markup, style or self.s.body)

    def cell(self, markup: str, bold: bool = False) -> Paragraph:
        return self.p(markup, self.s.cell_bold if bold else self.s.cell)

    def h1(self, text: str) -> None:
        # A conditional break, not keepWithNext: keepWithNext would glue the heading to a long table
        # and push the whole table to the next page.
        self.story.append(CondPageBreak(30 * mm))
        self.story.append(self.p(esc(text), self.s.h1))

    def table(
        self,
        rows: list[list[Any]],
        widths: list[float],
        *,
        header: bool = True,
        zebra: bool = True,
        extra: Iterable[tuple[Any, ...]] = (),
    ) -> Table:
        """A grid with a shaded header row (repeated on every page) and zebra rows below it."""
        style: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.3, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL))
        if zebra:
            start = 1 if header else 0
            style += [("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(start + 1, len(rows), 2)]
        style += list(extra)
        table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
        table.setStyle(TableStyle(style))
        return table

    def paired_rows(self, pairs: list[tuple[str, str]]) -> list[list[Any]]:
        """Label and value pairs in two column pairs, down the left half first; labels bold."""
        half = (len(pairs) + 1) // 2
        rows = []
        for i in range(half):
            left = pairs[i]
            right = pairs[i + half] if i + half < len(pairs) else ("", "")
            rows.append(
                [
                    self.cell(esc(left[0]), True),
                    self.cell(esc(left[1])),
                    self.cell(esc(right[0]), True),
                    self.cell(esc(right[1])),
                ]
            )
        return rows
