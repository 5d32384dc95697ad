"""A small dialog to enter one lesion row (size in cm, count; either may be unknown).

Public API:

- ``LesionDialog(segment: str | None, lesion: Lesion | None = None, parent=None)``: a QDialog;
  open it with ``open()`` (window-modal, non-blocking) and read ``lesion()`` on ``accepted``.
- ``LesionDialog.lesion() -> Lesion``: the entered row (size/count None when "unknown").
- ``size_spin`` / ``count_spin``: the case form's number boxes (`OptionalFloatBox`, `OptionalIntBox`):
  empty or "unknown" is unknown; what is typed stays shown, and a value the lesion model refuses
  ("2,5" is 2.5 cm, "45" cm is above 40, "1,5" lesions is no whole number) is named under the boxes
  and keeps OK disabled. Plain spin boxes read "2,5" as 25 cm and dropped the "5" of "45".
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from nelm_desktop.core.liver_geometry import SHAPES_BY_SEGMENT
from nelm_desktop.core.model import Lesion
from nelm_desktop.core.validation_messages import problem_text
from nelm_desktop.ui.widgets.accessible_names import name_generated_controls
from nelm_desktop.ui.widgets.number_boxes import OptionalFloatBox, OptionalIntBox
from nelm_desktop.ui.widgets.refused_entry import mark_refused
from nelm_desktop.ui.widgets.style import REFUSED_ENTRY_STYLE

_LABELS = {"size_cm": "Size", "count": "Count"}


class LesionDialog(QDialog):
    def __init__(self, segment: str | None, lesion: Lesion | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._segment = segment
        where = SHAPES_BY_SEGMENT[segment].description if segment in SHAPES_BY_SEGMENT else "Unknown segment"
        self.setWindowTitle(f"Lesion in segment {segment}" if segment else "Lesion")
        self.setStyleSheet(REFUSED_ENTRY_STYLE)

        self.size_spin = OptionalFloatBox(0.5, 40.0, " cm", decimals=1, step=0.5, parent=self)
        self.size_spin.setToolTip("Above 0 and up to 40 cm; clear the box for unknown")
        self.size_spin.setAccessibleName("Lesion size in centimetres (empty means unknown)")
        self.count_spin = OptionalIntBox(1, 500, parent=self)
        self.count_spin.setToolTip("A whole number from 1 to 500; clear the box for unknown")
        self.count_spin.setAccessibleName("Number of lesions of this size (empty means unknown)")

        if lesion is None:
            lesion = Lesion(segment=segment, size_cm=None, count=1)
        self.size_spin.set_value(lesion.size_cm)
        self.count_spin.set_value(lesion.count)
        self._lesion = lesion.model_copy(update={"segment": segment})

        form = QFormLayout()
        form.addRow("&Size (largest diameter):", self.size_spin)
        form.addRow("&Count:", self.count_spin)
        for box in (self.size_spin, self.count_spin):
            box.setMinimumWidth(box.fontMetrics().horizontalAdvance("unknown cm") + 48)
        hint = QLabel("Leave a value empty (“unknown”) when it is not recorded.", self)
        self.problem = QLabel(self)  # one short line per refused value: no wrapping, see below
        self.problem.setProperty("role", "error")
        self.problem.setAccessibleName("Entry not accepted")
        self.problem.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        # The dialog takes the size its content asks for, also when a refusal line appears (it kept
        # its first size and squeezed the boxes under the new line).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        heading = QLabel(f"<b>{where}</b>", self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.size_spin.valueEdited.connect(self._check)
        self.count_spin.valueEdited.connect(self._check)
        self.size_spin.setFocus()
        self.size_spin.selectAll()
        name_generated_controls(self)  # Qt's own parts (lists, scroll bars, button row) named

    def _check(self, _value: Any = None) -> None:
        """Validate what the boxes show; name each refusal and keep OK disabled until none is left."""
        boxes = {"size_cm": self.size_spin, "count": self.count_spin}
        reasons: dict[str, str] = {}
        try:
            self._lesion = Lesion(
                segment=self._segment, size_cm=self.size_spin.value(), count=self.count_spin.value()
            )
        except ValidationError as refused:
            for error in refused.errors():
                field = str(error["loc"][0]) if error.get("loc") else "size_cm"
                reasons.setdefault(field, f"{_LABELS.get(field, field)}: {problem_text(error)}")
        for field, box in boxes.items():
            if mark_refused(box, field in reasons):
                box.setAccessibleDescription(reasons.get(field, ""))
        self.problem.setText("\n".join(reasons.values()))
        self.problem.setVisible(bool(reasons))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not reasons)

    def accept(self) -> None:
        self._check()
        if self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled():
            super().accept()

    def lesion(self) -> Lesion:
        return self._lesion.model_copy()
