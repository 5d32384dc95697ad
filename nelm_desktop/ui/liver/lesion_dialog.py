"""A small dialog to enter one lesion row (size in cm, count; either may be unknown).

Public API:

- ``LesionDialog(segment: str | None, lesion: Lesion | None = None, parent=None)``: a QDialog;
  open it with ``open()`` (window-modal, non-blocking) and read ``lesion()`` on ``accepted``.
- ``LesionDialog.lesion() -> Lesion``: the entered row (size/count None when "unknown").
- ``size_spin`` / ``count_spin``: the two spin boxes; their minimum (0) shows "unknown".
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nelm_desktop.core.liver_geometry import SHAPES_BY_SEGMENT
from nelm_desktop.core.model import Lesion

UNKNOWN_TEXT = "unknown"


class LesionDialog(QDialog):
    def __init__(self, segment: str | None, lesion: Lesion | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._segment = segment
        where = SHAPES_BY_SEGMENT[segment].description if segment in SHAPES_BY_SEGMENT else "Unknown segment"
        self.setWindowTitle(f"Lesion in segment {segment}" if segment else "Lesion")

        self.size_spin = QDoubleSpinBox(self)
        self.size_spin.setRange(0.0, 40.0)
        self.size_spin.setDecimals(1)
        self.size_spin.setSingleStep(0.5)
        self.size_spin.setSuffix(" cm")
        self.size_spin.setSpecialValueText(UNKNOWN_TEXT)  # shown at the minimum (0)
        self.size_spin.setAccessibleName("Lesion size in centimetres (0 means unknown)")

        self.count_spin = QSpinBox(self)
        self.count_spin.setRange(0, 500)
        self.count_spin.setSpecialValueText(UNKNOWN_TEXT)
        self.count_spin.setAccessibleName("Number of lesions of this size (0 means unknown)")

        if lesion is None:
            lesion = Lesion(segment=segment, size_cm=None, count=1)
        self.size_spin.setValue(lesion.size_cm or 0.0)
        self.count_spin.setValue(lesion.count or 0)

        form = QFormLayout()
        form.addRow("&Size (largest diameter):", self.size_spin)
        form.addRow("&Count:", self.count_spin)
        hint = QLabel("Leave a value at “unknown” when it is not recorded.", self)
        hint.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{where}</b>", self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.size_spin.setFocus()
        self.size_spin.selectAll()

    def lesion(self) -> Lesion:
        size = self.size_spin.value()
        count = self.count_spin.value()
        return Lesion(
            segment=self._segment,
            size_cm=round(size, 1) if size > 0 else None,
            count=count if count > 0 else None,
        )
