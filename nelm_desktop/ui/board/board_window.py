"""The tumour-board window (issue #15 items 1, 2, 5): meetings on the left; the selected meeting's
details, attendees and agenda on the right, with the board status of each case, and the actions:
present, record decision, agenda / board pack / minutes PDF, copy the clinical note.

The details, attendees and agenda are their own modules (`meeting_details`, `attendee_list`,
`agenda_editor`) building into this window; the window holds the meeting on screen and applies edits.
Each edit is one `BoardStore.update_meeting` call applied to the newest version on disk under the
meeting's lock, so the coordinator's PC and the meeting-room PC can edit one meeting without losing
each other's edits (the table is re-read after every edit).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nelm_desktop.core.board.model import Meeting
from nelm_desktop.core.board.store import BoardStore, Loaded
from nelm_desktop.core.board.synopsis import PackItem
from nelm_desktop.core.store import CaseStore, CaseSummary, StoreError
from nelm_desktop.core.store.errors import describe_write_error
from nelm_desktop.core.validation_messages import visible
from nelm_desktop.ui.board.agenda_editor import AGENDA_COLUMNS, CELL_FIELDS, AgendaEditor
from nelm_desktop.ui.board.attendee_list import AttendeeList
from nelm_desktop.ui.board.decision_flow import record_decision
from nelm_desktop.ui.board.meeting_details import MeetingDetails
from nelm_desktop.ui.board.meeting_host import INVALID_BORDER, INVALID_FILL, Pending
from nelm_desktop.ui.board.unsaved_edits import OpenCaseEdits
from nelm_desktop.ui.widgets.accessible_names import name_generated_controls
from nelm_desktop.ui.widgets.elided_rows import elide_rows, fit_row
from nelm_desktop.ui.widgets.file_dialogs import remember_dialog_path, start_path
from nelm_desktop.ui.widgets.questions import Btn, ask
from nelm_desktop.ui.widgets.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from nelm_desktop.core.report.board import BoardDocument

__all__ = [
    "AGENDA_COLUMNS",
    "CELL_FIELDS",
    "INVALID_BORDER",
    "INVALID_FILL",
    "BoardWindow",
    "record_decision",
    "untouched",
]


class BoardWindow(QDialog):
    """Non-modal window over one library. `present_requested(meeting_id)` asks the owner to present."""

    presentRequested = Signal(str)
    statusChanged = Signal()

    def __init__(
        self,
        cases: CaseStore,
        board: BoardStore,
        user: str,
        parent: QWidget | None = None,
        open_case: OpenCaseEdits | None = None,
        listed: Callable[[], Sequence[CaseSummary]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("boardWindow")
        # The cases as the main window lists them (its library's rows), for the labels: listing the
        # library at every refresh took ~0.5 s at 50,000 cases. None: listed here.
        self.listed = listed
        self.setWindowTitle("Tumour board — meetings")
        self.cases = cases
        self.board = board
        self.user = user
        self.open_case = open_case  # the case window's unsaved edits (saved first before a decision)
        self.meeting: Loaded[Meeting] | None = None
        self._filling = False
        self.pending: Pending = {}  # refused entries kept on screen (see meeting_host)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(split)
        lv = QVBoxLayout(left)
        lv.addWidget(QLabel("<b>Meetings</b>", left))
        self.meetings = QListWidget(left)
        self.meetings.setObjectName("meetingList")
        self.meetings.setAccessibleName("Meetings")
        elide_rows(self.meetings)  # a long board name is elided, whole in the tooltip
        self.meetings.currentRowChanged.connect(self._meeting_selected)
        lv.addWidget(self.meetings, 1)
        self.new_button = QPushButton("New meeting", left)
        self.new_button.clicked.connect(self.new_meeting)
        lv.addWidget(self.new_button)

        right = QWidget(split)
        rv = QVBoxLayout(right)
        # Built in this order into one widget: the keyboard order runs details, attendees, agenda.
        self.details_part = MeetingDetails(self, right, rv)
        self.name, self.when, self.location = (
            self.details_part.name,
            self.details_part.when,
            self.details_part.location,
        )
        self.attendee_part = AttendeeList(self, right, rv)
        self.attendees = self.attendee_part.table
        self.attendee_name, self.attendee_role = self.attendee_part.name, self.attendee_part.role
        self.agenda_part = AgendaEditor(self, right, rv, self.statusChanged.emit)
        self.agenda = self.agenda_part.table
        self.case_picker, self.add_case_button = (
            self.agenda_part.case_picker,
            self.agenda_part.add_case_button,
        )
        self.status_picker = self.agenda_part.status_picker

        brow = QHBoxLayout()
        self.present_button = QPushButton("Present (F11)", right)
        self.present_button.clicked.connect(self._present)
        self.decide_button = QPushButton("Record decision…", right)
        self.decide_button.setObjectName("recordDecision")
        self.decide_button.clicked.connect(self.record_selected)
        self.note_button = QPushButton("Copy clinical note", right)
        self.note_button.clicked.connect(self.copy_note)
        brow.addWidget(self.present_button)
        brow.addWidget(self.decide_button)
        brow.addWidget(self.note_button)
        for kind, text in (
            ("agenda", "Agenda PDF…"),
            ("pack", "Board pack PDF…"),
            ("minutes", "Minutes PDF…"),
        ):
            button = QPushButton(text, right)
            button.clicked.connect(lambda _=False, k=kind: self.save_document(k))
            brow.addWidget(button)
        rv.addLayout(brow)
        self.message = QLabel(right)
        self.message.setObjectName("boardMessage")
        self.message.setWordWrap(True)
        rv.addWidget(self.message)

        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([260, 900])
        outer = QVBoxLayout(self)
        outer.addWidget(split)
        QShortcut(QKeySequence("F11"), self, self._present)
        fit_to_screen(self, 1200, 760)  # its buttons stay on a 1366x768 screen
        self.details = right
        # Return in a field commits that field; it must not also press a dialog button.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.refresh()

        name_generated_controls(self)  # Qt's own parts (lists, scroll bars, button row) named

    # --- reading ------------------------------------------------------------------------------------
    def _labels(self) -> dict[str, str]:
        return {
            s.case_id: (f"[DEMO] {visible(s.patient_label)}" if s.demo else visible(s.patient_label))
            or "(no label)"
            for s in (self.listed() if self.listed is not None else self.cases.list_cases())
        }

    def refresh(self, select: str | None = None) -> None:
        """Re-read the meetings (another workstation may have changed them)."""
        keep = select or (self.meeting.record.meeting_id if self.meeting else None)
        try:
            meetings = self.board.list_meetings()
        except StoreError as exc:
            self.message.setText(str(exc))
            return
        self.meetings.blockSignals(True)
        self.meetings.clear()
        for m in meetings:
            item = QListWidgetItem(f"{m.starts_at.isoformat(' ', 'minutes')}  {visible(m.board_name)}")
            item.setData(Qt.ItemDataRole.UserRole, m.meeting_id)
            item.setToolTip(item.text())
            fit_row(self.meetings, item)
            self.meetings.addItem(item)
        self.meetings.blockSignals(False)
        ids = [m.meeting_id for m in meetings]
        row = ids.index(keep) if keep in ids else (0 if ids else -1)
        self.meetings.setCurrentRow(row)
        self._meeting_selected(row)
        unread = list(self.board.skipped.get("meeting", {}).values())
        if unread:  # a meeting that cannot be read is named, never just missing from the list
            self.message.setText(
                f"{len(unread)} meeting file(s) could not be read and are not listed: " + " ".join(unread)
            )

    def _meeting_selected(self, row: int) -> None:
        item = self.meetings.item(row) if row >= 0 else None
        self.meeting = None
        if item is not None:
            try:
                self.meeting = self.board.load_meeting(item.data(Qt.ItemDataRole.UserRole))
            except StoreError as exc:
                self.message.setText(str(exc))
        self.refill()

    def filling(self) -> bool:
        return self._filling

    def refill(self) -> None:
        self._filling = True
        try:
            self.details.setEnabled(self.meeting is not None)
            m = self.meeting.record if self.meeting else None
            if m is not None:  # a case taken off the agenda (here or elsewhere) takes its refused entry along
                on_agenda = {item.case_id for item in m.agenda}
                for key in [
                    k for k in self.pending if k[0] == m.meeting_id and k[1] and k[1] not in on_agenda
                ]:
                    del self.pending[key]
            self.details_part.fill(m)
            self.attendee_part.fill(m)
            decided = {d.case_id: d for d in self.board.decisions(meeting_id=m.meeting_id)} if m else {}
            self.agenda_part.fill(m, self._labels(), self.board.statuses(), decided)
        finally:
            self._filling = False

    # --- edits --------------------------------------------------------------------------------------
    def edit(self, mutate: Callable[[Meeting], Meeting], done: str) -> bool:
        if self.meeting is None:
            return False
        try:
            self.meeting = self.board.update_meeting(self.meeting.record.meeting_id, mutate)
        except StoreError as exc:
            QMessageBox.warning(self, "Meeting not changed", str(exc))
            self.refresh()
            return False
        self.message.setText(done)
        self.refill()
        return True

    def new_meeting(self) -> None:
        # A new meeting stays the one draft until it has something (a change to its details, an
        # attendee, a case): a second click goes back to it instead of leaving stray empty meetings,
        # as a clinician expects of a "new" button pressed twice.
        try:
            draft = next((m for m in self.board.list_meetings() if untouched(m)), None)
        except StoreError as exc:
            QMessageBox.warning(self, "Meeting not created", str(exc))
            return
        if draft is not None:
            self.refresh(draft.meeting_id)
            self.message.setText(
                "This new meeting is still empty: set its date, name, attendees or cases first "
                "(another new meeting is made once this one has something)."
            )
            self.name.setFocus()
            return
        today = date.today()
        thursday = today + timedelta(days=(3 - today.weekday()) % 7)  # boards often meet weekly
        meeting = Meeting(starts_at=datetime.combine(thursday, time(16, 0)))
        try:
            created = self.board.create_meeting(meeting)
        except StoreError as exc:
            QMessageBox.warning(self, "Meeting not created", str(exc))
            return
        self.refresh(created.record.meeting_id)
        self.name.setFocus()

    def add_attendee(self) -> None:
        self.attendee_part.add()

    def remove_attendee(self) -> None:
        self.attendee_part.remove()

    def selected_case(self) -> str | None:
        return self.agenda_part.selected_case()

    def add_case(self) -> None:
        self.agenda_part.add_case()

    def remove_case(self) -> None:
        self.agenda_part.remove_case()

    def move_case(self, step: int) -> None:
        self.agenda_part.move_case(step)

    def set_status(self) -> None:
        self.agenda_part.set_status()

    # --- decisions, outputs -------------------------------------------------------------------------
    def pack_items(self) -> list[PackItem]:
        from nelm_desktop.core.board.outputs import gather

        if self.meeting is None:
            return []
        return gather(self.meeting.record, self.cases, self.board).items

    def record_selected(self) -> None:
        case_id = self.selected_case()
        if case_id is None or self.meeting is None:
            self.message.setText("Select a case on the agenda first.")
            return
        record_decision(self, self.cases, self.board, self.meeting.record, case_id, self.user, self.open_case)
        self.refill()
        self.statusChanged.emit()

    def copy_note(self) -> None:
        from nelm_desktop.core.board.notes import clinical_note

        case_id = self.selected_case()
        if case_id is None or self.meeting is None:
            self.message.setText("Select a case on the agenda first.")
            return
        loaded = self.board.load_decision(self.meeting.record.meeting_id, case_id)
        if loaded is None:
            self.message.setText("No decision recorded for this case at this meeting; nothing copied.")
            return
        label = self._labels().get(case_id, "")
        QGuiApplication.clipboard().setText(clinical_note(loaded.record, self.meeting.record, label))
        self.message.setText("Clinical note copied to the clipboard.")

    def unsaved_here(self) -> list[str]:
        """Why the meeting on screen is not what is saved (refused entries still shown), one line each."""
        mid = self.meeting.record.meeting_id if self.meeting else None
        return [
            problem
            for (meeting_id, _case, _field), (_t, problem) in self.pending.items()
            if meeting_id == mid
        ]

    def _blocked(self, what: str) -> bool:
        """A document or the presentation shows the saved meeting: not while the screen shows otherwise."""
        problems = self.unsaved_here()
        if problems:
            self.message.setText(
                f"{what} not made: this meeting shows entries that are not saved ({problems[0]}). "
                "Correct them first."
            )
        return bool(problems)

    def reject(self) -> None:
        """Esc, Close or the close box: refused entries still on screen are lost only if the user says so."""
        if self.pending:
            answer = ask(
                self,
                "Entries not saved",
                f"{len(self.pending)} entry(ies) on screen are not saved (refused: see the marked fields). "
                "Discard them and close?",
                Btn.Discard | Btn.Cancel,
                Btn.Cancel,
            )
            if answer != Btn.Discard:
                return
            self.pending.clear()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.pending:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    def save_document(self, kind: BoardDocument) -> None:
        from nelm_desktop.core.board.outputs import gather
        from nelm_desktop.core.report import ReportSettings
        from nelm_desktop.core.report.board import suggested_board_filename, write_board_document

        if self.meeting is None or self._blocked("PDF"):
            return
        m = self.meeting.record
        # In the folder last used (else Documents), as every other file dialog: given a bare name it
        # opened in the folder the app was started from.
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Save as PDF",
            start_path(suggested_board_filename(kind, m)),
            "PDF (*.pdf)",
        )
        remember_dialog_path(path)
        if not path:
            return
        try:
            pack = gather(m, self.cases, self.board)
            write_board_document(kind, pack, Path(path), "a4", ReportSettings.load())
        except OSError as exc:  # one line: the path and the cause in words (as `board minutes -o`)
            QMessageBox.warning(self, "PDF not saved", describe_write_error(Path(path), exc))
            return
        except StoreError as exc:
            QMessageBox.warning(self, "PDF not saved", str(exc))
            return
        self.message.setText(f"Saved {path}")

    def _present(self) -> None:
        if self.meeting is not None and not self._blocked("Presentation"):
            self.presentRequested.emit(self.meeting.record.meeting_id)


def untouched(meeting: Meeting) -> bool:
    """Created and never changed since: no attendee, no case, details as "New meeting" made them."""
    return len(meeting.revisions) <= 1 and not meeting.agenda and not meeting.attendees and not meeting.demo
