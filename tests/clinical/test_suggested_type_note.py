"""Section 12: "Every status line shows the rule id, the facts used with their values, the locator, and
(when used) the note `distribution type suggested by the engine, not confirmed`". The note rides on a
reason only when the row that decided read the (suggested) type or its column: RES-1 decides an NEC on
the grade, RES-3 an unfit patient on fitness, RES-2 a diffuse liver on the column. Checked in the engine,
the command line (text and JSON), the summary PDF (read back) and the options panel (opened by keys)."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from nelm_desktop.cli import main
from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.evaluation import Evaluation
from nelm_desktop.core.model import Case
from nelm_desktop.core.presentation import SUGGESTED_TYPE_NOTE
from nelm_desktop.core.report import ReportSettings, build_report
from nelm_desktop.ui.options.options_panel import OptionsPanel
from tests.clinical.clinical_cases import TYPE_III_FACTS, case, opt
from tests.engine.test_shown_facts import generated_cases

NEC = {"differentiation": "poorly", "ki67_pct": 60}
# case name -> (facts, resection's deciding row, whether that row read the type)
CASES: dict[str, tuple[dict[str, Any], str, bool]] = {
    "NEC, decided on the grade": (NEC, "RES-1", False),
    "G1 unfit, decided on fitness": ({"fit_for_major_surgery": "no"}, "RES-3", False),
    "G1 diffuse, decided on the column": (TYPE_III_FACTS, "RES-2", True),
    "G1 solitary, 'type {type}' in the text": ({}, "RES-7", True),
}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _evaluated(name: str) -> tuple[Case, Evaluation]:
    facts, rule, _read = CASES[name]
    the_case = case(**facts)
    ev = evaluate(the_case)
    assert ev.frilling_type.used_is_suggestion  # no confirmed type: the engine's suggestion is used
    assert opt(ev, "resection").rule == rule
    return the_case, ev


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_note_only_where_the_deciding_row_read_the_type(name: str, tmp_path: Any, capsys: Any) -> None:
    the_case, ev = _evaluated(name)
    read = CASES[name][2]
    resection = opt(ev, "resection").reasons[0]
    assert resection.uses_suggested_type is read
    path = tmp_path / "case.json"
    path.write_text(the_case.model_dump_json(), encoding="utf-8")

    assert main(["evaluate", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    shown = next(o for o in data["options"] if o["modality"] == "resection")["reasons"][0]
    assert shown["rule"] == resection.rule and shown["uses_suggested_type"] is read

    assert main(["evaluate", str(path)]) == 0
    text = capsys.readouterr().out
    line = next(x for x in text.splitlines() if x.strip().startswith(resection.text))
    assert (f"({SUGGESTED_TYPE_NOTE})" in line) is read

    flagged = sum(r.uses_suggested_type for o in ev.options for r in o.reasons)
    assert _norm(text).count(f"({SUGGESTED_TYPE_NOTE})") == flagged
    pdf = build_report(the_case, ev, "summary", settings=ReportSettings(), when=date(2026, 12, 4))
    summary = _norm(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert summary.count(f"({SUGGESTED_TYPE_NOTE})") == flagged  # the type line says 'Note: ...'


def test_no_note_for_an_nec_anywhere_but_the_type_line() -> None:
    """demo-04's shape: an NEC's rows decide on the grade (EVAL-5), none reads the type."""
    _the_case, ev = _evaluated("NEC, decided on the grade")
    assert [o.modality for o in ev.options for r in o.reasons if r.uses_suggested_type] == []


def test_the_note_goes_with_a_shown_type_or_column_over_many_cases() -> None:
    """A flagged reason has a suggested type and shows the type or the column among its facts."""
    seen = 0
    for generated in generated_cases(300):
        ev = evaluate(generated)
        for option in ev.options:
            for reason in option.reasons:
                if reason.uses_suggested_type:
                    seen += 1
                    assert ev.frilling_type.used_is_suggestion
                    assert {"distribution_type", "column"} & set(reason.facts), (option.modality, reason.rule)
                    assert reason.rule not in ("RES-1", "RES-3", "RES-4", "RES-5"), reason.rule
    assert seen > 50


@pytest.mark.parametrize("name", ["NEC, decided on the grade", "G1 diffuse, decided on the column"])
def test_options_panel_row_opened_by_keys(qtbot: Any, name: str) -> None:
    _the_case, ev = _evaluated(name)
    panel = OptionsPanel()
    qtbot.addWidget(panel)
    panel.resize(520, 900)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_evaluation(ev)
    row = panel.rows["resection"]
    row.toggle.setFocus()
    qtbot.keyClick(row.toggle, Qt.Key.Key_Space)
    assert row.details.isVisible()
    details = row.details.text()
    assert opt(ev, "resection").rule in details
    assert (SUGGESTED_TYPE_NOTE in details) is CASES[name][2]
