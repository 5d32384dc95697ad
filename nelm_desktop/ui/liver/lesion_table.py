"""The lesion table: one row per group of lesions (segment, size in cm, count; unknown allowed).

Public API:

- ``LesionTableModel(lesions: list[Lesion] | None = None, parent=None)``: a QAbstractTableModel,
  usable without widgets. Columns ``COLUMNS = ("Segment", "Size (cm)", "Count")``.
  ``set_lesions(lesions)`` (no signal), ``lesions() -> list[Lesion]``, ``add_lesion(lesion=None) -> row``,
  ``remove_rows(rows)``; ``setData`` validates through ``core.model.Lesion``; blank or "unknown" =
  unknown. Signals ``lesionsEdited(list)`` after every edit, ``editRejected(str)`` with the reason
  when a typed value is refused (the old value stays).
- ``SegmentDelegate``: combo box editor (unknown, I..VIII) for the Segment column.
- ``LesionTable(parent=None)``: the view with Add/Remove buttons and a message line.
  ``set_lesions``, ``lesions``, ``select_segment_rows(seg)`` (highlights rows, no signal),
  ``default_segment`` (attribute: the segment a new row gets). Signals ``lesionsEdited(list)``,
  ``segmentActivated(str)`` (the current row's segment, when the user moves in the table).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nelm_desktop.core.model import SEGMENTS, Lesion
from nelm_desktop.ui.widgets import style

COLUMNS = ("Segment", "Size (cm)", "Count")
SEGMENT_COL, SIZE_COL, COUNT_COL = range(3)
UNKNOWN_TEXT = "unknown"
_FIELDS = ("segment", "size_cm", "count")
_UNKNOWN_INPUT = {"", "unknown", "?", "not recorded", "-"}

Index = QModelIndex | QPersistentModelIndex


def _parse(column: int, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.lower() in _UNKNOWN_INPUT:
            return None
        if column == SIZE_COL:
            text = text.lower().removesuffix("cm").strip().replace(",", ".")
            return float(text)
        if column == COUNT_COL:
            return int(text)
        return text
    return value


class LesionTableModel(QAbstractTableModel):
    lesionsEdited = Signal(list)
    editRejected = Signal(str)

    def __init__(self, lesions: list[Lesion] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._rows: list[Lesion] = [lesion.model_copy() for lesion in (lesions or [])]

    # ------------------------------------------------------------------ public API
    def set_lesions(self, lesions: list[Lesion] | None) -> None:
        new = [lesion.model_copy() for lesion in (lesions or [])]
        if new == self._rows:
            return  # keeps selection and any open editor
        self.beginResetModel()
        self._rows = new
        self.endResetModel()

    def lesions(self) -> list[Lesion]:
        return [lesion.model_copy() for lesion in self._rows]

    def lesion(self, row: int) -> Lesion:
        return self._rows[row].model_copy()

    def add_lesion(self, lesion: Lesion | None = None) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(lesion.model_copy() if lesion else Lesion(segment=None, size_cm=None, count=1))
        self.endInsertRows()
        self.lesionsEdited.emit(self.lesions())
        return row

    def remove_rows(self, rows: list[int]) -> None:
        rows = sorted({r for r in rows if 0 <= r < len(self._rows)}, reverse=True)
        if not rows:
            return
        for row in rows:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
        self.lesionsEdited.emit(self.lesions())

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = getattr(self._rows[index.row()], _FIELDS[index.column()])
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                UNKNOWN_TEXT
                if value is None
                else (f"{value:g}" if index.column() == SIZE_COL else str(value))
            )
        if role == Qt.ItemDataRole.EditRole:
            return "" if value is None else (f"{value:g}" if index.column() == SIZE_COL else str(value))
        if role == Qt.ItemDataRole.ForegroundRole and value is None:
            return QColor(style.TEXT_MUTED)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() != SEGMENT_COL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and value is None:
            return "Not recorded (unknown)"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        column = index.column()
        try:
            parsed = _parse(column, value)
            data = self._rows[index.row()].model_dump()
            data[_FIELDS[column]] = parsed
            lesion = Lesion.model_validate(data)
        except (ValueError, ValidationError):
            self.editRejected.emit(self._reason(column, value))
            return False
        if lesion == self._rows[index.row()]:
            return True
        self._rows[index.row()] = lesion
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        self.lesionsEdited.emit(self.lesions())
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    @staticmethod
    def _reason(column: int, value: Any) -> str:
        if column == SIZE_COL:
            return f"Size “{value}” not accepted: a number of centimetres above 0 and up to 40, or blank for unknown."
        if column == COUNT_COL:
            return f"Count “{value}” not accepted: a whole number from 1 to 500, or blank for unknown."
        return f"Segment “{value}” not accepted: one of I to VIII, or unknown."


class SegmentDelegate(QStyledItemDelegate):
    """Combo box editor for the Segment column: unknown, I..VIII."""

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItems([UNKNOWN_TEXT, *SEGMENTS])
        combo.setAccessibleName("Couinaud segment")
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        value = index.data(Qt.ItemDataRole.EditRole) or UNKNOWN_TEXT
        editor.setCurrentIndex(max(0, editor.findText(value)))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        text = editor.currentText()
        model.setData(index, "" if text == UNKNOWN_TEXT else text, Qt.ItemDataRole.EditRole)


class UnknownTextDelegate(QStyledItemDelegate):
    """Line editor that says blank means unknown."""

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:
        edit = QLineEdit(parent)
        edit.setPlaceholderText("blank = unknown")
        edit.setAccessibleName(COLUMNS[index.column()])
        return edit


class LesionTable(QWidget):
    lesionsEdited = Signal(list)
    segmentActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.default_segment: str | None = None
        self.model = LesionTableModel(parent=self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setObjectName("lesionTableView")
        self.view.setAccessibleName("Lesion table: segment, size in centimetres, count")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        self._segment_delegate = SegmentDelegate(self.view)
        self._text_delegate = UnknownTextDelegate(self.view)
        self.view.setItemDelegateForColumn(SEGMENT_COL, self._segment_delegate)
        self.view.setItemDelegateForColumn(SIZE_COL, self._text_delegate)
        self.view.setItemDelegateForColumn(COUNT_COL, self._text_delegate)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)

        self.add_button = QPushButton("&Add lesion", self)
        self.add_button.setToolTip("Add a lesion row (in the segment selected in the diagram)")
        self.remove_button = QPushButton("&Remove", self)
        self.remove_button.setToolTip("Remove the selected rows")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {style.OKABE_ITO['vermillion']};")
        self.message.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.model.lesionsEdited.connect(self._on_edited)
        self.model.editRejected.connect(self._on_rejected)
        self.model.modelReset.connect(self._update_buttons)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        self._update_buttons()

    def set_lesions(self, lesions: list[Lesion] | None) -> None:
        self.model.set_lesions(lesions)
        self._update_buttons()

    def lesions(self) -> list[Lesion]:
        return self.model.lesions()

    def select_segment_rows(self, seg: str | None) -> None:
        """Highlight the rows of ``seg`` (programmatic: emits no segmentActivated)."""
        sel_model = self.view.selectionModel()
        selection = QItemSelection()
        for row in range(self.model.rowCount()):
            if self.model.lesion(row).segment == seg:
                selection.select(self.model.index(row, 0), self.model.index(row, len(COLUMNS) - 1))
        sel_model.blockSignals(True)
        try:
            sel_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            sel_model.blockSignals(False)
        self.view.viewport().update()

    def _add(self) -> None:
        row = self.model.add_lesion(Lesion(segment=self.default_segment, size_cm=None, count=1))  # type: ignore[arg-type]
        if row >= self.model.rowCount():  # the case refused it: its rows are shown again, and why
            return
        column = SIZE_COL if self.default_segment else SEGMENT_COL
        index = self.model.index(row, column)
        self.view.setCurrentIndex(index)
        self.view.setFocus()
        self.view.edit(index)

    def _remove(self) -> None:
        rows = {i.row() for i in self.view.selectionModel().selectedRows()}
        if not rows and self.view.currentIndex().isValid():
            rows = {self.view.currentIndex().row()}
        self.model.remove_rows(list(rows))

    def _on_edited(self, lesions: list[Lesion]) -> None:
        self.message.hide()
        self._update_buttons()
        self.lesionsEdited.emit(lesions)

    def _on_rejected(self, reason: str) -> None:
        self.show_refusal(reason)

    def show_refusal(self, reason: str) -> None:
        """Say under the table why an edit was not kept (the rows show what the case holds)."""
        self.message.setText(reason)
        self.message.show()

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            seg = self.model.lesion(current.row()).segment
            if seg is not None:
                self.segmentActivated.emit(seg)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.model.rowCount() > 0)
