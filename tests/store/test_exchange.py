"""Export / import between machines (zip with manifest, or one case JSON), and the CLI commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from nelm_desktop.cli import main
from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore, StoreError, envelope

REPO = Path(__file__).resolve().parents[2]


def two_stores(tmp_path):
    return CaseStore(tmp_path / "old-pc"), CaseStore(tmp_path / "new-pc")


def test_export_then_import_on_a_new_machine(tmp_path):
    old, new = two_stores(tmp_path)
    a = old.save(new_case(patient_label="A", ki67_pct=4))
    a = old.save(a.case.model_copy(update={"notes": "edited"}), a.file_hash)
    b = old.save(new_case(patient_label="B"))
    out = tmp_path / "library.zip"
    assert old.export_library(out).count == 2
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert manifest["format"] == "nelm-desktop-library"
        listed = {entry["case_id"]: entry["sha256"] for entry in manifest["cases"]}
    assert listed == {
        a.case.case_id: envelope.decode(a.path.read_bytes()).sha256,
        b.case.case_id: envelope.decode(b.path.read_bytes()).sha256,
    }
    report = new.import_path(out)
    assert sorted(report.imported) == sorted([a.case.case_id, b.case.case_id])
    assert report.problems == [] and report.copies == [] and report.duplicates == []
    moved = new.load(a.case.case_id)
    assert moved.case == a.case  # history and all, byte for byte
    assert moved.file_hash == a.file_hash
    assert new.verify_history(moved.case)
    # importing the same zip again changes nothing
    again = new.import_path(out)
    assert again.imported == [] and sorted(again.duplicates) == sorted(listed)
    assert len(new.list_cases()) == 2


def test_same_id_different_content_is_imported_as_a_copy(tmp_path):
    old, new = two_stores(tmp_path)
    a = old.save(new_case(patient_label="A"))
    out = tmp_path / "one.zip"
    old.export_library(out, [a.case.case_id])
    new.import_path(out)
    old.save(a.case.model_copy(update={"notes": "changed on the old PC"}), a.file_hash)
    old.export_library(out)
    report = new.import_path(out)
    [(orig, copy_id)] = report.copies
    assert orig == a.case.case_id and copy_id != orig
    assert new.load(orig).case.notes == ""  # nothing overwritten
    copy = new.load(copy_id).case
    assert copy.notes == "changed on the old PC"
    assert copy.revisions[-1].action == "imported-as-copy"
    assert copy.revisions[-1].original_case_id == orig
    assert new.verify_history(copy)
    assert any("imported as" in line for line in report.lines())


def test_import_single_case_json_flat_and_envelope(tmp_path):
    store = CaseStore(tmp_path / "lib")
    flat = tmp_path / "case.json"
    flat.write_text(json.dumps({"patient_label": "flat", "ki67_pct": "unknown", "primary_site": "Pancreas"}))
    report = store.import_path(flat)
    [cid] = report.imported
    assert store.load(cid).case.revisions[-1].action == "imported"
    # an envelope file copied from another machine
    other = CaseStore(tmp_path / "other")
    saved = other.save(new_case(patient_label="env"))
    report = store.import_path(saved.path)
    assert report.imported == [saved.case.case_id]
    assert store.import_path(saved.path).duplicates == [saved.case.case_id]


def test_import_reports_every_bad_case_and_keeps_the_good(tmp_path):
    old, new = two_stores(tmp_path)
    good = old.save(new_case(patient_label="good"))
    out = tmp_path / "mixed.zip"
    old.export_library(out)
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        members = {n: archive.read(n) for n in archive.namelist()}
    bad_case = {"case_id": "11111111-1111-4111-8111-111111111111", "ki67_pct": 140}
    members["cases/bad.json"] = json.dumps(
        {"schema_version": 1, "sha256": envelope.payload_hash(bad_case), "case": bad_case}
    ).encode()
    members["cases/tampered.json"] = members[f"cases/{good.case.case_id}.json"].replace(b"good", b"evil")
    manifest["cases"] += [
        {"case_id": "x", "file": "cases/bad.json", "sha256": envelope.payload_hash(bad_case)},
        {"case_id": "y", "file": "cases/tampered.json", "sha256": "0" * 64},
        {"case_id": "z", "file": "cases/missing.json", "sha256": "0" * 64},
    ]
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    report = new.import_path(out)
    assert report.imported == [good.case.case_id]
    text = "\n".join(report.problems)
    assert "cases/bad.json: ki67_pct: must be at most 100" in text
    assert "cases/tampered.json" in text
    assert "cases/missing.json: listed in the manifest but missing" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json at all", "not valid JSON"),
        (b"\xff\xfe", "not a text file"),
    ],
)
def test_unusable_sources_are_store_errors(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(StoreError, match=message):
        CaseStore().import_path(path)


def test_zip_without_manifest_is_refused(tmp_path):
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(StoreError, match=r"no manifest\.json"):
        CaseStore().import_path(path)


def test_export_into_missing_folder_is_an_error(tmp_path):
    with pytest.raises(StoreError, match="no such folder"):
        CaseStore().export_library(tmp_path / "nope" / "x.zip")


def test_cli_export_and_import(tmp_path, capsys, monkeypatch):
    store = CaseStore()  # the data folder from the autouse fixture
    store.save(new_case(patient_label="cli"))
    out = tmp_path / "lib.zip"
    assert main(["export", "-o", str(out)]) == 0
    assert "Exported 1 case(s)" in capsys.readouterr().out
    monkeypatch.setenv("NELM_DESKTOP_DATA_DIR", str(tmp_path / "elsewhere"))
    assert main(["import", str(out)]) == 0
    assert "Imported 1 case(s)" in capsys.readouterr().out
    assert main(["import", str(out)]) == 0
    assert "Skipped 1 duplicate(s) already in the library." in capsys.readouterr().out


def test_cli_bad_input_exits_2_with_one_line_per_problem(tmp_path, capsys):
    assert main(["import", str(tmp_path / "missing.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nelm-desktop: ") and "no such file" in err and "Traceback" not in err
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"ki67_pct": 140, "ecog": 9}))
    assert main(["import", str(bad)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("nelm-desktop: bad.json: ") for line in lines)
    assert main(["export", "-o", str(tmp_path / "no" / "x.zip")]) == 2


def test_cli_runs_as_a_real_process(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"patient_label": "proc"}))
    env = {**os.environ, "PYTHONPATH": str(REPO), "NELM_DESKTOP_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-m", "nelm_desktop", "import", str(case)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Imported 1 case(s)" in done.stdout
    assert len(CaseStore(tmp_path / "data").list_cases()) == 1


def test_cli_uses_the_library_folder_from_settings(tmp_path, monkeypatch) -> None:
    """Export/import act on the library the window uses (Settings > data folder), not the default."""
    from nelm_desktop.cli import main
    from nelm_desktop.core.model import new_case
    from nelm_desktop.core.settings import Settings, save_settings
    from nelm_desktop.core.store import CaseStore

    monkeypatch.delenv("NELM_DESKTOP_DATA_DIR", raising=False)
    library = tmp_path / "moved-library"
    save_settings(Settings(data_dir=str(library)))
    CaseStore(library).save(new_case(patient_label="in the moved library"))
    out = tmp_path / "export.zip"
    assert main(["export", "-o", str(out)]) == 0
    other = tmp_path / "other"
    monkeypatch.setenv("NELM_DESKTOP_DATA_DIR", str(other))
    assert main(["import", str(out)]) == 0
    assert [s.patient_label for s in CaseStore(other).list_cases()] == ["in the moved library"]
