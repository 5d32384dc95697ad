"""Fixtures for the main-window tests: a real store on the test's data folder, a real window, and a
recorder that answers message boxes (so no test ever blocks on a modal dialog)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from nelm_desktop.core.store import CaseStore
from nelm_desktop.ui.widgets import questions

Btn = QMessageBox.StandardButton


class Dialogs:
    """Stands in for QMessageBox's static functions: records every prompt, answers from a queue.

    Without a queued answer: Discard if offered, else No / Ok (never Save, never Yes).
    """

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []
        self.answers: list[Any] = []
        self.boxes: list[dict[int, str]] = []  # each named question's buttons: standard button -> text

    def _answer(self, buttons: Any) -> Any:
        if self.answers:
            return self.answers.pop(0)
        if buttons & Btn.Discard:
            return Btn.Discard
        if buttons & Btn.No:
            return Btn.No
        return Btn.Ok

    def question(self, _parent: Any, title: str, text: str, buttons: Any = Btn.Yes | Btn.No, *_a: Any) -> Any:
        self.asked.append((title, text))
        return self._answer(buttons)

    def warning(self, _parent: Any, title: str, text: str, buttons: Any = Btn.Ok, *_a: Any) -> Any:
        self.asked.append((title, text))
        return self._answer(buttons)

    information = warning

    def run_box(self, box: Any) -> Any:
        """ui.widgets.questions.run_box: a question box with named buttons, answered as above."""
        self.asked.append((box.windowTitle(), box.text()))
        self.boxes.append({int(box.standardButton(b)): b.text() for b in box.buttons()})
        return Btn(self._answer(box.standardButtons()))

    def get_text(
        self, _parent: Any, title: str, label: str, _echo: Any = None, text: str = "", *_a: Any
    ) -> Any:
        """QInputDialog.getText: a queued answer (text, ok) or the suggested text, accepted."""
        self.asked.append((title, label))
        if self.answers:
            return self.answers.pop(0)
        return (text, True)

    def titles(self) -> list[str]:
        return [title for title, _ in self.asked]


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    recorder = Dialogs()
    monkeypatch.setattr(QMessageBox, "question", recorder.question)
    monkeypatch.setattr(QMessageBox, "warning", recorder.warning)
    monkeypatch.setattr(QMessageBox, "information", recorder.information)
    monkeypatch.setattr(QInputDialog, "getText", recorder.get_text)
    monkeypatch.setattr(questions, "run_box", recorder.run_box)
    return recorder


@pytest.fixture
def data_root() -> Path:
    return Path(os.environ["NELM_DESKTOP_DATA_DIR"])


@pytest.fixture
def store(data_root: Path) -> CaseStore:
    return CaseStore(data_root)


@pytest.fixture
def make_window(qtbot: Any, store: CaseStore, data_root: Path) -> Any:
    from nelm_desktop.ui.window.main_window import MainWindow

    def make(demo: bool = False, target_store: CaseStore | None = None) -> MainWindow:
        window = MainWindow(target_store or store, data_root, demo=demo, autosave_ms=60_000)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        window.load_library()
        return window

    return make


@pytest.fixture
def window(make_window: Any) -> Any:
    return make_window()
