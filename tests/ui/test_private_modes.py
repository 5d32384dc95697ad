"""Private modes on every path the app reads at start (0600 files, 0700 folders), attacked with a
library copied or unzipped with loose modes, a world-readable index whose rows still match, and
FIFOs named like board records and time points (a reader that blocks forever)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore
from nelm_desktop.core.timeline.points import TimePoints
from nelm_desktop.ui.window.app import seed_demo_cases
from tests.cli_process import run_cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
REPO = Path(__file__).parents[2]


def _settled(qtbot: Any, window: Any) -> None:
    qtbot.waitUntil(lambda: window._loader is None and window._recheck is None, timeout=60_000)
    qtbot.wait(50)
    qtbot.waitUntil(lambda: window._loader is None and window._recheck is None, timeout=60_000)


def _loose(root: Path) -> list[str]:
    out = []
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = Path(folder, name)
            if not path.is_symlink() and stat.S_IMODE(path.lstat().st_mode) & 0o077:
                out.append(f"{oct(stat.S_IMODE(path.lstat().st_mode))} {path.relative_to(root)}")
    return out


def _full_library(store: CaseStore) -> None:
    """Cases, a backup, the trash, a quarantined file, board records and a time point."""
    seed_demo_cases(store)
    first = store.save(new_case(patient_label="A", ki67_pct=3))
    store.save(first.case.model_copy(update={"ki67_pct": 4}), expected_hash=first.file_hash)
    gone = store.save(new_case(patient_label="B"))
    store.delete(gone.case.case_id)
    (store.cases_dir / "broken.json").write_text("{not json", encoding="utf-8")
    TimePoints(store.root).record(first.case, label="baseline")
    store.list_cases()  # sets the broken file aside, writes the index


def test_a_world_readable_index_whose_rows_match_is_made_private_at_start(
    qtbot: Any, store: CaseStore, make_window: Any
) -> None:
    for n in range(5):
        store.save(new_case(patient_label=f"P{n}"))
    store.list_cases()
    store.index_path.chmod(0o644)
    before = store.index_path.read_bytes()
    window = make_window(target_store=CaseStore(store.root))
    _settled(qtbot, window)
    assert stat.S_IMODE(store.index_path.stat().st_mode) == 0o600
    assert store.index_path.read_bytes() == before  # its rows matched: made private, not rewritten


def test_a_library_copied_with_loose_modes_is_private_on_every_path_after_start(
    qtbot: Any, store: CaseStore, make_window: Any, data_root: Path
) -> None:
    _full_library(store)
    assert store.quarantined()
    # A copy, an unzip or a shared drive: every folder 0777, every file 0666.
    for folder, dirs, files in os.walk(data_root):
        for name in dirs:
            Path(folder, name).chmod(0o777)
        for name in files:
            Path(folder, name).chmod(0o666)
    assert len(_loose(data_root)) > 20
    window = make_window(target_store=CaseStore(data_root))  # a new start: a new process's store
    _settled(qtbot, window)
    assert _loose(data_root) == []
    assert len(CaseStore(data_root).list_cases()) == 7  # nothing lost on the way


def test_a_case_file_left_world_readable_is_made_private_when_listed(store: CaseStore) -> None:
    saved = store.save(new_case(patient_label="A"))
    store.list_cases()
    saved.path.chmod(0o644)  # a hand copy over it, folders still private
    fresh = CaseStore(store.root)
    assert [s.case_id for s in fresh.list_cases()] == [saved.case.case_id]
    assert stat.S_IMODE(saved.path.stat().st_mode) == 0o600
    again = CaseStore(store.root)
    index = again.cached_listing()
    assert index is not None
    steps = again.index_matches_files(index)
    with pytest.raises(StopIteration) as done:
        while True:
            next(steps)
    assert done.value.value is True  # the index written after the chmod matches: no listing each start


def test_a_damaged_file_set_aside_is_private_in_quarantine(store: CaseStore) -> None:
    store.ensure_dirs()
    broken = store.cases_dir / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    broken.chmod(0o644)
    store.list_cases()
    [info] = store.quarantined()
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # The old code blocked forever on the FIFO: run_cli's hang guard fails the test instead.
    return run_cli(*args, data=root, config=root / "cfg")


def test_a_fifo_named_like_a_board_record_or_a_time_point_never_blocks_a_reader(store: CaseStore) -> None:
    seed_demo_cases(store)
    case = store.list_cases()[0]
    points = TimePoints(store.root)
    points.record(store.load(case.case_id).case, label="baseline")
    os.mkfifo(store.root / "board" / "meetings" / "00000000-0000-4000-8000-00000000fifo.json")
    os.mkfifo(points.case_folder(case.case_id) / "20260101T000000.000000Z-fifo.json")
    listed = _run(store.root, "board", "list")
    assert "Traceback" not in listed.stderr
    assert "NET tumour board" in listed.stdout
    # The readable meetings are listed; the FIFO is named, and the list is incomplete: exit 1.
    assert listed.returncode == 1 and "00000000fifo.json: it is not a regular file" in listed.stderr
    code = (
        "from nelm_desktop.core.timeline.points import TimePoints;"
        f"p = TimePoints(__import__('pathlib').Path({str(store.root)!r}));"
        f"print(len(p.headers({case.case_id!r})), p.latest_header({case.case_id!r}) is not None)"
    )
    read = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120, check=False
    )
    assert read.returncode == 0, read.stderr
