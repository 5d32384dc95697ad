"""Every control of the meetings window, the presentation, the decision dialog and each dialog of the
main window has a name and a sensible role (the tree the AT-SPI bridge gives Orca, walked in-process
with hidden controls included): the main window alone was walked before."""

from __future__ import annotations

from typing import Any

import pytest
from accessibility_tree import walk
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget

from nelm_desktop.core.board.demo import DEMO_MEETING_ID, DEMO_READY
from nelm_desktop.core.board.store import BoardStore
from nelm_desktop.core.store import CaseStore
from nelm_desktop.ui.window.app import seed_demo_cases

R = QAccessible.Role


def unnamed(widget: QWidget) -> list[str]:
    return [n.describe() for n in walk(widget, include_hidden=True) if n.is_control and not n.name]


@pytest.fixture
def demo_window(make_window: Any, store: CaseStore) -> Any:
    seed_demo_cases(store)
    window = make_window()
    window.refresh_library()
    return window


def _show(qtbot: Any, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_every_dialog_names_its_controls(qtbot: Any, demo_window: Any, store: CaseStore) -> None:
    from nelm_desktop.core.board.decisions import new_decision
    from nelm_desktop.core.engine import evaluate
    from nelm_desktop.core.settings import load_settings
    from nelm_desktop.ui.board.decision_dialog import DecisionDialog
    from nelm_desktop.ui.library.versions_dialogs import TrashDialog, VersionsDialog
    from nelm_desktop.ui.liver.lesion_dialog import LesionDialog
    from nelm_desktop.ui.printing.identity_dialog import IdentityDialog
    from nelm_desktop.ui.printing.report_dialogs import ReportChoiceDialog
    from nelm_desktop.ui.timeline.time_point_dialog import TimePointDialog
    from nelm_desktop.ui.window.dialogs import HistoryDialog, QuarantineDialog
    from nelm_desktop.ui.window.settings_dialog import SettingsDialog
    from nelm_desktop.ui.window.shortcuts_dialog import ShortcutsDialog

    window = demo_window
    case = store.load(DEMO_READY).case
    assert window.session.open_case(case.case_id)
    board = BoardStore(store.root)
    draft = new_decision(DEMO_MEETING_ID, case, evaluate(case), "tester")
    found: dict[str, list[str]] = {}
    for name, make in {
        "decision": lambda: DecisionDialog(board, draft, None, "tester", "demo"),
        "versions": lambda: VersionsDialog(window.session, case, window),
        "trash": lambda: TrashDialog(window.session, window),
        "lesion": lambda: LesionDialog("VI", parent=window),
        "identity": lambda: IdentityDialog(load_settings(), window),
        "report choice": lambda: ReportChoiceDialog(window.document.evaluation, None, window),
        "time point": lambda: TimePointDialog("demo", window),
        "history": lambda: HistoryDialog(store, case, window),
        "quarantine": lambda: QuarantineDialog(store, window.session, window),
        "settings": lambda: SettingsDialog(window),
        "shortcuts": lambda: ShortcutsDialog(window),
    }.items():
        dialog = _show(qtbot, make())
        found[name] = unnamed(dialog)
        dialog.close()
    assert {k: v for k, v in found.items() if v} == {}


def test_the_meetings_window_and_the_presentation_name_their_controls(qtbot: Any, demo_window: Any) -> None:
    window = demo_window
    qtbot.keyClick(
        window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    bw = window.board.board_window
    assert bw is not None and bw.isVisible()
    assert unnamed(bw) == []
    window.board.present(DEMO_MEETING_ID)
    presentation = window.board.presentation
    assert presentation is not None
    qtbot.addWidget(presentation)
    qtbot.waitExposed(presentation)
    assert unnamed(presentation) == []


def test_the_timeline_dock_names_its_controls(qtbot: Any, demo_window: Any, store: CaseStore) -> None:
    """The timeline is made after the window named Qt's own parts: its scroll area and bars were
    unnamed, and so were the two focusable 'changed' texts of a case with no time point."""
    window = demo_window
    assert window.session.open_case(DEMO_READY)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.timeline.visible())
    panel = window.timeline.panel
    assert unnamed(panel) == []
    assert panel.facts_label.accessibleName() == "Facts changed: no time point to compare with"
