"""Field widgets of the case form. Each speaks one tiny protocol, so one binder serves them all:

    widget.value() -> the Case value (``"unknown"`` / ``None`` for unknown)
    widget.set_value(value)            # never emits valueEdited
    widget.valueEdited(object)         # emitted on a user edit only

Unknown is always a visible, deliberate value: the segmented control has an "Unknown" segment, the
number boxes show "unknown" at their minimum, the combos list "Unknown".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QKeyCombination, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QValidator, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
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

UNKNOWN = "unknown"
UNKNOWN_TEXT = "unknown"

Choices = Sequence[tuple[str, str]]  # (value, label)

# The mixins below sit before a Qt class in the bases; for the type checker they are that kind of widget.
if TYPE_CHECKING:
    _WidgetBase = QWidget
    _SpinBase = QAbstractSpinBox
else:
    _WidgetBase = object
    _SpinBase = object


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


class UndoToWindow(_WidgetBase):
    """Mixin of every text and number field: Ctrl+Z, Ctrl+Y and Ctrl+Shift+Z reach the window's undo
    stack (one history for the whole case, linked facts included) instead of the widget's own text
    undo, which would change the box without changing the case."""

    def event(self, event: QEvent) -> bool:
        override = event.type() == QEvent.Type.ShortcutOverride
        if override and isinstance(event, QKeyEvent) and _is_undo_or_redo(event):
            event.ignore()  # not overridden here: the window's shortcut takes it
            return False
        return super().event(event)


def _is_undo_or_redo(event: QKeyEvent) -> bool:
    if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo):
        return True
    control = Qt.KeyboardModifier.ControlModifier
    return event.keyCombination() in (
        QKeyCombination(control | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Z),
        QKeyCombination(control, Qt.Key.Key_Y),
    )


class OptionalNumber(UndoToWindow, _SpinBase):
    """Mixin of the two number boxes (before QSpinBox / QDoubleSpinBox in the bases).

    The box's minimum is a sentinel shown as "unknown". It accepts any typed number: range checks are
    the model's job, so an out-of-range entry stays shown with the model's reason at the field and is
    never saved as the last valid part of what was typed (#13 item 1). The arrows stay within the
    model's range and step below its minimum into "unknown". Typing into "unknown" replaces the word
    (#13 item 2). The wheel changes a value only in the focused box (scrolling the form never does).
    """

    lo: float
    hi: float
    _sentinel: float

    def _qt(self) -> Any:
        """The concrete Qt box (QSpinBox or QDoubleSpinBox) past this mixin: value, setValue, ..."""
        return super()

    def _setup_number(self, lo: float, hi: float, suffix: str, sentinel: float) -> None:
        self.lo, self.hi, self._sentinel = lo, hi, sentinel
        qt = self._qt()
        qt.setRange(sentinel, -sentinel)
        self.setSpecialValueText(UNKNOWN_TEXT)
        qt.setSuffix(suffix)
        qt.setValue(sentinel)
        self.setKeyboardTracking(True)  # each keystroke reaches the model, which judges the range
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(f"{lo:g}–{hi:g}{suffix}; clear the box or step below {lo:g} for unknown")
        qt.valueChanged.connect(self._changed)

    # --- the binder's protocol ------------------------------------------------------------------
    def value(self) -> float | None:
        raw = self._qt().value()
        return None if raw <= self._sentinel else raw + 0  # + 0: "-0" is saved as the 0 shown

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self):
            self._qt().setValue(self._sentinel if value is None else value)

    def _changed(self, _raw: float) -> None:
        self.valueEdited.emit(self.value())  # type: ignore[attr-defined]

    # --- unknown as a value -----------------------------------------------------------------------
    def stepBy(self, steps: int) -> None:
        current = self.value()
        if current is None:
            target = self.lo if steps > 0 else None
        else:
            target = current + steps * self._qt().singleStep()
            target = None if target < self.lo else min(target, self.hi)
        self._qt().setValue(self._sentinel if target is None else target)
        self.selectAll()

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        return (
            QAbstractSpinBox.StepEnabledFlag.StepUpEnabled | QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        )

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Empty text or "unknown" (and its prefixes while typing) are the unknown value."""
        cleaned = text.removesuffix(self._qt().suffix()).strip().lower()
        if not cleaned or cleaned == UNKNOWN_TEXT:
            return (QValidator.State.Acceptable, text, pos)
        if UNKNOWN_TEXT.startswith(cleaned):
            return (QValidator.State.Intermediate, text, pos)
        # Qt reads a group separator as nothing: "5,5" typed in a Ki-67 box became 55 % (and "5.5"
        # under a German locale). A decimal box takes either mark as its decimal point, shown as the
        # box writes it at once; a whole-number box refuses both, like any other non-digit.
        point = self.locale().decimalPoint()
        marks = {",", ".", self.locale().groupSeparator()}
        if isinstance(self, QDoubleSpinBox):
            text = "".join(point if ch in marks else ch for ch in text)
            if text.count(point) > 1:  # "1.200,5": which mark was meant is not known
                return (QValidator.State.Invalid, text, pos)
        elif any(ch in marks for ch in cleaned):
            return (QValidator.State.Invalid, text, pos)
        state, shown, cursor = self._qt().validate(text, pos)
        return (state, shown, cursor)

    def valueFromText(self, text: str) -> Any:
        cleaned = text.removesuffix(self._qt().suffix()).strip()
        if not cleaned or cleaned.lower() in {UNKNOWN_TEXT, "u", "?"}:
            return self._sentinel
        return self._qt().valueFromText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A box showing "unknown" is empty to the user: the first typed digit replaces the word (a
        mouse click puts the cursor after "unknown", where a digit would otherwise be rejected)."""
        text = event.text()
        if text and (text[0].isdigit() or text[0] in "-+.,"):
            shown = self.text().removesuffix(self._qt().suffix()).strip().lower()
            if shown and shown.isalpha():  # "unknown" or a part of it
                self.selectAll()
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.value() is None:
            self.selectAll()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class OptionalIntBox(OptionalNumber, QSpinBox):
    valueEdited = Signal(object)

    def __init__(self, lo: int, hi: int, suffix: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._setup_number(lo, hi, suffix, -(10**6))
        self.setAccelerated(True)

    def value(self) -> int | None:  # type: ignore[override]
        raw = super().value()
        return None if raw is None else int(raw)

    def set_value(self, value: Any) -> None:
        super().set_value(None if value is None else int(value))


class OptionalFloatBox(OptionalNumber, QDoubleSpinBox):
    valueEdited = Signal(object)

    def __init__(
        self,
        lo: float,
        hi: float,
        suffix: str = "",
        decimals: int = 1,
        step: float = 1.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setDecimals(decimals)  # before the range: Qt rounds the range to the decimals
        self.setSingleStep(step)
        self._setup_number(lo, hi, suffix, -1e6)

    def value(self) -> float | None:  # type: ignore[override]
        return super().value()

    def set_value(self, value: Any) -> None:
        super().set_value(None if value is None else float(value))


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
