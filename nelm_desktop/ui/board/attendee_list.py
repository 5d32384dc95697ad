"""The meeting's attendees in the meetings window: the list, a name and a role (any may be typed), Add
and Remove. A name or role the record would refuse is named and kept in its field, never cut."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nelm_desktop.core.board.model import ROLES, Attendee, Meeting
from nelm_desktop.core.search import search_key
from nelm_desktop.core.validation_messages import hidden_character, max_chars, too_long
from nelm_desktop.ui.board.meeting_host import MeetingHost


class AttendeeList:
    def __init__(self, host: MeetingHost, parent: QWidget, layout: QVBoxLayout) -> None:
        self.host = host
        layout.addWidget(QLabel("<b>Attendees</b>", parent))
        self.table = QTableWidget(0, 2, parent)
        self.table.setObjectName("attendees")
        self.table.setAccessibleName("Attendees")
        self.table.setHorizontalHeaderLabels(["Name", "Role"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setMaximumHeight(150)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.name = QLineEdit(parent)
        self.name.setObjectName("attendeeName")
        self.name.setPlaceholderText("Name")
        self.name.setAccessibleName("Attendee name")
        self.role = QComboBox(parent)
        self.role.setObjectName("attendeeRole")
        self.role.setEditable(True)
        self.role.addItems(ROLES)
        self.role.setAccessibleName("Attendee role")
        add = QPushButton("Add attendee", parent)
        add.clicked.connect(self.add)
        self.name.returnPressed.connect(self.add)
        remove = QPushButton("Remove", parent)
        remove.clicked.connect(self.remove)
        for part in (self.name, self.role, add, remove):
            row.addWidget(part)
        layout.addLayout(row)

    def fill(self, meeting: Meeting | None) -> None:
        self.table.setRowCount(len(meeting.attendees) if meeting else 0)
        for r, a in enumerate(meeting.attendees if meeting else []):
            self.table.setItem(r, 0, QTableWidgetItem(a.name))
            self.table.setItem(r, 1, QTableWidgetItem(a.role))

    def add(self) -> None:
        host = self.host
        name, role = self.name.text().strip(), self.role.currentText().strip()
        if not name or not role:
            host.message.setText("An attendee needs a name and a role.")
            return
        problems = [
            p
            for p in (
                hidden_character("The attendee's name", self.name.text())
                or too_long("The attendee's name", name, max_chars(Attendee, "name")),
                hidden_character("The role", self.role.currentText())
                or too_long("The role", role, max_chars(Attendee, "role")),
            )
            if p
        ]
        if problems:  # kept in the fields to be shortened (the record would refuse them)
            host.message.setText("; ".join(problems) + ". Not added.")
            return
        listed = host.meeting.record.attendees if host.meeting else []
        if len(listed) >= max_chars(Meeting, "attendees"):  # said here, not as the record's list error
            host.message.setText(f"{len(listed)} attendees are listed, the most a meeting keeps. Not added.")
            return
        # Compared composed too: "Dr Müller" typed here is the one another program stored decomposed.
        if any(
            search_key(a.name) == search_key(name) and search_key(a.role) == search_key(role) for a in listed
        ):
            host.message.setText(f"{name} ({role}) is already listed; not added twice.")
            return
        person = Attendee(name=name, role=role)
        if host.edit(lambda m: m.model_copy(update={"attendees": [*m.attendees, person]}), f"Added {name}."):
            self.name.clear()

    def remove(self) -> None:
        row = self.table.currentRow()
        if self.host.meeting is None:
            return
        if not 0 <= row < len(self.host.meeting.record.attendees):
            self.host.message.setText("Select the attendee to remove first.")
            return
        gone = self.host.meeting.record.attendees[row]

        def mutate(m: Meeting) -> Meeting:
            # Only one row goes, even if an older file lists the same person twice.
            at = next((i for i, a in enumerate(m.attendees) if a == gone), -1)
            if at < 0:
                return m
            return m.model_copy(update={"attendees": [*m.attendees[:at], *m.attendees[at + 1 :]]})

        self.host.edit(mutate, f"Removed {gone.name}.")
