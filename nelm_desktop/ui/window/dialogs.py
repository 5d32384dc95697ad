"""Small dialogs: About (knowledge base and sources), case history (audit trail), damaged files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nelm_desktop import __version__
from nelm_desktop.core.dates import shown_time
from nelm_desktop.core.facts import fact_label
from nelm_desktop.core.model import Case
from nelm_desktop.core.store.errors import StoreError
from nelm_desktop.core.validation_messages import visible
from nelm_desktop.ui.widgets.accessible_names import name_generated_controls
from nelm_desktop.ui.widgets.markup import escape

if TYPE_CHECKING:
    from nelm_desktop.core.store import CaseStore
    from nelm_desktop.ui.case.case_session import CaseSession


def show_about(parent: QWidget, evaluation: Any = None) -> None:
    from nelm_desktop.core.sources import KNOWLEDGE_BASE_VERSION, SOURCES

    kb = evaluation.knowledge_base if evaluation is not None else KNOWLEDGE_BASE_VERSION
    sources = "".join(f"<li><b>{escape(key)}</b>: {escape(text)}</li>" for key, text in SOURCES.items())
    QMessageBox.about(
        parent,
        "About NELM Desktop",
        f"<h3>NELM Desktop {escape(__version__)}</h3>"
        "<p>Options per the source algorithm for neuroendocrine liver metastases, with the reasons, "
        "facts and sources behind each status. The clinician and the multidisciplinary tumour board "
        "decide; this tool does not replace clinical judgement.</p>"
        f"<p><b>Knowledge base:</b> {escape(kb)}</p>"
        f"<p><b>Sources</b></p><ul>{sources}</ul>"
        "<p>Works offline; cases stay on this computer.</p>",
    )


class HistoryDialog(QDialog):
    """The audit trail of a case (store.history): one row per saved revision."""

    def __init__(self, store: CaseStore, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History — {visible(case.patient_label) or case.case_id}")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Saved", "By", "Changes (old → new)"])
        self.tree.setAccessibleName("Saved revisions of this case")
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 170)
        self.tree.setColumnWidth(1, 110)
        layout.addWidget(self.tree, 1)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.problems: list[str] = []
        layout.addWidget(self.status)
        try:
            revisions = list(store.history(case.case_id))
        except StoreError as exc:
            revisions = []
            self.status.setText(str(exc))
        states = _states_by_revision_count(store, case)
        for number, revision in reversed(list(enumerate(revisions, start=1))):
            before, after = states.get(number - 1), states.get(number)
            lines = [_change_line(field, before, after) for field in revision.changed]
            changed = "; ".join(lines) or "—"
            item = QTreeWidgetItem([shown_time(revision.time), revision.user, changed])
            item.setToolTip(2, "\n".join(lines) or "—")
            self.tree.addTopLevelItem(item)
        if revisions and not self.status.text():
            try:
                problems = store.check_history(case.case_id)
            except StoreError as exc:
                problems = [str(exc)]
            self.problems = problems
            self.status.setText(
                f"{len(revisions)} saved revision(s). "
                + (
                    "The history chain is intact."
                    if not problems
                    else "⚠ The history does not verify: " + "; ".join(problems) + "."
                )
            )
        elif not revisions and not self.status.text():
            self.status.setText("This case has not been saved yet.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        name_generated_controls(self)  # Qt's own parts (lists, scroll bars, button row) named


def _states_by_revision_count(store: CaseStore, case: Case) -> dict[int, Case]:
    """Every kept version of the case by how many revisions it had (the state after that save)."""
    states: dict[int, Case] = {0: Case(case_id=case.case_id)}
    try:
        for backup in store.backups(case.case_id):
            kept = store.load_backup(case.case_id, backup.backup_id).case
            states[len(kept.revisions)] = kept
    except StoreError:
        pass  # values are a courtesy: the field names still show
    states[len(case.revisions)] = case
    return states


def _shown_value(value: Any) -> str:
    if value is None or value == "" or value == "unknown" or value == []:
        return "unknown"
    if isinstance(value, list):
        return f"{len(value)} item(s)"
    if isinstance(value, float):
        return f"{value:g}"
    text = str(getattr(value, "value", value))
    return text if len(text) <= 40 else text[:39] + "…"


def _change_line(field: str, before: Case | None, after: Case | None) -> str:
    """'Ki-67 index (%): 14 → 20' (labels, never keys; values when both versions are kept)."""
    label = fact_label(field)
    if before is None or after is None or field not in Case.model_fields:
        return label
    old, new = getattr(before, field), getattr(after, field)
    return f"{label}: {_shown_value(old)} → {_shown_value(new)}"


class QuarantineDialog(QDialog):
    """Damaged files the store set aside, with their reason; restore the newest good backup."""

    def __init__(self, store: CaseStore, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.session = store, session
        self.setWindowTitle("Damaged case files")
        self.resize(720, 380)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "These case files failed their checks and were moved aside, or could not be read at all "
            "(nothing was deleted). Select a moved one to restore its newest backup.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Case id", "Set aside", "Reason"])
        self.tree.setAccessibleName("Damaged case files")
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 200)
        self.tree.setColumnWidth(1, 150)
        self.tree.setWordWrap(True)
        layout.addWidget(self.tree, 1)
        for info in store.quarantined():
            item = QTreeWidgetItem([info.case_id, info.quarantined_at, info.reason])
            item.setToolTip(2, f"{info.reason}\n{info.path}")
            item.setData(0, Qt.ItemDataRole.UserRole, info.case_id)
            self.tree.addTopLevelItem(item)
        # Files the library could not read or move (no permission, not a regular file, a read-only
        # or full disk): shown so that no case is missing from the list without a word.
        for unreadable in store.unreadable():
            item = QTreeWidgetItem([unreadable.name, "not moved (left in place)", unreadable.reason])
            item.setToolTip(2, f"{unreadable.reason}\n{unreadable.path}")
            self.tree.addTopLevelItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton("Restore newest backup", self)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self._restore)
        self.tree.currentItemChanged.connect(self._selection_changed)
        self._selection_changed()
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        name_generated_controls(self)  # Qt's own parts (lists, scroll bars, button row) named

    def _selected_case(self) -> str | None:
        """The case id of the selected moved file; None for nothing selected or a file left in place
        (it has no backup to restore here: its reason says what to fix)."""
        item = self.tree.currentItem()
        case_id = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return case_id if isinstance(case_id, str) and case_id else None

    def _selection_changed(self, *_args: object) -> None:
        self.restore_button.setEnabled(self._selected_case() is not None)

    def _restore(self) -> None:
        case_id = self._selected_case()
        if case_id is None:
            return
        try:
            backups = self.store.backups(case_id)
        except StoreError as exc:
            QMessageBox.warning(self, "No backup", str(exc))
            return
        if not backups:
            QMessageBox.information(self, "No backup", "No backup of this case was kept.")
            return
        if self.session.confirm_discard() and self.session.restore_backup(case_id, backups[0].backup_id):
            self.accept()
