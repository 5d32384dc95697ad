"""Save, load, list, conflict, trash, backups, quarantine and audit trail on a real temp folder."""

from __future__ import annotations

import json
import os
import stat

import pytest

from nelm_desktop.core.model import SCHEMA_VERSION, Case, Lesion, new_case
from nelm_desktop.core.paths import data_dir
from nelm_desktop.core.store import (
    CaseStore,
    ConflictError,
    CorruptCaseError,
    ReadOnlyCaseError,
    StoreError,
    envelope,
)


@pytest.fixture
def store() -> CaseStore:
    return CaseStore()


def sample(**facts) -> Case:
    base = dict(
        patient_label="AB-01",
        primary_site="pancreas",
        differentiation="well",
        ki67_pct=5,
        lesions=[Lesion(segment="II", size_cm=2.0, count=1)],
    )
    base.update(facts)
    return new_case(**base)


def test_default_root_is_the_data_dir(store):
    assert store.root == data_dir()


def test_save_then_load_round_trip(store):
    case = sample()
    saved = store.save(case)
    loaded = store.load(case.case_id)
    assert loaded.case == saved.case
    assert loaded.file_hash == saved.file_hash
    assert not loaded.read_only
    assert loaded.path == store.cases_dir / f"{case.case_id}.json"
    # the in-memory case handed to save is not modified
    assert case.revisions == []


def test_envelope_on_disk(store):
    saved = store.save(sample())
    data = json.loads(saved.path.read_text(encoding="utf-8"))
    assert set(data) == {"schema_version", "app_version", "saved_at", "sha256", "case"}
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["sha256"] == envelope.payload_hash(data["case"])


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_private_permissions(store):
    saved = store.save(sample())
    for folder in (store.root, store.cases_dir, store.backups_dir):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(saved.path.stat().st_mode) == 0o600
    second = store.save(saved.case.model_copy(update={"ki67_pct": 7.0}), saved.file_hash)
    assert stat.S_IMODE(second.path.stat().st_mode) == 0o600
    backup = store.backups(saved.case.case_id)[0]
    assert stat.S_IMODE(backup.path.stat().st_mode) == 0o600


def test_revision_trail_records_changed_fields_and_user(store):
    first = store.save(sample())
    rev0 = first.case.revisions[0]
    assert rev0.action == "created"
    assert {"patient_label", "primary_site", "ki67_pct", "lesions"} <= set(rev0.changed)
    assert rev0.prev_hash == ""
    second = store.save(first.case.model_copy(update={"ki67_pct": 25.0, "notes": "n"}), first.file_hash)
    rev1 = second.case.revisions[-1]
    assert rev1.changed == ["ki67_pct", "notes"]
    assert rev1.prev_hash == rev0.hash
    assert rev1.user  # the OS user name (getpass)
    assert store.verify_history(second.case)
    assert [r.hash for r in store.history(first.case.case_id)] == [rev0.hash, rev1.hash]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda revs: revs[0].__setattr__("changed", ["notes"]),
        lambda revs: revs[1].__setattr__("user", "someone-else"),
        lambda revs: revs.pop(0),
        lambda revs: revs.insert(1, revs[0].model_copy()),
        lambda revs: revs.reverse(),
    ],
    ids=["changed-fields", "user", "dropped-first", "inserted", "reordered"],
)
def test_verify_history_detects_edits(store, tamper):
    first = store.save(sample())
    second = store.save(first.case.model_copy(update={"ki67_pct": 9.0}), first.file_hash)
    third = store.save(second.case.model_copy(update={"ki67_pct": 10.0}), second.file_hash)
    revisions = [r.model_copy() for r in third.case.revisions]
    tamper(revisions)
    assert not store.verify_history(third.case.model_copy(update={"revisions": revisions}))


def test_history_tampered_on_disk_is_detected(store):
    first = store.save(sample())
    second = store.save(first.case.model_copy(update={"ki67_pct": 9.0}), first.file_hash)
    data = json.loads(second.path.read_text(encoding="utf-8"))
    data["case"]["revisions"][0]["user"] = "mallory"
    data["sha256"] = envelope.payload_hash(data["case"])  # a careful tamperer fixes the file checksum
    second.path.write_text(json.dumps(data), encoding="utf-8")
    loaded = store.load(first.case.case_id)
    assert not store.verify_history(loaded.case)


def test_unchanged_save_writes_nothing(store):
    first = store.save(sample())
    mtime = first.path.stat().st_mtime_ns
    again = store.save(first.case, first.file_hash)
    assert again.file_hash == first.file_hash
    assert first.path.stat().st_mtime_ns == mtime
    assert store.backups(first.case.case_id) == []


