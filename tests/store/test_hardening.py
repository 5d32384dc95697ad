"""Store and input hardening (issue #14): each test names the item it holds the store to, and failed
on the code before the fix. Real files, real processes (CLI subprocesses, two importers at once)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore, StoreError, envelope
from tests.cli_process import run_cli

REPO = Path(__file__).resolve().parents[2]
POSIX = os.name == "posix"
ROOT_USER = POSIX and os.geteuid() == 0


def cli(
    *args: str, data: Path, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, data=data, cwd=cwd, timeout=timeout)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ---------------------------------------------------------------------------------------- item 2
def test_item2_undo_after_delete_restores_the_newest_trashed_version(tmp_path: Path) -> None:
    store, other = CaseStore(tmp_path / "lib"), CaseStore(tmp_path / "other")
    v1 = store.save(new_case(patient_label="v1"))
    case_id = v1.case.case_id
    store.delete(case_id)  # the old version, trashed first
    newer = other.save(v1.case.model_copy(update={"patient_label": "v2 newest"}))
    out = tmp_path / "one.zip"
    other.export_library(out)
    assert store.import_path(out).imported == [case_id]
    store.delete(case_id)  # the newest version, trashed second
    restored = store.restore_from_trash(case_id)
    assert restored.case.patient_label == "v2 newest" == newer.case.patient_label


def test_item2_empty_trash_never_destroys_the_only_copy_of_the_latest_version(tmp_path: Path) -> None:
    store, other = CaseStore(tmp_path / "lib"), CaseStore(tmp_path / "other")
    v1 = store.save(new_case(patient_label="old"))
    case_id = v1.case.case_id
    other.save(v1.case.model_copy(update={"patient_label": "latest"}))
    other.export_library(tmp_path / "x.zip")
    store.delete(case_id)
    store.import_path(tmp_path / "x.zip")
    store.delete(case_id)  # trash: old (first) and latest (second)
    # Undo of an older app restored the OLD one; simulate that mix-up directly: old back in the library.
    trashed = sorted((store.root / "trash").iterdir(), key=lambda p: p.name)
    old_file = next(p for p in trashed if json.loads(p.read_bytes())["case"]["patient_label"] == "old")
    os.replace(old_file, store.case_path(case_id))
    assert store.trash_kept_on_empty() == [case_id]
    store.empty_trash()
    labels = [store.load_backup(case_id, b.backup_id).case.patient_label for b in store.backups(case_id)]
    assert "latest" in labels, "Empty trash destroyed the only copy of the latest version"
    assert store.load(case_id).case.patient_label == "old"


# ---------------------------------------------------------------------------------------- item 3
@pytest.mark.skipif(not POSIX or ROOT_USER, reason="needs POSIX permissions and a non-root user")
def test_item3_export_names_an_unreadable_case_and_exits_1(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = CaseStore(data)
    keep = [store.save(new_case(patient_label=f"ok{i}")).case.case_id for i in range(2)]
    locked = store.save(new_case(patient_label="locked"))
    locked.path.chmod(0)
    try:
        run = cli("export", "-o", str(tmp_path / "lib.zip"), data=data)
        listing = CaseStore(data)
        summaries = listing.list_cases()
        unreadable = listing.unreadable()
    finally:
        locked.path.chmod(0o600)
    assert run.returncode == 1, run
    assert locked.case.case_id in run.stderr and "not exported" in run.stderr
    assert "Traceback" not in run.stderr
    with zipfile.ZipFile(tmp_path / "lib.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert sorted(e["case_id"] for e in manifest["cases"]) == sorted(keep)
    assert manifest["not_included"][0]["case_id"] == locked.case.case_id
    assert len(summaries) == 2
    assert [u.name for u in unreadable] == [locked.path.name]


def test_item3_export_names_a_case_it_cannot_read_even_as_root(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = CaseStore(data)
    good = store.save(new_case(patient_label="ok")).case.case_id
    (data / "cases" / "odd-one.json").mkdir()  # named like a case, not readable as one
    run = cli("export", "-o", str(tmp_path / "lib.zip"), data=data)
    assert run.returncode == 1, run
    assert "case odd-one: could not be read" in run.stderr and "export incomplete" in run.stderr
    assert "Exported 1 case(s)" in run.stdout
    with zipfile.ZipFile(tmp_path / "lib.zip") as archive:
        assert [e["case_id"] for e in json.loads(archive.read("manifest.json"))["cases"]] == [good]
    listing = CaseStore(data)
    assert [s.case_id for s in listing.list_cases()] == [good]
    assert [u.name for u in listing.unreadable()] == ["odd-one.json"]


@pytest.mark.skipif(not POSIX or ROOT_USER, reason="needs POSIX permissions and a non-root user")
def test_item3_window_problem_view_counts_unreadable_cases(tmp_path: Path) -> None:
    store = CaseStore(tmp_path)
    locked = store.save(new_case(patient_label="locked"))
    locked.path.chmod(0)
    try:
        store.list_cases()
        assert [u.name for u in store.unreadable()] == [locked.path.name]
        assert "Permission denied" in store.unreadable()[0].reason
    finally:
        locked.path.chmod(0o600)


# ---------------------------------------------------------------------------------------- item 5
def _variant_zip(tmp_path: Path, name: str, case_id: str, label: str) -> Path:
    source = CaseStore(tmp_path / f"src-{name}")
    source.save(new_case(case_id=case_id, patient_label=label))
    out = tmp_path / f"{name}.zip"
    source.export_library(out)
    return out


def test_item5_two_cli_imports_of_one_id_at_once_never_both_win(tmp_path: Path) -> None:
    case_id = "11111111-2222-4333-8444-555555555555"
    zips = [_variant_zip(tmp_path, n, case_id, f"label {n}") for n in ("a", "b")]
    for round_ in range(4):
        data = tmp_path / f"lib{round_}"
        env = {**os.environ, "NELM_DESKTOP_DATA_DIR": str(data)}
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "nelm_desktop", "import", str(z)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                cwd=REPO,
            )
            for z in zips
        ]
        outs = [p.communicate(timeout=120)[0] for p in procs]
        assert all(p.returncode == 0 for p in procs), outs
        firsts = [o.splitlines()[0] for o in outs]
        imported = sum(line.startswith(("Imported 1 case(s).", "Imported 1 case(s),")) for line in firsts)
        copied = sum("mported 1 case(s) as copies" in line for line in firsts)
        assert (imported, copied) == (1, 1), outs
        store = CaseStore(data)
        labels = sorted(s.patient_label for s in store.list_cases())
        assert labels == ["label a", "label b"]
        winner = store.load(case_id).case.patient_label
        loser_output = outs[0] if winner == "label b" else outs[1]
        assert "copy:" in loser_output


# ---------------------------------------------------------------------------------------- item 6
def test_item6_store_never_writes_a_case_it_would_refuse_to_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The model's caps keep real cases far below the limit; the store's own check (one limit, the
    reader's) is proven with a lowered limit: refused before anything is written, the field named."""
    import nelm_desktop.core.store.folders as folders_module
    import nelm_desktop.core.store.saving as saving_module

    store = CaseStore(tmp_path / "lib")
    # The one limit, lowered for both its users: the writer (saving) and the reader (folders).
    monkeypatch.setattr(saving_module, "MAX_CASE_BYTES", 20_000)
    monkeypatch.setattr(folders_module, "MAX_CASE_BYTES", 20_000)
    source = tmp_path / "big.json"
    source.write_text(json.dumps({"patient_label": "big", "notes": "n" * 19_000}))
    report = store.import_path(source)
    assert report.imported == [] and report.copies == []
    assert any("largest field is notes" in p and "limit" in p for p in report.problems), report.problems
    assert not list((tmp_path / "lib" / "cases").glob("*.json"))
    with pytest.raises(StoreError, match="largest field is notes"):
        store.save(new_case(notes="m" * 19_000))
    assert store.list_cases() == []


