"""Derived liver facts box: shows what core computed, plus the distribution-type confirm control.

Public API:

- ``LiverFactsBox(parent=None)``: a QGroupBox. ``set_evaluation(ev: Evaluation | None)`` fills it
  from ``ev.lesions`` (LesionSummary) and ``ev.frilling_type`` (FrillingType); nothing is computed
  here. ``confirmed_type() -> str`` is the combo's ``Case.confirmed_type`` value.
- Signal ``confirmedTypeChanged(str)``: the clinician's choice, a ``Case.confirmed_type`` value
  ("none" = not confirmed: the engine uses its suggestion). Not emitted by ``set_evaluation``.
- ``TYPE_LABELS``: the distribution types in clinical words with their definition (core's
  ``liver.TYPE_LABELS``), for the combo and the suggestion line.
- ``type_combo``: the QComboBox (item data = the value).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from nelm_desktop.core.distribution_types import TYPE_LABELS as TYPE_DESCRIPTIONS
from nelm_desktop.core.evaluation import Evaluation
from nelm_desktop.ui.widgets.markup import escape
from nelm_desktop.ui.widgets.measured_label import MeasuredLabel
from nelm_desktop.ui.widgets.wheel_safe import WheelSafeComboBox

# Clinical words with their definition in the text itself (visible in the list, not hover-only);
# one vocabulary with the engine's suggestion text (core.distribution_types, #11.5).
TYPE_LABELS: dict[str, str] = dict(TYPE_DESCRIPTIONS)
CONFIRM_CHOICES: tuple[tuple[str, str], ...] = (
    ("none", "Not confirmed: use the suggestion"),
    *TYPE_LABELS.items(),
)
NOT_RECORDED = "not recorded"


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


class LiverFactsBox(QGroupBox):
    confirmedTypeChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Derived from the lesions (computed by the engine)", parent)
        self._labels: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, title in (
            ("count", "Lesion count:"),
            ("segments", "Segments:"),
            ("lobes", "Lobes:"),
            ("largest", "Largest lesion:"),
            ("type", "Distribution type:"),
        ):
            # Its hints remembered per text: a wrapped QLabel lays its text out several times to
            # answer each, and the form asks again on every edit that changes the line.
            label = MeasuredLabel(NOT_RECORDED, self)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._labels[key] = label
            form.addRow(title, label)
        self.type_combo = WheelSafeComboBox(self)  # scrolling the form past it never confirms a type
        for value, text in CONFIRM_CHOICES:
            self.type_combo.addItem(text, value)
            if value in TYPE_DESCRIPTIONS:
                self.type_combo.setItemData(
                    self.type_combo.count() - 1, TYPE_DESCRIPTIONS[value], Qt.ItemDataRole.ToolTipRole
                )
        # Narrow when closed (the form must fit a 1366 px screen); the open list shows every definition.
        self.type_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.type_combo.setMinimumContentsLength(18)
        widest = max(self.type_combo.fontMetrics().horizontalAdvance(t) for _v, t in CONFIRM_CHOICES)
        self.type_combo.view().setMinimumWidth(widest + 40)
        self.type_combo.setAccessibleName("Clinician-confirmed distribution type")
        self.type_combo.setToolTip(
            "Confirm the engine's suggestion or override it; the engine then uses your choice."
        )
        form.addRow("&Confirm type:", self.type_combo)
        self.type_combo.activated.connect(self._on_activated)

    def label(self, key: str) -> QLabel:
        return self._labels[key]

    def confirmed_type(self) -> str:
        return str(self.type_combo.currentData())

    def set_evaluation(self, ev: Evaluation | None) -> None:
        if ev is None:
            for label in self._labels.values():
                label.setText(NOT_RECORDED)
            self._set_combo("none")
            return
        s = ev.lesions
        if not s.recorded:
            count = segs = lobes = largest = NOT_RECORDED
        else:
            count = (
                str(s.lesion_count)
                if s.lesion_count is not None
                else f"at least {s.lesion_count_lower_bound} (a count is unknown)"
            )
            segs = f"{', '.join(s.segments)} ({s.n_segments})" if s.segments else "unknown"
            lobe_txt = ", ".join(s.lobes) if s.lobes else "unknown"
            lobes = f"{lobe_txt}; bilobar: {_yes_no(s.bilobar)}"
            largest = "unknown" if s.largest_cm is None else f"{s.largest_cm:g} cm"
            if s.largest_ge_5 is not None and s.largest_cm is None:
                largest += f" (≥ 5 cm: {_yes_no(s.largest_ge_5)})"
        self._set("count", count)
        self._set("segments", segs)
        self._set("lobes", lobes)
        self._set("largest", largest)
        self._set("type", self._type_html(ev), rich=True)
        self._set_combo(ev.frilling_type.confirmed or "none")

    # ------------------------------------------------------------------ internals
    def _type_html(self, ev: Evaluation) -> str:
        ft = ev.frilling_type
        parts = []
        # Rule ids and the algorithm column are for the curious: in the tooltip, not in the sentence.
        detail = [f"rule {ft.suggested_rule}"] if ft.suggested_rule else []
        if ft.column:
            detail.append(f"algorithm column {ft.column}")
        self._labels["type"].setToolTip("; ".join(detail))
        if ft.suggested:
            parts.append(f"Suggested: <b>{escape(TYPE_LABELS.get(ft.suggested, ft.suggested))}</b>")
        else:
            parts.append("Suggested: <b>undetermined</b>")
        if ft.confirmed:
            parts.append(
                f"Confirmed by the clinician: <b>{escape(TYPE_LABELS.get(ft.confirmed, ft.confirmed))}</b>"
            )
        used = TYPE_LABELS.get(ft.used, ft.used) if ft.used else "none"
        parts.append(f"Used: {escape(used)}")
        if ft.used_is_suggestion:
            parts.append("<i>distribution type suggested by the engine, not confirmed</i>")
        if ft.text:
            parts.append(escape(ft.text))
        return "<br>".join(parts)

    def _set(self, key: str, text: str, rich: bool = False) -> None:
        label = self._labels[key]
        label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        if label.text() != text:
            label.setText(text)

    def _set_combo(self, value: str) -> None:
        i = self.type_combo.findData(value)
        self.type_combo.blockSignals(True)
        try:
            self.type_combo.setCurrentIndex(max(0, i))
        finally:
            self.type_combo.blockSignals(False)

    def _on_activated(self, _index: int) -> None:
        self.confirmedTypeChanged.emit(self.confirmed_type())
