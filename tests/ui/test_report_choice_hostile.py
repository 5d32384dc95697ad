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


def _in_choice_dialog(printing: Any, drive: Any) -> Any:
    """Open the report choice as the menu does (modal) and let `drive(dialog)` click in it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from nelm_desktop.ui.printing.report_dialogs import ReportChoiceDialog

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ReportChoiceDialog)
        drive(dialog)

    QTimer.singleShot(0, run)
    return printing._choose()


def test_the_handout_choice_is_remembered_per_case_even_when_nothing_is_ticked(
    window: Any, store: CaseStore, qtbot: Any
) -> None:
    from nelm_desktop.core.board.demo import DEMO_DECIDED, DEMO_READY
    from nelm_desktop.ui.window.actions import _printing

    seed_demo_cases(store)
    window.refresh_library()
    window.session.open_case(DEMO_READY)
    printing = _printing(window)
    seen: dict[str, Any] = {}

    def untick_everything(dialog: Any) -> None:
        qtbot.mouseClick(dialog.handout_radio, Qt.MouseButton.LeftButton)
        for check in [c for c in dialog.checks.values() if c.isChecked()]:
            check.setFocus()
            qtbot.keyClick(check, Qt.Key.Key_Space)
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    def look_and_leave(name: str, kind_key: Any = Qt.Key.Key_Escape) -> Any:
        def drive(dialog: Any) -> None:
            seen[name] = (
                dialog.handout_radio.isChecked(),
                sorted(m for m, c in dialog.checks.items() if c.isChecked()),
            )
            if kind_key == "summary":
                qtbot.mouseClick(dialog.summary_radio, Qt.MouseButton.LeftButton)
                qtbot.keyClick(dialog, Qt.Key.Key_Return)
            else:
                qtbot.keyClick(dialog, Qt.Key.Key_Escape)

        return drive

    choice = _in_choice_dialog(printing, untick_everything)
    assert (choice.kind, choice.modalities) == ("handout", [])
    assert _in_choice_dialog(printing, look_and_leave("again")) is None
    assert seen["again"] == (True, [])  # as the clinician left it, not the defaults ticked again
    window.session.open_case(DEMO_DECIDED)  # another case: its own defaults
    _in_choice_dialog(printing, look_and_leave("other case"))
    assert seen["other case"][1], "the defaults of a case never printed"
    window.session.open_case(DEMO_READY)
    summary = _in_choice_dialog(printing, look_and_leave("back", "summary"))
    assert seen["back"] == (True, []) and summary.kind == "summary"
    _in_choice_dialog(printing, look_and_leave("after summary"))
    assert seen["after summary"] == (False, [])  # a summary printed since changes no handout tick