def test_item6_lesion_rows_are_capped_in_the_model(tmp_path: Path) -> None:
    source = tmp_path / "many.json"
    source.write_text(json.dumps({"lesions": [{"segment": "V", "size_cm": 1}] * 250_000}))
    report = CaseStore(tmp_path / "lib").import_path(source)
    assert report.imported == []
    assert any(p.startswith("many.json: lesions: has too many entries (at most 200") for p in report.problems)


# ---------------------------------------------------------------------------------------- item 7
@pytest.mark.skipif(not POSIX, reason="POSIX modes")
def test_item7_everything_the_cli_writes_is_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    os.umask(0o022)  # a typical desktop umask; the app must not rely on it
    seed = CaseStore(data)
    saved = seed.save(new_case(patient_label="p"))
    run = cli("export", "-o", str(tmp_path / "lib.zip"), data=data)
    assert run.returncode == 0, run.stderr
    assert mode(tmp_path / "lib.zip") == 0o600
    # A damaged file gets quarantined with a private reason file; lock files are private (or gone).
    saved.path.write_text("{broken")
    run = cli("export", "-o", str(tmp_path / "lib2.zip"), data=data)
    assert run.returncode == 1 and saved.case.case_id in run.stderr
    CaseStore(data).list_cases()  # in this process, umask 022: the quarantine must still be private
    reasons = list((data / "quarantine").glob("*.reason.txt"))
    assert reasons and all(mode(p) == 0o600 for p in reasons)
    for path in data.rglob("*"):
        want = 0o700 if path.is_dir() else 0o600
        assert mode(path) & 0o077 == 0, (path, oct(mode(path)), oct(want))


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
def test_item7_pre_migration_library_zip_is_private_and_fsynced_writable(tmp_path: Path) -> None:
    from nelm_desktop.core.store.reading import _zip_folder

    os.umask(0o022)
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "a.json").write_text("{}")
    target = tmp_path / "before.zip"
    _zip_folder(folder, target)
    assert mode(target) == 0o600
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == ["cases/a.json"]


