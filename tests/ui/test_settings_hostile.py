"""Edit > Settings attacked with real keys: a relative or file data folder, texts too long. Each is
named under the form in the form's words and the dialog stays open; nothing is saved."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt


def open_settings(qtbot: Any) -> Any:
    from nelm_desktop.ui.window.settings_dialog import SettingsDialog

    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def saved_file() -> Path:
    from nelm_desktop.core.settings import settings_path

    return settings_path()


def test_a_relative_data_folder_is_refused_it_would_follow_the_start_folder(qtbot: Any) -> None:
    dialog = open_settings(qtbot)
    dialog.data_dir.setFocus()
    qtbot.keyClicks(dialog.data_dir, "my cases")
    qtbot.keyClick(dialog.data_dir, Qt.Key.Key_Return)  # Enter = Save
    assert dialog.isVisible()
    assert "Data folder: give the full path" in dialog.error.text() and "'my cases'" in dialog.error.text()
    assert not saved_file().exists()


def test_a_data_folder_that_is_a_file_is_refused(qtbot: Any, tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    dialog = open_settings(qtbot)
    dialog.data_dir.setFocus()
    qtbot.keyClicks(dialog.data_dir, str(a_file / "library"))
    qtbot.keyClick(dialog.data_dir, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert f"Data folder: {a_file} is a file, not a folder" in dialog.error.text()
    assert not saved_file().exists()
    dialog.data_dir.selectAll()
    qtbot.keyClicks(dialog.data_dir, str(tmp_path / "library"))
    qtbot.keyClick(dialog.data_dir, Qt.Key.Key_Return)
    assert not dialog.isVisible() and dialog.saved is not None
    assert dialog.saved.data_dir == str(tmp_path / "library")


def test_a_too_long_text_is_named_by_its_label_not_its_key(qtbot: Any) -> None:
    dialog = open_settings(qtbot)
    dialog.contact.setFocus()
    qtbot.keyClicks(dialog.contact, "c" * 301)
    qtbot.keyClick(dialog.contact, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.error.text() == "Contact line is 301 characters long; at most 300 can be saved. Shorten it"
    assert not saved_file().exists()


@pytest.mark.parametrize("where", ["a file", "under a file"])
def test_the_window_opens_when_its_settings_folder_cannot_be_made(tmp_path: Path, where: str) -> None:
    """NELM_DESKTOP_CONFIG_DIR on a file (or below one): the window raised FileExistsError /
    NotADirectoryError while it was made, so the app never opened. A real process, real keys."""
    blocker = tmp_path / "config-is-a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    config = blocker if where == "a file" else blocker / "nelm"
    data = tmp_path / "data"
    run = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("app_worker.py")), "zoom", str(data), "1"],
        capture_output=True,
        text=True,
        timeout=120,  # a hang guard, never a timing assertion
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "NELM_DESKTOP_DATA_DIR": str(data),
            "NELM_DESKTOP_CONFIG_DIR": str(config),
        },
    )
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert any(line.startswith("zoom 1 ") for line in run.stdout.splitlines())  # Ctrl+plus worked
    assert blocker.read_text(encoding="utf-8") == "not a folder"  # nothing written over it
