"""The treatment-history table of the case form (schema v3): one row per line of therapy.

Fields: treatment (the 16 option codes or "Other"), name, start and end month (YYYY-MM), intent, best
response (RECIST wording), resected segments (liver resections) and a note. Each is an ordinary control,
so it is reached with Tab and read by a screen reader ("Treatment line 2, Start (YYYY-MM)"). They stand
two to a column (treatment over name, start over end, intent over response, segments over note): eight
side by side needed ~1,000 px and the table scrolled sideways in every window (at 1366x768 it showed the
treatment and half the name). A list's label longer than its column is elided, whole in its tooltip.

Field protocol of the form (binding.py): ``value()`` is a list of `TreatmentLine` when every row is valid,
else the rows as typed (dicts), which the case document rejects with a message: an invalid row is shown
and blocks, and is never silently altered. ``set_value(lines)`` shows a case's history; ``valueEdited``
is emitted on every user edit.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QResizeEvent
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
from nelm_desktop.ui.widgets.elided_combo import ElidedComboBox
from nelm_desktop.ui.widgets.refused_entry import mark_refused

FIELDS: dict[str, str] = {
    "modality": "Treatment",
    "name": "Name / agent",
    "start": "Start (YYYY-MM)",
    "end": "End (YYYY-MM)",
    "intent": "Intent",
    "best_response": "Best response",
    "segments": "Segments resected",
    "note": "Note",
}
# The table's columns, two fields each: the first over the second, in Tab order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("modality", "name"),
    ("start", "end"),
    ("intent", "best_response"),
    ("segments", "note"),
)
# Two lines each, the fields' labels; the months' format is in their placeholders and tooltip.
HEADERS = ("Treatment\nName / agent", "Start\nEnd", "Intent\nBest response", "Segments resected\nNote")
HEADER_TIPS = (
    "Treatment (the option it was), and its name or agent",
    "Start and end month, YYYY-MM",
    "Intent, and the best response (RECIST)",
    "Liver segments resected (liver resections), and a note",
)
# How the width left after each column's least is shared: the months need no more than their least.
STRETCH = (40, 5, 30, 25)
_COMBOS: dict[str, dict[str, str]] = {
    "modality": TREATMENT_MODALITY_LABELS,
    "intent": INTENT_LABELS,
    "best_response": RESPONSE_LABELS,
}
_DEFAULTS = {"modality": "other", "intent": "unknown", "best_response": "not_assessed"}
_PLACEHOLDERS = {"start": "YYYY-MM", "end": "YYYY-MM", "segments": "e.g. VI, VII"}


def _line_to_row(line: TreatmentLine) -> dict[str, str]:
    data = line.model_dump()
    data["segments"] = ", ".join(line.segments)
    return {k: str(v) for k, v in data.items()}


def _row_to_data(row: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = dict(row)
    data["segments"] = row.get("segments", "")
    return data


class _HistoryTable(QTableWidget):
    """Columns shared out by `STRETCH` over the table's width (no horizontal scroll bar), and as tall
    as its lines (the form scrolls, not the table)."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.share_columns()

    def share_columns(self) -> None:
        """Each column its least (its header's widest line, a month, a list's first words), then the
        rest of the width by `STRETCH`."""
        room = self.viewport().width()
        metrics, fields = self.horizontalHeader().fontMetrics(), self.fontMetrics()
        content = (
            100,
            fields.horizontalAdvance("YYYY-MM") + 24,
            100,
            fields.horizontalAdvance("e.g. VI, VII") + 24,
        )
        least = [
            max(need, *(metrics.horizontalAdvance(line) + 16 for line in title.split("\n")))
            for title, need in zip(HEADERS, content, strict=True)
        ]
        spare = max(0, room - sum(least))
        widths = [need + spare * share // sum(STRETCH) for need, share in zip(least, STRETCH, strict=True)]
        widths[-1] = max(0, room - sum(widths[:-1]))  # the last one takes the rounding
        for column, width in enumerate(widths):
            self.setColumnWidth(column, width)

    def fit_height(self) -> None:
        rows = sum(self.rowHeight(row) for row in range(self.rowCount()))
        empty = self.fontMetrics().height() * 2  # room that says "no line yet" under the header
        frame = 2 * self.frameWidth()
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + max(rows, empty) + frame)


