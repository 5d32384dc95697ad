"""A case deleted by another window or program while it is open here: Save wrote it back with no word,
undoing the deletion. Now the user is told and chooses (save it again, close it, or keep editing)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore

CTRL = Qt.KeyboardModifier.ControlModifier


def _answer(qtbot: Any, answer: str, seen: list[tuple[str, str]]) -> None:
    """Click `answer` in the next message box (a real mouse click), noting its title and text."""
    tries = [0]

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            tries[0] += 1
            if tries[0] < 100:  # no box at all (the old code saved silently): give up, the test fails
                QTimer.singleShot(50, click)
            return
        seen.append((box.windowTitle(), box.text()))
        button = next(b for b in box.buttons() if b.text().replace("&", "") == answer)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)


@pytest.mark.parametrize("answer", ["Cancel", "Save it again", "Close without saving"])
def test_a_case_deleted_elsewhere_while_open_is_not_silently_written_back(
    qtbot: Any, window: Any, store: CaseStore, answer: str
) -> None:
    saved = store.save(new_case(patient_label="DEL-1", ki67_pct=4))
    window.refresh_library()
    assert window.session.open_case(saved.case.case_id, ask=False)
    ki67 = window.form.field_widget("ki67_pct")
    ki67.setFocus()
    qtbot.keyClick(ki67, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(ki67, "12")
    CaseStore(store.root).delete(saved.case.case_id)  # another window deletes it (to the trash)
    assert not saved.path.exists()
    seen: list[tuple[str, str]] = []
    _answer(qtbot, answer, seen)
    qtbot.keyClick(ki67, Qt.Key.Key_S, CTRL)
    assert seen and seen[0][0] == "Deleted in another window", seen
    assert "was deleted by another window or program" in seen[0][1]
    assert [t.case_id for t in store.trash()] == [saved.case.case_id]  # the deletion is on record
    if answer == "Cancel":  # nothing written, the edit still open and unsaved
        assert not saved.path.exists()
        assert window.document.is_dirty and window.document.case.ki67_pct == 12
    elif answer == "Save it again":  # back in the library with the edit, the choice in its history
        stored = json.loads(saved.path.read_text(encoding="utf-8"))["case"]
        assert stored["ki67_pct"] == 12
        assert stored["revisions"][-1]["action"] == "saved-again"
        assert not window.document.is_dirty
        assert saved.case.case_id in {row.case_id for row in store.list_cases()}
    else:  # closed: the deletion stands
        assert not saved.path.exists()
        assert window.document.case is None
