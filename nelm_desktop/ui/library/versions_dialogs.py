"""Earlier versions of a case (restore any kept backup) and the trash (restore or empty it).

Public API: ``VersionsDialog(session, case, parent)`` and ``TrashDialog(session, parent)``. Both act
through the case session, so a restore follows the same unsaved-changes prompt, conflict handling and
library refresh as every other way of opening a case. Nothing here deletes without a confirmation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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

from nelm_desktop.core.dates import shown_time
from nelm_desktop.core.model import PRIMARY_SITE_LABELS, Case
from nelm_desktop.core.store.errors import StoreError
from nelm_desktop.core.validation_messages import visible
from nelm_desktop.ui.widgets.accessible_names import name_generated_controls
from nelm_desktop.ui.widgets.questions import confirm

if TYPE_CHECKING:
    from nelm_desktop.ui.case.case_session import CaseSession

ID_ROLE = Qt.ItemDataRole.UserRole


def _tree(parent: QWidget, headers: list[str], widths: list[int]) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    for column, width in enumerate(widths):
        tree.setColumnWidth(column, width)
    return tree


class VersionsDialog(QDialog):
    """The kept earlier versions of one case, newest first; restore the one selected."""

    def __init__(self, session: CaseSession, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.case_id = session, case.case_id
        self.setWindowTitle(f"Earlier versions — {visible(case.patient_label) or case.case_id}")
        self.resize(560, 380)
        layout = QVBoxLayout(self)
        hint = QLabel(
            "Each save keeps the version it replaces. Restoring makes the selected version current; "
            "the version it replaces is kept too, so nothing is lost.",
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.tree = _tree(self, ["Saved", "Size"], [260, 100])
        self.tree.setAccessibleName("Earlier versions of this case")
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton("&Restore this version", self)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        self.tree.itemDoubleClicked.connect(lambda *_: self.restore_selected())
        layout.addWidget(buttons)
        self._fill()
        name_generated_controls(self)  # Qt's own parts (lists, scroll bars, button row) named

    def _fill(self) -> None:
        self.tree.clear()
        try:
            backups = self.session.store.backups(self.case_id)
        except StoreError as exc:
            backups = []
            QMessageBox.warning(self, "Cannot list earlier versions", str(exc))
        for backup in backups:
            item = QTreeWidgetItem([shown_time(backup.saved_at), f"{max(1, backup.size // 1024)} KB"])
            item.setData(0, ID_ROLE, backup.backup_id)
            self.tree.addTopLevelItem(item)
        if backups:
            first = self.tree.topLevelItem(0)
            if first is not None:
                self.tree.setCurrentItem(first)
        else:
            none = QTreeWidgetItem(["No earlier versions kept yet."])
            none.setData(1, Qt.ItemDataRole.AccessibleTextRole, "No size")  # its empty cell, named
            self.tree.addTopLevelItem(none)
            none.setFirstColumnSpanned(True)
        self.restore_button.setEnabled(bool(backups))

    def restore_selected(self) -> bool:
        item = self.tree.currentItem()
        backup_id = item.data(0, ID_ROLE) if item is not None else None
        if not backup_id:
            return False
        if not self.session.confirm_discard():
            return False
        if self.session.restore_backup(self.case_id, backup_id):
            self.accept()
            return True
        return False


class TrashDialog(QDialog):
    """Deleted cases: restore one, or empty the trash for good (after a confirmation)."""

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Trash")
        self.resize(600, 380)
        layout = QVBoxLayout(self)
        hint = QLabel("Deleted cases stay here until the trash is emptied.", self)
        layout.addWidget(hint)
        self.tree = _tree(self, ["Case", "Primary", "Last edited"], [260, 140, 150])
        self.tree.setAccessibleName("Deleted cases")
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton("&Restore", self)
        self.empty_button = QPushButton("&Empty trash…", self)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.empty_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        self.empty_button.clicked.connect(self.empty)
        # Enter restores the case selected; it asked to delete the whole trash for good (the empty
        # button was the dialog's default).
        self.empty_button.setAutoDefault(False)
        self.restore_button.setDefault(True)
        layout.addWidget(buttons)
        self._fill()
        name_generated_controls(self)  # Qt's own parts (lists, scroll bars, button row) named

    def _fill(self) -> None:
        self.tree.clear()
        try:
            trashed = self.session.store.trash()
        except StoreError as exc:
            trashed = []
            QMessageBox.warning(self, "Cannot read the trash", str(exc))
        for summary in trashed:
            label = visible(summary.patient_label) or summary.case_id
            primary = PRIMARY_SITE_LABELS.get(summary.primary_site, summary.primary_site)  # as the library
            item = QTreeWidgetItem([label, primary, shown_time(summary.updated_at)])
            item.setData(0, ID_ROLE, summary.case_id)
            self.tree.addTopLevelItem(item)
        if trashed:
            first = self.tree.topLevelItem(0)
            if first is not None:
                self.tree.setCurrentItem(first)
        self.restore_button.setEnabled(bool(trashed))
        self.empty_button.setEnabled(bool(trashed))

    def restore_selected(self) -> bool:
        item = self.tree.currentItem()
        case_id = item.data(0, ID_ROLE) if item is not None else None
        if not case_id:
            return False
        restored = bool(self.session.restore_deleted(case_id))
        self._fill()
        return restored

    def empty(self) -> int:
        count = self.tree.topLevelItemCount()
        kept = len(self.session.store.trash_kept_on_empty())
        also = (
            f"\n\n{kept} of them are also in the library (restored or imported again): their trashed "
            "versions are kept as earlier versions of that case (Versions…), not deleted."
            if kept
            else ""
        )
        if not confirm(
            self,
            "Empty trash",
            f"Delete the {count} case(s) in the trash for good? This cannot be undone.{also}",
            "&Delete for good",
        ):
            return 0
        try:
            removed = int(self.session.store.empty_trash())
        except StoreError as exc:
            QMessageBox.warning(self, "Cannot empty the trash", str(exc))
            return 0
        self._fill()
        return removed
