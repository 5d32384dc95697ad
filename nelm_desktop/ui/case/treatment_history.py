"""The treatment-history table of the case form (schema v3): one row per line of therapy.

Columns: treatment (the 16 option codes or "Other"), name, start and end month (YYYY-MM), intent, best
response (RECIST wording), resected segments (liver resections) and a note. Each cell is an ordinary
control, so it is reached with Tab and read by a screen reader ("Treatment line 2, start month").

Field protocol of the form (binding.py): ``value()`` is a list of `TreatmentLine` when every row is valid,
else the rows as typed (dicts), which the case document rejects with a message: an invalid row is shown
and blocks, and is never silently altered. ``set_value(lines)`` shows a case's history; ``valueEdited``
is emitted on every user edit.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nelm_desktop.core.treatments import (
    INTENT_LABELS,
    RESPONSE_LABELS,
    TREATMENT_MODALITY_LABELS,
    TreatmentLine,
)
from nelm_desktop.ui.widgets.refused_entry import mark_refused
from nelm_desktop.ui.widgets.wheel_safe import WheelSafeComboBox

COLUMNS: tuple[tuple[str, str], ...] = (
    ("modality", "Treatment"),
    ("name", "Name / agent"),
    ("start", "Start (YYYY-MM)"),
    ("end", "End (YYYY-MM)"),
    ("intent", "Intent"),
    ("best_response", "Best response"),
    ("segments", "Segments resected"),
    ("note", "Note"),
)
_COMBOS: dict[str, dict[str, str]] = {
    "modality": TREATMENT_MODALITY_LABELS,
    "intent": INTENT_LABELS,
    "best_response": RESPONSE_LABELS,
}
_WIDTHS = {"modality": 210, "name": 150, "start": 90, "end": 90, "intent": 120, "best_response": 160}


def _line_to_row(line: TreatmentLine) -> dict[str, str]:
    data = line.model_dump()
    data["segments"] = ", ".join(line.segments)
    return {k: str(v) for k, v in data.items()}


def _row_to_data(row: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = dict(row)
    data["segments"] = row.get("segments", "")
    return data


class TreatmentHistoryField(QWidget):
    valueEdited = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("treatment_history_table")
        self.table.setHorizontalHeaderLabels([title for _key, title in COLUMNS])
        self.table.verticalHeader().setVisible(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setAccessibleName("Treatment history table")
        header = self.table.horizontalHeader()
        for col, (key, _title) in enumerate(COLUMNS):
            self.table.setColumnWidth(col, _WIDTHS.get(key, 130))
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(140)
        self.add_button = QPushButton("Add treatment line", self)
        self.add_button.setObjectName("add_treatment_line")
        self.remove_button = QPushButton("Remove last line", self)
        self.remove_button.setObjectName("remove_treatment_line")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._user_add)
        self.remove_button.clicked.connect(self._user_remove)
        self._update_buttons()

    # ------------------------------------------------------------------ field protocol
    def rows(self) -> list[dict[str, str]]:
        out = []
        for row in range(self.table.rowCount()):
            values = {}
            for col, (key, _title) in enumerate(COLUMNS):
                widget = self.table.cellWidget(row, col)
                if isinstance(widget, QComboBox):
                    values[key] = str(widget.currentData())
                elif isinstance(widget, QLineEdit):
                    values[key] = widget.text()
            out.append(values)
        return out

    def value(self) -> list[TreatmentLine] | list[dict[str, Any]]:
        rows = [_row_to_data(row) for row in self.rows()]
        try:
            return [TreatmentLine.model_validate(row) for row in rows]
        except ValidationError:
            return rows

    def row_problems(self) -> dict[int, str]:
        """Row number (1-based) -> why it is not a valid line (shown on the row)."""
        out = {}
        for n, row in enumerate(self.rows(), start=1):
            try:
                TreatmentLine.model_validate(_row_to_data(row))
            except ValidationError as exc:
                out[n] = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        return out

    def set_value(self, value: Any) -> None:
        lines = [
            line if isinstance(line, TreatmentLine) else TreatmentLine.model_validate(line)
            for line in value or []
        ]
        wanted = [_line_to_row(line) for line in lines]
        if wanted == [{**row} for row in self.rows()] or self.value() == lines:
            return
        with QSignalBlocker(self.table):
            self.table.setRowCount(0)
            for row in wanted:
                self._append_row(row)
        self._mark_rows()
        self._update_buttons()

    # ------------------------------------------------------------------ rows
    def _append_row(self, values: dict[str, str] | None = None) -> int:
        values = values or {}
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, (key, title) in enumerate(COLUMNS):
            widget: QComboBox | QLineEdit
            if key in _COMBOS:
                combo = WheelSafeComboBox(self.table)  # scrolling the form never changes a line
                for code, label in _COMBOS[key].items():
                    combo.addItem(label, code)
                default = {"modality": "other", "intent": "unknown", "best_response": "not_assessed"}[key]
                index = combo.findData(values.get(key, default))
                combo.setCurrentIndex(max(index, 0))
                combo.activated.connect(self._user_edit)
                widget = combo
            else:
                edit = QLineEdit(values.get(key, ""), self.table)
                if key in ("start", "end"):
                    edit.setPlaceholderText("YYYY-MM")
                elif key == "segments":
                    edit.setPlaceholderText("e.g. VI, VII")
                edit.textEdited.connect(self._user_edit)
                edit.editingFinished.connect(lambda e=edit, k=key: self._show_as_kept(e, k))
                widget = edit
            name = f"Treatment line {row + 1}, {title}"
            widget.setAccessibleName(name)
            # The cell under the control is a table cell of its own for a screen reader: name it too.
            item = QTableWidgetItem()
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, name)
            self.table.setItem(row, col, item)
            self.table.setCellWidget(row, col, widget)
        return row

    def cell(self, row: int, key: str) -> QWidget:
        col = [k for k, _t in COLUMNS].index(key)
        widget = self.table.cellWidget(row, col)
        assert widget is not None
        return widget

    def _mark_rows(self) -> None:
        problems = self.row_problems()
        for row in range(self.table.rowCount()):
            message = problems.get(row + 1, "")
            for col in range(len(COLUMNS)):
                widget = self.table.cellWidget(row, col)
                if widget is not None:
                    mark_refused(widget, bool(message))
                    widget.setToolTip(f"Line {row + 1}: {message}" if message else "")

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.table.rowCount() > 0)

    def _user_add(self) -> None:
        row = self._append_row()
        self._update_buttons()
        self.cell(row, "modality").setFocus()
        self._user_edit()

    def _user_remove(self) -> None:
        if self.table.rowCount():
            self.table.removeRow(self.table.rowCount() - 1)
        self._update_buttons()
        self._user_edit()

    def _show_as_kept(self, edit: QLineEdit, key: str) -> None:
        """On leaving a cell, it shows the text the line keeps: "4a, s5" is kept as segments IV, V
        and " 2024-03 " as 2024-03, and the cell went on showing what was typed until the case was
        opened again. A line the model refuses keeps what was typed (marked)."""
        for row in range(self.table.rowCount()):
            if self.table.cellWidget(row, [k for k, _t in COLUMNS].index(key)) is not edit:
                continue
            try:
                line = TreatmentLine.model_validate(_row_to_data(self.rows()[row]))
            except ValidationError:
                return
            kept = _line_to_row(line)[key]
            if kept != edit.text():
                edit.setText(kept)  # not an edit: the line's value is unchanged
            return

    def _user_edit(self, *_args: object) -> None:
        self._mark_rows()
        problems = self.row_problems()
        self.valueEdited.emit(self.value())
        if problems:
            # The document's own message names the problem; say which line it is on.
            first = min(problems)
            self.setToolTip(f"Line {first}: {problems[first]}")
        else:
            self.setToolTip("")
