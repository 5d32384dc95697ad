"""`import` killed (SIGKILL, a real process) in the middle of a library zip: every case file in the
library loads (each is written whole or not at all), nothing is set aside, and the same import run
again brings in the rest byte for byte (history and hash kept), with no temp file and every case's
audit anchor in place (a kill between a case file and its anchor left the anchor's temp and none)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore
from tests.cli_process import REPO, run_cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")


def test_an_import_killed_midway_leaves_a_loadable_library_and_completes_when_run_again(
    tmp_path: Path,
) -> None:
    src = CaseStore(tmp_path / "src")
    for n in range(600):
        src.save(new_case(patient_label=f"K{n}", notes="n" * 2_000, ki67_pct=n % 90))
    zip_path = tmp_path / "library.zip"
    assert src.export_library(zip_path).complete
    source = {case_id: src.read_case_bytes(case_id) for case_id in src.case_file_ids()}
    library = tmp_path / "lib"
    env = {
        **os.environ,
        "NELM_DESKTOP_DATA_DIR": str(library),
        "NELM_DESKTOP_CONFIG_DIR": str(tmp_path / "c"),
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "nelm_desktop", "import", str(zip_path)],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    cases = library / "cases"
    while child.poll() is None:  # killed once it has written some cases (a hang guard, not a timing)
        if cases.is_dir() and len(os.listdir(cases)) >= 60:
            child.send_signal(signal.SIGKILL)
            break
        time.sleep(0.005)
    child.wait(timeout=120)
    assert child.returncode == -signal.SIGKILL, "the import ended before it could be killed"

    store = CaseStore(library)
    listed = store.list_cases()
    assert 0 < len(listed) < len(source)
    for row in listed:  # every file there is a whole, sound case: the one being written is absent
        assert store.read_case_bytes(row.case_id) == source[row.case_id]
        store.load(row.case_id)
    assert store.unreadable() == [] and store.quarantined() == []
    assert [p for p in cases.iterdir() if p.name.endswith(".tmp")] == []  # swept by the listing

    again = run_cli("import", str(zip_path), data=library, config=tmp_path / "c", timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"skipped {len(listed)} duplicate(s)" in again.stdout
    assert {case_id: store.read_case_bytes(case_id) for case_id in store.case_file_ids()} == source
    # Nothing half-done is left: a kill between a case file and its audit anchor left the anchor's
    # temp file and no anchor; the rerun (a duplicate there) completes both.
    assert [p for p in library.rglob("*") if p.name.endswith(".tmp")] == []
    assert all(store._anchor_path(case_id).exists() for case_id in source)


def test_a_rerun_completes_a_case_whose_import_was_killed_before_its_anchor(tmp_path: Path) -> None:
    """What a kill between a case file and its audit anchor leaves, made by hand: the case file, the
    anchor's temp file, no anchor. The rerun found the case a duplicate and left both as they were."""
    from nelm_desktop.core.fileio import temp_path

    src = CaseStore(tmp_path / "src")
    saved = src.save(new_case(patient_label="A-1", ki67_pct=2))
    zip_path = tmp_path / "library.zip"
    assert src.export_library(zip_path).complete
    store = CaseStore(tmp_path / "lib")
    store.import_path(zip_path)
    anchor = store._anchor_path(saved.case.case_id)
    left = temp_path(anchor)
    left.write_bytes(anchor.read_bytes()[:10])
    anchor.unlink()
    report = CaseStore(tmp_path / "lib").import_path(zip_path)
    assert report.duplicates == [saved.case.case_id]
    assert anchor.exists() and not left.exists()
    assert store.check_history(saved.case.case_id) == []
