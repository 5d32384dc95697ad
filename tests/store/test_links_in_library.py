"""Symbolic and hard links in the data folder that point outside it (a copy made with links, a restore
tool, a hand-made link to another library): the library made every file it read private through the
link, so listing it turned a file elsewhere 0600 (run as root, a link to /etc/passwd would lock every
other account out of it). Now a linked file is read as it is and its mode left alone; a save replaces
the link with the library's own private file, and the file elsewhere is never written."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore
from tests.cli_process import run_cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes and links")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_linked_from_outside_keep_their_mode_and_content(tmp_path: Path) -> None:
    store = CaseStore(tmp_path / "lib")
    own = store.save(new_case(patient_label="own"))
    os.chmod(own.path, 0o644)  # the library's own file, loosened by a copy: made private as before
    elsewhere = CaseStore(tmp_path / "elsewhere").save(new_case(patient_label="elsewhere", ki67_pct=3))
    os.chmod(elsewhere.path, 0o644)
    damaged = tmp_path / "notes.json"
    damaged.write_text('{"not": "a case"}', encoding="utf-8")
    os.chmod(damaged, 0o644)
    shared = CaseStore(tmp_path / "team").save(new_case(patient_label="team"))
    os.chmod(shared.path, 0o664)
    before = {p: (p.read_bytes(), _mode(p)) for p in (elsewhere.path, damaged, shared.path)}
    linked = store.cases_dir / elsewhere.path.name
    os.symlink(elsewhere.path, linked)
    os.symlink(damaged, store.cases_dir / "11111111-1111-4111-8111-111111111111.json")
    os.link(shared.path, store.cases_dir / shared.path.name)

    labels = {row.patient_label for row in CaseStore(store.root).list_cases()}
    assert labels == {"own", "elsewhere", "team"}
    export = run_cli("export", "-o", str(tmp_path / "out.zip"), data=store.root, config=tmp_path / "cfg")
    assert export.returncode == 0, export.stderr
    assert CaseStore(store.root).load(elsewhere.case.case_id).case.ki67_pct == 3
    assert {p: (p.read_bytes(), _mode(p)) for p in before} == before  # nothing elsewhere changed
    assert _mode(own.path) == 0o600

    # A save of the linked case writes the library's own file; the one elsewhere is not written.
    again = CaseStore(store.root)
    loaded = again.load(elsewhere.case.case_id)
    again.save(loaded.case.model_copy(update={"ki67_pct": 9.0}), expected_hash=loaded.file_hash)
    assert not linked.is_symlink() and _mode(linked) == 0o600
    assert {p: (p.read_bytes(), _mode(p)) for p in before} == before
