"""The liver editor and options panel, or stand-ins with the same API while those modules are absent.

`make_liver_editor()` / `make_options_panel()` return the real widgets (liver_editor.py,
options_panel.py) when they can be imported; otherwise a plain stand-in that says what is missing,
so the main window always composes and starts.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class _StandIn(QWidget):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self._label = QLabel(text, self)
        self._label.setWordWrap(True)
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self._label)
        self.setMinimumHeight(120)


class LiverEditorStandIn(_StandIn):
    lesionsEdited = Signal(list)
    confirmedTypeChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Liver diagram not available in this build.", parent)
        self.lesions: Any = None
        self.evaluation: Any = None

    def set_case_liver(self, lesions: Any, evaluation: Any) -> None:
        self.lesions, self.evaluation = lesions, evaluation
        count = len(lesions or [])
        self._label.setText(f"Liver diagram not available in this build. Lesion rows: {count}.")


class OptionsPanelStandIn(_StandIn):
    factRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Options panel not available in this build.", parent)
        self.evaluation: Any = None

    def set_evaluation(self, evaluation: Any) -> None:
        self.evaluation = evaluation
        if evaluation is None:
            self._label.setText("No evaluation (no case open, or the engine is not available).")
            return
        lines = [f"{opt.label}: {opt.status}" for opt in getattr(evaluation, "options", [])]
        self._label.setText("\n".join(lines))


def make_liver_editor(parent: QWidget | None = None) -> QWidget:
    try:
        from nelm_desktop.ui.liver_editor import LiverEditor
    except ImportError:
        return LiverEditorStandIn(parent)
    return LiverEditor(parent)


def make_options_panel(parent: QWidget | None = None) -> QWidget:
    try:
        from nelm_desktop.ui.options_panel import OptionsPanel
    except ImportError:
        return OptionsPanelStandIn(parent)
    return OptionsPanel(parent)
