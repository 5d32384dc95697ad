"""Number boxes that show "unknown" and keep what is typed for the model to judge
(`OptionalIntBox`, `OptionalFloatBox`): the case form's and the entry dialogs' one way to enter a number.

Each speaks the case form's field protocol: ``value()``, ``set_value(value)`` (never emits),
``valueEdited(object)`` on a user edit only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QValidator, QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QWidget

from nelm_desktop.ui.widgets.window_undo import UndoToWindow

UNKNOWN_TEXT = "unknown"

# The mixin sits before a Qt class in the bases; for the type checker it is that kind of widget.
if TYPE_CHECKING:
    _SpinBase = QAbstractSpinBox
else:
    _SpinBase = object


# Digits after the point a whole-number box keeps of a typed fraction (only to show and refuse it).
FRACTION_DIGITS = 3


class OptionalNumber(UndoToWindow, _SpinBase):
    """Mixin of the two number boxes (before QDoubleSpinBox in the bases).

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
        """The concrete Qt box (QDoubleSpinBox) past this mixin: value, setValue, ..."""
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
        # under a German locale). Either mark is the decimal point, shown as the box writes it at
        # once (a whole-number box shows the fraction too, for the model to refuse).
        point = self.locale().decimalPoint()
        marks = {",", ".", self.locale().groupSeparator()}
        text = "".join(point if ch in marks else ch for ch in text)
        if text.count(point) > 1:  # "1.200,5": which mark was meant is not known
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


class OptionalIntBox(OptionalNumber, QDoubleSpinBox):
    """A whole-number box. Built on the decimal box so that a typed fraction stays what it was typed
    as: "1,5" in a count or "2.5" in an age is shown as 1.5 / 2.5 and refused by the model ("must be a
    whole number"), where a whole-number spin box dropped the mark and kept 15 or 25. Whole values
    show without a decimal point, as a QSpinBox shows them."""

    valueEdited = Signal(object)

    def __init__(self, lo: int, hi: int, suffix: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(FRACTION_DIGITS)  # before the range: Qt rounds the range to the decimals
        self._setup_number(lo, hi, suffix, -(10**6))
        self.setAccelerated(True)

    def value(self) -> int | float | None:  # type: ignore[override]
        raw = super().value()
        return None if raw is None else (int(raw) if float(raw).is_integer() else raw)

    def set_value(self, value: Any) -> None:
        super().set_value(None if value is None else float(value))

    def textFromValue(self, value: float) -> str:
        if float(value).is_integer():
            return str(int(value))
        return super().textFromValue(value).rstrip("0")


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
