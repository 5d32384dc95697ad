"""What happens to cases on disk: new, open, save, close, duplicate, delete, drafts after a crash.

The session speaks to the store (nelm_desktop.core.store.CaseStore) and asks the user when a choice is
needed: unsaved changes (Save / Discard / Cancel), a case changed by another window (keep mine as a
copy / reload), a damaged file (restore the newest good backup). A failed save keeps the edit in
memory and says why; nothing here raises into Qt.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from nelm_desktop.core import dates
from nelm_desktop.core.dates import date_problems
from nelm_desktop.core.facts import fact_label
from nelm_desktop.core.model import Case, new_case, stored_text_problems
from nelm_desktop.core.store.errors import ConflictError, CorruptCaseError, ReadOnlyCaseError, StoreError
from nelm_desktop.core.validation_messages import visible
from nelm_desktop.ui.case.case_document import CaseDocument
from nelm_desktop.ui.case.recovery import RecoveryFiles

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox as MessageBox

    from nelm_desktop.core.store import CaseStore

log = logging.getLogger(__name__)

AUTOSAVE_DELAY_MS = 3000


def case_title(case: Case) -> str:
    label = visible(case.patient_label) or "Untitled case"  # a stored override shown as [U+202E]
    return f"[DEMO] {label}" if case.demo else label


class CaseSession(QObject):
    libraryChanged = Signal()
    caseSaved = Signal(
        object
    )  # the LoadedCase just written by save(), save_copy(), duplicate(), a restore: one row
    caseRemoved = Signal(str)  # the case id just moved to the trash, or its damaged file set aside: one row
    message = Signal(str)  # one line for the status bar

    def __init__(
        self,
        store: CaseStore,
        document: CaseDocument,
        recovery: RecoveryFiles,
        parent_widget: QWidget,
        autosave_ms: int = AUTOSAVE_DELAY_MS,
    ) -> None:
        super().__init__(parent_widget)
        self.store = store
        self.doc = document
        self.recovery = recovery
        self._parent = parent_widget
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(autosave_ms)
        self._autosave.timeout.connect(self.autosave_now)
        self.doc.caseChanged.connect(self._schedule_autosave)
        # Set by the window: entries on screen that block a save (field, message), and how to show one.
        self.entry_problems: Callable[[], list[tuple[str, str]]] = list
        # The subset that is lost on leaving: typed entries the model refused (not a stored bad date).
        self.rejected_entries: Callable[[], list[tuple[str, str]]] = list
        self.focus_field: Callable[[str], object] = lambda _field: None
        # The first edit of a clean case emits caseChanged while the undo stack is still clean (the
        # command's redo runs before the push completes): dirtyChanged is what marks it unsaved.
        self.doc.dirtyChanged.connect(self._schedule_autosave)

    # --- prompts -------------------------------------------------------------------------------
    def confirm_discard(self) -> bool:
        """True when it is fine to leave the open case (saved, discarded, or nothing to lose)."""
        if self.doc.case is None:
            return True
        from nelm_desktop.ui.widgets.questions import Btn, ask

        if not self.doc.is_dirty:
            problems = self.rejected_entries()
            if not problems:
                return True
            answer = ask(
                self._parent,
                "Entry not accepted",
                "This entry was not accepted and will not be kept:\n\n"
                + "\n".join(message for _f, message in problems),
                Btn.Discard | Btn.Cancel,
                Btn.Cancel,
            )
            if answer != Btn.Discard:
                self.focus_field(problems[0][0])
                return False
            return True
        answer = ask(
            self._parent,
            "Unsaved changes",
            f"“{case_title(self.doc.case)}” has unsaved changes. Save them before leaving it?",
            Btn.Save | Btn.Discard | Btn.Cancel,
            Btn.Save,
        )
        if answer == Btn.Save:
            return self.save()
        if answer == Btn.Discard:
            self.recovery.discard(self.doc.case.case_id)
            return True
        return False

    # --- case lifecycle ------------------------------------------------------------------------
    def new_case(self) -> bool:
        if not self.confirm_discard():
            return False
        self.doc.open_case(new_case())
        self.message.emit("New case: every fact starts as unknown.")
        return True

    def open_case(self, case_id: str, *, ask: bool = True) -> bool:
        if self.doc.case is not None and self.doc.case.case_id == case_id:
            return True
        if ask and not self.confirm_discard():
            return False
        try:
            loaded = self.store.load(case_id)
        except CorruptCaseError as exc:
            return self._offer_backup(exc)
        except StoreError as exc:
            self._warn("Cannot open the case", str(exc))
            self._removed_behind(case_id)
            return False
        self._show_loaded(loaded)
        return True

    def _removed_behind(self, case_id: str) -> None:
        """A case that could not be opened or deleted because another program (a second window)
        removed its file meanwhile: its row taken out, as a delete here does (no ghost row)."""
        try:
            gone = not self.store.case_path(case_id).exists()
        except (OSError, ValueError, StoreError):
            return
        if gone:
            self.caseRemoved.emit(case_id)

    def _show_loaded(self, loaded: Any) -> None:
        try:
            saved_at = (
                datetime.fromisoformat(loaded.case.updated_at).astimezone()
                if loaded.case.updated_at
                else None
            )
        except ValueError:
            saved_at = None
        self.doc.open_case(
            loaded.case,
            loaded_hash=loaded.file_hash,
            path=loaded.path,
            read_only=loaded.read_only,
            saved_at=saved_at,
        )
        stored_problems = date_problems(loaded.case, dates.today())
        if stored_problems:
            # A file saved before the date rules: opened as written, marked, and Save waits for a fix.
            self.message.emit(
                "Correct the marked date before saving: "
                + "; ".join(f"{fact_label(f)} {m}" for f, m in stored_problems.items())
            )
        hidden = stored_text_problems(loaded.case)
        if hidden:
            # Written by another program or an older app: kept as written, marked, Save waits.
            self.message.emit(
                "Remove the marked hidden character before saving: "
                + "; ".join(f"{fact_label(f)} {m}" for f, m in hidden.items())
            )
        if loaded.read_only:
            self.message.emit(
                loaded.read_only_reason or "This case is read-only; save your changes as a copy."
            )

    def close_case(self) -> bool:
        if self.doc.case is None:
            return True
        if not self.confirm_discard():
            return False
        self.recovery.discard(self.doc.case.case_id)
        self.doc.close_case()
        return True

    def ready_to_save(self) -> bool:
        """Nothing the user sees may differ from what is written: a rejected entry or a conflict on
        screen blocks the save (named, and focused); an unlabelled case asks for a label first."""
        problems = self.entry_problems()
        if problems:
            self._warn(
                "Not saved",
                "Fix the marked fields first; nothing was written:\n\n"
                + "\n".join(message for _f, message in problems),
            )
            self.focus_field(problems[0][0])
            return False
        case = self.doc.case
        if case is not None and not case.patient_label.strip():
            return self._ask_label(case)
        return True

    def _ask_label(self, case: Case) -> bool:
        suggestion = f"Case {datetime.now():%Y-%m-%d} {case.case_id[:4].upper()}"
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(
            self._parent,
            "Label this case",
            "A pseudonymous label (no full names: it is printed on reports):",
            QLineEdit.EchoMode.Normal,
            suggestion,
        )
        text = text.strip() if ok else ""
        if not text:
            self.message.emit("Not saved: the case needs a label.")
            return False
        error = self.doc.apply("patient_label", text)
        if error:
            self._warn("Not saved", error)
            return False
        return True

    def save(self) -> bool:
        case = self.doc.case
        if case is None:
            return False
        if not self.ready_to_save():
            return False
        case = self.doc.case
        assert case is not None
        if self.doc.read_only:
            return self.save_copy()
        try:
            loaded = self.store.save(case, expected_hash=self.doc.loaded_hash)
        except ConflictError as exc:
            return self._resolve_conflict(exc)
        except ReadOnlyCaseError as exc:
            if self._ask(
                "Read-only case", f"{exc}\n\nSave your version as a new case?", "Save as a &new case"
            ):
                return self.save_copy()
            return False
        except StoreError as exc:
            self._warn("Not saved", f"{exc}\n\nYour changes are still open in the editor.")
            return False
        self.doc.mark_saved(loaded.case, loaded.file_hash, loaded.path)
        self.recovery.discard(case.case_id)
        self.caseSaved.emit(loaded)
        self.message.emit(f"Saved “{case_title(loaded.case)}”.")
        return True

    def save_copy(self) -> bool:
        if self.doc.case is None or not self.ready_to_save():
            return False
        case = self.doc.case
        try:
            loaded = self.store.save_copy(case)
        except StoreError as exc:
            self._warn("Not saved", f"{exc}\n\nYour changes are still open in the editor.")
            return False
        self.recovery.discard(case.case_id)
        self._show_loaded(loaded)
        self.caseSaved.emit(loaded)
        self.message.emit(f"Saved as a new case “{case_title(loaded.case)}”.")
        return True

    def _resolve_conflict(self, exc: ConflictError) -> bool:
        if exc.deleted:
            return self._resolve_deleted(exc)
        QMessageBox, Btn = _message_box()
        box = QMessageBox(self._parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Changed in another window")
        box.setText(str(exc))
        keep = box.addButton("Keep mine as a copy", QMessageBox.ButtonRole.AcceptRole)
        reload = box.addButton("Reload theirs", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(Btn.Cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is keep:
            return self.save_copy()
        if clicked is reload:
            self.recovery.discard(exc.case_id)
            if exc.theirs is not None:
                self._show_loaded(exc.theirs)
                self.caseSaved.emit(exc.theirs)  # its one row, as the other window saved it
            else:
                self.doc.close_case()
                self.caseRemoved.emit(exc.case_id)  # the other window deleted it
            return True
        return False

    def _resolve_deleted(self, exc: ConflictError) -> bool:
        """Another window or program deleted the case while it was open here: Save wrote it back with no
        word, undoing the deletion. Now the user is told and chooses."""
        QMessageBox, Btn = _message_box()
        box = QMessageBox(self._parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Deleted in another window")
        box.setText(str(exc))
        again = box.addButton("Save it &again", QMessageBox.ButtonRole.AcceptRole)
        close = box.addButton("&Close without saving", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(Btn.Cancel)
        box.setDefaultButton(Btn.Cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is again:
            try:
                loaded = self.store.save_again(exc.mine)
            except StoreError as error:
                self._warn("Not saved", f"{error}\n\nYour changes are still open in the editor.")
                return False
            self.doc.mark_saved(loaded.case, loaded.file_hash, loaded.path)
            self.recovery.discard(exc.case_id)
            self.caseSaved.emit(loaded)
            self.message.emit(f"Saved “{case_title(loaded.case)}” again.")
            return True
        if clicked is close:
            self.recovery.discard(exc.case_id)
            self.doc.close_case()
            self.caseRemoved.emit(exc.case_id)
            return True
        return False

    def _offer_backup(self, exc: CorruptCaseError) -> bool:
        self.caseRemoved.emit(exc.case_id)  # the damaged file left the list for quarantine
        good = exc.good_backup
        if good is None:
            self._warn("Damaged case file", str(exc))
            return False
        saved = dates.shown_time(good.saved_at)  # kept in UTC: shown in this computer's time
        if not self._ask(
            "Damaged case file", f"{exc}\n\nRestore the backup saved {saved}?", "&Restore the backup"
        ):
            return False
        return self.restore_backup(exc.case_id, good.backup_id)

    def restore_backup(self, case_id: str, backup_id: str) -> bool:
        try:
            loaded = self.store.restore_backup(case_id, backup_id)
        except StoreError as exc:
            self._warn("Cannot restore the backup", str(exc))
            return False
        self._show_loaded(loaded)
        self.caseSaved.emit(loaded)  # its one row
        self.message.emit("Restored the case from its backup.")
        return True

    # --- library operations --------------------------------------------------------------------
    def duplicate(self, case_id: str) -> bool:
        if not self.confirm_discard():
            return False
        try:
            source = self.store.load(case_id).case
            copy = source.model_copy(deep=True)
            copy.demo = False
            loaded = self.store.save_copy(copy)  # new case id; the store marks the label "(copy)"
        except StoreError as exc:
            self._warn("Cannot duplicate the case", str(exc))
            return False
        self._show_loaded(loaded)
        self.caseSaved.emit(loaded)  # one new row
        self.message.emit(f"Duplicated as “{case_title(loaded.case)}”.")
        return True

    def delete(self, case_id: str, label: str) -> bool:
        # The open case with unsaved edits: Save / Discard / Cancel first, as when leaving it. Its edits
        # were dropped with no word (the draft too), and Undo brought back the version without them.
        open_here = self.doc.case is not None and self.doc.case.case_id == case_id
        if open_here and not self.confirm_discard():
            return False
        if not self._ask(
            "Delete case",
            f"Move “{label or 'this case'}” to the trash?\n\nYou can undo this right away or restore it "
            "from the trash later.",
            "Move to &trash",
        ):
            return False
        try:
            self.store.delete(case_id)
        except StoreError as exc:
            self._warn("Cannot delete the case", str(exc))
            self._removed_behind(case_id)
            return False
        if self.doc.case is not None and self.doc.case.case_id == case_id:
            self.recovery.discard(case_id)
            self.doc.close_case()
        self.caseRemoved.emit(case_id)  # its one row
        return True

    def restore_deleted(self, case_id: str) -> bool:
        try:
            loaded = self.store.restore_from_trash(case_id)
        except StoreError as exc:
            self._warn("Cannot restore the case", str(exc))
            # (another program may have put a case of that id in the library meanwhile: listed as it is)
            self.libraryChanged.emit()
            return False
        self.caseSaved.emit(loaded)  # its one row
        return True

    # --- drafts --------------------------------------------------------------------------------
    def _schedule_autosave(self, _case: Any = None) -> None:
        # Not restarted by later edits: while the user keeps typing, a draft is still written
        # within one delay of the first unsaved edit.
        if self.doc.is_dirty and not self._autosave.isActive():
            self._autosave.start()

    def autosave_now(self) -> None:
        case = self.doc.case
        if case is None or not self.doc.is_dirty:
            return
        try:
            self.recovery.write(case, self.doc.loaded_hash)
        except OSError as exc:
            self.message.emit(f"Could not write the recovery draft: {exc.strerror or exc}")

    def offer_drafts(self) -> bool:
        """After a crash: offer the newest unsaved draft. True when one was restored."""
        drafts = self.recovery.pending()
        if not drafts:
            return False
        draft = drafts[0]
        more = (
            f"\n\n{len(drafts) - 1} older draft(s) are kept in {self.recovery.folder}."
            if len(drafts) > 1
            else ""
        )
        from nelm_desktop.ui.widgets.questions import Btn, ask

        answer = ask(
            self._parent,
            "Restore unsaved changes?",
            f"NELM Desktop did not close normally. Unsaved changes to “{case_title(draft.case)}” "
            f"from {dates.shown_time(draft.written_at)} were kept.\n\nRestore them?{more}",
            Btn.Yes | Btn.No,
            Btn.Yes,  # Enter keeps the work; throwing it away takes its own button
            {Btn.Yes: "&Restore them", Btn.No: "&Discard them"},
        )
        if answer != Btn.Yes:
            self.recovery.discard_draft(draft)
            return False
        path = None
        with contextlib.suppress(StoreError, KeyError, OSError):  # never saved before the crash
            path = self.store.load(draft.case.case_id).path
        self.doc.open_case(draft.case, loaded_hash=draft.base_hash, path=path, dirty=True)
        # The draft now belongs to this window: written under its name before the old one goes.
        self.autosave_now()
        if self.recovery.path_for(draft.case.case_id).exists():
            self.recovery.discard_draft(draft)
        self.message.emit("Restored unsaved changes; save to keep them.")
        return True

    # --- helpers -------------------------------------------------------------------------------
    def _ask(self, title: str, text: str, action: str) -> bool:
        """True on the button named `action`; Cancel, Esc and Enter (the default) say no."""
        from nelm_desktop.ui.widgets.questions import confirm

        return confirm(self._parent, title, text, action)

    def _warn(self, title: str, text: str) -> None:
        log.warning("%s: %s", title, text)
        QMessageBox, _btn = _message_box()
        QMessageBox.warning(self._parent, title, text)


def _message_box() -> tuple[type[MessageBox], type[MessageBox.StandardButton]]:
    """QMessageBox and its buttons, imported when a question is first asked (not at start-up: the
    type and its enums are made on first use)."""
    from PySide6.QtWidgets import QMessageBox

    return QMessageBox, QMessageBox.StandardButton
