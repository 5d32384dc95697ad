"""Damage done for real (issue #3, item 8): killed writers, truncated and random files, failing renames,
read-only folders, full disks, newer formats, and two processes saving the same case."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nelm_desktop.core.model import SCHEMA_VERSION, Lesion, new_case
from nelm_desktop.core.store import (
    CaseStore,
    CorruptCaseError,
    LoadedCase,
    ReadOnlyCaseError,
    StoreError,
    WriteRefusedError,
    envelope,
)

REPO = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("store_worker.py")
POSIX = os.name == "posix"


def worker_env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "NELM_DESKTOP_CONFIG_DIR": str(tmp_path / "config")}


def temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(".tmp")]


def typical_case(**extra):
    return new_case(
        patient_label="DMG-01",
        primary_site="small_intestine",
        differentiation="well",
        ki67_pct=4,
        lesions=[Lesion(segment="II", size_cm=2.5), Lesion(segment="VII", size_cm=1.0, count=3)],
        notes="Typical notes " * 20,
        **extra,
    )


# --------------------------------------------------------------------------- SIGKILL at random moments
@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")
def test_saver_killed_200_times_never_loses_or_breaks_a_case(tmp_path):
    root = tmp_path / "lib"
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), "killloop", str(root), "200", "20251124", "0.03"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=worker_env(tmp_path),
        cwd=REPO,
    )
    assert proc.stdin and proc.stdout
    try:
        ids = json.loads(proc.stdout.readline())["ready"]
        known = dict.fromkeys(ids, 0)  # value on disk after the previous round
        store = CaseStore(root)
        rounds = kills_mid_flight = 0
        for line in proc.stdout:
            report = json.loads(line)
            assert report["killed"], "the saver stopped on its own: see its stderr"
            for cid in ids:
                acked = report["acked"].get(cid, known[cid])
                loaded = store.load(cid)  # never CorruptCaseError
                n = int(loaded.case.notes)
                assert n in (acked, acked + 1), f"round {report['round']}: {cid} has {n}, acked {acked}"
                kills_mid_flight += n == acked + 1
                assert len(loaded.case.revisions) == n + 1
                assert store.verify_history(loaded.case)
                known[cid] = n
            store.sweep_temp_files()
            assert temp_files(root) == []
            assert store.quarantined() == []
            rounds += 1
            proc.stdin.write("next\n")
            proc.stdin.flush()
        assert rounds == 200
        assert sum(known.values()) > 0, "the saver never completed a save: the test proves nothing"
        rows = store.list_cases()
        assert sorted(r.case_id for r in rows) == sorted(ids)
        print(
            f"saves survived: {sum(known.values())}, kills that landed after the last ack: {kills_mid_flight}"
        )
    finally:
        proc.kill()
        proc.wait(timeout=30)


def test_temp_file_left_by_a_killed_writer_is_swept_by_the_listing():
    store = CaseStore()
    saved = store.save(typical_case())
    stale = store.cases_dir / f".{saved.case.case_id}.json.deadbeef0000.tmp"
    stale.write_bytes(b'{"half": ')
    (store.backups_dir / saved.case.case_id).mkdir(exist_ok=True)
    stale_backup = store.backups_dir / saved.case.case_id / ".20250101T000000.000000Z.json.0011.tmp"
    stale_backup.write_bytes(b"")
    assert [r.case_id for r in store.list_cases()] == [saved.case.case_id]
    assert temp_files(store.root) == []


# --------------------------------------------------------------------------- truncated at every offset
def test_file_truncated_at_every_byte_offset_is_a_typed_error_or_recovered():
    store = CaseStore()
    first = store.save(typical_case().model_copy(update={"notes": "short"}))
    saved = store.save(first.case.model_copy(update={"ki67_pct": 5.0}), first.file_hash)
    raw = saved.path.read_bytes()
    outcomes = {"corrupt": 0, "loaded": 0}
    for offset in range(len(raw) + 1):
        saved.path.write_bytes(raw[:offset])
        try:
            loaded = store.load(saved.case.case_id)
        except CorruptCaseError as exc:
            outcomes["corrupt"] += 1
            assert exc.reason
            assert exc.good_backup is not None  # the previous version is offered
            continue
        outcomes["loaded"] += 1
        assert loaded.case == saved.case  # only the trailing newline may be cut
    assert outcomes["loaded"] == 2 and outcomes["corrupt"] == len(raw) - 1
    restored = store.restore_backup(saved.case.case_id, store.backups(saved.case.case_id)[0].backup_id)
    assert restored.case.ki67_pct == 4


# --------------------------------------------------------------------------- random bytes and JSON
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)
case_like = st.fixed_dictionaries(
    {},
    optional={
        "case_id": st.just("a0000000-0000-4000-8000-000000000001") | st.text(max_size=5),
        "patient_label": json_values,
        "ki67_pct": json_values,
        "lesions": json_values,
        "revisions": json_values,
        "schema_version": st.integers(-2, 3) | json_values,
        "primary_site": st.sampled_from(["pancreas", "lung", "nope"]) | json_values,
    },
).flatmap(lambda d: st.dictionaries(st.text(max_size=8), json_values, max_size=3).map(lambda x: {**x, **d}))

CID = "a0000000-0000-4000-8000-000000000001"
_fuzz_store: dict[str, CaseStore] = {}


def fuzz_store(tmp_path_factory) -> CaseStore:
    if "s" not in _fuzz_store or not _fuzz_store["s"].root.exists():
        _fuzz_store["s"] = CaseStore(tmp_path_factory.mktemp("fuzz"))
        _fuzz_store["s"].cases_dir.mkdir(parents=True)
    return _fuzz_store["s"]


def load_only_typed(store: CaseStore, raw: bytes) -> LoadedCase | None:
    store.case_path(CID).write_bytes(raw)
    try:
        return store.load(CID)
    except CorruptCaseError:
        return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=400))
def test_random_bytes_never_escape_the_typed_error(tmp_path_factory, raw):
    store = fuzz_store(tmp_path_factory)
    with pytest.raises(envelope.EnvelopeError):
        envelope.decode(raw)
    assert load_only_typed(store, raw) is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=json_values)
def test_random_json_never_escapes_the_typed_error(tmp_path_factory, data):
    store = fuzz_store(tmp_path_factory)
    assert load_only_typed(store, json.dumps(data).encode()) is None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=case_like, version=st.integers(0, 3))
def test_random_envelopes_with_valid_checksum_load_or_fail_typed(tmp_path_factory, case, version):
    store = fuzz_store(tmp_path_factory)
    raw = json.dumps(
        {"schema_version": version, "sha256": envelope.payload_hash(case), "case": case}
    ).encode()
    loaded = load_only_typed(store, raw)
    if loaded is not None:
        assert loaded.case.case_id == CID
        assert loaded.read_only == (version > SCHEMA_VERSION)
        with pytest.raises(ReadOnlyCaseError) if version > SCHEMA_VERSION else _nothing():
            store.save(loaded.case.model_copy(update={"notes": "ok"}), loaded.file_hash)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_import_of_random_files_never_escapes(tmp_path):
    store = CaseStore()
    for i, raw in enumerate(
        [b"", b"\x00" * 10, b"PK\x03\x04garbage", b'{"case": 1}', b"[]", b'{"sha256": 1}']
    ):
        path = tmp_path / f"f{i}.json"
        path.write_bytes(raw)
        try:
            report = store.import_path(path)
        except StoreError:
            continue
        assert report.problems or report.imported


# --------------------------------------------------------------------------- failing os.replace
def test_failing_replace_leaves_original_intact_and_edit_in_memory(monkeypatch):
    store = CaseStore()
    saved = store.save(typical_case())
    before = saved.path.read_bytes()
    edit = saved.case.model_copy(update={"notes": "precious edit"})
    real_replace = os.replace

    def failing_replace(src, dst):
        if str(dst).endswith(f"cases/{saved.case.case_id}.json"):
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(StoreError, match="Nothing was lost") as info:
        store.save(edit, saved.file_hash)
    assert type(info.value) is WriteRefusedError  # the machine refused: exit 1 on the command line
    monkeypatch.undo()
    assert saved.path.read_bytes() == before
    assert edit.notes == "precious edit" and edit.revisions == saved.case.revisions
    assert temp_files(store.root) == []
    # and once the disk works again the same edit saves (no false conflict)
    assert store.save(edit, saved.file_hash).case.notes == "precious edit"


# --------------------------------------------------------------------------- read-only folder
def test_read_only_folder_simulated_gives_clear_error(monkeypatch):
    """Simulated (works as any user and on Windows): creating the temp file is refused."""
    store = CaseStore()
    saved = store.save(typical_case())
    before = saved.path.read_bytes()
    real_open = os.open

    def refuse_writes(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and str(path).startswith(str(store.cases_dir)):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_writes)
    edit = saved.case.model_copy(update={"notes": "edit"})
    with pytest.raises(StoreError, match="no permission to write"):
        store.save(edit, saved.file_hash)
    monkeypatch.undo()
    assert saved.path.read_bytes() == before and edit.notes == "edit"


def _unshare_available() -> bool:
    if not POSIX or shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "true"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _unshare_available(), reason="needs root and `unshare -m` for a read-only bind mount")
def test_read_only_folder_for_real_via_read_only_bind_mount(tmp_path):
    """Real: the library is bind-mounted read-only (EROFS) in a private mount namespace; the writer runs
    there. (Tests run as root, so chmod alone would not stop it.)"""
    root = tmp_path / "lib"
    store = CaseStore(root)
    saved = store.save(typical_case())
    before = saved.path.read_bytes()
    script = (
        f'mount --bind "{root}" "{root}" && mount -o remount,bind,ro "{root}" && '
        f'exec "{sys.executable}" "{WORKER}" save "{root}" {saved.case.case_id} 100'
    )
    done = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script],
        capture_output=True,
        text=True,
        env=worker_env(tmp_path),
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["type"] == "WriteRefusedError" and result["kept_in_memory"]
    assert "read-only" in result["error"] and "Nothing was lost" in result["error"]
    assert saved.path.read_bytes() == before


# --------------------------------------------------------------------------- full disk
@pytest.mark.skipif(not POSIX, reason="RLIMIT_FSIZE is POSIX")
def test_full_disk_via_rlimit_fsize_gives_clear_error(tmp_path):
    root = tmp_path / "lib"
    store = CaseStore(root)
    saved = store.save(typical_case())
    before = saved.path.read_bytes()
    done = subprocess.run(
        [sys.executable, str(WORKER), "save", str(root), saved.case.case_id, "60000", "16384"],
        capture_output=True,
        text=True,
        env=worker_env(tmp_path),
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["type"] == "WriteRefusedError" and result["kept_in_memory"]
    assert "full" in result["error"] and "Nothing was lost" in result["error"]
    assert saved.path.read_bytes() == before
    assert temp_files(root) == []
    assert store.load(saved.case.case_id).case == saved.case


def test_disk_full_simulated_enospc(monkeypatch):
    store = CaseStore()
    saved = store.save(typical_case())
    before = saved.path.read_bytes()

    def no_space(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", no_space)
    with pytest.raises(StoreError, match="the disk is full"):
        store.save(saved.case.model_copy(update={"notes": "edit"}), saved.file_hash)
    monkeypatch.undo()
    assert saved.path.read_bytes() == before
    assert temp_files(store.root) == []


# --------------------------------------------------------------------------- newer schema
def test_newer_schema_file_is_never_rewritten_even_by_listing_and_import(tmp_path):
    store = CaseStore()
    saved = store.save(typical_case())
    data = json.loads(saved.path.read_text())
    data.update(schema_version=7, app_version="7.0")
    data["case"].update(schema_version=7, brand_new={"nested": True})
    data["sha256"] = envelope.payload_hash(data["case"])
    raw = json.dumps(data).encode()
    saved.path.write_bytes(raw)
    mtime = saved.path.stat().st_mtime_ns
    assert store.list_cases()[0].read_only
    assert store.load(saved.case.case_id).read_only
    other = CaseStore(tmp_path / "other")
    other_saved = other.save(saved.case.model_copy(update={"notes": "older copy elsewhere"}))
    out = tmp_path / "x.zip"
    other.export_library(out)
    report = store.import_path(out)
    assert report.copies and report.copies[0][0] == saved.case.case_id
    with pytest.raises(ReadOnlyCaseError):
        store.save(other_saved.case)
    assert saved.path.read_bytes() == raw and saved.path.stat().st_mtime_ns == mtime


# --------------------------------------------------------------------------- two processes, one case
@pytest.mark.skipif(not POSIX, reason="process start-up is slow on Windows CI")
def test_two_processes_saving_the_same_case_never_interleave(tmp_path):
    root = tmp_path / "lib"
    store = CaseStore(root)
    saved = store.save(new_case(patient_label="shared", notes="0"))
    per_process = 40
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), "counter", str(root), saved.case.case_id, str(per_process)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=worker_env(tmp_path),
            cwd=REPO,
        )
        for _ in range(2)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    final = store.load(saved.case.case_id)
    # no lost update: every one of the 80 increments is there, each as its own revision, in one chain
    assert int(final.case.notes) == 2 * per_process
    assert len(final.case.revisions) == 2 * per_process + 1
    assert store.verify_history(final.case)
    assert temp_files(root) == []
    print("conflicts detected and retried:", [r["conflicts"] for r in results])
