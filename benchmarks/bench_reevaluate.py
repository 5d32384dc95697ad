"""`nelm-desktop reevaluate` over a library of N cases, each with a time point (issue #16, item 4).
Plain Python; prints JSON; never a timed assertion.

    .venv/bin/python benchmarks/bench_reevaluate.py [--cases 10000]

Anchor measured in the same run: the engine alone over the same N cases. Figures:
- `same_kb_s`: re-evaluation when nothing changed (the app's KB is the one of every time point);
- `new_kb_s`: after an update (every snapshot has another KB version: every case re-evaluated);
- `due_s`: the follow-up list (`board due`) over the same library.
Target: "the library of 10,000 cases in seconds".
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import random_case

from nelm_desktop.cli.timeline import declared_hash
from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.fileio import ensure_dir
from nelm_desktop.core.store import CaseStore
from nelm_desktop.core.store.envelope import case_payload, encode, payload_hash
from nelm_desktop.core.timeline import TimePoints, due_follow_ups, reevaluate_library
from nelm_desktop.core.timeline.points import TimePoint
from nelm_desktop.core.timeline.snapshot import snapshot_of


def build(root: Path, n: int, kb: str) -> CaseStore:
    """Write N cases and one time point each straight to disk (the fixture, not what is measured)."""
    store = CaseStore(root)
    rng = random.Random(20261203)
    for folder in (root, store.cases_dir, store.locks_dir, root / "timepoints"):
        ensure_dir(folder)
    for i in range(n):
        case = random_case(rng).model_copy(update={"patient_label": f"BENCH-{i:05d}"})
        (store.cases_dir / f"{case.case_id}.json").write_bytes(encode(case))
        snap = snapshot_of(case)
        snap = type(snap)(
            **{**{f: getattr(snap, f) for f in snap.__dataclass_fields__}, "knowledge_base": kb}
        )
        point = TimePoint(
            case.case_id, "20260101T000000.000000Z", "2026-01-01T00:00:00+00:00", "time_point", snap
        )
        point = TimePoint(
            **{
                **{f: getattr(point, f) for f in point.__dataclass_fields__},
                "follow_up": "2026-06-01",
                "case_sha256": payload_hash(case_payload(case)),
            }
        )
        folder = root / "timepoints" / case.case_id
        folder.mkdir()
        (folder / f"{point.point_id}.json").write_text(json.dumps(point.to_json()))
    return store


def reevaluate(store: CaseStore) -> tuple[float, int, int]:
    start = time.perf_counter()
    summaries = store.list_cases()
    paths = {s.case_id: s.path for s in summaries}
    result = reevaluate_library(
        ((s.case_id, s.patient_label, (lambda cid=s.case_id: store.load(cid).case)) for s in summaries),
        TimePoints(store.root),
        file_hash=lambda cid: declared_hash(paths[cid]),
    )
    return time.perf_counter() - start, result.count("changed"), result.evaluated


def main(n: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        from nelm_desktop.core.sources import KNOWLEDGE_BASE_VERSION

        same = build(Path(tmp) / "same", n, KNOWLEDGE_BASE_VERSION)
        other = build(Path(tmp) / "other", n, "NELM-KB 0.9 (older)")
        same.list_cases()  # index built once, as the app keeps it
        other.list_cases()
        cases = [same.load(s.case_id).case for s in same.list_cases()]
        start = time.perf_counter()
        for case in cases:
            evaluate(case)
        anchor = time.perf_counter() - start
        same_s, same_changed, same_evaluated = reevaluate(same)
        new_s, _changed, new_evaluated = reevaluate(other)
        start = time.perf_counter()
        due = due_follow_ups(
            TimePoints(same.root), ((s.case_id, s.patient_label) for s in same.list_cases()), date(2026, 7, 1)
        )
        due_s = time.perf_counter() - start
    result: dict[str, object] = {
        "cases": n,
        "engine_only_s": round(anchor, 2),
        "same_kb_s": round(same_s, 2),
        "same_kb_evaluated": same_evaluated,
        "same_kb_changed": same_changed,
        "same_kb_ratio_to_engine": round(same_s / anchor, 2),
        "new_kb_s": round(new_s, 2),
        "new_kb_evaluated": new_evaluated,
        "new_kb_ratio_to_engine": round(new_s / anchor, 1),
        "due_s": round(due_s, 2),
        "due_listed": len(due),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "target": "10,000 cases in seconds",
    }
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    main(parser.parse_args().cases)
