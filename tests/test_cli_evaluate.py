"""`nelm-desktop evaluate` and `schema`: the JSON contract, and bad input as exit 2 with one line per problem."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "nelm_desktop" / "resources" / "example-case.json"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nelm_desktop", *args], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


def test_evaluate_json_contract() -> None:
    out = run("evaluate", str(EXAMPLE), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["grade"] == "G2"
    assert {"suggested", "confirmed"} <= set(data["frilling_type"])
    assert len(data["options"]) == 16
    staged = next(o for o in data["options"] if o["modality"] == "staged_resection")
    assert staged["status"] == "recommended"
    reason = staged["reasons"][0]
    assert {"text", "facts", "source"} <= set(reason) and "review2023" in reason["source"]
    assert set(data["transplant_criteria"]) == {"milan", "enets", "unos"}
    milan = data["transplant_criteria"]["milan"]
    assert milan["verdict"] in ("met", "not_met", "incomplete")
    assert all({"text", "result"} <= set(i) for i in milan["items"])
    assert isinstance(data["needs_information"], list)
    assert any(f["id"] == "FLAG-MDT" for f in data["flags"])
    assert data["knowledge_base"].startswith("NELM-KB")


def test_evaluate_text_uses_option_wording() -> None:
    out = run("evaluate", str(EXAMPLE))
    assert out.returncode == 0
    assert "options per the source algorithm" in out.stdout
    assert "should" not in out.stdout.lower()
    assert out.stdout.rstrip().endswith("does not replace clinical judgement.")


@pytest.mark.parametrize(
    ("content", "expected_lines"),
    [
        ("not json", ["not valid JSON"]),
        ('{"ki67_pct": 140}', ["ki67_pct: must be at most 100"]),
        ('{"lesions": [{"segment": 9}]}', ["lesions.0.segment: must be one of"]),
        (
            '{"age_years": "old", "flr_pct": -1}',
            ["age_years: must be a whole number", "flr_pct: must be at least 0"],
        ),
        ('{"differentiation": "moderate"}', ["differentiation: must be one of"]),
        ("[1, 2]", ["expected a JSON object"]),
        ('{"schema_version": 9}', ["newer than this app understands"]),
    ],
)
def test_bad_input_exit_2_one_line_per_problem(
    tmp_path: Path, content: str, expected_lines: list[str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    out = run("evaluate", str(path))
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == len(expected_lines)
    for line, expected in zip(lines, expected_lines, strict=True):
        assert expected in line and str(path) in line
    assert "Traceback" not in out.stderr


def test_missing_file_and_bad_arguments_exit_2(tmp_path: Path) -> None:
    assert run("evaluate", str(tmp_path / "nope.json")).returncode == 2
    out = run("evaluate")
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1


def test_unknown_fields_are_rejected_with_exit_2(tmp_path: Path) -> None:
    """A misspelt fact must not silently evaluate as unknown (docs/case-model.md)."""
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"differentiation": "well", "ki67_pc": 2, "descripton": "x"}))
    out = run("evaluate", str(path), "--format", "json")
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 2, lines  # one line per unknown field
    assert any("ki67_pc" in line and "not a field of the case model" in line for line in lines)
    assert any("descripton" in line for line in lines)
    assert out.stdout == "" and "Traceback" not in out.stderr
    path.write_text(json.dumps({"differentiation": "well", "ki67_pct": 2}))
    assert json.loads(run("evaluate", str(path), "--format", "json").stdout)["grade"] == "G1"


def test_schema_is_json_schema() -> None:
    out = run("schema")
    schema = json.loads(out.stdout)
    assert schema["type"] == "object" and "ki67_pct" in schema["properties"]


def test_demo_cases_are_valid_and_marked() -> None:
    from nelm_desktop.core.loading import load_case_file

    demos = sorted((ROOT / "nelm_desktop" / "resources" / "demo").glob("*.json"))
    assert len(demos) >= 5
    for path in demos:
        case = load_case_file(path)
        assert case.demo and case.patient_label  # the UI badge and the PDF watermark say DEMO


GOLDEN = ROOT / "tests" / "data" / "golden"


@pytest.mark.parametrize("name", ["case-v1-fdg-done.json", "case-v2.json"])
def test_evaluate_reads_v1_and_v2_files_without_rewriting_them(name: str) -> None:
    path = GOLDEN / name
    before = path.read_bytes()
    out = run("evaluate", str(path), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert len(data["options"]) == 16
    assert path.read_bytes() == before


def test_evaluate_migrates_a_flat_v1_case_on_read(tmp_path: Path) -> None:
    """MIG-1 on read: v1 `fdg_pet: done` is done with its result not recorded."""
    flat = tmp_path / "v1.json"
    v1 = {"schema_version": 1, "fdg_pet": "done", "sstr_imaging": "not_done", "extrahepatic_disease": "none"}
    flat.write_text(json.dumps(v1))
    out = run("evaluate", str(flat), "--format", "json")
    assert out.returncode == 0, out.stderr
    items = json.loads(out.stdout)["transplant_criteria"]["enets"]["items"]
    [enets6] = [item for item in items if item["id"] == "ENETS-6"]
    assert enets6["result"] == "met"  # done_result_unknown counts as functional imaging done
    assert json.loads(flat.read_text())["fdg_pet"] == "done"


def test_import_accepts_a_v1_file_and_stores_it_as_v2(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {"NELM_DESKTOP_DATA_DIR": str(data), "NELM_DESKTOP_CONFIG_DIR": str(tmp_path / "cfg")}
    golden = GOLDEN / "case-v1-fdg-done.json"
    before = golden.read_bytes()
    import os

    out = subprocess.run(
        [sys.executable, "-m", "nelm_desktop", "import", str(golden)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, **env},
    )
    assert out.returncode == 0, out.stderr
    assert golden.read_bytes() == before
    [stored] = (data / "cases").glob("*.json")
    saved = json.loads(stored.read_text())
    assert saved["schema_version"] == 3 and saved["case"]["fdg_pet"] == "done_result_unknown"


def test_evaluate_text_shows_no_column_for_nec(tmp_path: Path) -> None:
    case = tmp_path / "nec.json"
    case.write_text(
        json.dumps(
            {
                "schema_version": 3,
                "differentiation": "poorly",
                "ki67_pct": 70,
                "lesions": [{"segment": "IVa", "size_cm": 3.0}, {"segment": "VII", "size_cm": 2.0}],
            }
        ),
        encoding="utf-8",
    )
    result = run("evaluate", str(case))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Grade: NEC" in out
    type_line = next(line for line in out.splitlines() if line.startswith("Distribution type:"))
    assert "column" not in type_line