def test_conflict_when_file_changed_since_opened(store):
    first = store.save(sample())
    theirs = store.save(first.case.model_copy(update={"notes": "theirs"}), first.file_hash)
    mine = first.case.model_copy(update={"notes": "mine"})
    with pytest.raises(ConflictError) as info:
        store.save(mine, first.file_hash)
    err = info.value
    assert err.case_id == first.case.case_id
    assert err.mine is mine
    assert err.theirs is not None and err.theirs.case.notes == "theirs"
    assert err.expected_hash == first.file_hash and err.disk_hash == theirs.file_hash
    # on disk: theirs, untouched
    assert store.load(first.case.case_id).case.notes == "theirs"
    # keep mine as a copy
    copy = store.save_copy(mine)
    assert copy.case.case_id != first.case.case_id
    assert copy.case.notes == "mine" and copy.case.patient_label == "AB-01 (copy)"
    assert copy.case.revisions[-1].action == "copied"
    assert copy.case.revisions[-1].copied_from == first.case.case_id
    assert store.verify_history(copy.case)
    assert len(store.list_cases()) == 2


def test_backups_kept_and_restorable(store):
    v1 = store.save(sample(notes="v1"))
    v2 = store.save(v1.case.model_copy(update={"notes": "v2"}), v1.file_hash)
    v3 = store.save(v2.case.model_copy(update={"notes": "v3"}), v2.file_hash)
    kept = store.backups(v1.case.case_id)
    assert [store.load_backup(v1.case.case_id, b.backup_id).case.notes for b in kept] == ["v2", "v1"]
    restored = store.restore_backup(v1.case.case_id, kept[1].backup_id)
    assert restored.case.notes == "v1"
    assert restored.case.revisions[-1].action == "restored"
    assert restored.case.revisions[-1].changed == ["notes"]
    assert store.load(v1.case.case_id).case.notes == "v1"
    # the version it replaced (v3) is itself kept
    notes = [
        store.load_backup(v1.case.case_id, b.backup_id).case.notes for b in store.backups(v1.case.case_id)
    ]
    assert notes[0] == "v3"
    assert v3.file_hash != restored.file_hash
    with pytest.raises(StoreError):
        store.restore_backup(v1.case.case_id, "../../etc/passwd")


def test_delete_goes_to_trash_and_back(store):
    saved = store.save(sample())
    store.delete(saved.case.case_id)
    assert store.list_cases() == []
    assert [s.case_id for s in store.trash()] == [saved.case.case_id]
    with pytest.raises(StoreError, match="trash"):
        store.load(saved.case.case_id)
    back = store.restore_from_trash(saved.case.case_id)
    assert back.case == saved.case
    assert store.trash() == []
    store.delete(saved.case.case_id)
    assert store.empty_trash() == 1
    assert store.trash() == []
    assert not (store.backups_dir / saved.case.case_id).exists()
    with pytest.raises(StoreError):
        store.delete(saved.case.case_id)


def test_list_cases_newest_first_with_grade(store):
    a = store.save(sample(patient_label="A", ki67_pct=1))
    b = store.save(sample(patient_label="B", differentiation="poorly", ki67_pct=60))
    c = store.save(sample(patient_label="C", ki67_pct=None, demo=True))
    # make the order unambiguous whatever the clock resolution
    for loaded, stamp in ((a, "2024-01-01T10:00:00+00:00"), (b, "2024-03-01T10:00:00+00:00")):
        data = json.loads(loaded.path.read_text())
        data["case"]["updated_at"] = stamp
        data["sha256"] = envelope.payload_hash(data["case"])
        loaded.path.write_text(json.dumps(data))
    rows = store.list_cases()
    assert [r.patient_label for r in rows] == ["C", "B", "A"]
    assert [r.grade for r in rows] == ["undetermined", "NEC", "G1"]
    assert rows[0].demo and not rows[1].demo
    assert rows[0].path == c.path
    assert [r.patient_label for r in store.search("nec")] == ["B"]
    assert [r.patient_label for r in store.search("PANCREAS")] == ["C", "B", "A"]
    assert [r.case_id for r in store.search(a.case.case_id[:8])] == [a.case.case_id]


def test_index_is_a_cache_never_the_truth(store):
    saved = store.save(sample(patient_label="first"))
    assert [r.patient_label for r in store.list_cases()] == ["first"]
    assert store.index_path.exists()
    # another program edits the file: the stale index row is replaced
    store.save(saved.case.model_copy(update={"patient_label": "second"}), saved.file_hash)
    assert [r.patient_label for r in store.list_cases()] == ["second"]
    # a damaged index is rebuilt
    store.index_path.write_bytes(b"\x00garbage")
    assert [r.patient_label for r in store.list_cases()] == ["second"]
    lines = store.index_path.read_bytes().split(b"\n")
    assert json.loads(lines[0])["rows"] == 1 and json.loads(lines[2]) == ["second"]  # the head's labels
    # a file removed behind our back disappears from the listing
    saved.path.unlink()
    assert store.list_cases() == []


