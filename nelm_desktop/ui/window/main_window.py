"""The main window: library (left) | case editor (centre) | options panel (right), menus and status bar.

The window composes the widgets and routes signals; it holds no clinical logic. State flows one way:
form edit -> `CaseDocument.apply` (pydantic validation) -> engine -> form, liver editor, options panel.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent

# Dialogs (QMessageBox, QFileDialog) are imported where they are used: PySide makes a Qt type and
# its enums on first use, and a start-up shows none.
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from nelm_desktop.ui.widgets.accessible_names import name_generated_controls
from nelm_desktop.ui.widgets.screen_fit import fit_to_screen, keep_on_screen
from nelm_desktop.ui.window.actions import build_actions
from nelm_desktop.ui.window.board_link import BoardLink
from nelm_desktop.ui.window.library_files import LibraryFiles
from nelm_desktop.ui.window.library_sync import LibrarySync
from nelm_desktop.ui.window.pane_focus import PaneFocus
from nelm_desktop.ui.window.recent import forget_case, recent_case_ids, remember_case
from nelm_desktop.ui.window.window_state import (
    restore_splitter,
    restore_window_state,
    save_window_state,
    save_zoom,
    saved_zoom,
)
from nelm_desktop.ui.window.zoom import apply_zoom

if TYPE_CHECKING:
    from nelm_desktop.core.store import CaseStore
    from nelm_desktop.ui.case.case_document import CaseDocument
    from nelm_desktop.ui.case.case_form import CaseForm
    from nelm_desktop.ui.case.case_session import CaseSession
    from nelm_desktop.ui.case.recovery import RecoveryFiles
    from nelm_desktop.ui.library.library_panel import LibraryPanel
    from nelm_desktop.ui.liver.liver_editor import LiverEditor
    from nelm_desktop.ui.options.options_panel import OptionsPanel
    from nelm_desktop.ui.printing.controller import PrintController
    from nelm_desktop.ui.timeline.controller import TimelineController

APP_TITLE = "NELM Desktop"


def default_pane_sizes(width: int) -> list[int]:
    """Library | form | options as shares of the window width (fits 1366 px as well as 2880 px)."""
    library = max(220, int(width * 0.19))
    options = max(320, int(width * 0.33))
    return [library, max(width - library - options, 400), options]


class MainWindow(LibrarySync, QMainWindow):
    """Built in two steps so the first frame appears fast: the frame (menus, status bar, empty panes,
    saved geometry) in ``__init__``, the panels in `build` (the app calls it right after the first
    paint; with ``defer=False``, the default, ``__init__`` calls it at once). The library list's
    keeping in step with the store is `LibrarySync`'s."""

    store: CaseStore  # set in __init__ or, when the window is deferred, in build
    document: CaseDocument
    recovery: RecoveryFiles
    library: LibraryPanel
    form: CaseForm
    session: CaseSession
    liver_editor: LiverEditor
    options_panel: OptionsPanel
    timeline: TimelineController

    def __init__(
        self,
        store: CaseStore | None,
        data_root: Path,
        demo: bool = False,
        autosave_ms: int = 3000,
        defer: bool = False,
    ) -> None:
        super().__init__()
        if store is not None:
            self.store = store
        self.demo = demo
        self.data_root = data_root
        self.autosave_ms = autosave_ms
        self.built = False
        self.setObjectName("mainWindow")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        for _ in range(3):
            self.splitter.addWidget(QWidget(self.splitter))
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.setCentralWidget(self.splitter)
        self._build_status_bar()
        self.board = BoardLink(self)  # these three before the menus, whose actions call them
        self.files = LibraryFiles(self)
        self.pane_focus = PaneFocus(self)
        self.menu_actions = build_actions(self)
        self.print_controller: PrintController | None = None
        self.zoom_level = saved_zoom()
        self._shown_case_id: str | None = None
        fit_to_screen(self, 1440, 900)
        self.splitter.setSizes(default_pane_sizes(self.width()))
        if restore_window_state(self, self.splitter):
            keep_on_screen(self)  # saved on a larger screen: pull it back onto this one
        self._loader: Any = None  # the background listing at start-up (open_library)
        self._recheck: Any = None  # the check of the library after a save (_case_saved)
        self._side_fill = 0  # which filling of the follow-ups and board statuses is current
        self._refresh_pending = False
        self._update_title()
        self._update_actions()
        if not defer:
            self.build()

    def build(self, store: CaseStore | None = None) -> None:
        """Create the panels (imports the model, engine glue and widgets) and wire them."""
        from nelm_desktop.ui.case.case_document import CaseDocument
        from nelm_desktop.ui.case.case_form import CaseForm
        from nelm_desktop.ui.case.case_session import CaseSession
        from nelm_desktop.ui.case.recovery import RecoveryFiles
        from nelm_desktop.ui.library.library_panel import LibraryPanel
        from nelm_desktop.ui.liver.liver_editor import LiverEditor
        from nelm_desktop.ui.options.options_panel import OptionsPanel
        from nelm_desktop.ui.timeline.controller import TimelineController
        from nelm_desktop.ui.window.actions import connect_undo

        if store is not None:
            self.store = store
        self.document = CaseDocument(self)
        self.recovery = RecoveryFiles(self.data_root)
        self.library = LibraryPanel(self)
        self.liver_editor = LiverEditor()
        self.form = CaseForm(self.liver_editor, self)
        self.options_panel = OptionsPanel(self, lazy=True)
        self.options_panel.setObjectName("optionsPanel")

        empty = QLabel(
            "No case open.\n\nCreate a new case (Ctrl+N) or pick one from the library on the left.", self
        )
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setWordWrap(True)
        empty.setStyleSheet("color: #555555; font-size: 12pt;")
        self.centre = QStackedWidget(self)
        self.centre.addWidget(empty)
        self.centre.addWidget(self.form)

        sizes = default_pane_sizes(self.width())
        for index, widget in enumerate((self.library, self.centre, self.options_panel)):
            placeholder = self.splitter.replaceWidget(index, widget)
            if placeholder is not None:
                placeholder.deleteLater()
        if not restore_splitter(self.splitter):
            self.splitter.setSizes(sizes)

        self.session = CaseSession(self.store, self.document, self.recovery, self, self.autosave_ms)
        self.timeline = TimelineController(self, self.document, self.session, self.store)
        self.session.entry_problems = self.form.entry_problems
        self.session.rejected_entries = self.form.rejected_entries
        self.session.focus_field = self.form.focus_fact
        self._connect()
        connect_undo(self)
        self.form.setAccessibleName("Case form")
        name_generated_controls(self, button_rows=False)  # its dialogs name their own
        self.built = True
        if self.zoom_level:
            apply_zoom(self, self.zoom_level)  # the level remembered from the last session
        self._update_title()
        self._update_actions()

    # --- construction --------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        self.save_state_label = QLabel(self)
        self.save_state_label.setObjectName("saveState")
        self.statusBar().addPermanentWidget(self.save_state_label)
        if self.demo:
            demo = QLabel(" DEMO library: changes are thrown away when the app closes ", self)
            demo.setStyleSheet("background: #8A4B00; color: white; font-weight: 600; border-radius: 3px;")
            self.statusBar().addPermanentWidget(demo)

    def _connect(self) -> None:
        doc = self.document
        self.form.fieldEdited.connect(self._field_edited)
        doc.caseChanged.connect(self._case_changed)
        doc.evaluationChanged.connect(self._evaluation_changed)
        doc.evaluationFailed.connect(lambda text: self.statusBar().showMessage(text, 10000))
        doc.dirtyChanged.connect(self._dirty_changed)
        doc.savedChanged.connect(self._update_save_state)
        doc.savedChanged.connect(self._remember_shown_case)
        self.options_panel.factRequested.connect(self.focus_fact)
        self.form.rejectedEntriesChanged.connect(
            lambda: self.options_panel.set_stale_entries(self.form.stale_entries())
        )
        self.session.libraryChanged.connect(self.refresh_library)
        self.session.caseSaved.connect(self._case_saved)
        self.session.caseRemoved.connect(self._case_removed)
        self.session.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        lib = self.library
        lib.openRequested.connect(self._open_from_library)
        lib.newRequested.connect(self.new_case)
        lib.duplicateRequested.connect(self.session.duplicate)
        lib.deleteRequested.connect(self._delete_case)
        lib.undoDeleteRequested.connect(self.session.restore_deleted)
        lib.quarantineRequested.connect(self.files.show_quarantine)
        self.pane_focus.follow_focus()
        self._clock = QTimer(self)  # "last saved 3 min ago" stays current
        self._clock.setInterval(30_000)
        self._clock.timeout.connect(self._update_save_state)
        self._clock.start()

    # --- after the window is painted -----------------------------------------------------------
    def load_library(self) -> None:
        """Fill the library, offer drafts left by a crash, else reopen the last case; called once the
        window is visible."""
        self.refresh_library()
        if not self.session.offer_drafts() and not self.demo:
            self.reopen_last_case()

    def reopen_last_case(self) -> bool:
        if self.document.case is not None:
            return False
        model = self.library.model
        known = {summary.case_id for summary in model.loaded_summaries()}
        for case_id in recent_case_ids():
            if case_id not in known and model.is_partial():  # maybe among the rows not read yet
                known = {summary.case_id for summary in model.all_summaries()}
            if case_id in known:
                return self.session.open_case(case_id, ask=False)
        return False

    def fill_recent_menu(self, menu: QMenu) -> None:
        from nelm_desktop.core.validation_messages import visible

        menu.clear()
        self.library.model.complete()
        labels = {
            summary.case_id: visible(summary.patient_label) or "Untitled case"
            for summary in (self.library.model.summary(row) for row in range(self.library.model.rowCount()))
        }
        shown = [case_id for case_id in recent_case_ids() if case_id in labels]
        for number, case_id in enumerate(shown, start=1):
            action = menu.addAction(f"&{number} {labels[case_id]}")
            action.triggered.connect(lambda _checked=False, c=case_id: self._open_from_library(c))
        if not shown:
            menu.addAction("No recent cases").setEnabled(False)

    def open_demo_cases(self) -> None:
        """Bring the bundled demo cases into the library (the first-start offer, at any time)."""
        from nelm_desktop.ui.window.app import open_first_demo, seed_demo_cases

        if not self.built or not self.session.confirm_discard():
            return
        added = seed_demo_cases(self.store)
        self.refresh_library()
        open_first_demo(self)
        self.statusBar().showMessage(
            f"Added {added} demo case(s), marked DEMO."
            if added
            else "The demo cases are already in the library.",
            8000,
        )

    # --- view ----------------------------------------------------------------------------------
    def zoom(self, step: int) -> None:
        """Scale the form and the options panel (Ctrl+plus / Ctrl+minus; 0 = actual size); the level
        is remembered in the settings and restored at the next start."""
        percent = apply_zoom(self, 0 if step == 0 else self.zoom_level + step)
        save_zoom(self.zoom_level)
        self.statusBar().showMessage(f"Zoom {percent} %", 3000)

    # --- slots ---------------------------------------------------------------------------------
    def _field_edited(self, field: str, value: Any) -> None:
        error = self.document.apply(field, value)
        status = self.statusBar()
        if error:
            self.form.show_field_error(field, error)
            status.showMessage(f"Not accepted: {error}", 8000)
            status.setProperty("refusedField", field)
        else:
            self.form.clear_field_error(field)
            if status.property("refusedField") == field:  # "1900 (got 196)" must not outlive "1960"
                status.clearMessage()
                status.setProperty("refusedField", None)

    def _dirty_changed(self, _dirty: bool) -> None:
        self._update_title()
        self._update_save_state()

    def _case_changed(self, case: Any) -> None:
        case_id = case.case_id if case is not None else None
        if case_id != self._shown_case_id:
            self._reset_view_state()
            self._shown_case_id = case_id
        self.centre.setCurrentIndex(1 if case is not None else 0)
        self.form.show_case(case)
        self.library.select_case(case.case_id if case is not None else None)
        self._update_title()
        self._update_actions()
        self.timeline.case_changed()

    def _reset_view_state(self) -> None:
        """Another case: nothing of the last one's view carries over (scroll, expanded rows, segment)."""
        self.form.verticalScrollBar().setValue(0)
        self.options_panel.reset_view()
        self.liver_editor.diagram.select_segment(None)

    def _remember_shown_case(self) -> None:
        doc = self.document
        if doc.case is not None and doc.path is not None and not self.demo:
            remember_case(doc.case.case_id)

    def _evaluation_changed(self, evaluation: Any) -> None:
        self.form.show_evaluation(self.document.case, evaluation)
        self.options_panel.set_evaluation(evaluation)
        self.timeline.evaluation_changed()

    def focus_fact(self, fact_id: str) -> None:
        if self.document.case is not None:
            self.form.focus_fact(fact_id)

    def _open_from_library(self, case_id: str) -> None:
        if not self.session.open_case(case_id):
            self.library.select_case(self.document.case.case_id if self.document.case else None)

    def _delete_case(self, case_id: str) -> None:
        index = self.library.model.row_of(case_id)
        from nelm_desktop.core.validation_messages import visible

        label = visible(self.library.model.summary(index).patient_label) if index >= 0 else ""
        if self.session.delete(case_id, label):
            forget_case(case_id)
            self.library.show_deleted(case_id, label)

    # --- menu actions --------------------------------------------------------------------------
    def new_case(self) -> None:
        if self.built and self.session.new_case():
            self.form.focus_fact("patient_label")

    def save_case(self) -> None:
        if self.built:
            self.session.save()

    def close_case(self) -> None:
        if self.built:
            self.session.close_case()

    def find_in_library(self) -> None:
        if self.built:
            self.library.focus_search()

    # --- status --------------------------------------------------------------------------------
    def _update_title(self) -> None:
        case = self.document.case if self.built else None
        demo = "DEMO — " if self.demo else ""
        if case is None:
            self.setWindowTitle(f"{demo}{APP_TITLE}")
        else:
            from nelm_desktop.core.validation_messages import visible  # (imported with the model)

            label = visible(case.patient_label) or "Untitled case"  # never turning the title around
            label = f"[DEMO] {label}" if case.demo else label
            self.setWindowTitle(f"{demo}{label}[*] — {APP_TITLE}")
        self.setWindowModified(self.built and self.document.is_dirty)

    def _update_save_state(self) -> None:
        label = self.save_state_label
        if not self.built or self.document.case is None:
            label.setText("")
            label.setToolTip("")
            return
        doc = self.document
        if doc.read_only:
            text = "Read-only (saved by a newer version)"
        elif doc.is_dirty:
            text = "● Unsaved changes"
        elif doc.last_saved is not None:
            today = doc.last_saved.date() == datetime.now().astimezone().date()
            text = f"Saved {doc.last_saved.strftime('%H:%M' if today else '%Y-%m-%d %H:%M')}"
        elif doc.path is not None:
            text = "Saved"
        else:
            text = "New case, not saved yet"
        label.setText(text)
        where = str(doc.path) if doc.path else "not saved yet"
        label.setToolTip(f"Case file: {where}")
        self._update_actions()

    def _update_actions(self) -> None:
        open_ = self.built and self.document.case is not None
        for action in self.menu_actions.case_actions:
            action.setEnabled(open_)

    # --- closing -------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.built:
            save_window_state(self, self.splitter)
            event.accept()
            return
        if not self.session.confirm_discard():
            event.ignore()
            return
        if self.document.case is not None:
            self.recovery.discard(self.document.case.case_id)
        self.recovery.release()
        save_window_state(self, self.splitter)
        event.accept()
