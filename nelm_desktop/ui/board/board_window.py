"""The tumour-board window (issue #15 items 1, 2, 5): meetings on the left; the selected meeting's
details, attendees and agenda on the right, with the board status of each case, and the actions:
present, record decision, agenda / board pack / minutes PDF, copy the clinical note.

Each edit is one `BoardStore.update_meeting` call applied to the newest version on disk under the
meeting's lock, so the coordinator's PC and the meeting-room PC can edit one meeting without losing
each other's edits (the table is re-read after every edit).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nelm_desktop.core.board.model import (
    BOARD_STATUS_LABELS,
    BOARD_STATUSES,
    ROLES,
    AgendaItem,
    Attendee,
    Meeting,
)
from nelm_desktop.core.board.store import BoardStore, Loaded
from nelm_desktop.core.board.synopsis import PackItem, readiness_warnings
from nelm_desktop.core.store import CaseStore, StoreError
from nelm_desktop.core.validation_messages import hidden_character, max_chars, too_long
from nelm_desktop.ui.board.unsaved_edits import OpenCaseEdits, saved_before_deciding

if TYPE_CHECKING:
    from nelm_desktop.core.report.board import BoardDocument

AGENDA_COLUMNS = ("#", "Case", "Question to the board", "Presenter", "Board status", "Decision")
INVALID_BORDER = "border: 2px solid #B00020;"
INVALID_FILL = QColor("#FDE7EA")
CELL_FIELDS = {2: "question", 3: "presenter"}
# (meeting id, case id or "" for the meeting's details, field) -> (the text typed, why it is not saved)
Pending = dict[tuple[str, str, str], tuple[str, str]]


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
    ) -> None:
        super().__init__(parent)
        self.setObjectName("boardWindow")
        self.setWindowTitle("Tumour board — meetings")
        self.cases = cases
        self.board = board
        self.user = user
        self.open_case = open_case  # the case window's unsaved edits (saved first before a decision)
        self.meeting: Loaded[Meeting] | None = None
        self._filling = False
        # Entries refused (too long, empty name): kept on screen, marked, and never saved until the
        # user corrects them; a refill after another edit shows them again instead of the saved text.
        self.pending: Pending = {}
        self._when_shown = QDateTime()

        split = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(split)
        lv = QVBoxLayout(left)
        lv.addWidget(QLabel("<b>Meetings</b>", left))
        self.meetings = QListWidget(left)
        self.meetings.setObjectName("meetingList")
        self.meetings.setAccessibleName("Meetings")
        self.meetings.currentRowChanged.connect(self._meeting_selected)
        lv.addWidget(self.meetings, 1)
        self.new_button = QPushButton("New meeting", left)
        self.new_button.clicked.connect(self.new_meeting)
        lv.addWidget(self.new_button)

        right = QWidget(split)
        rv = QVBoxLayout(right)
        form = QFormLayout()
        self.name = QLineEdit(right)
        self.name.setObjectName("boardName")
        self.when = QDateTimeEdit(right)
        self.when.setObjectName("meetingWhen")
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.when.setMinimumDate(QDate(100, 1, 1))  # Qt's earliest; its default starts in 1752
        self.location = QLineEdit(right)
        self.location.setObjectName("meetingLocation")
        for label, widget in (
            ("Board", self.name),
            ("Date and time", self.when),
            ("Location", self.location),
        ):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        self.name.editingFinished.connect(self._details_edited)
        self.location.editingFinished.connect(self._details_edited)
        self.when.editingFinished.connect(self._details_edited)
        rv.addLayout(form)

        rv.addWidget(QLabel("<b>Attendees</b>", right))
        self.attendees = QTableWidget(0, 2, right)
        self.attendees.setObjectName("attendees")
        self.attendees.setAccessibleName("Attendees")
        self.attendees.setHorizontalHeaderLabels(["Name", "Role"])
        self.attendees.horizontalHeader().setStretchLastSection(True)
        self.attendees.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.attendees.setMaximumHeight(150)
        rv.addWidget(self.attendees)
        row = QHBoxLayout()
        self.attendee_name = QLineEdit(right)
        self.attendee_name.setObjectName("attendeeName")
        self.attendee_name.setPlaceholderText("Name")
        self.attendee_name.setAccessibleName("Attendee name")
        self.attendee_role = QComboBox(right)
        self.attendee_role.setObjectName("attendeeRole")
        self.attendee_role.setEditable(True)
        self.attendee_role.addItems(ROLES)
        self.attendee_role.setAccessibleName("Attendee role")
        add_attendee = QPushButton("Add attendee", right)
        add_attendee.clicked.connect(self.add_attendee)
        self.attendee_name.returnPressed.connect(self.add_attendee)
        remove_attendee = QPushButton("Remove", right)
        remove_attendee.clicked.connect(self.remove_attendee)
        for part in (self.attendee_name, self.attendee_role, add_attendee, remove_attendee):
            row.addWidget(part)
        rv.addLayout(row)

        rv.addWidget(QLabel("<b>Agenda</b> (double-click a question or presenter to edit it)", right))
        self.agenda = QTableWidget(0, len(AGENDA_COLUMNS), right)
        self.agenda.setObjectName("agenda")
        self.agenda.setAccessibleName("Agenda")
        self.agenda.setHorizontalHeaderLabels(list(AGENDA_COLUMNS))
        self.agenda.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.agenda.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agenda.horizontalHeader().setStretchLastSection(True)
        self.agenda.itemChanged.connect(self._agenda_cell_edited)
        rv.addWidget(self.agenda, 1)
        arow = QHBoxLayout()
        self.case_picker = QComboBox(right)
        self.case_picker.setObjectName("casePicker")
        self.case_picker.setAccessibleName("Case to add to the agenda")
        self.add_case_button = QPushButton("Add to agenda", right)
        self.add_case_button.clicked.connect(self.add_case)
        up = QPushButton("Up", right)
        up.clicked.connect(lambda: self.move_case(-1))
        down = QPushButton("Down", right)
        down.clicked.connect(lambda: self.move_case(1))
        remove = QPushButton("Remove from agenda", right)
        remove.clicked.connect(self.remove_case)
        for part in (self.case_picker, self.add_case_button, up, down, remove):
            arow.addWidget(part)
        arow.setStretch(0, 1)
        rv.addLayout(arow)
        srow = QHBoxLayout()
        self.status_picker = QComboBox(right)
        self.status_picker.setObjectName("statusPicker")
        self.status_picker.setAccessibleName("Board status of the selected case")
        for status in BOARD_STATUSES:
            self.status_picker.addItem(BOARD_STATUS_LABELS[status], status)
        set_status = QPushButton("Set board status", right)
        set_status.setObjectName("setStatus")
        set_status.clicked.connect(self.set_status)
        srow.addWidget(QLabel("Board status:", right))
        srow.addWidget(self.status_picker)
        srow.addWidget(set_status)
        srow.addStretch(1)
        rv.addLayout(srow)

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
        self.resize(1200, 760)
        self.details = right
        # Return in a field commits that field; it must not also press a dialog button.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.refresh()

    # --- reading ------------------------------------------------------------------------------------
    def _labels(self) -> dict[str, str]:
        return {
            s.case_id: (f"[DEMO] {s.patient_label}" if s.demo else s.patient_label) or "(no label)"
            for s in self.cases.list_cases()
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
            item = QListWidgetItem(f"{m.starts_at.isoformat(' ', 'minutes')}  {m.board_name}")
            item.setData(Qt.ItemDataRole.UserRole, m.meeting_id)
            self.meetings.addItem(item)
        self.meetings.blockSignals(False)
        ids = [m.meeting_id for m in meetings]
        row = ids.index(keep) if keep in ids else (0 if ids else -1)
        self.meetings.setCurrentRow(row)
        self._meeting_selected(row)

    def _meeting_selected(self, row: int) -> None:
        item = self.meetings.item(row) if row >= 0 else None
        self.meeting = None
        if item is not None:
            try:
                self.meeting = self.board.load_meeting(item.data(Qt.ItemDataRole.UserRole))
            except StoreError as exc:
                self.message.setText(str(exc))
        self._fill()

    def _fill(self) -> None:
        self._filling = True
        try:
            self.details.setEnabled(self.meeting is not None)
            labels = self._labels()
            m = self.meeting.record if self.meeting else None
            mid = m.meeting_id if m else ""
            for field, widget, saved in (
                ("board_name", self.name, m.board_name if m else ""),
                ("location", self.location, m.location if m else ""),
            ):
                typed = self.pending.get((mid, "", field))
                widget.setText(typed[0] if typed else saved)
                widget.setStyleSheet(INVALID_BORDER if typed else "")
                widget.setToolTip(typed[1] if typed else "")
            if m is not None:
                typed_when = self.pending.get((mid, "", "starts_at"))
                self.when.setDateTime(
                    QDateTime(datetime.fromisoformat(typed_when[0]) if typed_when else m.starts_at)
                )
            self._when_shown = self.when.dateTime()
            unshowable = m is not None and m.starts_at.year < self.when.minimumDate().year()
            self.when.setStyleSheet(INVALID_BORDER if unshowable else "")
            if m is not None and unshowable:
                # Never let the field's nearest date pass for the saved one (it is kept unless changed).
                self.message.setText(
                    f"This meeting's date as saved, {m.starts_at.isoformat(' ', 'minutes')}, is before "
                    f"the first date the field can show; it is kept unless you set another date."
                )
            self.attendees.setRowCount(len(m.attendees) if m else 0)
            for r, a in enumerate(m.attendees if m else []):
                self.attendees.setItem(r, 0, QTableWidgetItem(a.name))
                self.attendees.setItem(r, 1, QTableWidgetItem(a.role))
            statuses = self.board.statuses()
            decided = {d.case_id: d for d in self.board.decisions(meeting_id=m.meeting_id)} if m else {}
            self.agenda.setRowCount(len(m.agenda) if m else 0)
            for r, entry in enumerate(m.agenda if m else []):
                d = decided.get(entry.case_id)
                verdict = "" if d is None else ("signed off" if d.signed else "draft")
                cells = [
                    str(r + 1),
                    labels.get(entry.case_id, "(not in this library)"),
                    entry.question,
                    entry.presenter,
                    BOARD_STATUS_LABELS[statuses.get(entry.case_id, "to_prepare")],
                    verdict,
                ]
                for c, text in enumerate(cells):
                    typed = self.pending.get((mid, entry.case_id, CELL_FIELDS.get(c, "")))
                    cell = QTableWidgetItem(typed[0] if typed else text)
                    if typed:  # what was typed stays visible, marked, with the reason it is not saved
                        cell.setBackground(INVALID_FILL)
                        cell.setToolTip(typed[1])
                        cell.setData(Qt.ItemDataRole.AccessibleDescriptionRole, "Not saved: " + typed[1])
                    if c not in CELL_FIELDS:
                        cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    self.agenda.setItem(r, c, cell)
            self.agenda.resizeColumnsToContents()
            self.agenda.setColumnWidth(2, max(260, self.agenda.columnWidth(2)))
            on_agenda = {entry.case_id for entry in m.agenda} if m else set()
            self.case_picker.clear()
            for case_id, label in labels.items():
                if case_id not in on_agenda:
                    self.case_picker.addItem(label, case_id)
        finally:
            self._filling = False

    # --- edits --------------------------------------------------------------------------------------
    def _edit(self, mutate: Callable[[Meeting], Meeting], done: str) -> bool:
        if self.meeting is None:
            return False
        try:
            self.meeting = self.board.update_meeting(self.meeting.record.meeting_id, mutate)
        except StoreError as exc:
            QMessageBox.warning(self, "Meeting not changed", str(exc))
            self.refresh()
            return False
        self.message.setText(done)
        self._fill()
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

    def _details_edited(self) -> None:
        if self._filling or self.meeting is None:
            return
        m = self.meeting.record
        name, location = self.name.text().strip(), self.location.text().strip()
        qdt = self.when.dateTime()
        # Untouched, the field keeps the saved moment even where the field cannot show it (a date
        # before its first day, read from a file): the saved date is never replaced by the field's.
        when = (
            m.starts_at
            if qdt == self._when_shown
            else datetime(
                qdt.date().year(),
                qdt.date().month(),
                qdt.date().day(),
                qdt.time().hour(),
                qdt.time().minute(),
            )
        )
        name_problem = (
            "The board needs a name (e.g. NET tumour board)"
            if not name
            else hidden_character("The board's name", self.name.text())
            or too_long("The board's name", name, max_chars(Meeting, "board_name"))
        )
        location_problem = hidden_character("The location", self.location.text()) or too_long(
            "The location", location, max_chars(Meeting, "location")
        )
        mid = m.meeting_id
        typed = {"board_name": name, "location": location, "starts_at": when.isoformat(timespec="minutes")}
        saved = {
            "board_name": m.board_name,
            "location": m.location,
            "starts_at": m.starts_at.isoformat(timespec="minutes"),
        }
        problems = {"board_name": name_problem, "location": location_problem}
        had_pending = any((mid, "", field) in self.pending for field in typed)
        for field in typed:
            self.pending.pop((mid, "", field), None)
        # Shown and kept in the field, never cut or thrown away: the user shortens it. What was typed
        # beside a refused field is kept too (the details are saved together).
        if name_problem or location_problem:
            for field, text in typed.items():
                if problems.get(field) or text != saved[field]:
                    self.pending[(mid, "", field)] = (text, problems.get(field) or "Not saved with the rest")
            self._fill()
            self.message.setText("; ".join(p for p in (name_problem, location_problem) if p) + ". Not saved.")
            return
        if typed == saved:
            if had_pending:  # corrected back to what is saved: nothing to save, the marks go
                self._fill()
                self.message.setText("Meeting details as saved.")
            return
        if self._edit(
            lambda cur: cur.model_copy(update={"board_name": name, "location": location, "starts_at": when}),
            "Meeting details saved.",
        ):
            self.refresh()

    def add_attendee(self) -> None:
        name, role = self.attendee_name.text().strip(), self.attendee_role.currentText().strip()
        if not name or not role:
            self.message.setText("An attendee needs a name and a role.")
            return
        problems = [
            p
            for p in (
                hidden_character("The attendee's name", self.attendee_name.text())
                or too_long("The attendee's name", name, max_chars(Attendee, "name")),
                hidden_character("The role", self.attendee_role.currentText())
                or too_long("The role", role, max_chars(Attendee, "role")),
            )
            if p
        ]
        if problems:  # kept in the fields to be shortened (the record would refuse them)
            self.message.setText("; ".join(problems) + ". Not added.")
            return
        listed = self.meeting.record.attendees if self.meeting else []
        if len(listed) >= max_chars(Meeting, "attendees"):  # said here, not as the record's list error
            self.message.setText(f"{len(listed)} attendees are listed, the most a meeting keeps. Not added.")
            return
        if any(a.name.casefold() == name.casefold() and a.role.casefold() == role.casefold() for a in listed):
            self.message.setText(f"{name} ({role}) is already listed; not added twice.")
            return
        person = Attendee(name=name, role=role)
        if self._edit(lambda m: m.model_copy(update={"attendees": [*m.attendees, person]}), f"Added {name}."):
            self.attendee_name.clear()

    def remove_attendee(self) -> None:
        row = self.attendees.currentRow()
        if row < 0 or self.meeting is None:
            return
        gone = self.meeting.record.attendees[row]

        def mutate(m: Meeting) -> Meeting:
            # Only one row goes, even if an older file lists the same person twice.
            at = next((i for i, a in enumerate(m.attendees) if a == gone), -1)
            if at < 0:
                return m
            return m.model_copy(update={"attendees": [*m.attendees[:at], *m.attendees[at + 1 :]]})

        self._edit(mutate, f"Removed {gone.name}.")

    def selected_case(self) -> str | None:
        row = self.agenda.currentRow()
        if row < 0 or self.meeting is None or row >= len(self.meeting.record.agenda):
            return None
        return self.meeting.record.agenda[row].case_id

    def add_case(self) -> None:
        case_id = self.case_picker.currentData()
        if not case_id or self.meeting is None:
            return
        most = max_chars(Meeting, "agenda")
        if len(self.meeting.record.agenda) >= most:  # said here, not as the record's list error
            self.message.setText(
                f"The agenda holds {most} cases, the most one meeting keeps: put this case on another meeting."
            )
            return
        item = AgendaItem(case_id=case_id)

        def mutate(m: Meeting) -> Meeting:
            if m.item(case_id) is not None:
                return m
            return m.model_copy(update={"agenda": [*m.agenda, item]})

        if self._edit(mutate, "Case added to the agenda."):
            self.agenda.setCurrentCell(self.agenda.rowCount() - 1, 2)

    def remove_case(self) -> None:
        case_id = self.selected_case()
        if case_id is not None:
            for key in [k for k in self.pending if k[1] == case_id]:
                del self.pending[key]
            self._edit(
                lambda m: m.model_copy(update={"agenda": [i for i in m.agenda if i.case_id != case_id]}),
                "Case removed from the agenda.",
            )

    def move_case(self, step: int) -> None:
        case_id = self.selected_case()
        if case_id is None:
            return

        def mutate(m: Meeting) -> Meeting:
            agenda = list(m.agenda)
            index = next((i for i, item in enumerate(agenda) if item.case_id == case_id), -1)
            target = index + step
            if index < 0 or not 0 <= target < len(agenda):
                return m
            agenda[index], agenda[target] = agenda[target], agenda[index]
            return m.model_copy(update={"agenda": agenda})

        if self._edit(mutate, "Agenda order changed.") and self.meeting is not None:
            ids = [i.case_id for i in self.meeting.record.agenda]
            self.agenda.setCurrentCell(ids.index(case_id), 1)

    def _agenda_cell_edited(self, cell: QTableWidgetItem) -> None:
        if self._filling or self.meeting is None or cell.column() not in (2, 3):
            return
        row, column, text = cell.row(), cell.column(), cell.text()
        # Saved after the editor has closed: the save re-reads the table, which must not happen
        # inside the table's own itemChanged.
        QTimer.singleShot(0, lambda: self._save_cell(row, column, text))

    def _save_cell(self, row: int, column: int, text: str) -> None:
        if self.meeting is None or row >= len(self.meeting.record.agenda):
            return
        case_id = self.meeting.record.agenda[row].case_id
        field = CELL_FIELDS[column]
        what = "The question to the board" if column == 2 else "The presenter"
        problem = hidden_character(what, text) or too_long(what, text, max_chars(AgendaItem, field))
        text = text.strip()
        key = (self.meeting.record.meeting_id, case_id, field)
        if problem:
            # What was pasted stays in the cell, marked; the record keeps its text until it is shortened.
            self.pending[key] = (text, problem)
            self._fill()
            self.agenda.setCurrentCell(row, column)
            self.message.setText(f"{problem}. Not saved: shorten it in the agenda.")
            return
        self.pending.pop(key, None)

        def mutate(m: Meeting) -> Meeting:
            agenda = [i.model_copy(update={field: text}) if i.case_id == case_id else i for i in m.agenda]
            return m.model_copy(update={"agenda": agenda})

        if self._edit(mutate, f"{field.capitalize()} saved."):
            self.agenda.setCurrentCell(row, column)

    def set_status(self) -> None:
        case_id = self.selected_case()
        status = self.status_picker.currentData()
        if case_id is None:
            self.message.setText("Select a case on the agenda first.")
            return
        if status == "ready":
            warnings = self._readiness(case_id)
            if warnings:
                answer = QMessageBox.question(
                    self,
                    "Not everything is known yet",
                    "\n".join(warnings) + "\n\nMark the case ready for the board anyway?",
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No,
                )
                if answer != QMessageBox.StandardButton.Yes:
                    self.message.setText("Board status not changed.")
                    return
        try:
            self.board.set_status(case_id, status)
        except StoreError as exc:
            QMessageBox.warning(self, "Board status not changed", str(exc))
            return
        self.message.setText(f"Board status: {BOARD_STATUS_LABELS[status]}.")
        self._fill()
        self.statusChanged.emit()

    def _readiness(self, case_id: str) -> list[str]:
        from nelm_desktop.core.engine import evaluate

        try:
            case = self.cases.load(case_id).case
        except StoreError as exc:
            return [str(exc)]
        return readiness_warnings(evaluate(case))

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
        self._fill()
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
            answer = QMessageBox.question(
                self,
                "Entries not saved",
                f"{len(self.pending)} entry(ies) on screen are not saved (they are too long or empty). "
                "Discard them and close?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
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
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Save as PDF",
            suggested_board_filename(kind, m),
            "PDF (*.pdf)",
        )
        if not path:
            return
        try:
            pack = gather(m, self.cases, self.board)
            write_board_document(kind, pack, Path(path), "a4", ReportSettings.load())
        except (OSError, StoreError) as exc:
            QMessageBox.warning(self, "PDF not saved", str(exc))
            return
        self.message.setText(f"Saved {path}")

    def _present(self) -> None:
        if self.meeting is not None and not self._blocked("Presentation"):
            self.presentRequested.emit(self.meeting.record.meeting_id)


def untouched(meeting: Meeting) -> bool:
    """Created and never changed since: no attendee, no case, details as "New meeting" made them."""
    return len(meeting.revisions) <= 1 and not meeting.agenda and not meeting.attendees and not meeting.demo


def _saved_label(cases: CaseStore, case_id: str) -> str:
    """The case's label as saved ("" when unreadable: the load that follows explains the problem)."""
    try:
        return cases.load(case_id).case.patient_label or ""
    except StoreError:
        return ""


def record_decision(
    parent: QWidget,
    cases: CaseStore,
    board: BoardStore,
    meeting: Meeting,
    case_id: str,
    user: str,
    open_case: OpenCaseEdits | None = None,
) -> bool:
    """Open the decision dialog for one agenda case (on the case as saved). True when something was
    saved. Unsaved edits of the case in the case window (`open_case`) are saved first, or nothing
    happens: the snapshot must be what is saved."""
    from nelm_desktop.core.board.decisions import new_decision
    from nelm_desktop.core.engine import evaluate
    from nelm_desktop.ui.board.decision_dialog import DecisionDialog

    if not saved_before_deciding(parent, open_case, case_id, _saved_label(cases, case_id)):
        return False
    try:
        case = cases.load(case_id).case
        existing = board.load_decision(meeting.meeting_id, case_id)
    except StoreError as exc:
        QMessageBox.warning(parent, "Cannot record the decision", str(exc))
        return False
    draft = new_decision(meeting.meeting_id, case, evaluate(case), user)
    dialog = DecisionDialog(board, draft, existing, user, case.patient_label or case_id, parent)
    dialog.exec()
    return dialog.saved is not None
