"""The meeting's agenda in the meetings window: one row per case (label, question to the board,
presenter, board status, decision), the case picker, the order, and the board status of the selected
case. A question or presenter the record would refuse stays in its cell as typed, marked, until the
user corrects it (`MeetingHost.pending`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nelm_desktop.core.board.model import BOARD_STATUS_LABELS, BOARD_STATUSES, AgendaItem, Meeting
from nelm_desktop.core.board.synopsis import readiness_warnings
from nelm_desktop.core.store import StoreError
from nelm_desktop.core.validation_messages import hidden_character, max_chars, too_long, visible
from nelm_desktop.ui.board.invalid_cell import INVALID_ROLE, InvalidCellDelegate
from nelm_desktop.ui.board.meeting_host import INVALID_FILL, MeetingHost
from nelm_desktop.ui.widgets.questions import confirm

AGENDA_COLUMNS = ("#", "Case", "Question to the board", "Presenter", "Board status", "Decision")
CELL_FIELDS = {2: "question", 3: "presenter"}
MAX_COLUMN_WIDTH = 480  # the other columns out of sight (px)
STRETCHED = (1, 2)  # case, question: they share the width the others leave


def _hidden_in_saved(column: int, text: str) -> str | None:
    if column not in CELL_FIELDS:
        return None
    what = "The question to the board" if column == 2 else "The presenter"
    return hidden_character(what, text)


class AgendaCell(QTableWidgetItem):
    """An agenda cell; an empty one reads "Presenter: none" to a screen reader (a bare empty cell was
    announced as nothing), and whatever it holds once typed into is read as it is."""

    def data(self, role: int) -> Any:
        if role == Qt.ItemDataRole.AccessibleTextRole and not self.text():
            column = self.column()
            return f"{AGENDA_COLUMNS[column] if 0 <= column < len(AGENDA_COLUMNS) else 'Cell'}: none"
        return super().data(role)


class AgendaEditor:
    def __init__(
        self, host: MeetingHost, parent: QWidget, layout: QVBoxLayout, status_changed: Callable[[], None]
    ) -> None:
        self.host = host
        self.status_changed = status_changed
        layout.addWidget(QLabel("<b>Agenda</b> (double-click a question or presenter to edit it)", parent))
        self.table = QTableWidget(0, len(AGENDA_COLUMNS), parent)
        self.table.setObjectName("agenda")
        self.table.setAccessibleName("Agenda")
        self.table.setHorizontalHeaderLabels(list(AGENDA_COLUMNS))
        self.table.verticalHeader().hide()  # the '#' column numbers the agenda; Qt's row numbers repeated it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # The case and the question share what the other columns leave (their text elided, whole in
        # the tooltip): sized to their contents they pushed the board status and the decision out of
        # sight at 1366x768 behind a horizontal scroll bar.
        header = self.table.horizontalHeader()
        for column in STRETCHED:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._cell_edited)
        self.table.currentCellChanged.connect(self._show_status_of_selected)
        self._statuses: Mapping[str, str] = {}
        self.table.setItemDelegate(InvalidCellDelegate(self.table))
        layout.addWidget(self.table, 1)
        arow = QHBoxLayout()
        self.case_picker = QComboBox(parent)
        self.case_picker.setObjectName("casePicker")
        self.case_picker.setAccessibleName("Case to add to the agenda")
        self.add_case_button = QPushButton("Add to agenda", parent)
        self.add_case_button.clicked.connect(self.add_case)
        up = QPushButton("Up", parent)
        up.clicked.connect(lambda: self.move_case(-1))
        down = QPushButton("Down", parent)
        down.clicked.connect(lambda: self.move_case(1))
        remove = QPushButton("Remove from agenda", parent)
        remove.clicked.connect(self.remove_case)
        for part in (self.case_picker, self.add_case_button, up, down, remove):
            arow.addWidget(part)
        arow.setStretch(0, 1)
        layout.addLayout(arow)
        srow = QHBoxLayout()
        self.status_picker = QComboBox(parent)
        self.status_picker.setObjectName("statusPicker")
        self.status_picker.setAccessibleName("Board status of the selected case")
        for status in BOARD_STATUSES:
            self.status_picker.addItem(BOARD_STATUS_LABELS[status], status)
        set_status = QPushButton("Set board status", parent)
        set_status.setObjectName("setStatus")
        set_status.clicked.connect(self.set_status)
        srow.addWidget(QLabel("Board status:", parent))
        srow.addWidget(self.status_picker)
        srow.addWidget(set_status)
        srow.addStretch(1)
        layout.addLayout(srow)

    # --- showing ------------------------------------------------------------------------------------
    def fill(
        self,
        meeting: Meeting | None,
        labels: Mapping[str, str],
        statuses: Mapping[str, str],
        decided: Mapping[str, Any],
    ) -> None:
        mid = meeting.meeting_id if meeting else ""
        agenda = meeting.agenda if meeting else []
        self._statuses = statuses
        self.table.setRowCount(len(agenda))
        for r, entry in enumerate(agenda):
            d = decided.get(entry.case_id)
            verdict = "" if d is None else ("signed off" if d.signed else "draft")
            cells = [
                str(r + 1),
                visible(labels.get(entry.case_id, "(not in this library)")),  # shown, never turning around
                entry.question,
                entry.presenter,
                BOARD_STATUS_LABELS[statuses.get(entry.case_id, "to_prepare")],
                verdict,
            ]
            for c, text in enumerate(cells):
                typed = self.host.pending.get((mid, entry.case_id, CELL_FIELDS.get(c, "")))
                cell = AgendaCell(typed[0] if typed else text)
                # What was typed stays visible, marked, with the reason it is not saved; a saved text
                # from an older file holding a hidden character is marked the same (edited, it must go).
                problem = typed[1] if typed else _hidden_in_saved(c, text)
                if c in STRETCHED:
                    cell.setToolTip(cell.text())  # elided in a narrow window
                if problem:
                    cell.setBackground(INVALID_FILL)
                    cell.setToolTip(problem)
                    cell.setData(Qt.ItemDataRole.AccessibleDescriptionRole, "Not saved: " + problem)
                    cell.setData(INVALID_ROLE, problem)  # framed and kept red under the selection
                if c not in CELL_FIELDS:
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, cell)
        self.table.resizeColumnsToContents()  # the stretched columns excepted
        for column in range(self.table.columnCount()):  # a long pasted text wraps off, never pushing
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), MAX_COLUMN_WIDTH))
        on_agenda = {entry.case_id for entry in agenda}
        self.case_picker.clear()
        for case_id, label in labels.items():
            if case_id not in on_agenda:
                self.case_picker.addItem(label, case_id)

    def _show_status_of_selected(self, *_cells: int) -> None:
        """'Board status:' shows the selected case's status (it kept the last one picked: beside a
        discussed case it read 'Ready'); the picker is then changed to set another."""
        case_id = self.selected_case()
        if case_id is not None:
            status = self._statuses.get(case_id, "to_prepare")
            self.status_picker.setCurrentIndex(max(0, self.status_picker.findData(status)))

    def selected_case(self) -> str | None:
        row = self.table.currentRow()
        meeting = self.host.meeting
        if row < 0 or meeting is None or row >= len(meeting.record.agenda):
            return None
        return meeting.record.agenda[row].case_id

    # --- edits --------------------------------------------------------------------------------------
    def add_case(self) -> None:
        host = self.host
        case_id = self.case_picker.currentData()
        if not case_id or host.meeting is None:
            return
        most = max_chars(Meeting, "agenda")
        if len(host.meeting.record.agenda) >= most:  # said here, not as the record's list error
            host.message.setText(
                f"The agenda holds {most} cases, the most one meeting keeps: put this case on another meeting."
            )
            return
        item = AgendaItem(case_id=case_id)

        def mutate(m: Meeting) -> Meeting:
            if m.item(case_id) is not None:
                return m
            return m.model_copy(update={"agenda": [*m.agenda, item]})

        if host.edit(mutate, "Case added to the agenda."):
            self.table.setCurrentCell(self.table.rowCount() - 1, 2)

    def remove_case(self) -> None:
        case_id = self.selected_case()
        if case_id is not None:
            for key in [k for k in self.host.pending if k[1] == case_id]:
                del self.host.pending[key]
            self.host.edit(
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

        if self.host.edit(mutate, "Agenda order changed.") and self.host.meeting is not None:
            ids = [i.case_id for i in self.host.meeting.record.agenda]
            self.table.setCurrentCell(ids.index(case_id), 1)

    def _cell_edited(self, cell: QTableWidgetItem) -> None:
        if self.host.filling() or self.host.meeting is None or cell.column() not in CELL_FIELDS:
            return
        row, column, text = cell.row(), cell.column(), cell.text()
        # Saved after the editor has closed: the save re-reads the table, which must not happen
        # inside the table's own itemChanged.
        QTimer.singleShot(0, lambda: self._save_cell(row, column, text))

    def _save_cell(self, row: int, column: int, text: str) -> None:
        host = self.host
        if host.meeting is None or row >= len(host.meeting.record.agenda):
            return
        case_id = host.meeting.record.agenda[row].case_id
        field = CELL_FIELDS[column]
        what = "The question to the board" if column == 2 else "The presenter"
        problem = hidden_character(what, text) or too_long(what, text, max_chars(AgendaItem, field))
        text = text.strip()
        key = (host.meeting.record.meeting_id, case_id, field)
        if problem:
            # What was pasted stays in the cell, marked; the record keeps its text until it is shortened.
            host.pending[key] = (text, problem)
            host.refill()
            self.table.setCurrentCell(row, column)
            host.message.setText(f"{problem}. Not saved: shorten it in the agenda.")
            return
        host.pending.pop(key, None)

        def mutate(m: Meeting) -> Meeting:
            agenda = [i.model_copy(update={field: text}) if i.case_id == case_id else i for i in m.agenda]
            return m.model_copy(update={"agenda": agenda})

        if host.edit(mutate, f"{field.capitalize()} saved."):
            self.table.setCurrentCell(row, column)

    def set_status(self) -> None:
        host = self.host
        case_id = self.selected_case()
        status = self.status_picker.currentData()
        if case_id is None:
            host.message.setText("Select a case on the agenda first.")
            return
        if status == "ready":
            warnings = self._readiness(case_id)
            if warnings and not confirm(
                self.table.window(),
                "Not everything is known yet",
                "\n".join(warnings) + "\n\nMark the case ready for the board anyway?",
                "Mark &ready",
            ):
                host.message.setText("Board status not changed.")
                return
        try:
            host.board.set_status(case_id, status)
        except StoreError as exc:
            QMessageBox.warning(self.table.window(), "Board status not changed", str(exc))
            return
        host.message.setText(f"Board status: {BOARD_STATUS_LABELS[status]}.")
        host.refill()
        self.status_changed()

    def _readiness(self, case_id: str) -> list[str]:
        from nelm_desktop.core.engine import evaluate

        try:
            case = self.host.cases.load(case_id).case
        except StoreError as exc:
            return [str(exc)]
        return readiness_warnings(evaluate(case))
