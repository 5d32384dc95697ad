"""Before the first print: who prints the report (clinician, institution, contact line), if unset.

The summary and the handout name the clinician and the institution; the handout tells the patient
whom to contact. Printed empty, they said "not set" or sent the patient to "ask your care team"
(issue #13, item 7). The answers go to the user's settings (``core.settings``), once.

Public API:

- ``needs_identity(settings) -> bool``: clinician or institution unset.
- ``IdentityDialog(settings, parent=None)``: ``clinician``, ``institution``, ``contact`` (QLineEdit),
  ``save_button``, ``skip_button``; ``exec()`` returns Accepted after a save (``saved`` holds the
  stored settings) or after "Print without" (``skipped`` is True); Rejected = do not print.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nelm_desktop.core.settings import Settings, save_settings
from nelm_desktop.ui.widgets.accessible_names import name_generated_controls
from nelm_desktop.ui.widgets.refused_entry import mark_refused
from nelm_desktop.ui.widgets.style import REFUSED_ENTRY_STYLE


def needs_identity(settings: Settings) -> bool:
    return not settings.clinician_name.strip() or not settings.institution.strip()


class IdentityDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who prints this report?")
        self.setStyleSheet(REFUSED_ENTRY_STYLE)  # a refused field framed, its reason in bold red
        self.original = settings
        self.saved: Settings | None = None
        self.skipped = False
        intro = QLabel(
            "The reports name the clinician and the institution, and the patient handout says whom to "
            "contact. They are not set yet; they are kept in Settings for the next reports.",
            self,
        )
        intro.setWordWrap(True)
        self.clinician = QLineEdit(settings.clinician_name, self)
        self.clinician.setAccessibleName("Clinician name")
        self.institution = QLineEdit(settings.institution, self)
        self.institution.setAccessibleName("Institution")
        self.contact = QLineEdit(settings.contact_line, self)
        self.contact.setAccessibleName("Contact line")
        self.contact.setPlaceholderText("e.g. NET clinic, phone 0123 456 789 (printed on the handout)")
        # As wide as its example: it was cut to '… 456 789 (p…' at the dialog's natural width.
        margins = self.contact.textMargins()
        self.contact.setMinimumWidth(
            self.contact.fontMetrics().horizontalAdvance(self.contact.placeholderText())
            + margins.left()
            + margins.right()
            + 24  # the frame and the text's inner margin
        )
        form = QFormLayout()
        form.addRow("Clinician name", self.clinician)
        form.addRow("Institution", self.institution)
        form.addRow("Contact line", self.contact)
        self.error = QLabel(self)
        self.error.setObjectName("identityError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(self)
        self.save_button = QPushButton("&Save and continue", self)
        self.skip_button = QPushButton("&Print without", self)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.skip_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save)
        self.skip_button.clicked.connect(self._skip)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        name_generated_controls(self)  # Qt's own parts (lists, scroll bars, button row) named

    def _save(self) -> None:
        from nelm_desktop.ui.window.settings_dialog import settings_problems

        fields = {
            "clinician_name": self.clinician,
            "institution": self.institution,
            "contact_line": self.contact,
        }
        updated, problems = settings_problems(
            {**self.original.model_dump(), **{key: edit.text().strip() for key, edit in fields.items()}}
        )
        # Shown in the form's words, the field framed, and the dialog stays open: nothing is silently
        # dropped (it said 'Not saved: 1 validation error for Settings … [type=string_too_long …]').
        for key, edit in fields.items():
            mark_refused(edit, any(field == key for field, _m in problems))
        if updated is None:
            self._refuse("\n".join(message for _f, message in problems))
            return
        try:
            save_settings(updated)
        except OSError as exc:
            self._refuse(f"Not saved: {exc.strerror or exc}")
            return
        self.saved = updated
        self.accept()

    def _refuse(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _skip(self) -> None:
        self.skipped = True
        self.accept()
