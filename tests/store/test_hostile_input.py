"""Hostile input through the real entry points (issue #14 items 8, 9, 12, 13, 14): no traceback, no
hang, one clear line naming the problem, and one bad item never stops or blanks the rest."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from nelm_desktop.core.model import SCHEMA_VERSION, new_case
from nelm_desktop.core.store import CaseStore, envelope
from tests.cli_process import run_cli

POSIX = os.name == "posix"
# A hang guard, not a timing assertion: the defects made these commands block forever.
HANG_GUARD_S = 120


def cli(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, data=data, config=data.parent / "cfg", timeout=HANG_GUARD_S)


def envelope_bytes(case_data: dict[str, object], version: int = SCHEMA_VERSION) -> bytes:
    body = {
        "schema_version": version,
        "app_version": "9.9",
        "saved_at": "2026-01-01T00:00:00+00:00",
        "sha256": envelope.payload_hash(case_data),
        "case": case_data,
    }
    return json.dumps(body, ensure_ascii=True).encode()


# ---------------------------------------------------------------------------------------- item 8
SURROGATE_CASE = '{"patient_label": "ok", "notes": "bad \\ud800 text"}'


def test_item8_a_lone_surrogate_is_refused_with_the_field_named(tmp_path: Path) -> None:
    source = tmp_path / "s.json"
    source.write_text(SURROGATE_CASE)
    for command in (["import", str(source)], ["evaluate", str(source)]):
        run = cli(*command, data=tmp_path / "data")
        assert run.returncode == 2, run
        assert "notes" in run.stderr and "broken character" in run.stderr
        assert "Traceback" not in run.stderr


def test_item8_a_damaged_file_never_blanks_the_library_or_the_export(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = CaseStore(data)
    good = store.save(new_case(patient_label="good")).case.case_id
    bad = new_case(patient_label="bad").model_dump(mode="json")
    raw = json.dumps(
        {
            "schema_version": SCHEMA_VERSION,
            "app_version": "x",
            "saved_at": "",
            "sha256": "0" * 64,
            "case": bad,
        }
    ).replace('"patient_label": "bad"', '"patient_label": "bad \\udc00"')
    (data / "cases" / f"{bad['case_id']}.json").write_text(raw)
    assert [s.case_id for s in CaseStore(data).list_cases()] == [good]
    quarantined = CaseStore(data).quarantined()
    assert [q.case_id for q in quarantined] == [bad["case_id"]]
    assert "broken character" in quarantined[0].reason
    run = cli("export", "-o", str(tmp_path / "x.zip"), data=data)
    assert run.returncode == 0, run.stderr
    assert "Exported 1 case(s)" in run.stdout


# ---------------------------------------------------------------------------------------- item 9
def test_item9_a_manifest_repeating_one_big_member_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("cases/big.json", b" " * (20 * 1024 * 1024))
        entries = [{"case_id": "big", "file": "cases/big.json", "sha256": "0"}] * 200_000
        archive.writestr(
            "manifest.json",
            json.dumps({"format": "nelm-desktop-library", "format_version": 1, "cases": entries}),
        )
    assert bomb.stat().st_size < 200_000
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def counting_open(self: zipfile.ZipFile, name: object, *args: object, **kwargs: object) -> object:
        opened.append(getattr(name, "filename", str(name)))
        return real_open(self, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "open", counting_open)
    report = CaseStore(tmp_path / "data").import_path(bomb)
    assert opened.count("cases/big.json") == 1, "a repeated member must be read once"
    assert report.imported == []
    assert any("listed more than once" in p for p in report.problems)
    assert len(report.problems) <= 3, "repeats are summarised, not 200,000 lines"


def test_item9_total_uncompressed_bytes_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nelm_desktop.core.store import exchange

    source = CaseStore(tmp_path / "src")
    for i in range(5):
        source.save(new_case(patient_label=f"c{i}", notes="n" * 2000))
    out = tmp_path / "lib.zip"
    source.export_library(out)
    one = max(
        zipfile.ZipFile(out).getinfo(n).file_size
        for n in zipfile.ZipFile(out).namelist()
        if n.startswith("cases/")
    )
    monkeypatch.setattr(exchange, "MAX_TOTAL_BYTES", one * 2 + 1)
    report = CaseStore(tmp_path / "dst").import_path(out)
    assert len(report.imported) == 2
    assert any("more data than one library import allows" in p for p in report.problems)


# ---------------------------------------------------------------------------------------- item 12
@pytest.mark.skipif(not POSIX, reason="FIFOs")
def test_item12_a_fifo_named_like_a_case_never_hangs_listing_or_export(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = CaseStore(data)
    good = store.save(new_case(patient_label="good")).case.case_id
    os.mkfifo(data / "cases" / "pipe.json")
    listing = CaseStore(data)
    assert [s.case_id for s in listing.list_cases()] == [good]
    assert [(u.name, u.reason) for u in listing.unreadable()] == [("pipe.json", "not a regular file")]
    run = cli("export", "-o", str(tmp_path / "x.zip"), data=data)
    assert run.returncode == 1 and "case pipe: could not be read" in run.stderr, run


@pytest.mark.skipif(not POSIX, reason="FIFOs and /dev/zero")
def test_item12_import_and_evaluate_refuse_a_fifo_and_dev_zero(tmp_path: Path) -> None:
    fifo = tmp_path / "case.json"
    os.mkfifo(fifo)
    for command in (
        ["import", str(fifo)],
        ["evaluate", str(fifo)],
        ["evaluate", "/dev/zero"],
        ["import", "/dev/zero"],
    ):
        run = cli(*command, data=tmp_path / "data")
        assert run.returncode == 2, (command, run)
        assert "not a regular file" in run.stderr, (command, run.stderr)
        assert "Traceback" not in run.stderr and "MemoryError" not in run.stderr


# ---------------------------------------------------------------------------------------- item 13
def test_item13_one_bad_id_never_stops_a_library_import(tmp_path: Path) -> None:
    source = CaseStore(tmp_path / "src")
    good = [source.save(new_case(patient_label=f"g{i}")) for i in range(3)]
    out = tmp_path / "lib.zip"
    source.export_library(out)
    newer = new_case(patient_label="from the future").model_dump(mode="json")
    newer["case_id"] = "../../etc/passwd"
    raw = envelope_bytes(newer, SCHEMA_VERSION + 1)
    with zipfile.ZipFile(out) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    manifest = json.loads(members.pop("manifest.json"))
    manifest["cases"].insert(
        0, {"case_id": newer["case_id"], "file": "cases/evil.json", "sha256": envelope.payload_hash(newer)}
    )
    rebuilt = tmp_path / "mixed.zip"
    with zipfile.ZipFile(rebuilt, "w") as archive:
        archive.writestr("cases/evil.json", raw)
        for name, data in members.items():
            archive.writestr(name, data)
        archive.writestr("manifest.json", json.dumps(manifest))
    run = cli("import", str(rebuilt), data=tmp_path / "data")
    assert "Imported 3 case(s)" in run.stdout, run
    assert "cases/evil.json" in run.stderr and "not a valid case id" in run.stderr
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert sorted(s.case_id for s in CaseStore(tmp_path / "data").list_cases()) == sorted(
        g.case.case_id for g in good
    )
    assert not (tmp_path / "etc").exists()


def test_item13_an_unusable_id_is_reported_as_such_not_as_different_content(tmp_path: Path) -> None:
    source = tmp_path / "odd.json"
    source.write_text(json.dumps({"case_id": "has spaces/and slash", "patient_label": "odd"}))
    report = CaseStore(tmp_path / "data").import_path(source)
    assert len(report.copies) == 1
    text = "\n".join(report.lines())
    assert "not usable" in text and "different from the case already here" not in text


# ---------------------------------------------------------------------------------------- item 14
DUPLICATE = '{"patient_label": "d", "ki67_pct": 8, "ki67_pct": 80}'


def test_item14_duplicate_keys_are_refused_with_the_key_named(tmp_path: Path) -> None:
    source = tmp_path / "dup.json"
    source.write_text(DUPLICATE)
    for command in (["evaluate", str(source)], ["import", str(source)]):
        run = cli(*command, data=tmp_path / "data")
        assert run.returncode == 2, run
        assert "ki67_pct: appears twice" in run.stderr
    assert CaseStore(tmp_path / "data").list_cases() == []


def test_item14_a_stored_case_file_with_a_duplicate_key_is_damaged(tmp_path: Path) -> None:
    store = CaseStore(tmp_path)
    saved = store.save(new_case(patient_label="k", ki67_pct=8))
    text = saved.path.read_text().replace('"ki67_pct": 8.0', '"ki67_pct": 8.0, "ki67_pct": 80.0')
    assert text != saved.path.read_text()
    saved.path.write_text(text)
    from nelm_desktop.core.store import CorruptCaseError

    with pytest.raises(CorruptCaseError, match="ki67_pct: appears twice"):
        store.load(saved.case.case_id)


def test_a_number_longer_than_python_reads_is_invalid_json_never_a_traceback(tmp_path: Path) -> None:
    """Python reads integers of at most 4,300 digits and raises a bare ValueError past that: `evaluate`
    and `report` ended on a traceback, a library file holding one was listed as unreadable in Python's
    words, `load` raised it (the window's open) and `export` ended on a traceback."""
    long_number = "9" * 5_000
    given = tmp_path / "case.json"
    given.write_text('{"patient_label": "N", "ki67_pct": ' + long_number + "}", encoding="utf-8")
    for args in (
        ("evaluate", str(given)),
        ("report", str(given), "--kind", "summary", "-o", str(tmp_path / "s.pdf")),
        ("import", str(given)),
    ):
        done = run_cli(*args, data=tmp_path / "lib", config=tmp_path / "cfg")
        assert done.returncode == 2 and "Traceback" not in done.stderr, (args, done.stderr)
        (line,) = done.stderr.strip().splitlines()
        assert "not valid JSON" in line and "a number of 5000 digits" in line, line

    store = CaseStore(tmp_path / "lib")
    saved = store.save(new_case(patient_label="N", ki67_pct=3))
    store.save(new_case(patient_label="other"))
    saved.path.write_text(
        saved.path.read_text(encoding="utf-8").replace('"ki67_pct": 3.0', '"ki67_pct": ' + long_number),
        encoding="utf-8",
    )
    export = run_cli("export", "-o", str(tmp_path / "x.zip"), data=store.root, config=tmp_path / "cfg")
    assert export.returncode == 1 and "Traceback" not in export.stderr, export.stderr
    assert (
        f"case {saved.case.case_id}: the file is damaged (not valid JSON (a number of 5000" in export.stderr
    )
    with zipfile.ZipFile(tmp_path / "x.zip") as archive:
        assert len([n for n in archive.namelist() if n.startswith("cases/")]) == 1  # the other case
    from nelm_desktop.core.store import CorruptCaseError

    with pytest.raises(CorruptCaseError, match="a number of 5000 digits"):
        store.load(saved.case.case_id)  # set aside with its reason, as any unreadable JSON
    assert [q.case_id for q in store.quarantined()] == [saved.case.case_id]


def test_a_flood_of_unknown_keys_or_a_huge_key_is_a_few_short_lines(tmp_path: Path) -> None:
    """200,000 unknown keys printed 200,000 lines on stderr; a key of a million characters a line of a
    megabyte. Now at most 50 lines, the last saying how many more, and a long name cut to its start."""
    many = tmp_path / "many.json"
    many.write_text(json.dumps({f"k{i}": 1 for i in range(5_000)}), encoding="utf-8")
    huge = tmp_path / "huge.json"
    huge.write_text(json.dumps({"k" * 1_000_000: 1}), encoding="utf-8")
    for given, count in ((many, 50), (huge, 1)):
        for args in (("evaluate", str(given)), ("import", str(given))):
            done = run_cli(*args, data=tmp_path / "lib", config=tmp_path / "cfg")
            assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-500:]
            lines = done.stderr.strip().splitlines()
            assert len(lines) == count and all(len(line) < 400 for line in lines), (args, len(lines))
    done = run_cli("evaluate", str(many), data=tmp_path / "lib", config=tmp_path / "cfg")
    assert done.stderr.strip().splitlines()[-1].endswith("... and 4,951 more problems in the same input")
    done = run_cli("evaluate", str(huge), data=tmp_path / "lib", config=tmp_path / "cfg")
    assert "… (1,000,000 characters): is not a field of the case model" in done.stderr