def test_corrupt_file_is_quarantined_and_good_backup_offered(store):
    v1 = store.save(sample(notes="good"))
    v2 = store.save(v1.case.model_copy(update={"notes": "newer"}), v1.file_hash)
    raw = v2.path.read_bytes()
    v2.path.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(CorruptCaseError) as info:
        store.load(v1.case.case_id)
    err = info.value
    assert "not valid JSON" in err.reason
    assert err.quarantine_path is not None and err.quarantine_path.read_bytes() == raw[: len(raw) // 2]
    assert err.good_backup is not None
    assert not v2.path.exists()
    [q] = store.quarantined()
    assert q.case_id == v1.case.case_id and "not valid JSON" in q.reason
    assert store.list_cases() == []  # the library still works
    restored = store.restore_backup(v1.case.case_id, err.good_backup.backup_id)
    assert restored.case.notes == "good"


def test_checksum_mismatch_and_invalid_fields_are_quarantined(store):
    a = store.save(sample(patient_label="a"))
    b = store.save(sample(patient_label="b"))
    ok = store.save(sample(patient_label="ok"))
    data = json.loads(a.path.read_text())
    data["case"]["ki67_pct"] = 50  # edited by hand, checksum not updated
    a.path.write_text(json.dumps(data))
    data = json.loads(b.path.read_text())
    data["case"]["ki67_pct"] = 140
    data["sha256"] = envelope.payload_hash(data["case"])
    b.path.write_text(json.dumps(data))
    assert [r.case_id for r in store.list_cases()] == [ok.case.case_id]
    reasons = {q.case_id: q.reason for q in store.quarantined()}
    assert "checksum mismatch" in reasons[a.case.case_id]
    assert "ki67_pct: must be at most 100" in reasons[b.case.case_id]


def test_saving_over_a_damaged_file_sets_it_aside(store):
    saved = store.save(sample())
    saved.path.write_bytes(b"{broken")
    again = store.save(saved.case.model_copy(update={"notes": "fixed"}), saved.file_hash)
    assert store.load(saved.case.case_id).case.notes == "fixed"
    assert again.file_hash
    [q] = store.quarantined()
    assert q.path.read_bytes() == b"{broken"


def newer_schema_file(store: CaseStore, case: Case) -> bytes:
    saved = store.save(case)
    data = json.loads(saved.path.read_text())
    data["schema_version"] = SCHEMA_VERSION + 1
    data["app_version"] = "9.0.0"
    data["case"]["schema_version"] = SCHEMA_VERSION + 1
    data["case"]["future_field"] = {"x": 1}
    data["sha256"] = envelope.payload_hash(data["case"])
    raw = (json.dumps(data, indent=2) + "\n").encode()
    saved.path.write_bytes(raw)
    return raw


def test_newer_schema_opens_read_only_and_is_never_rewritten(store):
    case = sample(patient_label="from the future")
    raw = newer_schema_file(store, case)
    path = store.case_path(case.case_id)
    loaded = store.load(case.case_id)
    assert loaded.read_only and "newer" in loaded.read_only_reason
    assert loaded.case.patient_label == "from the future"
    [row] = store.list_cases()
    assert row.read_only
    with pytest.raises(ReadOnlyCaseError) as info:
        store.save(loaded.case.model_copy(update={"notes": "edit"}), loaded.file_hash)
    assert info.value.schema_version == SCHEMA_VERSION + 1 and info.value.supported == SCHEMA_VERSION
    with pytest.raises(ReadOnlyCaseError):
        store.save(loaded.case.model_copy(update={"notes": "edit"}))
    assert path.read_bytes() == raw
    assert store.quarantined() == []
    # the user can still keep their edit as a copy in today's format
    copy = store.save_copy(loaded.case.model_copy(update={"notes": "edit"}))
    assert store.load(copy.case.case_id).case.notes == "edit"
    assert path.read_bytes() == raw


def test_unsafe_case_ids_are_refused(store):
    for bad in ("../escape", "a/b", "", ".hidden", "x" * 200):
        with pytest.raises(StoreError):
            store.load(bad)
    with pytest.raises(StoreError):
        store.save(sample(case_id="../../escape"))


def test_missing_case_is_a_store_error(store):
    with pytest.raises(StoreError, match="No case"):
        store.load("0f0f0f0f-0000-4000-8000-000000000000")


def test_listing_an_empty_or_absent_library(store):
    assert store.list_cases() == []
    assert store.quarantined() == []
    assert store.trash() == []
    assert store.backups("0f0f0f0f-0000-4000-8000-000000000000") == []
