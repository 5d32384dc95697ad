"""Field widgets of the case form. Each speaks one tiny protocol, so one binder serves them all:

    widget.value() -> the Case value (``"unknown"`` / ``None`` for unknown)
    widget.set_value(value)            # never emits valueEdited
    widget.valueEdited(object)         # emitted on a user edit only

Unknown is always a visible, deliberate value: the segmented control has an "Unknown" segment, the
number boxes (`ui/widgets/number_boxes.py`, shared with the entry dialogs) show "unknown" at their
minimum, the combos list "Unknown".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from nelm_desktop.ui.widgets.choice_accessibility import (
    announce_choice,
    install_choice_accessibility,
    refresh_choice_interfaces,
)
from nelm_desktop.ui.widgets.flow_layout import FlowLayout
from nelm_desktop.ui.widgets.wheel_safe import WheelSafeComboBox
from nelm_desktop.ui.widgets.window_undo import UndoToWindow

UNKNOWN = "unknown"

Choices = Sequence[tuple[str, str]]  # (value, label)


class SegmentedChoice(QWidget):
    """A row of exclusive buttons (e.g. Unknown | Yes | No) that takes focus as ONE control.

    Keyboard: Tab reaches the control; Left/Right move the choice; the first letter of a label
    (U, Y, N, ...) picks it; Space cycles.
    """

    valueEdited = Signal(object)

    def __init__(self, choices: Choices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        install_choice_accessibility()
        self._values = [value for value, _ in choices]
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setProperty("segmented", True)
        # The choices wrap onto a second line in a narrow pane instead of widening the form.
        layout = FlowLayout(self, h_spacing=0, v_spacing=0)
        layout.setContentsMargins(2, 2, 2, 2)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        for index, (value, label) in enumerate(choices):
            button = QToolButton()
            button.setProperty("choice", value)  # before the reader sees the button (see below)
            button.setParent(self)
            button.setText(label)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            # "Unknown" / "Not assessed" are greyed; "None" is a recorded negative, styled as an answer.
            button.setProperty("unknownChoice", value in {UNKNOWN, "not_assessed"})
            self._group.addButton(button, index)
            layout.addWidget(button)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._group.idClicked.connect(self._clicked)
        refresh_choice_interfaces(self)
        self._set_index(0)

    def sizeHint(self) -> QSize:
        """One line of all the choices (the flow layout's own hint is its narrowest, wrapped form)."""
        buttons = self._group.buttons()
        width = sum(b.sizeHint().width() for b in buttons) + 4
        height = max((b.sizeHint().height() for b in buttons), default=20) + 4
        return QSize(width, height)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        return layout.heightForWidth(width) if layout is not None else self.sizeHint().height()

    def buttons(self) -> list[QAbstractButton]:
        return self._group.buttons()

    def button_for(self, value: str) -> QAbstractButton:
        return self._group.button(self._values.index(value))

    def value(self) -> str:
        return self._values[max(self._group.checkedId(), 0)]

    def set_value(self, value: Any) -> None:
        if value in self._values:
            self._set_index(self._values.index(value))

    def _set_index(self, index: int) -> None:
        button = self._group.button(index)
        if button is not None:
            button.setChecked(True)
        self._update_accessible()

    def _update_accessible(self) -> None:
        if self.hasFocus():
            announce_choice(self)

    def focusInEvent(self, event: Any) -> None:
        super().focusInEvent(event)
        announce_choice(self)

    def _clicked(self, index: int) -> None:
        self._update_accessible()
        self.valueEdited.emit(self._values[index])

    def _user_pick(self, index: int) -> None:
        index %= len(self._values)
        if index == self._group.checkedId():
            return
        self._set_index(index)
        self.valueEdited.emit(self._values[index])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        current = max(self._group.checkedId(), 0)
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self._user_pick(max(current - 1, 0))
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self._user_pick(min(current + 1, len(self._values) - 1))
        elif key == Qt.Key.Key_Home:
            self._user_pick(0)
        elif key == Qt.Key.Key_End:
            self._user_pick(len(self._values) - 1)
        elif key == Qt.Key.Key_Space:
            self._user_pick(current + 1)
        elif event.text() and event.text().isalnum():
            letter = event.text().lower()
            for index, button in enumerate(self._group.buttons()):
                if button.text().lower().startswith(letter):
                    self._user_pick(index)
                    break
            else:
                super().keyPressEvent(event)
        else:
            super().keyPressEvent(event)


class ChoiceCombo(WheelSafeComboBox):
    """A combo of (value, label) choices; the unknown choice comes first. The wheel changes it only
    when focused: scrolling the form never does."""

    valueEdited = Signal(object)

    def __init__(self, choices: Choices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for value, label in choices:
            self.addItem(label, value)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.activated.connect(lambda _i: self.valueEdited.emit(self.value()))

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        index = self.findData(value)
        if index >= 0:
            with QSignalBlocker(self):
                self.setCurrentIndex(index)


class LineField(UndoToWindow, QLineEdit):
    valueEdited = Signal(object)

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.textEdited.connect(lambda text: self.valueEdited.emit(text))

    def value(self) -> str:
        return self.text()

    def set_value(self, value: Any) -> None:
        text = value or ""
        if text != self.text():
            with QSignalBlocker(self):
                self.setText(text)


class TextField(UndoToWindow, QPlainTextEdit):
    """Multi-line text. Tab moves focus (it does not insert a tab), so the form stays keyboard-usable."""

    valueEdited = Signal(object)

    def __init__(self, placeholder: str = "", lines: int = 4, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * lines + 12)
        self.setMaximumHeight(self.fontMetrics().lineSpacing() * (lines + 6) + 12)
        self._quiet = False
        self.textChanged.connect(self._changed)

    def _changed(self) -> None:
        if not self._quiet:
            self.valueEdited.emit(self.value())

    def value(self) -> Any:
        return self.toPlainText()

    def set_value(self, value: Any) -> None:
        text = value or ""
        if text != self.toPlainText():
            self._quiet = True
            try:
                self.setPlainText(text)
            finally:
                self._quiet = False


class ListField(TextField):
    """A list of strings, one per line (prior treatments)."""

    def value(self) -> list[str]:
        return [line.strip() for line in self.toPlainText().splitlines() if line.strip()]

    def set_value(self, value: Any) -> None:
        items = list(value or [])
        if items != self.value():
            super().set_value("\n".join(items))
