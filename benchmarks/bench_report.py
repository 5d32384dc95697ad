"""Time to build the clinical summary PDF for a typical case vs a one-paragraph ReportLab document.

Printed, never asserted (issue #5 item 6): target ratio <= 3 and summary < 200 ms. Both documents use
the same registered DejaVu font, so the baseline pays for font embedding as the report does; the
first (cold) build is reported separately because it includes imports and font parsing.

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


def timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
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
    one_paragraph()
    summary_ms = timed(summary, args.repeat)
    baseline_ms = timed(one_paragraph, args.repeat)
    median_summary = statistics.median(summary_ms)
    median_baseline = statistics.median(baseline_ms)
    from pypdf import PdfReader

    result = {
        "case": case.patient_label or case.case_id,
        "summary_pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "summary_bytes": len(pdf),
        "summary_cold_ms": round(cold, 1),
        "summary_median_ms": round(median_summary, 1),
        "summary_min_ms": round(min(summary_ms), 1),
        "one_paragraph_median_ms": round(median_baseline, 1),
        "ratio": round(median_summary / median_baseline, 2),
        "target": "ratio <= 3 and summary < 200 ms",
        "repeat": args.repeat,
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
