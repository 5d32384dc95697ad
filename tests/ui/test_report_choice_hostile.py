"""The report choice clicked as a clinician would: every option unticked for the handout means no
option is explained on it. The PDF is read back (the empty choice once became "the defaults")."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from nelm_desktop.core.store import CaseStore
from nelm_desktop.ui.window.app import seed_demo_cases


def test_a_handout_with_every_option_unticked_explains_no_option(
    window: Any, store: CaseStore, qtbot: Any, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from nelm_desktop.core.board.demo import DEMO_READY
    from nelm_desktop.ui.printing.report_dialogs import ReportChoiceDialog
    from nelm_desktop.ui.window.actions import _printing

    seed_demo_cases(store)
    window.refresh_library()
    window.session.open_case(DEMO_READY)  # no board decision: the handout lists only what is ticked
    printing = _printing(window)
    printing.identity_asked = True  # the clinician's name prompt is another test's subject
    dialog = ReportChoiceDialog(window.document.evaluation, None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.handout_radio, Qt.MouseButton.LeftButton)
    ticked = [check for check in dialog.checks.values() if check.isChecked()]
    assert ticked  # the defaults: something to untick
    for check in ticked:
        check.setFocus()
        qtbot.keyClick(check, Qt.Key.Key_Space)
    assert not any(check.isChecked() for check in dialog.checks.values())
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Continue
    assert dialog.result() == dialog.DialogCode.Accepted
    choice = dialog.choice()
    assert (choice.kind, choice.modalities) == ("handout", [])
    target = tmp_path / "handout.pdf"
    with qtbot.waitSignal(printing.pdfReady, timeout=60_000):
        printing.save_pdf(choice, target)
    text = re.sub(r"\s+", " ", "".join(page.extract_text() for page in PdfReader(target).pages))
    assert "Your doctor will talk with you about the options once all the results are in" in text
