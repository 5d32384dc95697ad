"""Time to build the clinical summary PDF for a typical case vs a fair bare ReportLab document.

Printed, never asserted. The anchor (issue #17 item 7) is a bare ReportLab document with the *same
text and table cells* as the summary: every paragraph's plain text and every table cell as a plain
Paragraph in the same registered DejaVu TTF font, in a SimpleDocTemplate, without the report's
styles, header/footer, liver drawing or table styling. So the ratio says what the report's own
layout and drawing cost on top of setting its text. A one-paragraph document is printed too (the
earlier, unfair anchor). Runs are interleaved (summary, anchor, summary, ...) so load hits both
alike; the first (cold) build is reported separately (imports and font parsing).

    .venv/bin/python benchmarks/bench_report.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.loading import load_case_file
from nelm_desktop.core.paths import resource
from nelm_desktop.core.report import ReportSettings, build_report

SETTINGS = ReportSettings("Dr Bench", "Bench Hospital", "+44 0000")


def typical_case():  # type: ignore[no-untyped-def]
    example = resource("example-case.json")
    if example.is_file():
        return load_case_file(example)
    return load_case_file(sorted(resource("demo").glob("*.json"))[0])


def one_paragraph() -> bytes:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from nelm_desktop.core.report.fonts import FONT, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer)
    doc.build([Paragraph("One paragraph of text for the baseline.", ParagraphStyle("p", fontName=FONT))])
    return buffer.getvalue()


def _texts(flowable, paragraphs: list[str], tables: list[list[list[str]]]) -> None:  # type: ignore[no-untyped-def]
    """The plain text of every paragraph and table cell in a story, in order."""
    from reportlab.platypus import Paragraph, Table

    if isinstance(flowable, Paragraph):
        paragraphs.append(flowable.getPlainText())
    elif isinstance(flowable, Table):
        rows = []
        for row in flowable._cellvalues:
            cells = []
            for cell in row:
                if isinstance(cell, list | tuple):  # a layout cell (drawing beside text): its story
                    for child in cell:
                        _texts(child, paragraphs, tables)
                    cells.append("")
                else:
                    cells.append(cell.getPlainText() if isinstance(cell, Paragraph) else str(cell or ""))
            if any(cells):
                rows.append(cells)
        if rows:
            tables.append(rows)
    else:
        for attr in ("_content", "_flowables", "content"):
            inner = getattr(flowable, attr, None)
            if isinstance(inner, list | tuple):
                for child in inner:
                    _texts(child, paragraphs, tables)


def summary_story(case, evaluation):  # type: ignore[no-untyped-def]
    from datetime import date

    from nelm_desktop.core.report.summary import summary_story

    return summary_story(case, evaluation, "a4", SETTINGS, date.today())


def fair_anchor(story) -> tuple[callable, int, int]:  # type: ignore[no-untyped-def,valid-type]
    """A builder of the bare document with the story's text and cells; paragraph and cell counts."""
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    from nelm_desktop.core.report.fonts import FONT, register_fonts

    register_fonts()
    paragraphs: list[str] = []
    tables: list[list[list[str]]] = []
    for flowable in story:
        _texts(flowable, paragraphs, tables)
    style = ParagraphStyle("p", fontName=FONT, fontSize=9, leading=11)

    def build() -> bytes:
        flow: list = []  # type: ignore[type-arg]
        flow += [Paragraph(escape(text), style) for text in paragraphs]
        for rows in tables:
            flow.append(Table([[Paragraph(escape(c), style) for c in row] for row in rows]))
        buffer = io.BytesIO()
        SimpleDocTemplate(buffer).build(flow)
        return buffer.getvalue()

    return build, len(paragraphs), sum(len(r) for t in tables for r in t)


def interleaved(fns, repeat: int) -> list[list[float]]:  # type: ignore[no-untyped-def]
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            times[i].append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    case = typical_case()
    evaluation = evaluate(case)

    def summary() -> bytes:
        return build_report(case, evaluation, "summary", "a4", SETTINGS)

    start = time.perf_counter()
    pdf = summary()
    cold = (time.perf_counter() - start) * 1000
    anchor, paragraphs, cells = fair_anchor(summary_story(case, evaluation))
    one_paragraph()
    anchor()
    summary_ms, anchor_ms, baseline_ms = interleaved([summary, anchor, one_paragraph], args.repeat)
    median_summary = statistics.median(summary_ms)
    median_anchor = statistics.median(anchor_ms)
    median_baseline = statistics.median(baseline_ms)
    from pypdf import PdfReader

    result = {
        "case": case.patient_label or case.case_id,
        "summary_pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "summary_bytes": len(pdf),
        "summary_cold_ms": round(cold, 1),
        "summary_median_ms": round(median_summary, 1),
        "summary_min_ms": round(min(summary_ms), 1),
        "summary_paragraphs": paragraphs,
        "summary_table_cells": cells,
        "fair_anchor_median_ms": round(median_anchor, 1),
        "ratio_to_fair_anchor": round(median_summary / median_anchor, 2),
        "one_paragraph_median_ms": round(median_baseline, 1),
        "ratio_to_one_paragraph": round(median_summary / median_baseline, 2),
        "target": "summary < 200 ms; ratio to the fair anchor printed",
        "repeat": args.repeat,
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
