"""The meeting's details in the meetings window: the board's name, date and time, and location, saved
together when a field is left or Return is pressed. A refused entry stays in its field, outlined, and
what was typed beside it is kept too; a saved date the field cannot show is named, never replaced."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtWidgets import QDateTimeEdit, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from nelm_desktop.core.board.decisions import meeting_date_problem
from nelm_desktop.core.board.model import Meeting
from nelm_desktop.core.validation_messages import hidden_character, max_chars, too_long
from nelm_desktop.ui.board.meeting_host import INVALID_BORDER, MeetingHost


class MeetingDetails:
    def __init__(self, host: MeetingHost, parent: QWidget, layout: QVBoxLayout) -> None:
        self.host = host
        form = QFormLayout()
        self.name = QLineEdit(parent)
        self.name.setObjectName("boardName")
        self.when = QDateTimeEdit(parent)
        self.when.setObjectName("meetingWhen")
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.when.setMinimumDate(QDate(100, 1, 1))  # Qt's earliest; its default starts in 1752
        self.location = QLineEdit(parent)
        self.location.setObjectName("meetingLocation")
        for label, widget in (
            ("Board", self.name),
            ("Date and time", self.when),
            ("Location", self.location),
        ):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        self.name.editingFinished.connect(self.edited)
        self.location.editingFinished.connect(self.edited)
        self.when.editingFinished.connect(self.edited)
        layout.addLayout(form)
        self._when_shown = QDateTime()

    def fill(self, m: Meeting | None) -> None:
        pending = self.host.pending
        mid = m.meeting_id if m else ""
        for field, widget, saved in (
            ("board_name", self.name, m.board_name if m else ""),
            ("location", self.location, m.location if m else ""),
        ):
            typed = pending.get((mid, "", field))
            widget.setText(typed[0] if typed else saved)
            # A saved text from an older file holding a hidden character is outlined and named too.
            problem = typed[1] if typed else hidden_character("This text", saved)
            widget.setStyleSheet(INVALID_BORDER if problem else "")
            widget.setToolTip(problem or "")
        typed_when = pending.get((mid, "", "starts_at")) if m is not None else None
        if m is not None:
            self.when.setDateTime(
                QDateTime(datetime.fromisoformat(typed_when[0]) if typed_when else m.starts_at)
            )
        self._when_shown = self.when.dateTime()
        unshowable = m is not None and m.starts_at.year < self.when.minimumDate().year()
        self.when.setStyleSheet(INVALID_BORDER if unshowable or typed_when else "")
        self.when.setToolTip(typed_when[1] if typed_when else "")
        if m is not None and unshowable:
            # Never let the field's nearest date pass for the saved one (it is kept unless changed).
            self.host.message.setText(
                f"This meeting's date as saved, {m.starts_at.isoformat(' ', 'minutes')}, is before "
                f"the first date the field can show; it is kept unless you set another date."
            )

    def edited(self) -> None:
        host = self.host
        if host.filling() or host.meeting is None:
            return
        m = host.meeting.record
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
        when_problem = meeting_date_problem(m.starts_at, when)  # "0025-03-01" for 2025: check the year
        mid = m.meeting_id
        typed = {"board_name": name, "location": location, "starts_at": when.isoformat(timespec="minutes")}
        saved = {
            "board_name": m.board_name,
            "location": m.location,
            "starts_at": m.starts_at.isoformat(timespec="minutes"),
        }
        problems = {"board_name": name_problem, "location": location_problem, "starts_at": when_problem}
        had_pending = any((mid, "", field) in host.pending for field in typed)
        for field in typed:
            host.pending.pop((mid, "", field), None)
        # Shown and kept in the field, never cut or thrown away: the user shortens it. What was typed
        # beside a refused field is kept too (the details are saved together).
        if name_problem or location_problem or when_problem:
            for field, text in typed.items():
                if problems.get(field) or text != saved[field]:
                    host.pending[(mid, "", field)] = (text, problems.get(field) or "Not saved with the rest")
            host.refill()
            found = (name_problem, location_problem, when_problem)
            host.message.setText("; ".join(p for p in found if p) + ". Not saved.")
            return
        if typed == saved:
            if had_pending:  # corrected back to what is saved: nothing to save, the marks go
                host.refill()
                host.message.setText("Meeting details as saved.")
            return
        if host.edit(
            lambda cur: cur.model_copy(update={"board_name": name, "location": location, "starts_at": when}),
            "Meeting details saved.",
        ):
            host.refresh()  # the meetings list shows the name and date
