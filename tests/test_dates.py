"""The date rules (core/dates.py) as the model, the command line, the store and the linked facts apply
them, at a fixed today (the rules' clock is frozen, never the system's)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from nelm_desktop.core import dates
from nelm_desktop.core.dates import date_problems, frozen_today, year_month_problem
from nelm_desktop.core.linked_facts import conflicts, derived_updates
from nelm_desktop.core.loading import CaseInputError, case_from_data
from nelm_desktop.core.model import Case, new_case
from nelm_desktop.core.store import CaseStore, envelope

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 12, 3)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with frozen_today(TODAY):
        yield


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", None),
        ("2023-11", None),
        ("2026-12", None),
        ("1900-01", None),
        ("2027-01", "is in the future (this month is 2026-12)"),
        ("2027-13", "month 13 does not exist"),
        ("2023-00", "month 00 does not exist"),
        ("2023-1", "must be a year and month, YYYY-MM (e.g. 2025-11)"),
        ("Nov 2023", "YYYY-MM"),
        ("2023-11-05", "YYYY-MM"),
        (" 2023-11", "YYYY-MM"),  # checked as entered: what is shown is what is saved
        ("1899-05", "from 1900 on"),
    ],
)
def test_year_month_rule(text: str, problem: str | None) -> None:
    found = year_month_problem(text, TODAY)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_the_rules_clock_is_frozen_and_released() -> None:
    assert dates.today() == TODAY
    with frozen_today(date(2020, 1, 1)):
        assert dates.today() == date(2020, 1, 1)
    assert dates.today() == TODAY


def test_the_model_refuses_a_bad_or_future_date_and_a_future_year_of_birth() -> None:
    for value, words in (("2027-13", "month 13 does not exist"), ("2027-01", "in the future")):
        with pytest.raises(ValueError, match=words):
            Case(primary_resection_date=value)
        case = new_case()
        with pytest.raises(ValueError, match=words):
            case.primary_resection_date = value  # an edit (the form's path) meets the same rule
        assert case.primary_resection_date == ""
    with pytest.raises(ValueError, match="in the future"):
        Case(birth_year=2027)
    assert Case(birth_year=2026, primary_resection_date="2026-12").birth_year == 2026


def test_not_in_the_future_follows_the_rules_clock() -> None:
    with frozen_today(date(2026, 10, 31)), pytest.raises(ValueError, match="this month is 2026-10"):
        Case(primary_resection_date="2026-11")
    assert Case(primary_resection_date="2026-11").primary_resection_date == "2026-11"


def test_input_is_refused_with_one_line_naming_the_field_but_a_stored_case_keeps_its_date() -> None:
    with pytest.raises(CaseInputError) as caught:
        case_from_data({"primary_resection_date": "2027-13", "ki67_pct": 5})
    assert caught.value.problems == [
        "primary_resection_date: must be a year and month, YYYY-MM: month 13 does not exist (01-12) "
        '(got "2027-13")'
    ]
    stored = case_from_data({"primary_resection_date": "2027-13", "birth_year": 2030}, stored=True)
    assert stored.primary_resection_date == "2027-13" and stored.birth_year == 2030
    assert set(date_problems(stored, TODAY)) == {"primary_resection_date", "birth_year"}
    # The other rules still hold for a stored case: only the date rules wait for the clinician.
    with pytest.raises(CaseInputError, match="ki67_pct"):
        case_from_data({"primary_resection_date": "2027-13", "ki67_pct": 140}, stored=True)


def _library_file_with(store: CaseStore, **facts: object) -> Path:
    """A real library file holding facts saved before the date rules (checksum consistent)."""
    saved = store.save(new_case(patient_label="old file", ki67_pct=5))
    data = json.loads(saved.path.read_text(encoding="utf-8"))
    data["case"].update(facts)
    data["sha256"] = envelope.payload_hash(data["case"])
    saved.path.write_text(json.dumps(data), encoding="utf-8")
    return saved.path


def test_a_library_file_with_a_bad_date_opens_marked_never_quarantined() -> None:
    store = CaseStore()
    path = _library_file_with(store, primary_resection_date="2027-13", months_since_primary_resection=12)
    before = path.read_bytes()
    [summary] = store.list_cases()
    loaded = store.load(summary.case_id)
    assert loaded.case.primary_resection_date == "2027-13" and not loaded.read_only
    assert store.quarantined() == []
    assert path.read_bytes() == before  # opening never rewrites
    assert "month 13 does not exist" in conflicts(loaded.case, TODAY)["primary_resection_date"]
    # Fixed by the clinician (the model's rule on the edit), it saves and reads back clean.
    fixed = loaded.case.model_copy(deep=True)
    fixed.primary_resection_date = "2025-12"
    store.save(fixed, loaded.file_hash)
    again = store.load(summary.case_id).case
    assert again.primary_resection_date == "2025-12" and date_problems(again, TODAY) == {}


def _cli(*args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "NELM_DESKTOP_DATA_DIR": str(tmp / "data"),
        "NELM_DESKTOP_CONFIG_DIR": str(tmp / "cfg"),
    }
    return subprocess.run(
        [sys.executable, "-m", "nelm_desktop", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )


@pytest.mark.parametrize(
    ("value", "words"), [("2027-13", "month 13 does not exist"), ("2999-01", "is in the future")]
)
def test_cli_evaluate_and_import_refuse_a_bad_date_with_exit_2_and_one_line(
    tmp_path: Path, value: str, words: str
) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"differentiation": "well", "primary_resection_date": value}))
    for command in ("evaluate", "import"):
        out = _cli(command, str(case), tmp=tmp_path)
        assert out.returncode == 2, (command, out.stdout, out.stderr)
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and "primary_resection_date" in lines[0] and words in lines[0], lines
        assert "Traceback" not in out.stderr and value not in out.stdout
    assert not list(tmp_path.glob("data/cases/*.json"))  # nothing was imported


def test_year_of_birth_derives_the_age_unless_the_age_already_fits() -> None:
    assert derived_updates(new_case(), "birth_year", 1960, TODAY) == {"age_years": 66}
    assert derived_updates(new_case(age_years=65), "birth_year", 1960, TODAY) == {}
    assert derived_updates(new_case(age_years=40), "birth_year", 1960, TODAY) == {"age_years": 66}


def test_resection_date_derives_the_months() -> None:
    assert derived_updates(new_case(), "primary_resection_date", "2024-12", TODAY) == {
        "months_since_primary_resection": 24
    }
    assert (
        derived_updates(
            new_case(months_since_primary_resection=25), "primary_resection_date", "2024-12", TODAY
        )
        == {}
    )


def test_contradicting_linked_facts_are_named_at_both_fields() -> None:
    found = conflicts(new_case(birth_year=1960, age_years=30), TODAY)
    assert set(found) == {"birth_year", "age_years"}
    found = conflicts(new_case(primary_resection_date="2023-11", months_since_primary_resection=24), TODAY)
    assert set(found) == {"primary_resection_date", "months_since_primary_resection"}
    assert (
        conflicts(new_case(primary_resection_date="2024-12", months_since_primary_resection=24), TODAY) == {}
    )


def test_a_summary_of_a_stored_bad_date_prints_it_as_written_and_says_it_is_not_valid() -> None:
    import io

    from pypdf import PdfReader

    from nelm_desktop.core.engine import evaluate
    from nelm_desktop.core.report import build_report

    for value, shown in (("2027-13", "not a valid month"), ("2024-05", None)):
        case = case_from_data({"patient_label": "P", "primary_resection_date": value}, stored=True)
        pdf = build_report(case, evaluate(case), "summary")
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)
        assert f"Primary resection date: {value}" in text
        assert (shown in text) if shown else ("not a valid month" not in text)


def test_cli_evaluate_and_report_warn_of_contradicting_linked_facts_on_stderr_and_go_on(
    tmp_path: Path,
) -> None:
    # Resected in 2000: far more than 12 months ago whatever today is (a value gone stale, or a file
    # written elsewhere); the form would block Save, the command line warns and goes on.
    case = tmp_path / "case.json"
    case.write_text(
        json.dumps(
            {
                "differentiation": "well",
                "primary_resection_date": "2000-01",
                "months_since_primary_resection": 12,
            }
        )
    )
    out = _cli("evaluate", str(case), "--format", "json", tmp=tmp_path)
    assert out.returncode == 0, out.stderr
    json.loads(out.stdout)  # stdout stays clean JSON
    [line] = out.stderr.strip().splitlines()
    assert "warning" in line and "does not fit" in line and "resection in 2000-01" in line, line
    assert "says 12" in line and " / " in line  # one line naming both fields
    pdf = tmp_path / "out.pdf"
    out = _cli("report", str(case), "--kind", "summary", "-o", str(pdf), tmp=tmp_path)
    assert out.returncode == 0 and pdf.stat().st_size > 0, out.stderr
    assert any("does not fit" in line for line in out.stderr.splitlines()), out.stderr


def test_cli_evaluate_is_silent_when_linked_facts_agree(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"differentiation": "well", "primary_resection_date": "2000-01"}))
    out = _cli("evaluate", str(case), tmp=tmp_path)
    assert out.returncode == 0 and out.stderr == "", out.stderr
