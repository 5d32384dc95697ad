""" "Save as time point": an optional label and an optional follow-up / re-discussion date (YYYY-MM-DD).
An invalid date is shown under the field and keeps OK disabled: it is never guessed or dropped."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from nelm_desktop.core.timeline import TimePointError
from nelm_desktop.core.timeline.points import MAX_LABEL, check_follow_up
from nelm_desktop.core.validation_messages import hidden_character, too_long
from nelm_desktop.ui.widgets.accessible_names import name_generated_controls
from nelm_desktop.ui.widgets.refused_entry import mark_refused
from nelm_desktop.ui.widgets.style import REFUSED_ENTRY_STYLE


class TimePointDialog(QDialog):
    def __init__(
        self, case_title: str, parent: QWidget | None = None, label: str = "", follow_up: str = ""
    ) -> None:
        """`label` / `follow_up`: what was typed for a time point that could not be kept, offered again."""
        super().__init__(parent)
        self.setWindowTitle("Save as time point")
        self.setStyleSheet(REFUSED_ENTRY_STYLE)  # the refusal in bold red, its field framed
        intro = QLabel(
            f"Keep a snapshot of “{case_title}” as it is now: its facts, the options the engine shows and "
            "the knowledge-base version. The case is saved first.",
            self,
        )
        intro.setWordWrap(True)
        self.label_edit = QLineEdit(self)
        self.label_edit.setObjectName("timePointLabel")
        self.label_edit.setPlaceholderText("e.g. restaging after PRRT")
        self.label_edit.setAccessibleName("Time point label")
        self.follow_up_edit = QLineEdit(self)
        self.follow_up_edit.setObjectName("timePointFollowUp")
        self.follow_up_edit.setPlaceholderText("YYYY-MM-DD (optional)")
        self.follow_up_edit.setAccessibleName("Follow-up or re-discussion date")
        self.error = QLabel(self)
        self.error.setObjectName("timePointError")
        self.error.setProperty("role", "error")
        self.error.setVisible(False)
        for edit in (self.label_edit, self.follow_up_edit):  # the hints read whole (they were cut at 125 px)
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(edit.placeholderText() + "  ") + 24)
        form = QFormLayout()
        form.addRow("Label", self.label_edit)
        form.addRow("Follow-up / re-discussion", self.follow_up_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.follow_up_edit.textChanged.connect(self._check)
        self.label_edit.textChanged.connect(self._check)
        self.label_edit.setText(label)
        self.follow_up_edit.setText(follow_up)
        name_generated_controls(self)  # Qt's own parts (lists, scroll bars, button row) named

    def _check(self) -> None:
        try:
            check_follow_up(self.follow_up_edit.text(), entered=True)
            message = ""
        except TimePointError as exc:
            message = str(exc)
        # Refused here, not stripped by the store: what is shown is what is kept.
        # A paste longer than the label keeps is named, never cut short by the field (setMaxLength did).
        text = self.label_edit.text()
        label_problem = hidden_character("The label", text) or too_long("The label", text, MAX_LABEL)
        for edit, refused in ((self.label_edit, bool(label_problem)), (self.follow_up_edit, bool(message))):
            mark_refused(edit, refused)
        message = label_problem or message
        self.error.setText(message)
        self.error.setVisible(bool(message))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not message)

    def label(self) -> str:
        return self.label_edit.text().strip()

    def follow_up(self) -> str:
        return check_follow_up(self.follow_up_edit.text(), entered=True)
