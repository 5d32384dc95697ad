"""The patient handout puts the board's signed-off decision first ("Your care team recommends...") and
the other options after (issue #15 item 5); PDFs read back with pypdf."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from nelm_desktop.core.board.model import ChosenOption
from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.report import ReportSettings, build_report
from tests.board.board_helpers import decision_for, library

SETTINGS = ReportSettings("Dr Ada Test", "Test Hospital", "Nurse line 1234")


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_handout_says_what_the_team_recommends_first_then_the_other_options(tmp_path: Path) -> None:
    _cases, _board, saved, meeting = library(tmp_path)
    case = saved[0]
    ev = evaluate(case)
    decision = decision_for(
        meeting,
        case,
        options=[
            ChosenOption(modality="ssa", intent="symptom_control", sequence=1, deviation_reason="Symptoms"),
            ChosenOption(modality="resection", intent="curative", sequence=2),
        ],
    )
    without = _text(
        build_report(case, ev, "handout", "a4", SETTINGS, ["resection", "ssa"], when=date(2026, 12, 1))
    )
    assert "recommends" not in without and "Options your care team may talk about with you" in without
    text = _text(
        build_report(
            case,
            ev,
            "handout",
            "a4",
            SETTINGS,
            ["resection", "ssa"],
            when=date(2026, 12, 1),
            decision=decision,
        )
    )
    assert "What your care team recommends" in text
    first = text.index("Your care team recommends")
    assert "to ease symptoms; then surgery" in text[first:].lower()
    assert "with the aim of removing or curing the disease" in text
    assert "Other options your care team may talk about with you" in text
    assert text.index("Other options") > first
    with pytest.raises(ValueError, match="another case"):
        build_report(saved[1], evaluate(saved[1]), "handout", "a4", SETTINGS, decision=decision)


def test_report_command_uses_the_library_s_signed_decision(tmp_path: Path) -> None:
    root = Path(os.environ["NELM_DESKTOP_DATA_DIR"])
    _cases, board, saved, meeting = library(root)
    case_file = tmp_path / "case.json"
    case_file.write_text(saved[0].model_dump_json())
    out = tmp_path / "handout.pdf"

    def run() -> str:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "nelm_desktop",
                "report",
                str(case_file),
                "--kind",
                "handout",
                "-o",
                str(out),
            ],
            capture_output=True,
            text=True,
            env=os.environ,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        return _text(out.read_bytes())

    first = board.save_decision(decision_for(meeting, saved[0]), None)
    assert "recommends" not in run()  # a draft is not told to the patient
    board.sign_off_decision(meeting.meeting_id, saved[0].case_id, "Dr Cut", first.file_hash)
    assert "Your care team recommends surgery to remove the affected part of the liver" in run()
