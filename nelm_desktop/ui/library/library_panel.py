"""The case library side panel: search, the list of saved cases, new / duplicate / delete / open.

The panel shows the store's list and asks its owner to act (``openRequested`` and friends), because
opening or deleting interacts with the case being edited (unsaved changes). After a delete, an
"Undo" bar restores the case from the store's trash. Damaged (quarantined) files are listed with
their reason under the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nelm_desktop.ui.library.follow_up_list import FollowUpList
from nelm_desktop.ui.library.library_delegate import CaseRowDelegate, row_height
from nelm_desktop.ui.library.library_model import CASE_ID_ROLE, CaseListModel
from nelm_desktop.ui.widgets.elided_combo import ElidedComboBox
from nelm_desktop.ui.widgets.focus_frame import paint_focus_frame


class CaseListView(QTableView):
    """A one-column table that looks like a list of two-line rows.

    Not a QListView: its layout asks the model for an index of every row (two Python calls per row
    through ``QAbstractTableModel.hasIndex``), ~0.3 s per keystroke at 50,000 cases. A table with
    fixed row heights lays out from the row count alone and asks only for the rows it paints.
    """

    def show_only_first_column(self) -> None:
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.horizontalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setMinimumSectionSize(1)
        # The delegate's row height, from the font alone: no QStyleOptionViewItem asked for it (PySide
        # would make that type and its enums before the window's first frame).
        rows.setDefaultSectionSize(row_height(self.font()))
        for column in range(1, self.model().columnCount()):
            self.setColumnHidden(column, True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    # A focus frame around the list: the style marks only a current row, so an empty list that took
    # the focus (F6) showed nothing.
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            painter = QPainter(self.viewport())
            paint_focus_frame(painter, self.viewport().rect(), self.palette())
            painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Only the newest rows listed yet (the start): every row first, so End, Page Down and the
        # arrows go where they go in the whole list.
        model = self.model()
        if model is not None and model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.viewport().update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.viewport().update()


class LibraryPanel(QWidget):
    openRequested = Signal(str)  # case_id
    newRequested = Signal()
    duplicateRequested = Signal(str)
    deleteRequested = Signal(str)
    undoDeleteRequested = Signal(str)
    quarantineRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPanel")
        self.model = CaseListModel(self)
        self._current_id: str | None = None
        self._deleted_id: str | None = None
        self._checking = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.setSpacing(6)

        title = QLabel("Case library", self)
        title.setStyleSheet("font-weight: 600; font-size: 12pt;")
        layout.addWidget(title)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search label, primary, grade (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search cases")
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._open_first)
        layout.addWidget(self.search)

        self.follow_ups = FollowUpList(self)
        self.follow_ups.openRequested.connect(self.openRequested)
        layout.addWidget(self.follow_ups)

        # Tumour board: show only the cases of one status or one meeting; group the list by status.
        # The filter has the column's width, the grouping its own line under it: beside the check box
        # the filter was ~85 px and a meeting read 'Meeting: N' (which filter was on could not be told).
        self.board_filter = ElidedComboBox(self)
        self.board_filter.setObjectName("boardFilter")
        self.board_filter.setAccessibleName("Show cases by board status or meeting")
        self.board_filter.addItem("All cases", None)
        self.board_filter.currentIndexChanged.connect(self._board_view_changed)
        self.board_group = QCheckBox("Group by board status", self)
        self.board_group.setObjectName("boardGroup")
        self.board_group.toggled.connect(self._board_view_changed)
        layout.addWidget(self.board_filter)
        layout.addWidget(self.board_group)
        self._board_labels: dict[str, str] = {}
        self._board_rank: dict[str, int] = {}

        self.view = CaseListView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(CaseRowDelegate(self.view))
        self.view.show_only_first_column()
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAccessibleName("Saved cases")
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        layout.addWidget(self.view, 1)

        self.count_label = QLabel(self)
        self.count_label.setStyleSheet("color: #555555;")
        layout.addWidget(self.count_label)

        self.undo_bar = QFrame(self)
        self.undo_bar.setStyleSheet("QFrame { background: #FBF1DC; border-radius: 4px; }")
        bar = QHBoxLayout(self.undo_bar)
        bar.setContentsMargins(8, 4, 4, 4)
        self.undo_text = QLabel(self.undo_bar)
        self.undo_text.setWordWrap(True)
        self.undo_button = QPushButton("Undo", self.undo_bar)
        self.undo_button.clicked.connect(self._undo_delete)
        bar.addWidget(self.undo_text, 1)
        bar.addWidget(self.undo_button)
        self.undo_bar.setVisible(False)
        layout.addWidget(self.undo_bar)

        self.quarantine_button = QPushButton(self)
        self.quarantine_button.setStyleSheet("text-align: left; color: #8A1F11;")
        self.quarantine_button.setFlat(True)
        self.quarantine_button.clicked.connect(self.quarantineRequested)
        self.quarantine_button.setVisible(False)
        layout.addWidget(self.quarantine_button)

        buttons = QHBoxLayout()
        self.new_button = QPushButton("New", self)
        self.new_button.setToolTip("New case (Ctrl+N)")
        self.duplicate_button = QPushButton("Duplicate", self)
        self.delete_button = QPushButton("Delete…", self)
        self.new_button.clicked.connect(self.newRequested)
        self.duplicate_button.clicked.connect(lambda: self._with_selected(self.duplicateRequested))
        self.delete_button.clicked.connect(lambda: self._with_selected(self.deleteRequested))
        for button in (self.new_button, self.duplicate_button, self.delete_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # --- content -------------------------------------------------------------------------------
    def set_summaries(
        self,
        summaries: Sequence[Any],
        newest_first: bool = False,
        total: int | None = None,
        fetch: Callable[[], object] | None = None,
    ) -> None:
        """The rows; `total` and `fetch`: they are only the newest (see CaseListModel.set_summaries)."""
        self.model.set_summaries(summaries, newest_first, total, fetch)
        self._after_reset()

    def add_rest(self, summaries: Sequence[Any]) -> None:
        """Every row, after only the newest were shown (see CaseListModel.add_rest)."""
        self.model.add_rest(summaries)
        self._after_reset()

    def place_row(self, before: int | None, now: int, summary: Any, total: int) -> bool:
        """One case's row moved or added (a save); see CaseListModel.place_row."""
        if not self.model.place_row(before, now, summary, total):
            return False
        self._after_reset()
        return True

    def remove_row(self, before: int, case_id: str, total: int) -> bool:
        """One case's row taken out (a delete); see CaseListModel.remove_row."""
        if not self.model.remove_row(before, case_id, total):
            return False
        self._after_reset()
        return True

    def set_checking(self, checking: bool) -> None:
        """While the rows shown are the index's, not yet checked against the case files, the count
        line says so (a row may still change or go within moments)."""
        if checking != self._checking:
            self._checking = checking
            self._show_count()

    def set_quarantined(self, count: int) -> None:
        self.quarantine_button.setVisible(count > 0)
        noun = "file" if count == 1 else "files"
        self.quarantine_button.setText(f"⚠ {count} damaged or unreadable case {noun} — show…")

    def set_board(
        self,
        labels: dict[str, str],
        rank: dict[str, int],
        choices: Sequence[tuple[str, frozenset[str]]],
    ) -> None:
        """Board status labels per case, their group order, and the filter choices: (text, case ids)
        for each status and each meeting. The current choice is kept when it still exists."""
        self._board_labels, self._board_rank = labels, rank
        current = self.board_filter.currentText()
        self.board_filter.blockSignals(True)
        self.board_filter.clear()
        self.board_filter.addItem("All cases", None)
        for text, ids in choices:
            self.board_filter.addItem(text, ids)
        index = self.board_filter.findText(current)
        self.board_filter.setCurrentIndex(max(0, index))
        self.board_filter.blockSignals(False)
        self._board_view_changed()

    def _board_view_changed(self, *_args: Any) -> None:
        allowed = self.board_filter.currentData()
        rank = self._board_rank if self.board_group.isChecked() else None
        self.model.set_board(self._board_labels, set(allowed) if allowed is not None else None, rank)
        self._after_reset()

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)
        self._after_reset()

    def show_opening(self, files_read: int = 0) -> None:
        """The "Opening library…" state, shown while the library is listed off the GUI thread; with
        ``files_read`` > 0 the index is being rebuilt (first start after an upgrade): say how far."""
        text = "Opening library…"
        if files_read:
            text = f"Opening library… indexing the case files ({files_read:,} read so far)"
        self.count_label.setText(text)
        self.count_label.setAccessibleName(text)

    def _after_reset(self) -> None:
        self._show_count()
        self.select_case(self._current_id)
        self._update_buttons()

    def _show_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count()
        if total == 0:
            text = "No saved cases yet."
        elif shown == total or self.model.is_partial():
            text = f"{total} case{'s' if total != 1 else ''}"
        else:
            text = f"{shown} of {total} cases match"
        if self._checking:
            text += " — checking the case files…"
        self.count_label.setText(text)
        self.count_label.setAccessibleName(text)
        # A screen reader counts the list's rows: while only the newest are in it (the index's head),
        # it would announce 200 cases of a library of 50,000. The list says what it holds so far.
        partial = self.model.is_partial()
        description = (
            f"The newest {shown:,} of {total:,} cases; the rest is being read" if partial and total else ""
        )
        if self.view.accessibleDescription() != description:
            self.view.setAccessibleDescription(description)

    def select_case(self, case_id: str | None) -> None:
        """Highlight the open case (without opening anything)."""
        self._current_id = case_id
        row = self.model.row_of(case_id) if case_id else -1
        selection = self.view.selectionModel()
        if row < 0:
            selection.clearSelection()
            return
        index = self.model.index(row, 0)
        selection.select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.setCurrentIndex(index)
        # scrollTo repaints the row even when it is in view (every edit of the open case asked for a
        # library repaint); EnsureVisible would not scroll then anyway.
        if not self.view.viewport().rect().contains(self.view.visualRect(index)):
            self.view.scrollTo(index)

    def selected_case_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(CASE_ID_ROLE) if rows else None

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # --- delete / undo -------------------------------------------------------------------------
    def show_deleted(self, case_id: str, label: str) -> None:
        self._deleted_id = case_id
        self.undo_text.setText(f"Moved “{label or 'case'}” to the trash.")
        self.undo_bar.setVisible(True)

    def hide_undo(self) -> None:
        self._deleted_id = None
        self.undo_bar.setVisible(False)

    def _undo_delete(self) -> None:
        if self._deleted_id:
            self.undoDeleteRequested.emit(self._deleted_id)
        self.hide_undo()

    # --- internals -----------------------------------------------------------------------------
    def _activated(self, index: Any) -> None:
        case_id = index.data(CASE_ID_ROLE)
        if case_id and case_id != self._current_id:
            self.openRequested.emit(case_id)

    def _open_first(self) -> None:
        if self.model.rowCount() > 0:
            self._activated(self.model.index(0, 0))

    def _with_selected(self, signal: Any) -> None:
        case_id = self.selected_case_id()
        if case_id:
            signal.emit(case_id)

    def _update_buttons(self, *_args: Any) -> None:
        has = self.selected_case_id() is not None
        self.duplicate_button.setEnabled(has)
        self.delete_button.setEnabled(has)
