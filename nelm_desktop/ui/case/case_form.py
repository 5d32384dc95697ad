"""The case editor: every fact of the `Case` model as a point-and-click control, in sections.

The form shows a case and reports edits; it never changes the case itself. Edits leave as
``fieldEdited(field, value)``; the owner (main window + case document) validates them and calls
`show_field_error` / `clear_field_error`. The liver editor (diagram + lesion table) sits in the Liver
section; its edits leave through the same signal as ``lesions`` / ``confirmed_type``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nelm_desktop.core import dates
from nelm_desktop.core.facts import LESION_FACTS
from nelm_desktop.core.linked_facts import conflicts
from nelm_desktop.core.model import Case
from nelm_desktop.core.treatments import resected_segments
from nelm_desktop.ui.case.binding import CaseBinder
from nelm_desktop.ui.case.case_form_sections import LIVER_EDITOR_FIELDS, SECTIONS, FieldSpec
from nelm_desktop.ui.case.fields import (
    ChoiceCombo,
    LineField,
    ListField,
    OptionalFloatBox,
    OptionalIntBox,
    SegmentedChoice,
    TextField,
)
from nelm_desktop.ui.case.treatment_history import TreatmentHistoryField

FORM_STYLE = """
QWidget#caseFormContent { background: palette(base); }
QLabel[role="section"] { font-size: 13pt; font-weight: 600; padding-top: 10px; }
QLabel[role="hint"] { color: #555555; }
QLabel[role="error"] { color: #B3261E; font-weight: 600; }
QFrame[role="rule"] { color: #d0d0d0; }
*[invalid="true"] { border: 2px solid #B3261E; border-radius: 3px; }
QWidget[segmented="true"] { border: 1px solid #8a8a8a; border-radius: 4px; background: #f4f4f4; }
QWidget[segmented="true"]:focus { border: 2px solid #0072B2; }
QWidget[segmented="true"][invalid="true"] { border: 2px solid #B3261E; }
QWidget[segmented="true"] QToolButton { border: none; padding: 3px 9px; border-radius: 3px; color: #1b1b1b; }
QWidget[segmented="true"] QToolButton:hover { background: #e2e2e2; }
QWidget[segmented="true"] QToolButton:checked { background: #0072B2; color: white; font-weight: 600; }
QWidget[segmented="true"] QToolButton[unknownChoice="true"]:checked { background: #5c5c5c; color: white; }
"""


LABEL_WIDTH_CHARS = 26  # field labels share one width, so all sections line up


def make_field_widget(spec: FieldSpec, parent: QWidget) -> QWidget:
    if spec.kind in {"yesno", "segmented"}:
        return SegmentedChoice([(str(v), label) for v, label in spec.choices], parent)
    if spec.kind == "combo":
        return ChoiceCombo(spec.choices, parent)
    if spec.kind == "int":
        return OptionalIntBox(int(spec.lo), int(spec.hi), spec.suffix, parent)
    if spec.kind == "float":
        step = 1.0 if spec.decimals == 0 else 0.5
        return OptionalFloatBox(spec.lo, spec.hi, spec.suffix, spec.decimals, step, parent)
    if spec.kind == "line":
        return LineField(spec.placeholder, parent)
    if spec.kind == "list":
        return ListField(spec.placeholder, 3, parent)
    if spec.kind == "history":
        return TreatmentHistoryField(parent)
    return TextField(spec.placeholder, 4 if spec.field != "notes" else 8, parent)


class CaseForm(QScrollArea):
    fieldEdited = Signal(str, object)  # field, value (not yet validated)

    def __init__(self, liver_editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseForm")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.binder = CaseBinder(self)
        self.binder.fieldEdited.connect(self.fieldEdited)
        self.liver_editor = liver_editor
        self.section_headers: dict[str, QLabel] = {}
        self.field_labels: dict[str, QLabel] = {}
        self._build()
        self._connect_liver_editor()
        self.setEnabled(False)

    # --- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        content = QWidget(self)
        content.setObjectName("caseFormContent")
        content.setStyleSheet(FORM_STYLE)
        column = QVBoxLayout(content)
        column.setContentsMargins(16, 8, 16, 24)
        column.setSpacing(4)
        for section in SECTIONS:
            header = QLabel(section.title, content)
            header.setProperty("role", "section")
            header.setAccessibleName(f"Section {section.title}")
            self.section_headers[section.key] = header
            column.addWidget(header)
            rule = QFrame(content)
            rule.setFrameShape(QFrame.Shape.HLine)
            rule.setProperty("role", "rule")
            column.addWidget(rule)
            if section.hosts_liver_editor:
                self.liver_editor.setParent(content)
                column.addWidget(self.liver_editor)
            form = QFormLayout()
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            # A narrow pane (1366 px screens, zoom) puts a long row's label above its control.
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            form.setHorizontalSpacing(14)
            form.setVerticalSpacing(8)
            for spec in section.fields:
                self._add_field(form, spec, content)
            column.addLayout(form)
        column.addStretch(1)
        self.setWidget(content)

    def _add_field(self, form: QFormLayout, spec: FieldSpec, content: QWidget) -> None:
        widget = make_field_widget(spec, content)
        widget.setObjectName(f"field_{spec.field}")
        widget.setAccessibleName(spec.text)
        if spec.hint:
            widget.setAccessibleDescription(spec.hint)
        label = QLabel(spec.text, content)
        label.setBuddy(widget)
        label.setToolTip(spec.hint)
        label.setProperty("role", "fieldLabel")
        label.setWordWrap(True)
        label.setFixedWidth(LABEL_WIDTH_CHARS * label.fontMetrics().averageCharWidth())
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.field_labels[spec.field] = label
        box = QWidget(content)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(2)
        row_widget = widget
        if spec.kind in {"int", "float", "combo"}:
            widget.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            if spec.kind in {"int", "float"}:
                widget.setMinimumWidth(widget.fontMetrics().horizontalAdvance("0000.0 months") + 40)
        hint = None
        if spec.hint:
            hint = QLabel(spec.hint, box)
            hint.setProperty("role", "hint")
            hint.setWordWrap(True)
        if spec.kind in {"line", "text", "list", "history"}:
            inner.addWidget(row_widget)
            if hint is not None:
                inner.addWidget(hint)
        else:
            row = QHBoxLayout()
            row.setSpacing(12)
            row.addWidget(row_widget, 0, Qt.AlignmentFlag.AlignVCenter)
            if hint is not None:
                row.addWidget(hint, 1, Qt.AlignmentFlag.AlignVCenter)
            else:
                row.addStretch(1)
            inner.addLayout(row)
        error = QLabel(box)
        error.setProperty("role", "error")
        error.setObjectName(f"error_{spec.field}")
        error.setWordWrap(True)
        error.setVisible(False)
        error.setAccessibleName(f"{spec.text} error")
        inner.addWidget(error)
        form.addRow(label, box)
        self.binder.bind(spec.field, widget, error)

    def _connect_liver_editor(self) -> None:
        editor: Any = self.liver_editor
        editor.lesionsEdited.connect(lambda lesions: self.fieldEdited.emit("lesions", list(lesions)))
        editor.confirmedTypeChanged.connect(lambda value: self.fieldEdited.emit("confirmed_type", value))

    # --- showing -------------------------------------------------------------------------------
    def show_case(self, case: Case | None) -> None:
        self.binder.load(case)
        if case is None:
            self.setEnabled(False)
            return
        self.setEnabled(True)
        self._enable_dependent_fields(case)
        found = conflicts(case, dates.today())
        self.binder.set_conflicts({f: f"{self._label_text(f)}: {m}" for f, m in found.items()})

    def _enable_dependent_fields(self, case: Case) -> None:
        """ "Other site" is for a site the list does not have: off while a listed site is chosen (but
        never while it holds text, which must stay visible and editable)."""
        if self.binder.has("primary_site_other"):
            other = self.binder.widget("primary_site_other")
            active = case.primary_site in {"other", "unknown"} or bool(case.primary_site_other)
            if other.isEnabled() != active:
                other.setEnabled(active)
                label = self.field_labels.get("primary_site_other")
                if label is not None:
                    label.setEnabled(active)

    def entry_problems(self) -> list[tuple[str, str]]:
        """(field, message) for every rejected entry or conflict on screen: each one blocks Save."""
        return self.binder.problems()

    def rejected_entries(self) -> list[tuple[str, str]]:
        """(field, message) for every typed entry the model refused (lost when the case is left)."""
        return self.binder.rejected_entries()

    def _label_text(self, field: str) -> str:
        label = self.field_labels.get(field)
        return label.text() if label is not None else field

    def show_evaluation(self, case: Case | None, evaluation: Any) -> None:
        editor: Any = self.liver_editor
        resected = resected_segments(case.treatment_history) if case is not None else []
        editor.set_case_liver(case.lesions if case is not None else None, evaluation, resected)

    def show_field_error(self, field: str, message: str) -> None:
        self.binder.mark_error(field, message)

    def clear_field_error(self, field: str) -> None:
        self.binder.clear_error(field)

    def field_widget(self, field: str) -> QWidget:
        return self.binder.widget(field)

    # --- navigation ----------------------------------------------------------------------------
    def focus_fact(self, fact_id: str) -> bool:
        """Scroll to the control of a fact and focus it; lesion facts go to the liver editor."""
        if fact_id in LESION_FACTS or fact_id in LIVER_EDITOR_FIELDS:
            target: QWidget = self.liver_editor
            focus = getattr(self.liver_editor, "focus_fact", None)
            if not callable(focus):
                lesions = getattr(self.liver_editor, "focus_lesions", None)
                focus = (lambda _fact: lesions()) if callable(lesions) else None
            self.ensureWidgetVisible(target, 0, 40)
            if callable(focus):
                focus(fact_id)
            else:
                target.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if not self.binder.has(fact_id):
            return False
        widget = self.binder.widget(fact_id)
        label = self.field_labels.get(fact_id)
        self.ensureWidgetVisible(label or widget, 0, 80)
        self.ensureWidgetVisible(widget, 0, 80)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self._flash(label)
        return True

    def _flash(self, label: QLabel | None) -> None:
        if label is None:
            return
        label.setStyleSheet("background: #FBF1DC; border-radius: 3px;")
        QTimer.singleShot(1200, label, lambda: label.setStyleSheet(""))
