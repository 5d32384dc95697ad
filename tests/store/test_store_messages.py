"""Clear messages and an anchored audit trail (issue #14 items 15-18 and 20): real files, real
processes (a read-only bind mount, RLIMIT_FSIZE for a full disk, the CLI)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nelm_desktop.core import fileio
from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore, CorruptCaseError

REPO = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("store_worker.py")
POSIX = os.name == "posix"


def worker(tmp_path: Path, *args: str, prefix: list[str] | None = None) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "NELM_DESKTOP_CONFIG_DIR": str(tmp_path / "config")}
    done = subprocess.run(
        [*(prefix or []), sys.executable, str(WORKER), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def damaged_library(tmp_path: Path) -> tuple[Path, str]:
    root = tmp_path / "lib"
    saved = CaseStore(root).save(new_case(patient_label="will break"))
    saved.path.write_text('{"schema_version": 2, "cut short')
    return root, saved.case.case_id


def _unshare_available() -> bool:
    if not POSIX or shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "true"], capture_output=True)
    return probe.returncode == 0


# ---------------------------------------------------------------------------------------- item 15
@pytest.mark.skipif(not _unshare_available(), reason="needs root and `unshare -m` for a read-only bind mount")
def test_item15_on_a_read_only_disk_a_damaged_case_is_not_said_to_be_set_aside(tmp_path: Path) -> None:
    root, case_id = damaged_library(tmp_path)
    script = (
        f'mount --bind "{root}" "{root}" && mount -o remount,bind,ro "{root}" && '
        f'exec "{sys.executable}" "{WORKER}" load "{root}" {case_id}'
    )
    result = worker(tmp_path, prefix=["unshare", "-m", "--propagation", "private", "sh", "-c", script, "x"])
    # (the prefix runs the whole command line through sh; the trailing args are ignored by it)
    assert result["type"] == "CorruptCaseError" and result["moved"] is None
    assert "could NOT be set aside" in str(result["error"]) and "was set aside" not in str(result["error"])
    assert (root / "cases" / f"{case_id}.json").exists()


def test_item15_simulated_a_failed_move_is_reported_as_not_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nelm_desktop.core.store.quarantine as store_module

    root, case_id = damaged_library(tmp_path)

    def read_only(_src: Path, _dst: Path) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(store_module, "replace", read_only)
    with pytest.raises(CorruptCaseError) as caught:
        CaseStore(root).load(case_id)
    assert caught.value.quarantine_path is None
    assert "could NOT be set aside" in str(caught.value)
    assert not list((root / "quarantine").glob("*.json")), "a reason file without its case file"


# ---------------------------------------------------------------------------------------- item 16
@pytest.mark.skipif(not POSIX, reason="RLIMIT_FSIZE is POSIX")
def test_item16_on_a_full_disk_no_file_is_quarantined_without_its_reason(tmp_path: Path) -> None:
    root, case_id = damaged_library(tmp_path)
    result = worker(tmp_path, "list", str(root), "0")  # not one byte can be written
    assert result["ids"] == []
    [[name, reason]] = result["unreadable"]  # type: ignore[misc]
    assert name == f"{case_id}.json" and "could not be set aside" in reason and "not valid JSON" in reason
    for info in CaseStore(root).quarantined():
        assert info.reason and info.reason != "reason not recorded"
    # Once there is space again, the next listing sets it aside with its reason.
    store = CaseStore(root)
    store.list_cases()
    [info] = store.quarantined()
    assert "not valid JSON" in info.reason


def test_item16_an_empty_reason_file_is_filled_in_from_the_file_itself(tmp_path: Path) -> None:
    root, _case_id = damaged_library(tmp_path)
    store = CaseStore(root)
    store.list_cases()
    [reason_file] = (root / "quarantine").glob("*.reason.txt")
    reason_file.write_text("")  # what a full disk left behind in older versions
    [info] = CaseStore(root).quarantined()
    assert "not valid JSON" in info.reason


# ---------------------------------------------------------------------------------------- item 17
def test_item17_a_library_folder_setting_that_is_a_file_names_the_setting(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    not_a_folder = tmp_path / "library.txt"
    not_a_folder.write_text("oops")
    (config / "settings.json").write_text(json.dumps({"data_dir": str(not_a_folder)}))
    env = {k: v for k, v in os.environ.items() if k != "NELM_DESKTOP_DATA_DIR"}
    env["NELM_DESKTOP_CONFIG_DIR"] = str(config)
    case = tmp_path / "c.json"
    case.write_text(json.dumps({"patient_label": "x"}))
    for command in (["export", "-o", str(tmp_path / "o.zip")], ["import", str(case)]):
        run = subprocess.run(
            [sys.executable, "-m", "nelm_desktop", *command],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
        )
        assert run.returncode in (1, 2), run
        assert "library folder set in Settings" in run.stderr and "is a file" in run.stderr, run.stderr
        assert "Not a directory" not in run.stderr and "Traceback" not in run.stderr


# ---------------------------------------------------------------------------------------- item 18
def test_item18_a_legal_250_byte_output_name_is_written(tmp_path: Path) -> None:
    name = "é" * 60 + "r" * 126 + ".pdf"  # 250 bytes in UTF-8
    assert len(name.encode()) == 250
    fileio.atomic_write_bytes(tmp_path / name, b"%PDF-1.4")
    assert (tmp_path / name).read_bytes() == b"%PDF-1.4"
    assert [p.name for p in tmp_path.iterdir()] == [name]
    store = CaseStore(tmp_path / "lib")
    store.save(new_case(patient_label="n"))
    zip_name = "z" * 246 + ".zip"
    assert store.export_library(tmp_path / zip_name).count == 1


def test_item18_report_cli_writes_a_250_byte_name(tmp_path: Path) -> None:
    case = tmp_path / "c.json"
    case.write_text(json.dumps({"patient_label": "R"}))
    out = tmp_path / ("s" * 246 + ".pdf")
    run = subprocess.run(
        [sys.executable, "-m", "nelm_desktop", "report", str(case), "--kind", "summary", "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert run.returncode == 0, run.stderr
    assert out.read_bytes()[:5] == b"%PDF-"


# ---------------------------------------------------------------------------------------- item 20
def _two_saves(tmp_path: Path) -> tuple[CaseStore, str]:
    store = CaseStore(tmp_path)
    first = store.save(new_case(patient_label="a"))
    second = store.save(first.case.model_copy(update={"notes": "b"}), first.file_hash)
    store.save(second.case.model_copy(update={"notes": "c"}), store.load(first.case.case_id).file_hash)
    return store, first.case.case_id


def _rewrite(store: CaseStore, case_id: str, revisions: list[dict[str, object]]) -> None:
    from nelm_desktop.core.store import envelope

    path = store.case_path(case_id)
    data = json.loads(path.read_text())
    data["case"]["revisions"] = revisions
    data["sha256"] = envelope.payload_hash(data["case"])  # a consistent file: only the anchor can tell
    path.write_text(json.dumps(data, indent=2))


def test_item20_a_truncated_history_tail_is_detected(tmp_path: Path) -> None:
    store, case_id = _two_saves(tmp_path)
    assert store.check_history(case_id) == []
    revisions = json.loads(store.case_path(case_id).read_text())["case"]["revisions"]
    _rewrite(store, case_id, revisions[:1])
    loaded = store.load(case_id)
    assert store.verify_history(loaded.case)  # the chain alone still verifies
    problems = store.check_history(case_id)
    assert problems and "cut off the end" in problems[0]


def test_item20_a_rewritten_history_is_detected(tmp_path: Path) -> None:
    from nelm_desktop.core.store import audit

    store, case_id = _two_saves(tmp_path)
    prev = ""
    forged = []
    for revision in json.loads(store.case_path(case_id).read_text())["case"]["revisions"]:
        revision.update(user="mallory", prev_hash=prev)
        revision["hash"] = audit.entry_hash(revision)
        prev = revision["hash"]
        forged.append(revision)
    _rewrite(store, case_id, forged)
    assert store.verify_history(store.load(case_id).case)
    assert any("rewritten" in p for p in store.check_history(case_id))


def test_item20_history_dialog_flags_a_mismatch(tmp_path: Path, qtbot: object) -> None:
    from nelm_desktop.ui.window.dialogs import HistoryDialog

    store, case_id = _two_saves(tmp_path)
    revisions = json.loads(store.case_path(case_id).read_text())["case"]["revisions"]
    _rewrite(store, case_id, revisions[:2])
    dialog = HistoryDialog(store, store.load(case_id).case)
    assert "does not verify" in dialog.status.text() and "cut off" in dialog.status.text()


def test_item20_the_self_test_checks_the_anchor() -> None:
    from nelm_desktop.cli.selftest import check_store

    class Ctx:
        tmp: Path
        store: object = None
        case: object = None

    import tempfile

    ctx = Ctx()
    with tempfile.TemporaryDirectory() as tmp:
        ctx.tmp = Path(tmp)
        assert "anchored" in check_store(ctx)  # type: ignore[arg-type]
