"""Section 12 in the print dialog, where the clinician ticks the options for the handout: each option
carries the panel's status label. For an NEC, never 'first line' (Fig. 2 covers G1/G2 only, rev 2); a
result outside the case's branch reads 'Not listed for this case', whatever put it there (it said 'not
listed for this pattern' when grade, primary site or resectability did)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.evaluation import STATUS_SHORT
from nelm_desktop.core.model import Case
from tests.clinical.clinical_cases import BASE


def _dialog(qtbot: Any, case: Case) -> Any:
    from nelm_desktop.ui.printing.report_dialogs import ReportChoiceDialog

    dialog = ReportChoiceDialog(evaluate(case), None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.handout_radio, Qt.MouseButton.LeftButton)
    assert dialog.handout_radio.isChecked()
    return dialog


def test_nec_handout_choice_never_says_first_line(qtbot: Any) -> None:
    case = Case(**{**BASE, "differentiation": "poorly", "ki67_pct": 50})
    dialog = _dialog(qtbot, case)
    texts = [check.text() for check in dialog.checks.values()] + [
        label.text() for label in dialog.findChildren(QLabel)
    ]
    assert not [t for t in texts if "first line" in t.lower()]
    chemotherapy = dialog.checks["chemotherapy"]
    assert chemotherapy.text().endswith(f"— {STATUS_SHORT['recommended']}") and chemotherapy.isChecked()


def test_not_listed_options_read_not_listed_for_this_case(qtbot: Any) -> None:
    ev = evaluate(Case(**BASE))
    assert next(o for o in ev.options if o.modality == "tae").rule == "TAE-3"  # resectable, not the pattern
    dialog = _dialog(qtbot, Case(**BASE))
    for opt in ev.options:
        check = dialog.checks[opt.modality]
        assert check.text() == f"{opt.label} — {STATUS_SHORT[opt.status]}", check.text()
    assert "— Not listed for this case" in dialog.checks["tae"].text()
    assert not [c.text() for c in dialog.checks.values() if "pattern" in c.text()]
