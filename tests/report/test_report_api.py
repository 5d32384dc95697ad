"""The report API around the documents: file names, writing, validation, cheap import, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from report_helpers import SETTINGS, WHEN, evaluate, page_texts, typical_case

from nelm_desktop.cli import main
from nelm_desktop.core.report import (
    ReportSettings,
    build_report,
    default_handout_modalities,
    suggested_filename,
    write_report,
)
from nelm_desktop.core.settings import Settings, save_settings

ROOT = Path(__file__).resolve().parents[2]


def test_suggested_filename():
    case = typical_case(patient_label="AB 12/ü")
    assert suggested_filename(case, "handout", date(2026, 1, 2)) == "AB-12-ü_handout_2026-01-02.pdf"
    hostile = typical_case(patient_label='<b>O\'Brien & "Smith"</b>', demo=True)
    name = suggested_filename(hostile, "summary", WHEN)
    assert name == "DEMO_b-O-Brien-Smith-b_summary_2026-11-24.pdf"
    unlabelled = typical_case(patient_label="", case_id="1234abcd-0000-4000-8000-000000000000")
    assert suggested_filename(unlabelled, "summary", WHEN) == "1234abcd_summary_2026-11-24.pdf"
    for bad in ("../..", "...", "   "):
        assert "/" not in suggested_filename(typical_case(patient_label=bad), "summary", WHEN)


def test_write_report_is_atomic_and_private(tmp_path):
    """A report names the patient: private (0600) like every file the app writes, under a desktop
    umask too, and an older world-readable copy it replaces does not keep its mode."""
    case = typical_case()
    out, older = tmp_path / "r.pdf", tmp_path / "older.pdf"
    older.write_bytes(b"an older copy")
    older.chmod(0o644)
    old_umask = os.umask(0o022)
    try:
        for path in (out, older):
            write_report(case, evaluate(case), kind="summary", path=path, settings=SETTINGS, when=WHEN)
    finally:
        os.umask(old_umask)
    assert out.read_bytes()[:5] == b"%PDF-" and older.read_bytes()[:5] == b"%PDF-"
    if os.name == "posix":
        assert {oct(p.stat().st_mode & 0o777) for p in (out, older)} == {oct(0o600)}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["older.pdf", "r.pdf"]


def test_bad_arguments_raise_value_error():
    case = typical_case()
    ev = evaluate(case)
    with pytest.raises(ValueError, match="kind"):
        build_report(case, ev, "poster", "a4", SETTINGS)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="paper"):
        build_report(case, ev, "summary", "a3", SETTINGS)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="modality"):
        build_report(case, ev, "handout", "a4", SETTINGS, ["homeopathy"])
    with pytest.raises(ValueError, match="another case"):
        build_report(typical_case(), ev, "summary", "a4", SETTINGS)


def test_settings_none_reads_stored_settings():
    save_settings(Settings(clinician_name="Dr Stored", institution="Stored Clinic", contact_line="555"))
    case = typical_case()
    body = " ".join(page_texts(build_report(case, evaluate(case), "handout", "a4", None, when=WHEN)))
    assert "Dr Stored" in body and "Stored Clinic" in body and "555" in body
    assert ReportSettings.load() == ReportSettings("Dr Stored", "Stored Clinic", "555")


def test_default_handout_modalities():
    ev = evaluate(typical_case())
    assert default_handout_modalities(ev) == [
        o.modality for o in ev.options if o.status in {"recommended", "option"}
    ]


def test_importing_the_api_loads_neither_reportlab_nor_qt():
    code = (
        "import sys, nelm_desktop.core.report as r, nelm_desktop.core.report.plain_language;"
        "assert 'reportlab' not in sys.modules, 'reportlab imported eagerly';"
        "from nelm_desktop.core.model import new_case; from nelm_desktop.core.engine import evaluate;"
        "c = new_case(); r.build_report(c, evaluate(c), 'summary', 'a4', r.ReportSettings());"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))], 'Qt loaded'"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env=env)


def test_cli_writes_both_kinds(tmp_path, capsys):
    save_settings(Settings(clinician_name="Dr CLI", institution="CLI Clinic"))
    case_file = tmp_path / "case.json"
    case_file.write_text(typical_case(patient_label="Ελένη").model_dump_json(), encoding="utf-8")
    for kind, paper in (("summary", "a4"), ("handout", "letter")):
        out = tmp_path / f"{kind}.pdf"
        assert main(["report", str(case_file), "--kind", kind, "--paper", paper, "-o", str(out)]) == 0
        body = " ".join(page_texts(out.read_bytes()))
        assert "Dr CLI" in body and "Ελένη" in body


@pytest.mark.parametrize(
    ("content", "output", "expected"),
    [
        (json.dumps({"ki67_pct": 140}), "out.pdf", "ki67_pct: must be at most"),
        ("{not json", "out.pdf", "not valid JSON"),
        (None, "out.pdf", "no such file"),
        (json.dumps({}), "out.txt", "must end in .pdf"),
        (json.dumps({}), "missing/out.pdf", "does not exist"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line_per_problem(tmp_path, capsys, content, output, expected):
    case_file = tmp_path / "case.json"
    if content is not None:
        case_file.write_text(content, encoding="utf-8")
    code = main(["report", str(case_file), "--kind", "summary", "-o", str(tmp_path / output)])
    err = capsys.readouterr().err
    assert code == 2
    assert expected in err
    assert "Traceback" not in err
    assert all(line.startswith("nelm-desktop: ") for line in err.strip().splitlines())
    assert not (tmp_path / output).exists()


def test_cli_bad_kind_is_rejected_by_the_parser(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["report", "x.json", "--kind", "poster", "-o", str(tmp_path / "x.pdf")])
    assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err
