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

from pydantic import ValidationError
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


def needs_identity(settings: Settings) -> bool:
    return not settings.clinician_name.strip() or not settings.institution.strip()


class IdentityDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who prints this report?")
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
        form = QFormLayout()
        form.addRow("Clinician name", self.clinician)
        form.addRow("Institution", self.institution)
        form.addRow("Contact line", self.contact)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(self)
        self.save_button = QPushButton("Save and continue", self)
        self.skip_button = QPushButton("Print without", self)
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
        try:
            updated = Settings.model_validate(
                {
                    **self.original.model_dump(),
                    "clinician_name": self.clinician.text().strip(),
                    "institution": self.institution.text().strip(),
                    "contact_line": self.contact.text().strip(),
                }
            )
            save_settings(updated)
        except (ValidationError, OSError) as exc:
            # Shown, and the dialog stays open: nothing is silently dropped.
            self.error.setText(f"Not saved: {exc}")
            self.error.show()
            return
        self.saved = updated
        self.accept()

    def _skip(self) -> None:
        self.skipped = True
        self.accept()
