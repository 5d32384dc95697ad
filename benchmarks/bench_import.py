"""Library import of an N-case zip against a plain extract + fsync anchor (issue #17: "window import of
a 10k-case zip: <= 2x a plain extract+fsync anchor"; issue #14 item 9). Prints JSON; never asserts.

    .venv/bin/python benchmarks/bench_import.py [--cases 10000]

- anchor: `zipfile` extracts every member of the same zip into an empty folder and fsyncs each file
  (what any crash-safe copy of the library costs on this disk), measured in the same run;
- import: `CaseStore.import_path` into an empty library, the call the window runs in its worker
  thread (each case checked, placed under its case lock, written atomically with fsync);
- lock files left in locks/ afterwards (they are removed on release; was one per imported case).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nelm_desktop import __version__
from nelm_desktop.core.model import SCHEMA_VERSION, Lesion, new_case
from nelm_desktop.core.store import CaseStore, envelope
from nelm_desktop.core.store.exchange import FORMAT, FORMAT_VERSION, MANIFEST


def build_zip(path: Path, count: int) -> None:
    template = new_case(
        patient_label="BENCH",
        primary_site="small_intestine",
        differentiation="well",
        ki67_pct=4.5,
        lesions=[Lesion(segment=s, size_cm=1.5, count=2) for s in ("II", "VII")],
        notes="Discussed at the tumour board; " * 10,
    )
    entries = []
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for i in range(count):
            case = template.model_copy(update={"case_id": f"bench-{i:06d}", "patient_label": f"BENCH-{i}"})
            raw = envelope.encode(case)
            name = f"cases/{case.case_id}.json"
            archive.writestr(name, raw)
            entries.append({"case_id": case.case_id, "file": name, "sha256": envelope.decode(raw).sha256})
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": __version__,
            "schema_version": SCHEMA_VERSION,
            "cases": entries,
        }
        archive.writestr(MANIFEST, json.dumps(manifest))


def anchor(zip_path: Path, target: Path) -> float:
    start = time.perf_counter()
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            out = target / info.filename
            out.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as src, open(out, "wb") as dst:
                dst.write(src.read())
                dst.flush()
                os.fsync(dst.fileno())
    return time.perf_counter() - start


def run_import(zip_path: Path, root: Path) -> tuple[float, int, int]:
    store = CaseStore(root)
    start = time.perf_counter()
    calls = 0

    def progress(_done: int, _total: int) -> bool:
        nonlocal calls
        calls += 1
        return True

    report = store.import_path(zip_path, progress)
    elapsed = time.perf_counter() - start
    assert not report.problems, report.problems[:3]
    return elapsed, len(report.imported), calls


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nelm-bench-import-") as tmp:
        folder = Path(tmp)
        zip_path = folder / "library.zip"
        build_zip(zip_path, args.cases)
        anchor_s = anchor(zip_path, folder / "extract")
        import_s, imported, progress_calls = run_import(zip_path, folder / "library")
        locks = list((folder / "library" / "locks").glob("*.lock"))
        print(
            json.dumps(
                {
                    "cases": args.cases,
                    "zip_bytes": zip_path.stat().st_size,
                    "anchor_extract_fsync_s": round(anchor_s, 2),
                    "import_s": round(import_s, 2),
                    "ratio_import_to_anchor": round(import_s / anchor_s, 2),
                    "target_ratio": 2.0,
                    "imported": imported,
                    "progress_callbacks": progress_calls,
                    "lock_files_left": len(locks),
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
