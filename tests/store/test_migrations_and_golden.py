"""Schema migrations: the registry, a library backup before the first migration, golden files forever."""

from __future__ import annotations

import inspect
import json
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from nelm_desktop.core.model import SCHEMA_VERSION
from nelm_desktop.core.store import CaseStore, CorruptCaseError, envelope, migrations

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden"


def test_every_registered_migration_step_has_a_test():
    """Picard's test_all_hooks_have_tests: add `test_migration_vN_to_vN1` with each step."""
    tests = {name for name, _ in inspect.getmembers(sys.modules[__name__], inspect.isfunction)}
    missing = [
        f"test_migration_v{v}_to_v{v + 1}"
        for v in migrations.STEPS
        if f"test_migration_v{v}_to_v{v + 1}" not in tests
    ]
    assert not missing, f"migration steps without a test: {missing}"


def test_steps_cover_every_older_version():
    for version in range(1, SCHEMA_VERSION):
        assert version in migrations.STEPS, f"no migration step from schema v{version}"
    assert all(v < SCHEMA_VERSION for v in migrations.STEPS)


def test_golden_files_exist_for_every_schema_version():
    for version in range(1, SCHEMA_VERSION + 1):
        assert list(GOLDEN.glob(f"case-v{version}*.json")), f"no golden file for schema v{version}"


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("case-v*.json")), ids=lambda p: p.name)
def test_golden_file_loads_in_this_version(golden):
    raw = golden.read_bytes()
    env = envelope.decode(raw)
    store = CaseStore()
    case_id = env.case["case_id"]
    store.cases_dir.mkdir(parents=True)
    shutil.copy(golden, store.case_path(case_id))
    loaded = store.load(case_id)
    assert not loaded.read_only
    assert store.verify_history(loaded.case)
    assert [row.case_id for row in store.list_cases()] == [case_id]
    # and it can be edited and saved in today's format
    saved = store.save(loaded.case.model_copy(update={"notes": "edited"}), loaded.file_hash)
    assert store.verify_history(saved.case)
    assert len(saved.case.revisions) == len(loaded.case.revisions) + 1


def test_golden_full_case_facts_are_read_the_same_forever():
    env = envelope.decode((GOLDEN / "case-v1.json").read_bytes())
    from nelm_desktop.core.loading import case_from_data

    case = case_from_data(env.case)
    assert case.patient_label == "GOLD-001"
    assert case.primary_site == "small_intestine"
    assert case.differentiation == "well" and case.ki67_pct == 6.0
    assert [(lesion.segment, lesion.size_cm, lesion.count) for lesion in case.lesions or []] == [
        ("II", 2.5, 1),
        ("VII", 1.2, 3),
    ]
    assert case.confirmed_type == "II" and case.ecog == 1
    assert [r.action for r in case.revisions] == ["created", "edited"]
    assert case.revisions[1].changed == ["ki67_pct", "notes"]


def test_migrate_applies_steps_in_order_without_touching_input(monkeypatch):
    monkeypatch.setattr(migrations, "STEPS", {})
    seen = []

    @migrations.step(1)
    def one(data):
        seen.append(1)
        return {**data, "a": 1}

    @migrations.step(2)
    def two(data):
        seen.append(2)
        return {**data, "b": data["a"] + 1}

    payload = {"x": 0, "schema_version": 1}
    out = migrations.migrate(payload, 1, current=3)
    assert out == {"x": 0, "a": 1, "b": 2, "schema_version": 3}
    assert payload == {"x": 0, "schema_version": 1}
    assert seen == [1, 2]
    with pytest.raises(ValueError):
        migrations.step(1)(one)
    with pytest.raises(migrations.MigrationError, match="no migration from schema version 0"):
        migrations.migrate(payload, 0, current=3)


def test_failing_step_is_a_typed_error(monkeypatch):
    monkeypatch.setattr(migrations, "STEPS", {1: lambda data: data["missing"]})
    with pytest.raises(migrations.MigrationError, match="failed"):
        migrations.migrate({}, 1, current=2)


