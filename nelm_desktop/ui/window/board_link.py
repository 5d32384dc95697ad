"""The main window's link to the tumour board: the board's files, the board window, the board statuses
in the library panel and the full-screen presentation of a meeting (`window.board`).

Everything here is opened on first use: a start that never touches the board loads none of it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nelm_desktop.core.board.store import BoardStore
    from nelm_desktop.ui.board.board_window import BoardWindow
    from nelm_desktop.ui.board.presentation import PresentationWindow
    from nelm_desktop.ui.board.unsaved_edits import OpenCaseEdits
    from nelm_desktop.ui.window.main_window import MainWindow


class BoardLink:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._store: BoardStore | None = None
        self.board_window: BoardWindow | None = None
        self.presentation: PresentationWindow | None = None

    def store(self) -> BoardStore:
        from nelm_desktop.core.board.store import BoardStore

        if self._store is None:
            self._store = BoardStore(self.window.store.root)
        return self._store

    def refresh_view(self, summaries: list[Any] | None = None) -> None:
        """Board statuses and meetings into the library panel's filter. `summaries`: the library just
        listed, else the rows the panel shows (a decision or a status changes the board's files, not
        the list of cases: listing it again took ~0.5 s on the GUI thread at 50,000 cases)."""
        from nelm_desktop.core.store import StoreError
        from nelm_desktop.ui.board.library_view import board_view

        window = self.window
        try:
            listed = window.library.model.all_summaries() if summaries is None else summaries
            ids = [summary.case_id for summary in listed]
            labels, rank, choices = board_view(self.store(), ids)
        except StoreError as exc:
            window.statusBar().showMessage(f"Cannot read the tumour-board files: {exc}", 10000)
            return
        window.library.set_board(labels, rank, choices)

    def show(self) -> None:
        window = self.window
        if not window.built:
            return
        from nelm_desktop.core.store.audit import os_user
        from nelm_desktop.ui.board.board_window import BoardWindow

        if self.board_window is None:
            self.board_window = BoardWindow(
                window.store,
                self.store(),
                os_user(),
                window,
                open_case=self.open_case_edits(),
                listed=window.library.model.all_summaries,  # its labels: no listing of the library
            )
            self.board_window.presentRequested.connect(self.present)
            self.board_window.statusChanged.connect(self.refresh_view)
        else:
            self.board_window.refresh()
        self.board_window.show()
        self.board_window.raise_()
        self.board_window.activateWindow()

    def open_case_edits(self) -> OpenCaseEdits:
        """What the board room may ask before recording a decision: does the open case hold unsaved
        edits of a case, and Save (the same as File > Save)."""
        from nelm_desktop.ui.board.unsaved_edits import OpenCaseEdits

        window = self.window

        def has_unsaved_edits(case_id: str) -> bool:
            case = window.document.case
            return window.built and case is not None and case.case_id == case_id and window.document.is_dirty

        def shown_label() -> str:
            case = window.document.case
            return case.patient_label or "" if case is not None else ""

        return OpenCaseEdits(has_unsaved_edits, window.session.save, shown_label)

    def present(self, meeting_id: str | None = None) -> None:
        """Full-screen presentation of a meeting: the one given, else the one selected in the board
        window, else today's or the next one (else the latest)."""
        from PySide6.QtWidgets import QMessageBox

        window = self.window
        if not window.built:
            return
        from nelm_desktop.core.board.outputs import gather
        from nelm_desktop.core.store import StoreError
        from nelm_desktop.core.store.audit import os_user
        from nelm_desktop.ui.board.decision_flow import record_decision
        from nelm_desktop.ui.board.library_view import meeting_to_present
        from nelm_desktop.ui.board.presentation import PresentationWindow

        board = self.store()
        if not meeting_id and self.board_window is not None and self.board_window.isVisible():
            current = self.board_window.meeting
            meeting_id = current.record.meeting_id if current else None
        try:
            meeting = board.load_meeting(meeting_id) if meeting_id else meeting_to_present(board)
        except StoreError as exc:
            QMessageBox.warning(window, "Cannot present", str(exc))
            return
        if meeting is None:
            QMessageBox.information(
                window,
                "No meeting",
                "There is no tumour-board meeting yet: create one in View > Tumour board meetings.",
            )
            return
        record = meeting.record
        user = os_user()

        def record_one(entry: Any) -> Any:
            if not record_decision(
                self.presentation or window,
                window.store,
                board,
                record,
                entry.item.case_id,
                user,
                self.open_case_edits(),
            ):
                return None
            self.refresh_view()
            updated = gather(record, window.store, board).items
            return next((item for item in updated if item.item.case_id == entry.item.case_id), None)

        try:
            items = gather(record, window.store, board).items
        except StoreError as exc:
            QMessageBox.warning(window, "Cannot present", str(exc))
            return
        if self.presentation is not None:
            self.presentation.close()
        self.presentation = PresentationWindow(record, items, record_one)
        self.presentation.closed.connect(self._presentation_closed)
        self.presentation.present()

    def _presentation_closed(self) -> None:
        self.presentation = None
        if self.board_window is not None and self.board_window.isVisible():
            self.board_window.refresh()
