"""Edit > Settings: data folder, clinician name, institution, contact line, default report kind.

Reads and writes `nelm_desktop.core.settings` (pydantic model, atomic JSON in the config folder).
A value the model rejects is shown under the dialog and the dialog stays open.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nelm_desktop.core import paths
from nelm_desktop.core.settings import (
    Settings,
    load_settings_checked,
    save_settings,
)
from nelm_desktop.core.validation_messages import max_chars, too_long
from nelm_desktop.ui.widgets.accessible_names import name_generated_controls
from nelm_desktop.ui.widgets.refused_entry import mark_refused
from nelm_desktop.ui.widgets.style import REFUSED_ENTRY_STYLE

KIND_LABELS = (("summary", "Clinical summary (tumour board)"), ("handout", "Patient handout"))
FIELD_LABELS = {
    "clinician_name": "Clinician name",
    "institution": "Institution",
    "contact_line": "Contact line",
    "default_report_kind": "Default report",
    "data_dir": "Data folder",
}


def _problem_line(loc: tuple[int | str, ...], message: str, value: object) -> str:
    """The form's own words: the field's label, and the length when a text is too long."""
    field = str(loc[0]) if loc else ""
    label = FIELD_LABELS.get(field, field)
    if isinstance(value, str) and field in Settings.model_fields:
        with contextlib.suppress(KeyError):
            long_text = too_long(label, value, max_chars(Settings, field))
            if long_text:
                return long_text
    return f"{label}: {message}"


def settings_problems(values: dict[str, object]) -> tuple[Settings | None, list[tuple[str, str]]]:
    """`values` as the settings to save, or None and each refused field with its reason in the
    form's words (the settings dialog and the identity dialog before the first print)."""
    try:
        settings = Settings.model_validate(values)
    except ValidationError as exc:
        return None, [
            (str(e["loc"][0]) if e["loc"] else "", _problem_line(e["loc"], e["msg"], e.get("input")))
            for e in exc.errors()
        ]
    folder_problem = _folder_problem(settings)
    if folder_problem:
        return None, [("data_dir", folder_problem)]
    return settings, []


def _folder_problem(settings: Settings) -> str | None:
    """A data folder must be a full path to a folder: a relative one would put the library wherever
    the app happened to be started from."""
    if not settings.data_dir:
        return None
    folder = Path(settings.data_dir).expanduser()
    if not folder.is_absolute():
        return f"Data folder: give the full path (e.g. {paths.data_dir()}), not {settings.data_dir!r}"
    probe = folder  # the folder, or the nearest one above it that exists, must not be a file
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        return f"Data folder: {probe} is a file, not a folder"
    return None


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        self.setStyleSheet(REFUSED_ENTRY_STYLE)  # a refused field framed, its reason in bold red
        loaded = load_settings_checked()
        self.original = loaded.settings
        self.saved: Settings | None = None
        self.data_dir_changed = False

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.clinician = QLineEdit(self.original.clinician_name, self)
        self.institution = QLineEdit(self.original.institution, self)
        self.contact = QLineEdit(self.original.contact_line, self)
        self.contact.setPlaceholderText("e.g. NET clinic, phone 0123 456 789 (printed on the handout)")
        self.kind = QComboBox(self)
        for value, label in KIND_LABELS:
            self.kind.addItem(label, value)
        self.kind.setCurrentIndex(max(self.kind.findData(self.original.default_report_kind), 0))
        self.data_dir = QLineEdit(self.original.data_dir, self)
        self.data_dir.setPlaceholderText(str(paths.data_dir()))
        self.data_dir.setAccessibleName("Data folder")  # in a row with its button: no label buddy
        browse = QPushButton("Choose…", self)
        browse.setAccessibleName("Choose the data folder…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.data_dir, 1)
        folder_row.addWidget(browse)
        form.addRow("Clinician name", self.clinician)
        form.addRow("Institution", self.institution)
        form.addRow("Contact line", self.contact)
        form.addRow("Default report", self.kind)
        form.addRow("Data folder", folder_row)
        layout.addLayout(form)
        note = QLabel(
            "Leave the data folder empty for the default. A new folder is used after a restart.", self
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555555;")
        layout.addWidget(note)
        self.error = QLabel(self)
        self.error.setObjectName("settingsError")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.setVisible(bool(loaded.problem))
        self.error.setText(loaded.problem or "")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.fields: dict[str, QWidget] = {
            "clinician_name": self.clinician,
            "institution": self.institution,
            "contact_line": self.contact,
            "default_report_kind": self.kind,
            "data_dir": self.data_dir,
        }
        self._refused = False
        for edit in (self.clinician, self.institution, self.contact, self.data_dir):
            edit.textEdited.connect(self._recheck)
        name_generated_controls(self)  # Qt's own parts (lists, scroll bars, button row) named

    def _values(self) -> dict[str, object]:
        return {
            "clinician_name": self.clinician.text().strip(),
            "institution": self.institution.text().strip(),
            "contact_line": self.contact.text().strip(),
            "default_report_kind": self.kind.currentData(),
            "data_dir": self.data_dir.text().strip(),
        }

    def _show_problems(self, problems: list[tuple[str, str]]) -> None:
        """Each refused field framed (the data folder's frame was missing: only the line below said
        it), the others not; the reasons under the form."""
        self._refused = bool(problems)
        for field, widget in self.fields.items():
            mark_refused(widget, any(f == field for f, _m in problems))
        self.error.setText("\n".join(message for _f, message in problems))
        self.error.setVisible(bool(problems))

    def _recheck(self) -> None:
        """After a refusal, the frame and the reason follow the typing (gone once the entry is right)."""
        if self._refused:
            self._show_problems(settings_problems(self._values())[1])

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Data folder", self.data_dir.text() or str(paths.data_dir())
        )
        if folder:
            self.data_dir.setText(folder)

    def _save(self) -> None:
        settings, problems = settings_problems(self._values())
        if settings is None:
            self._show_problems(problems)
            return
        try:
            save_settings(settings)
        except OSError as exc:
            self.error.setText(f"Cannot save the settings: {exc.strerror or exc}")
            self.error.setVisible(True)
            return
        self.saved = settings
        self.data_dir_changed = settings.data_dir != self.original.data_dir
        self.accept()