def _old_file(store: CaseStore, case_id: str, version: int) -> Path:
    golden = json.loads((GOLDEN / "case-v1-minimal.json").read_text())
    case = dict(golden["case"], case_id=case_id, schema_version=version, old_name="kept")
    case.pop("revisions")
    data = {
        "schema_version": version,
        "app_version": "0.0.1",
        "saved_at": "",
        "case": case,
        "sha256": envelope.payload_hash(case),
    }
    store.cases_dir.mkdir(parents=True, exist_ok=True)
    path = store.case_path(case_id)
    path.write_text(json.dumps(data))
    return path


def test_library_is_backed_up_once_before_the_first_migration(monkeypatch):
    """Simulates an older schema (v0) with a registered step, exercising the real mechanism."""

    def v0_to_v1(data):
        data = dict(data)
        data["notes"] = f"migrated from {data.pop('old_name')}"
        return data

    monkeypatch.setattr(migrations, "STEPS", {0: v0_to_v1, **migrations.STEPS})
    store = CaseStore()
    ids = ["00000000-0000-4000-8000-00000000000a", "00000000-0000-4000-8000-00000000000b"]
    raws = {cid: _old_file(store, cid, 0).read_bytes() for cid in ids}
    loaded = store.load(ids[0])
    assert loaded.case.notes == "migrated from kept" and not loaded.read_only
    [backup] = store.library_backup_dir.glob("*.zip")
    with zipfile.ZipFile(backup) as archive:
        assert {n: archive.read(n) for n in archive.namelist()} == {f"cases/{c}.json": raws[c] for c in ids}
    # the file is only rewritten (in the new format) when the user saves
    assert store.case_path(ids[0]).read_bytes() == raws[ids[0]]
    saved = store.save(loaded.case.model_copy(update={"ki67_pct": 3.0}), loaded.file_hash)
    assert envelope.decode(saved.path.read_bytes()).schema_version == SCHEMA_VERSION
    # the second migrated file does not take another library backup
    store.load(ids[1])
    assert len(list(store.library_backup_dir.glob("*.zip"))) == 1


def test_unmigratable_file_is_quarantined(monkeypatch):
    monkeypatch.setattr(migrations, "STEPS", {})
    store = CaseStore()
    cid = "00000000-0000-4000-8000-00000000000c"
    _old_file(store, cid, 0)
    with pytest.raises(CorruptCaseError, match="no migration from schema version 0"):
        store.load(cid)


# ----------------------------------------------------------------- v1 -> v2 (clinical revision 2)
def _v1_case(name: str) -> dict:
    return envelope.decode((GOLDEN / name).read_bytes()).case


def test_migration_v1_to_v2():
    """MIG-1..MIG-4 on the pure step: no information lost, nothing inferred."""
    v1 = _v1_case("case-v1-fdg-done.json")
    before = json.dumps(v1, sort_keys=True)
    out = migrations.migrate(v1, 1, current=2)
    assert json.dumps(v1, sort_keys=True) == before  # the input is never modified
    assert out["schema_version"] == 2
    # MIG-1: done -> done_result_unknown (the result was never recorded)
    assert v1["fdg_pet"] == "done" and out["fdg_pet"] == "done_result_unknown"
    # MIG-2: ki67_pct keeps its value; nothing moves to the liver value
    assert out["ki67_pct"] == v1["ki67_pct"] == 25.0 and out["ki67_liver_pct"] is None
    # MIG-3: every new fact starts unknown; surgeon_assessment not_assessed
    assert out["surgeon_assessment"] == "not_assessed"
    assert out["primary_resectable"] == out["grade_reported"] == "unknown"
    # MIG-4: the free-text syndrome name ("insulinoma") never sets syndrome_type
    assert v1["syndrome_name"] == "insulinoma" and out["syndrome_type"] == "unknown"
    # every other field is carried over unchanged
    changed = {k for k in v1 if v1[k] != out.get(k)}
    assert changed == {"fdg_pet", "schema_version"}
    # not_done and unknown stay as they are
    for value in ("not_done", "unknown"):
        assert migrations.migrate({**v1, "fdg_pet": value}, 1, current=2)["fdg_pet"] == value


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("case-v1*.json")), ids=lambda p: p.name)
def test_every_v1_golden_file_migrates_to_a_valid_v2_case(golden):
    from nelm_desktop.core.loading import case_from_data

    v1 = envelope.decode(golden.read_bytes()).case
    case = case_from_data(migrations.migrate(v1, 1))
    assert case.schema_version == SCHEMA_VERSION
    assert case.surgeon_assessment == "not_assessed" and case.syndrome_type == "unknown"
    assert case.fdg_pet == {"done": "done_result_unknown"}.get(v1["fdg_pet"], v1["fdg_pet"])
    for key, value in v1.items():
        if key not in {"schema_version", "fdg_pet", "revisions", "lesions", "prior_treatments"}:
            assert case.model_dump(mode="json")[key] == value, key


