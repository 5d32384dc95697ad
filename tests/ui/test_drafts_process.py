"""Unsaved edits survive a real crash (issue #14 items 1 and 4): a real app process is killed with
SIGKILL after one key press; the next start offers the draft. Drafts belong to their window."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore

Btn = QMessageBox.StandardButton
WORKER = Path(__file__).with_name("app_worker.py")


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_one_key_press_then_kill_9_leaves_a_draft_the_restart_offers(
    make_window: Any, store: CaseStore, data_root: Path, dialogs: Any
) -> None:
    saved = store.save(new_case(patient_label="P"))
    case_id = saved.case.case_id
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, str(WORKER), "edit", str(data_root), case_id, "200"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = child.stdout.readline() if child.stdout else ""
        assert line.split() == ["edited", "PZ"], (line, child.stderr.read() if child.stderr else "")
        deadline = time.monotonic() + 30
        drafts = data_root / "recovery"
        # The autosave delay is 200 ms; poll (bounded) for the draft file the window must write.
        while time.monotonic() < deadline and not list(drafts.glob(f"{case_id}*.json")):
            time.sleep(0.05)
        time.sleep(0.3)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert list(drafts.glob(f"{case_id}*.json")), "a single key press did not reach a draft"

    dialogs.answers = [Btn.Yes]
    restarted = make_window()
    assert "Restore unsaved changes?" in dialogs.titles()
    assert restarted.document.case.patient_label == "PZ"
    assert restarted.document.is_dirty


def test_closing_one_window_keeps_another_windows_draft_of_the_same_case(
    make_window: Any, store: CaseStore, data_root: Path, qtbot: Any
) -> None:
    saved = store.save(new_case(patient_label="shared"))
    case_id = saved.case.case_id
    first, second = make_window(), make_window()
    for window, text in ((first, "A"), (second, "B")):
        assert window.session.open_case(case_id, ask=False)
        label = window.form.field_widget("patient_label")
        label.setFocus()
        qtbot.keyClicks(label, text)
        window.session.autosave_now()
    second_draft = second.recovery.path_for(case_id)
    assert first.recovery.path_for(case_id).exists() and second_draft.exists()
    first.document.undo_stack.setClean()  # closes without a prompt; its own draft goes
    assert first.close()
    assert not first.recovery.path_for(case_id).exists()
    assert second_draft.exists(), "closing one window deleted another window's crash draft"
    # A live window's draft is never offered to another window as a crash draft.
    third = make_window()
    assert all(d.path != second_draft for d in third.recovery.pending())
