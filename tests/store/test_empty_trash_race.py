"""Emptying the trash while another window saves the trashed case again ("Save it again", a restore, an
import): the trash looked whether the case was in the library without its case lock, then deleted its
trashed version and every kept version (`backups/<id>/`, the audit anchor too) of a case that was back
a moment later. Now each case is judged under its lock: the trashed version is kept as an earlier
version and nothing of the saved case goes. A real second process holds the case lock and saves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore
from tests.cli_process import REPO

SAVER = """
import sys, time
from pathlib import Path
from nelm_desktop.core.store import CaseStore
from nelm_desktop.core.store.locking import held
store = CaseStore(Path(sys.argv[1]))
trashed = store._trash_files(sys.argv[2])[-1]
case = store.check_case_bytes(trashed.read_bytes(), trashed.name).case
with held(store._case_lock(case.case_id), "the case"):
    print("locked", flush=True)
    time.sleep(0.5)  # the other window's save is under way (not a timing assertion: see the test)
    store._save_locked(case, None, "saved-again", {"after": "deleted elsewhere"})
print("saved", flush=True)
"""


def test_emptying_the_trash_never_deletes_the_kept_versions_of_a_case_saved_again_meanwhile(
    tmp_path: Path,
) -> None:
    store = CaseStore(tmp_path / "lib")
    first = store.save(new_case(patient_label="R-1", ki67_pct=3))
    store.save(first.case.model_copy(update={"ki67_pct": 4.0}), expected_hash=first.file_hash)
    case_id = first.case.case_id
    kept_before = {info.backup_id for info in store.backups(case_id)}
    assert kept_before
    store.delete(case_id)
    saver = subprocess.Popen(
        [sys.executable, "-c", SAVER, str(store.root), case_id],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert saver.stdout is not None and saver.stdout.readline().strip() == "locked"
    # Whether the save lands before this looks or after, the result must be the same: with the case
    # lock the trash waits for it and finds the case back in the library.
    store.empty_trash()
    assert saver.stdout.readline().strip() == "saved"
    assert saver.wait(timeout=120) == 0
    loaded = store.load(case_id)
    assert loaded.case.ki67_pct == 4.0
    kept = {info.backup_id for info in store.backups(case_id)}
    assert kept_before <= kept and len(kept) > len(kept_before)  # + the trashed version, kept
    assert store.check_history(case_id) == []