def test_v1_golden_in_a_v1_library_is_backed_up_then_migrated_on_read_never_rewritten():
    store = CaseStore()
    store.cases_dir.mkdir(parents=True)
    golden = GOLDEN / "case-v1-fdg-done.json"
    case_id = envelope.decode(golden.read_bytes()).case["case_id"]
    shutil.copy(golden, store.case_path(case_id))
    raw = golden.read_bytes()
    loaded = store.load(case_id)
    assert not loaded.read_only
    assert loaded.case.fdg_pet == "done_result_unknown" and loaded.case.schema_version == SCHEMA_VERSION
    [backup] = store.library_backup_dir.glob("*.zip")
    assert backup.name == f"before-schema-v{SCHEMA_VERSION}.zip"
    with zipfile.ZipFile(backup) as archive:
        assert archive.read(f"cases/{case_id}.json") == raw
    assert store.case_path(case_id).read_bytes() == raw  # rewritten only when the user saves
    saved = store.save(loaded.case.model_copy(update={"fdg_pet": "positive"}), loaded.file_hash)
    assert envelope.decode(saved.path.read_bytes()).schema_version == SCHEMA_VERSION
    assert store.verify_history(saved.case)


def test_v2_golden_full_case_facts_are_read_the_same_forever():
    from nelm_desktop.core.loading import case_from_data

    case = case_from_data(envelope.decode((GOLDEN / "case-v2.json").read_bytes()).case)
    assert case.patient_label == "GOLD-V2-001"
    assert case.surgeon_assessment == "two_stage_only" and case.flr_pct == 26.0
    assert case.primary_resected == "no" and case.primary_resectable == "yes"
    assert case.grade_reported == "G2" and case.ki67_pct is None and case.ki67_liver_pct == 9.0
    assert case.syndrome_type == "insulinoma" and case.fdg_pet == "negative"
    assert case.revisions[-1].changed == ["ki67_liver_pct"]


def test_v2_file_opened_by_an_older_app_is_read_only(monkeypatch):
    """An app that knows only schema v1 opens a v2 file read-only and never rewrites it."""
    from nelm_desktop.core.store import ReadOnlyCaseError, reading, saving

    for module in (reading, saving):  # the store's modules that compare a file's version with the app's
        monkeypatch.setattr(module, "SCHEMA_VERSION", 1)
    store = CaseStore()
    store.cases_dir.mkdir(parents=True)
    golden = GOLDEN / "case-v2.json"
    case_id = envelope.decode(golden.read_bytes()).case["case_id"]
    shutil.copy(golden, store.case_path(case_id))
    loaded = store.load(case_id)
    assert loaded.read_only and "newer" in loaded.read_only_reason
    with pytest.raises(ReadOnlyCaseError):
        store.save(loaded.case.model_copy(update={"notes": "edit"}), loaded.file_hash)
    assert store.case_path(case_id).read_bytes() == golden.read_bytes()


