"""Small dialogs: About (knowledge base and sources), case history (audit trail), damaged files."""

from __future__ import annotations

import html
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
from nelm_desktop.core.model import Case
from nelm_desktop.core.store.errors import StoreError

if TYPE_CHECKING:
    from nelm_desktop.core.store import CaseStore
    from nelm_desktop.ui.case.case_session import CaseSession


def show_about(parent: QWidget, evaluation: Any = None) -> None:
    from nelm_desktop.core.sources import KNOWLEDGE_BASE_VERSION, SOURCES

    kb = evaluation.knowledge_base if evaluation is not None else KNOWLEDGE_BASE_VERSION
    sources = "".join(
        f"<li><b>{html.escape(key)}</b>: {html.escape(text)}</li>" for key, text in SOURCES.items()
    )
    QMessageBox.about(
        parent,
        "About NELM Desktop",
        f"<h3>NELM Desktop {html.escape(__version__)}</h3>"
        "<p>Options per the source algorithm for neuroendocrine liver metastases, with the reasons, "
        "facts and sources behind each status. The clinician and the multidisciplinary tumour board "
        "decide; this tool does not replace clinical judgement.</p>"
        f"<p><b>Knowledge base:</b> {html.escape(kb)}</p>"
        f"<p><b>Sources</b></p><ul>{sources}</ul>"
        "<p>Works offline; cases stay on this computer.</p>",
    )


class HistoryDialog(QDialog):
    """The audit trail of a case (store.history): one row per saved revision."""

    def __init__(self, store: CaseStore, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History — {case.patient_label or case.case_id}")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Saved", "By", "Fields changed"])
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 170)
        self.tree.setColumnWidth(1, 110)
        layout.addWidget(self.tree, 1)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        try:
            revisions = list(store.history(case.case_id))
        except StoreError as exc:
            revisions = []
            self.status.setText(str(exc))
        for revision in reversed(revisions):
            changed = ", ".join(revision.changed) or "—"
            item = QTreeWidgetItem([revision.time, revision.user, changed])
            item.setToolTip(2, changed)
            self.tree.addTopLevelItem(item)
        if revisions and not self.status.text():
            try:
                intact = store.verify_history(case)
            except StoreError:
                intact = False
            self.status.setText(
                f"{len(revisions)} saved revision(s). "
                + ("The history chain is intact." if intact else "⚠ The history chain does not verify.")
            )
        elif not revisions and not self.status.text():
            self.status.setText("This case has not been saved yet.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


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
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _restore(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        case_id = item.data(0, Qt.ItemDataRole.UserRole)
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