def test_item18_1_zip_writers_fsync_a_writable_handle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses FlushFileBuffers on a read-only handle: emulate that and export."""
    import fcntl

    real_fsync = os.fsync

    def windows_like_fsync(fd: int) -> None:
        read_only = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY
        if read_only and stat.S_ISREG(os.fstat(fd).st_mode):
            raise PermissionError(13, "Access is denied (fsync of a read-only handle)")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", windows_like_fsync)
    store = CaseStore(tmp_path / "lib")
    store.save(new_case(patient_label="w"))
    report = store.export_library(tmp_path / "out.zip")
    assert report.complete and report.count == 1
    from nelm_desktop.core.store.reading import _zip_folder

    _zip_folder(store.cases_dir, tmp_path / "before.zip")
    assert zipfile.ZipFile(tmp_path / "before.zip").namelist()


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
def test_item7_group_readable_data_folder_is_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    CaseStore(data).save(new_case())
    assert mode(data) == 0o700


@pytest.mark.skipif(not POSIX, reason="SIGKILL")
def test_item7_a_killed_export_leaves_no_temp_file_after_the_next_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = CaseStore(data)
    for i in range(3):
        store.save(new_case(patient_label=f"k{i}"))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    script = (
        "import os, signal, sys\n"
        "from nelm_desktop.core.store import CaseStore\n"
        "def stop(done, total):\n"
        "    if done == 2: os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return True\n"
        f"CaseStore({str(data)!r}).export_library({str(out_dir / 'lib.zip')!r}, None, stop)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=REPO, timeout=120)
    assert run.returncode == -9
    assert [p.name for p in out_dir.iterdir() if p.name.endswith(".tmp")], (
        "the kill left no temp (test broken)"
    )
    CaseStore(data).sweep_temp_files()  # what the next start does
    assert list(out_dir.iterdir()) == []
    assert not list((data / "locks" / "temps").glob("*.path"))


def test_item17_lock_files_do_not_pile_up(tmp_path: Path) -> None:
    store = CaseStore(tmp_path)
    for i in range(20):
        store.save(new_case(patient_label=f"n{i}"))
    assert len(list((tmp_path / "locks").glob("*.lock"))) <= 1


def test_envelope_roundtrip_still_verifies(tmp_path: Path) -> None:
    saved = CaseStore(tmp_path).save(new_case(patient_label="x"))
    assert envelope.decode(saved.path.read_bytes()).case["patient_label"] == "x"
    with pytest.raises(StoreError):
        CaseStore(tmp_path).load("no-such-case")


def test_item6_store_never_writes_a_case_the_reader_would_set_aside(tmp_path: Path) -> None:
    """A case made in code skips the model's checks (model_copy(update=...)); the store reads the
    bytes back as the next start will and refuses them, leaving the saved version untouched."""
    store = CaseStore(tmp_path / "lib")
    saved = store.save(new_case(patient_label="AB-01"))
    before = saved.path.read_bytes()
    for bad in ({"ki67_pct": -5.0}, {"patient_label": "x" * 5_000}):
        unchecked = saved.case.model_copy(update=bad)
        with pytest.raises(StoreError, match=r"would not read back.*nothing was written"):
            store.save(unchecked, expected_hash=saved.file_hash)
        assert saved.path.read_bytes() == before
    # A hidden character the saved version did not hold is new input (a stored one opens marked).
    for bad in ({"patient_label": "AB\x1b[2J"}, {"patient_label": "AB\t01"}, {"notes": "a\x07"}):
        unchecked = saved.case.model_copy(update=bad)
        with pytest.raises(StoreError, match=r"contains .*\(U\+00(1B|09|07)\).*nothing was written"):
            store.save(unchecked, expected_hash=saved.file_hash)
        assert saved.path.read_bytes() == before
    with pytest.raises(StoreError, match="would not read back"):
        store.save(new_case().model_copy(update={"ki67_pct": 400.0}))
    assert [s.case_id for s in store.list_cases()] == [saved.case.case_id]
    assert store.load(saved.case.case_id).case.patient_label == "AB-01"