class TreatmentHistoryField(QWidget):
    valueEdited = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = _HistoryTable(0, len(COLUMNS), self)
        self.table.setObjectName("treatment_history_table")
        for column, (title, tip) in enumerate(zip(HEADERS, HEADER_TIPS, strict=True)):
            header = QTableWidgetItem(title)
            header.setToolTip(tip)
            self.table.setHorizontalHeaderItem(column, header)
        # Tab goes through the fields in the window's focus order (treatment, name, start, end, …):
        # the table's own Tab moved between cells, each now holding two fields.
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setAccessibleName("Treatment history table")
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self._controls: list[dict[str, QComboBox | QLineEdit]] = []  # per line: field -> its control
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
        self.table.fit_height()
        self._update_buttons()

    # ------------------------------------------------------------------ field protocol
    def rows(self) -> list[dict[str, str]]:
        out = []
        for controls in self._controls:
            values = {}
            for key in FIELDS:
                widget = controls[key]
                values[key] = str(widget.currentData()) if isinstance(widget, QComboBox) else widget.text()
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
            self._controls.clear()
            for row in wanted:
                self._append_row(row)
        self._mark_rows()
        self._update_buttons()

    # ------------------------------------------------------------------ rows
    def _append_row(self, values: dict[str, str] | None = None) -> int:
        values = values or {}
        row = self.table.rowCount()
        self.table.insertRow(row)
        controls: dict[str, QComboBox | QLineEdit] = {}
        for col, pair in enumerate(COLUMNS):
            cell = QWidget(self.table)
            stack = QVBoxLayout(cell)
            stack.setContentsMargins(2, 2, 2, 2)
            stack.setSpacing(2)
            for key in pair:
                widget = self._make_control(key, values, cell)
                widget.setAccessibleName(f"Treatment line {row + 1}, {FIELDS[key]}")
                stack.addWidget(widget)
                controls[key] = widget
            # The cell under the controls is a table cell of its own for a screen reader: name it too.
            item = QTableWidgetItem()
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            names = " and ".join(FIELDS[key] for key in pair)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Treatment line {row + 1}, {names}")
            self.table.setItem(row, col, item)
            self.table.setCellWidget(row, col, cell)
        self._controls.append(controls)
        self.table.resizeRowToContents(row)
        self.table.fit_height()
        return row

    def _make_control(self, key: str, values: dict[str, str], parent: QWidget) -> QComboBox | QLineEdit:
        if key in _COMBOS:
            combo = ElidedComboBox(parent)  # scrolling the form never changes a line
            for code, label in _COMBOS[key].items():
                combo.addItem(label, code)
            combo.setCurrentIndex(max(combo.findData(values.get(key, _DEFAULTS[key])), 0))
            combo.activated.connect(self._user_edit)
            return combo
        edit = QLineEdit(values.get(key, ""), parent)
        edit.setCursorPosition(0)  # a name longer than its column reads from its start ("istal pancr…")
        edit.setPlaceholderText(_PLACEHOLDERS.get(key, ""))
        edit.textEdited.connect(self._user_edit)
        edit.editingFinished.connect(lambda e=edit, k=key: self._show_as_kept(e, k))
        return edit

    def cell(self, row: int, key: str) -> QWidget:
        return self._controls[row][key]

    def _mark_rows(self) -> None:
        problems = self.row_problems()
        for row, controls in enumerate(self._controls):
            message = problems.get(row + 1, "")
            for widget in controls.values():
                mark_refused(widget, bool(message))
                if message:
                    widget.setToolTip(f"Line {row + 1}: {message}")
                else:  # whole, where the column elides or scrolls it
                    widget.setToolTip(
                        widget.currentText() if isinstance(widget, QComboBox) else widget.text()
                    )

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
            self._controls.pop()
            self.table.fit_height()
        self._update_buttons()
        self._user_edit()

    def _show_as_kept(self, edit: QLineEdit, key: str) -> None:
        """On leaving a cell, it shows the text the line keeps: "4a, s5" is kept as segments IV, V
        and " 2024-03 " as 2024-03, and the cell went on showing what was typed until the case was
        opened again. A line the model refuses keeps what was typed (marked)."""
        for row, controls in enumerate(self._controls):
            if controls[key] is not edit:
                continue
            try:
                line = TreatmentLine.model_validate(_row_to_data(self.rows()[row]))
            except ValidationError:
                return
            kept = _line_to_row(line)[key]
            if kept != edit.text():
                edit.setText(kept)  # not an edit: the line's value is unchanged
            edit.setCursorPosition(0)  # left, a long name reads from its start again
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
