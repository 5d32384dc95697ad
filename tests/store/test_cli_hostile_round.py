"""The command line against a library it cannot write (a read-only disk, a full one, a folder in the
way): real processes, real files. Exit 2 or 1 with one line, never a traceback, and reading (an
export to elsewhere: the rescue of the cases) still works."""

from __future__ import annotations

import errno
import os
import subprocess
import zipfile
from pathlib import Path

from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore
from nelm_desktop.core.store.errors import describe_os_error
from tests.cli_process import run_cli


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, data=root, config=root / "cfg", timeout=300)


def test_a_library_that_cannot_be_written_still_exports_every_case(tmp_path: Path) -> None:
    """The export recorded its temp file in the library's locks/ folder first: a library on a
    read-only disk (here: locks/ cannot be made, a file is in its way) could not be exported at all,
    "Could not prepare the data folder", exactly when a rescue copy is wanted."""
    root = tmp_path / "lib"
    store = CaseStore(root)
    ids = {store.save(new_case(patient_label=f"P{n}")).case.case_id for n in range(3)}
    for name in os.listdir(store.locks_dir):
        os.remove(store.locks_dir / name)
    os.rmdir(store.locks_dir)
    store.locks_dir.write_text("not a folder", encoding="utf-8")
    target = tmp_path / "rescue.zip"
    run = _run(root, "export", "-o", str(target))
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
    assert {f"cases/{case_id}.json" for case_id in ids} <= names


def test_a_write_error_says_nothing_about_an_editor_on_the_command_line() -> None:
    for code in (errno.ENOSPC, errno.EROFS, errno.EACCES):
        text = describe_os_error(OSError(code, os.strerror(code)), "save case X")
        assert "Nothing was lost" in text and "edit is still open" not in text


def test_a_file_in_place_of_a_library_folder_is_named_as_such(tmp_path: Path) -> None:
    """The data folder, or its cases/ folder, turned into a file: a save said "File exists"."""
    from nelm_desktop.core.store import StoreError

    for root, blocker in (
        (tmp_path / "lib", tmp_path / "lib"),
        (tmp_path / "lib2", tmp_path / "lib2" / "cases"),
    ):
        root.parent.mkdir(exist_ok=True)
        if blocker != root:
            root.mkdir()
        blocker.write_text("not a folder", encoding="utf-8")
        try:
            CaseStore(root).save(new_case(patient_label="F-1"))
        except StoreError as exc:
            message = str(exc)
        else:
            raise AssertionError("saved into a file")
        assert f"{blocker} (or a folder above it) is a file, not a folder" in message, message
        assert "File exists" not in message and "Nothing was lost" in message
