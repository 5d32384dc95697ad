"""Edit -> evaluate -> options panel repainted: p50/p95 over a few hundred edits (prints JSON).

Each edit changes one fact of a realistic case (Ki-67, FLR, extrahepatic disease, lesions, ...),
so statuses, groups, missing facts and criteria change as they do while a clinician types. The cycle
timed is: ``engine.evaluate(case)`` -> ``OptionsPanel.set_evaluation(ev)`` -> one event-loop turn
(``processEvents``: the posted layout requests, then the paint of what changed), in a visible
520x900 panel. ``full_repaint_of_panel`` (every 10th edit) is an upper bound: a synchronous repaint
of every visible pixel. ``total_cpu_time`` is the same cycle in this thread's CPU time, which a busy
machine does not inflate (wall-clock figures do; the load average is printed alongside).
``total_when_rows_regroup`` / ``total_otherwise`` split the totals by whether some modality changed
status (its row moves to another group: the slow edits). Figures are printed, never asserted.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_options_panel.py [--edits 400]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from nelm_desktop.ui.widgets.qt_compat import protect_singletons

# PySide6 6.12.0 on CPython 3.11 drops references to None/True/False (see qt_compat): without this
# the run aborts with "none_dealloc" after a few thousand Qt calls.
SINGLETONS_PROTECTED = protect_singletons()

from PySide6 import __version__ as pyside_version  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nelm_desktop.core.engine import evaluate  # noqa: E402
from nelm_desktop.core.model import Lesion, new_case  # noqa: E402
from nelm_desktop.ui.options.options_panel import OptionsPanel  # noqa: E402

LESION_SETS: list[list[Lesion]] = [
    [Lesion(segment="IV", size_cm=6.2, count=1), Lesion(segment="VI", size_cm=1.5, count=2)],
    [Lesion(segment="III", size_cm=2.0, count=1)],
    [Lesion(segment=s, size_cm=1.0, count=3) for s in ("II", "III", "IV", "V", "VI", "VII")],
    [Lesion(segment="II", size_cm=None, count=None), Lesion(segment="VIII", size_cm=3.0, count=1)],
]

EDITS: list[tuple[str, list[Any]]] = [
    ("ki67_pct", [1, 2, 4, 12, 25, None]),
    ("flr_pct", [20, 35, 50, None]),
    ("extrahepatic_disease", ["none", "resectable", "unresectable", "unknown"]),
    ("lesions", LESION_SETS),
    ("hepatic_involvement_pct", [10, 45, 60, 80, None]),
    ("fit_for_major_surgery", ["yes", "no", "unknown"]),
    ("differentiation", ["well", "poorly", "unknown"]),
    ("age_years", [40, 54, 60]),
    ("portal_vein_thrombosis", ["no", "yes", "unknown"]),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(ms: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(ms), 3),
        "p95_ms": round(percentile(ms, 0.95), 3),
        "max_ms": round(max(ms), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=400)
    parser.add_argument("--expanded", type=int, default=3, help="rows kept expanded while editing")
    args = parser.parse_args(argv)

    app = QApplication.instance() or QApplication(sys.argv)
    case = new_case(
        patient_label="BENCH",
        age_years=52,
        primary_site="small_intestine",
        primary_resected="yes",
        months_since_primary_resection=14,
        differentiation="well",
        ki67_pct=4,
        lesions=LESION_SETS[0],
        extrahepatic_disease="none",
        sstr_imaging="positive",
    )
    panel = OptionsPanel()
    panel.resize(520, 900)
    panel.show()
    panel.set_evaluation(evaluate(case))
    for modality in list(panel.rows)[: args.expanded]:
        panel.rows[modality].set_expanded(True)
    app.processEvents()

    phases: dict[str, list[float]] = {
        "evaluate": [],
        "set_evaluation": [],
        "layout_and_paint": [],
        "total": [],
    }
    cpu_total: list[float] = []
    regrouping: list[float] = []
    other: list[float] = []
    statuses = [o.status for o in panel.evaluation().options]
    full_repaint: list[float] = []
    for i in range(args.edits):
        field, values = EDITS[i % len(EDITS)]
        value = values[(i // len(EDITS)) % len(values)]
        setattr(case, field, value)  # the edit (validated by the model)
        c0 = time.thread_time()
        t0 = time.perf_counter()
        ev = evaluate(case)
        t1 = time.perf_counter()
        panel.set_evaluation(ev)
        t2 = time.perf_counter()
        app.processEvents()  # the event loop turn: posted layout requests, then painting what changed
        t3 = time.perf_counter()
        cpu_total.append((time.thread_time() - c0) * 1000)
        new_statuses = [o.status for o in ev.options]
        (regrouping if new_statuses != statuses else other).append((t3 - t0) * 1000)
        statuses = new_statuses
        for name, dt in zip(phases, (t1 - t0, t2 - t1, t3 - t2, t3 - t0), strict=True):
            phases[name].append(dt * 1000)
        if i % 10 == 0:  # an upper bound: repaint every visible pixel of the panel, synchronously
            t5 = time.perf_counter()
            panel.repaint()
            full_repaint.append((time.perf_counter() - t5) * 1000)

    result = {
        "benchmark": "edit -> evaluate -> options panel repainted",
        "edits": args.edits,
        "expanded_rows": args.expanded,
        "target_p95_ms": 16,
        "platform": os.environ.get("QT_QPA_PLATFORM", ""),
        "python": platform.python_version(),
        "pyside6": pyside_version,
        "pyside_refcount_workaround": SINGLETONS_PROTECTED,
        **{name: summary(ms) for name, ms in phases.items()},
        "total_cpu_time": summary(cpu_total),
        "total_when_rows_regroup": {"edits": len(regrouping), **summary(regrouping)},
        "total_otherwise": {"edits": len(other), **summary(other)},
        "full_repaint_of_panel": summary(full_repaint),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))
    panel.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
