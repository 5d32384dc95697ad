"""Case store figures (issue #3, item 10). Plain Python; prints JSON; never a timed assertion.

    .venv/bin/python benchmarks/bench_store.py [--cases 10000] [--saves 200]

- save latency p50/p99 for a typical case (atomic write with fsync + backup + audit revision);
- listing a library of N cases cold (no index: every file parsed, checked and validated) and warm (index),
  the warm listing as a ratio to its anchor measured in the same run, interleaved: reading and parsing
  the index file alone (`json.loads` of index.json), the least any listing from that index must do.
  Wall time and CPU time are both printed (CPU time is less distorted when the machine is shared).
- the window's steps (stale-while-revalidate): the head of the index (`index_head`: the newest rows
  and the count, index format 3: ~0.7 ms at 50,000 cases), the rest of it in steps (`index_rest`:
  74 ms CPU at 50,000, the longest step 11 ms), the rows from the whole index (`cached_listing`),
  then the check of every file against it (`index_matches_files`, run by the window in slices).
- a delete in a window on that library (`delete_in_library`): before, the window listed the library
  on the GUI thread (0.698 s CPU at 50,000 cases, load 6-10); now `note_removed` takes the row out
  of the listed index: 12.3 ms CPU (2026-12-04, third pass; a save in the same run 0.774 s -> 10.4 ms).
- a save in a window on that library (`save_in_library`): before, the window listed the library on
  the GUI thread after each save (`list_cases`); now `note_saved` puts the saved row into the listed
  index at once, and the check of every file and the index's writing follow in steps between events
  (`now_longest_step_cpu_ms`: the longest the GUI thread is held at a time; the file itself is
  written by a thread). 50,000 cases, 2026-12-04, load 8.1: before 0.746 s CPU (1.86 s wall) on the
  GUI thread per save, now 11.6 ms CPU (26 ms wall) at once, ~64x less; the check and the index's
  writing 0.43 s CPU in steps (index_writing: 33 steps of <= ~5 ms, the joining, checksum and file
  ~25 ms in the thread).

50,000 cases, 2026-12-04, old and new trees one after the other at load 3.4-3.9: checked listing
1.14 -> 0.51 s wall (CPU 0.67 -> 0.34 s); the anchor fell 0.18 -> 0.07 s with index format 2
(columns), so the ratio reads 6.2 -> 7.1; rows from the index 0.12 s (CPU ratio 2.4), the check
0.37 s (one stat per file: ~5 us each on this VM's file system). In this process (50k cases just
generated and listed cold) the old rows also paid for cycle collections over a large heap: in a
fresh process the checked listing is 430/458 -> 364/418 ms CPU (min/median of 7, load 4.6), and
callgrind at 10k counts 407 M -> 373 M user-space instructions (the stat syscalls' kernel work is
not counted); the window's win is waiting only for the rows from the index.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nelm_desktop.core.model import Lesion, new_case
from nelm_desktop.core.store import CaseStore
from nelm_desktop.core.store.envelope import encode


def typical_case(label: str = "BENCH-001"):
    return new_case(
        patient_label=label,
        primary_site="small_intestine",
        differentiation="well",
        ki67_pct=4.5,
        lesions=[Lesion(segment=s, size_cm=1.5, count=2) for s in ("II", "IV", "VII")],
        hepatic_involvement_pct=20,
        flr_pct=40,
        extrahepatic_disease="none",
        sstr_imaging="positive",
        ecog=1,
        notes="Discussed at the tumour board; " * 10,
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_saves(root: Path, count: int, cases: int = 20) -> dict[str, float]:
    """Edits spread over `cases` cases, so each ends with about count/cases revisions and backups."""
    store = CaseStore(root)
    loaded = [store.save(typical_case(f"BENCH-{i:03d}")) for i in range(cases)]
    times = []
    for i in range(count):
        current = loaded[i % cases]
        edit = current.case.model_copy(update={"ki67_pct": float(i % 100), "notes": f"edit {i}"})
        start = time.perf_counter()
        loaded[i % cases] = store.save(edit, current.file_hash)
        times.append((time.perf_counter() - start) * 1000)
    return {
        "saves": count,
        "cases": cases,
        "revisions_per_case_at_end": len(loaded[0].case.revisions),
        "p50_ms": round(statistics.median(times), 2),
        "p99_ms": round(percentile(times, 0.99), 2),
        "max_ms": round(max(times), 2),
        "file_bytes_at_end": loaded[0].path.stat().st_size,
    }


def read_and_parse(index: Path) -> object:
    """The least any listing from the index must do: read the file and parse its JSON (each line:
    the header, the head's columns, the columns; index format 3)."""
    return [json.loads(line) for line in index.read_bytes().split(b"\n") if line]


def bench_listing(root: Path, count: int) -> dict[str, object]:
    store = CaseStore(root)
    store.save(typical_case("seed"))  # creates the folders
    template = typical_case()
    start = time.perf_counter()
    for i in range(count - 1):
        case = template.model_copy(update={"case_id": str(uuid.uuid4()), "patient_label": f"P-{i:05d}"})
        (store.cases_dir / f"{case.case_id}.json").write_bytes(encode(case))
    generate_s = time.perf_counter() - start
    store.index_path.unlink(missing_ok=True)
    start = time.perf_counter()
    rows = store.list_cases()
    cold = time.perf_counter() - start
    assert len(rows) == count
    warm_runs, warm_cpu, anchor_runs, anchor_cpu = [], [], [], []
    shown_runs, shown_cpu, check_runs, check_cpu = [], [], [], []
    head_runs, head_cpu, rest_cpu, rest_longest = [], [], [], []
    for _ in range(7):
        start, cpu = time.perf_counter(), time.process_time()
        read_and_parse(store.index_path)  # the anchor: the index file read and parsed
        anchor_runs.append(time.perf_counter() - start)
        anchor_cpu.append(time.process_time() - cpu)
        start, cpu = time.perf_counter(), time.process_time()
        rows = CaseStore(root).list_cases()  # a fresh store object: nothing cached in memory
        warm_runs.append(time.perf_counter() - start)
        warm_cpu.append(time.process_time() - cpu)
        assert len(rows) == count
        # The window's start (index format 3): the head of the index (the newest rows and the count)
        # shown at once; the rest read in steps between events, then checked against the files.
        fresh = CaseStore(root)
        start, cpu = time.perf_counter(), time.process_time()
        head = fresh.index_head()
        assert head is not None and head.rows == count and len(head.first.summaries())
        head_runs.append(time.perf_counter() - start)
        head_cpu.append(time.process_time() - cpu)
        _, rest, longest = _steps(fresh.index_rest(head))
        rest_cpu.append(rest)
        rest_longest.append(longest)
        fresh = CaseStore(root)
        start, cpu = time.perf_counter(), time.process_time()
        index = fresh.cached_listing()
        assert index is not None and len(index.summaries()) == count
        shown_runs.append(time.perf_counter() - start)
        shown_cpu.append(time.process_time() - cpu)
        start, cpu = time.perf_counter(), time.process_time()
        check = fresh.index_matches_files(index)
        while True:
            try:
                next(check)
            except StopIteration as done:
                assert done.value is True
                break
        check_runs.append(time.perf_counter() - start)
        check_cpu.append(time.process_time() - cpu)
    start = time.perf_counter()
    hits = store.search("P-0999")
    search = time.perf_counter() - start
    return {
        "cases": count,
        "generate_s": round(generate_s, 2),
        "list_cold_no_index_s": round(cold, 3),
        "list_warm_index_median_s": round(statistics.median(warm_runs), 3),
        "list_warm_index_max_s": round(max(warm_runs), 3),
        "anchor_index_read_and_parse_median_s": round(statistics.median(anchor_runs), 3),
        "ratio_warm_to_anchor_wall": round(statistics.median(warm_runs) / statistics.median(anchor_runs), 2),
        "ratio_warm_to_anchor_cpu": round(statistics.median(warm_cpu) / statistics.median(anchor_cpu), 2),
        "list_warm_index_cpu_median_s": round(statistics.median(warm_cpu), 3),
        "window_head_of_index_median_ms": round(statistics.median(head_runs) * 1000, 2),
        "window_head_of_index_cpu_median_ms": round(statistics.median(head_cpu) * 1000, 2),
        "window_rest_of_index_in_steps_cpu_median_s": round(statistics.median(rest_cpu), 3),
        "window_rest_of_index_longest_step_cpu_ms": round(max(rest_longest) * 1000, 1),
        "window_rows_from_index_median_s": round(statistics.median(shown_runs), 3),
        "window_rows_from_index_cpu_median_s": round(statistics.median(shown_cpu), 3),
        "ratio_rows_from_index_to_anchor_cpu": round(
            statistics.median(shown_cpu) / statistics.median(anchor_cpu), 2
        ),
        "window_check_of_every_file_median_s": round(statistics.median(check_runs), 3),
        "window_check_of_every_file_cpu_median_s": round(statistics.median(check_cpu), 3),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "search_s": round(search, 3),
        "search_hits": len(hits),
        "target_s": 1.0,
    }


def _steps(steps) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """Runs a generator of steps to its end: (wall s, CPU s, the longest single step's CPU s; CPU
    because a loaded machine stretches a step's wall time with whatever else it runs). What comes
    after a "write" step is the window's thread's work: not a step of the GUI thread."""
    start, cpu, longest = time.perf_counter(), time.process_time(), 0.0
    while True:
        step = time.process_time()
        try:
            value = next(steps)
        except StopIteration:
            longest = max(longest, time.process_time() - step)
            break
        longest = max(longest, time.process_time() - step)
        if value == "write":
            for _ in steps:
                pass
            break
    return time.perf_counter() - start, time.process_time() - cpu, longest


def bench_save_in_library(root: Path, saves: int = 7) -> dict[str, object]:
    """A save in a window on the library of `bench_listing` (its index up to date). Before: the
    window listed the library on the GUI thread after each save (`list_cases`: a stat per file, the
    changed file read, the index rewritten). Now: `note_saved` puts the saved row into the listed
    index at once; the check of every file and the index's writing follow in steps between events
    (the longest step is what the GUI thread is held for at a time)."""
    store = CaseStore(root)
    listed = store.list_cases()
    ids = [listed[i].case_id for i in range(1, 2 * saves, 2)]
    before_wall, before_cpu, now_wall, now_cpu = [], [], [], []
    after_wall, after_cpu, longest = [], [], []
    for i, case_id in enumerate(ids):
        current = store.load(case_id)
        edit = current.case.model_copy(update={"ki67_pct": float(i), "notes": f"save {i}"})
        loaded = store.save(edit, current.file_hash)
        if i % 2 == 0:  # before: the whole library listed again
            start, cpu = time.perf_counter(), time.process_time()
            store.list_cases()
            before_wall.append(time.perf_counter() - start)
            before_cpu.append(time.process_time() - cpu)
            continue
        start, cpu = time.perf_counter(), time.process_time()
        placed = store.note_saved(loaded)
        now_wall.append(time.perf_counter() - start)
        now_cpu.append(time.process_time() - cpu)
        assert placed is not None
        index = placed.listed
        check = _steps(store.index_matches_files(index))
        write = _steps(store.index_writing(index))  # its last step (the file) in a thread
        after_wall.append(check[0] + write[0])
        after_cpu.append(check[1] + write[1])
        longest.append(max(check[2], write[2]))
    return {
        "cases": len(listed),
        "before_list_cases_on_gui_median_s": round(statistics.median(before_wall), 3),
        "before_list_cases_cpu_median_s": round(statistics.median(before_cpu), 3),
        "now_note_saved_on_gui_median_ms": round(statistics.median(now_wall) * 1000, 1),
        "now_note_saved_cpu_median_ms": round(statistics.median(now_cpu) * 1000, 1),
        "now_check_and_index_write_in_steps_median_s": round(statistics.median(after_wall), 3),
        "now_check_and_index_write_cpu_median_s": round(statistics.median(after_cpu), 3),
        "now_longest_step_cpu_ms": round(max(longest) * 1000, 1),
        "ratio_before_to_now_on_gui_cpu": round(
            statistics.median(before_cpu) / statistics.median(now_cpu), 1
        ),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def bench_delete_in_library(root: Path, deletes: int = 6) -> dict[str, object]:
    """A delete (to the trash) in a window on the library of `bench_listing`. Before: the window
    listed the library on the GUI thread after it (`list_cases`). Now: `note_removed` takes the row
    out of the listed index (one stat); the check and the index's writing follow in steps, as after
    a save. Each deleted case is restored after (not measured)."""
    store = CaseStore(root)
    listed = store.list_cases()
    before_cpu, now_cpu = [], []
    for i in range(deletes):
        case_id = listed[2 * i + 1].case_id
        store.delete(case_id)
        start = time.process_time()
        if i % 2 == 0:
            store.list_cases()
            before_cpu.append(time.process_time() - start)
        else:
            assert store.note_removed(case_id) is not None
            now_cpu.append(time.process_time() - start)
        store.list_cases()  # the listed index as it is now, then the case back
        store.restore_from_trash(case_id)
        store.list_cases()
    return {
        "cases": len(listed),
        "before_list_cases_cpu_median_s": round(statistics.median(before_cpu), 3),
        "now_note_removed_cpu_median_ms": round(statistics.median(now_cpu) * 1000, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nelm-bench-") as tmp:
        result = {
            "python": sys.version.split()[0],
            "save": bench_saves(Path(tmp) / "saves", args.saves),
            "library": bench_listing(Path(tmp) / "library", args.cases),
            "save_in_library": bench_save_in_library(Path(tmp) / "library"),
            "delete_in_library": bench_delete_in_library(Path(tmp) / "library"),
        }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