# ----------------------------------------------------------------- v2 -> v3 (structured treatment history)
def test_migration_v2_to_v3():
    """Each free-text prior treatment becomes an "other" line named by the whole text; nothing else moves."""
    v2 = envelope.decode((GOLDEN / "case-v2.json").read_bytes()).case
    long_line = "x" * 5000 + " (a long v2 note must survive whole)"
    v2 = {**v2, "prior_treatments": ["diazoxide", "lanreotide 120 mg", long_line]}
    before = json.dumps(v2, sort_keys=True)
    out = migrations.migrate(v2, 2, current=3)
    assert json.dumps(v2, sort_keys=True) == before
    assert out["schema_version"] == 3 and "prior_treatments" not in out
    assert out["treatment_history"] == [
        {"modality": "other", "name": "diazoxide"},
        {"modality": "other", "name": "lanreotide 120 mg"},  # never guessed to be an SSA
        {"modality": "other", "name": long_line},
    ]
    assert {k for k in v2 if v2[k] != out.get(k)} == {"schema_version", "prior_treatments"}
    from nelm_desktop.core.loading import case_from_data

    case = case_from_data(out)
    assert [(line.modality, line.name, line.best_response) for line in case.treatment_history] == [
        ("other", "diazoxide", "not_assessed"),
        ("other", "lanreotide 120 mg", "not_assessed"),
        ("other", long_line, "not_assessed"),
    ]


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("case-v[12]*.json")), ids=lambda p: p.name)
def test_every_v1_v2_golden_file_reaches_v3_with_every_prior_treatment_kept(golden):
    from nelm_desktop.core.loading import case_from_data

    env = envelope.decode(golden.read_bytes())
    case = case_from_data(migrations.migrate(env.case, env.schema_version))
    assert case.schema_version == 3
    assert [line.name for line in case.treatment_history] == env.case["prior_treatments"]
    assert all(line.modality == "other" for line in case.treatment_history)


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("case-v[12]*.json")), ids=lambda p: p.name)
def test_migrated_golden_file_re_exports_identically(golden, tmp_path):
    """v1/v2 file -> library -> export -> import elsewhere (stored as v3) -> export -> import: the second
    round trip is byte-identical and the facts equal the migrated golden file's."""
    from nelm_desktop.core.loading import case_from_data

    env = envelope.decode(golden.read_bytes())
    case_id = env.case["case_id"]
    first = CaseStore(tmp_path / "first")
    first.cases_dir.mkdir(parents=True)
    shutil.copy(golden, first.case_path(case_id))
    first.export_library(tmp_path / "one.zip")
    second, third = CaseStore(tmp_path / "second"), CaseStore(tmp_path / "third")
    assert second.import_path(tmp_path / "one.zip").imported == [case_id]
    stored = second.case_path(case_id).read_bytes()
    assert envelope.decode(stored).schema_version == 3
    second.export_library(tmp_path / "two.zip")
    assert third.import_path(tmp_path / "two.zip").imported == [case_id]
    assert third.case_path(case_id).read_bytes() == stored
    with zipfile.ZipFile(tmp_path / "two.zip") as archive:
        assert archive.read(f"cases/{case_id}.json") == stored
    migrated = case_from_data(migrations.migrate(env.case, env.schema_version))
    kept = third.load(case_id).case
    ignore = {"revisions", "updated_at"}
    assert kept.model_dump(exclude=ignore) == migrated.model_dump(exclude=ignore)


def test_v3_golden_full_case_facts_are_read_the_same_forever():
    from nelm_desktop.core.loading import case_from_data

    case = case_from_data(envelope.decode((GOLDEN / "case-v3.json").read_bytes()).case)
    assert case.patient_label == "GOLD-V3-001" and case.ki67_pct == 4.0
    history = case.treatment_history
    assert [line.modality for line in history] == ["other", "resection", "ssa", "other"]
    assert history[1].segments == ["VI", "VII"] and history[1].best_response == "complete"
    assert (history[2].name, history[2].start, history[2].end) == (
        "lanreotide 120 mg q28d",
        "2024-01",
        "2025-03",
    )
    assert history[2].best_response == "progression" and history[2].intent == "palliative"
    assert history[3].name == "Ärztlich: Ernährungsberatung – «diet» ✓"
    assert case.revisions[-1].changed == ["ki67_pct"]


def test_an_unversioned_file_in_the_v2_spelling_is_read_through_the_migration():
    from nelm_desktop.core.loading import case_from_data

    case = case_from_data({"patient_label": "hand-written", "prior_treatments": ["octreotide LAR"]})
    assert [(line.modality, line.name) for line in case.treatment_history] == [("other", "octreotide LAR")]
