"""`import` on a disk that fills up: the machine refused, not the input. It exited 2 (bad input) and
went on trying every later case, each failing with the same line. Now: exit 1, one line on stderr
with the cause in words, the import stops there, every case file in the library loads (none half
written, no temp file left), and importing the same file again once there is room brings in the rest.
Real processes, real files: the child's file-size limit (any POSIX machine) and a real small tmpfs
where the tests may mount one."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore
from tests.cli_process import run_cli


def _source(tmp_path: Path, count: int, big: set[int], notes: int = 4000) -> tuple[Path, dict[str, bytes]]:
    """A library zip of `count` cases (ids in manifest order); those in `big` carry a long note."""
    src = CaseStore(tmp_path / "src")
    for n in range(count):
        note = "x" * 30_000 if n in big else "n" * notes
        src.save(new_case(case_id=f"00000000-0000-4000-8000-{n:012d}", patient_label=f"P{n}", notes=note))
    zip_path = tmp_path / "library.zip"
    assert src.export_library(zip_path).complete
    return zip_path, {case_id: src.read_case_bytes(case_id) or b"" for case_id in src.case_file_ids()}


def _assert_stopped_cleanly(run: subprocess.CompletedProcess[str], library: Path, cause: str) -> None:
    assert run.returncode == 1, (run.returncode, run.stderr)
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("nelm-desktop: import stopped: Could not import case"), lines[0]
    assert cause in lines[0], lines[0]
    assert "Stopped: a write was refused" in run.stdout
    temps = [p for p in library.rglob("*") if p.name.startswith(".") and p.name.endswith(".tmp")]
    assert temps == []
    store = CaseStore(library)
    for summary in store.list_cases():
        store.load(summary.case_id)  # every case file there is whole
    assert store.unreadable() == [] and store.quarantined() == []


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_an_import_past_the_file_size_limit_stops_exits_1_and_completes_when_run_again(
    tmp_path: Path,
) -> None:
    zip_path, source = _source(tmp_path, 4, big={2})
    library = tmp_path / "lib"
    run = run_cli("import", str(zip_path), data=library, config=tmp_path / "cfg", max_file_bytes=20_000)
    _assert_stopped_cleanly(run, library, "the disk (or the file-size limit for this account) is full")
    store = CaseStore(library)
    assert {s.case_id for s in store.list_cases()} == set(sorted(source)[:2])  # before the refusal
    again = run_cli("import", str(zip_path), data=library, config=tmp_path / "cfg")
    assert again.returncode == 0, again.stderr
    assert "skipped 2 duplicate(s)" in again.stdout
    assert {case_id: store.read_case_bytes(case_id) for case_id in store.case_file_ids()} == source


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("needs root with mount rights for a real small tmpfs")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip("needs mount rights for a real small tmpfs")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_an_import_onto_a_disk_that_fills_up_stops_exits_1_and_completes_when_run_again(
    tmp_path: Path, small_disk: Path
) -> None:
    zip_path, source = _source(tmp_path, 60, big=set(), notes=12_000)  # ~1.2 MiB with their anchors
    ballast = small_disk / "ballast"
    ballast.write_bytes(b"\0" * 1400 * 1024)  # the disk holds only some of them
    library = small_disk / "lib"
    run = run_cli("import", str(zip_path), data=library, config=tmp_path / "cfg")
    _assert_stopped_cleanly(run, library, "the disk is full")
    store = CaseStore(library)
    imported = store.case_file_ids()
    assert 0 < len(imported) < len(source)
    assert all(store.read_case_bytes(case_id) == source[case_id] for case_id in imported)
    ballast.unlink()  # room again
    again = run_cli("import", str(zip_path), data=library, config=tmp_path / "cfg")
    assert again.returncode == 0, again.stderr
    assert {case_id: store.read_case_bytes(case_id) for case_id in store.case_file_ids()} == source
