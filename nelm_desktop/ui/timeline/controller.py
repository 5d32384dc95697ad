"""Wires the timeline into the main window: a dock with the `TimelinePanel` (created on first use, so
start-up does not pay for it), "Save as time point…", and the follow-up list of the library panel.

The window calls `case_changed`, `evaluation_changed` and `follow_ups(summaries)`; everything else
happens here. Time points are read from and written to the library through `core.timeline.TimePoints`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow

from nelm_desktop.core.store import StoreError, audit
from nelm_desktop.core.validation_messages import visible

if TYPE_CHECKING:  # start-up does not import the timeline and board packages: first use does
    from PySide6.QtWidgets import QDockWidget  # its type is made (~1M instructions) by the first dock

    from nelm_desktop.core.board.store import BoardStore
    from nelm_desktop.core.timeline import FollowUp, TimePoints
    from nelm_desktop.core.timeline.follow_up import PendingCache
    from nelm_desktop.ui.timeline.timeline_panel import TimelinePanel


# What "Keep mine as a copy" changes besides the facts (a new id, "(copy)" after the label).
AS_A_COPY = frozenset({"case_id", "created_at", "patient_label"})


class TimelineController(QObject):
    def __init__(self, window: QMainWindow, document: Any, session: Any, store: Any) -> None:
        super().__init__(window)
        self.window = window
        self.document = document
        self.session = session
        self._root: Path = store.root
        self._points: TimePoints | None = None
        self._board: BoardStore | None = None
        self.dock: QDockWidget | None = None
        self.panel: TimelinePanel | None = None
        self._pending: PendingCache = {}
        # case_id -> (label, follow-up) typed for a time point that could not be kept (the case's save
        # failed or was resolved otherwise, the disk refused): offered again at the next attempt.
        self.typed: dict[str, tuple[str, str]] = {}

    @property
    def points(self) -> TimePoints:
        if self._points is None:
            from nelm_desktop.core.timeline import TimePoints

            self._points = TimePoints(self._root)
        return self._points

    @property
    def board(self) -> BoardStore:
        if self._board is None:
            from nelm_desktop.core.board.store import BoardStore

            self._board = BoardStore(self._root)
        return self._board

    # ------------------------------------------------------------------ the dock
    def show(self) -> TimelinePanel:
        if self.dock is None or self.panel is None:
            from PySide6.QtWidgets import QDockWidget

            from nelm_desktop.ui.timeline.timeline_panel import TimelinePanel

            self.panel = TimelinePanel()
            self.panel.saveRequested.connect(self.save_time_point)
            self.dock = QDockWidget("Case timeline", self.window)
            self.dock.setObjectName("timelineDock")
            self.dock.setWidget(self.panel)
            self.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
            self.dock.visibilityChanged.connect(self._visibility_changed)
        self.dock.show()
        self.dock.raise_()
        self.case_changed()
        return self.panel

    def _visibility_changed(self, visible: bool) -> None:
        if visible:
            self.case_changed()

    def toggle(self) -> None:
        if self.dock is not None and self.dock.isVisible():
            self.dock.hide()
        else:
            self.show()

    def visible(self) -> bool:
        return self.dock is not None and self.dock.isVisible()

    def case_changed(self, *_args: object) -> None:
        if not self.visible() or self.panel is None:
            return
        from nelm_desktop.core.timeline.board_points import case_points

        case = self.document.case
        self.points.problems.clear()
        points = case_points(self.points, self.board, case.case_id) if case is not None else []
        self.panel.show_case(case, self.document.evaluation, points)
        if self.points.problems:
            self.window.statusBar().showMessage("; ".join(self.points.problems), 10000)

    def evaluation_changed(self, *_args: object) -> None:
        if self.visible() and self.panel is not None:
            self.panel.update_evaluation(self.document.case, self.document.evaluation)

    # ------------------------------------------------------------------ actions
    def save_time_point(self) -> bool:
        case = self.document.case
        if case is None:
            return False
        from nelm_desktop.ui.timeline.time_point_dialog import TimePointDialog

        unsaved = self.document.is_dirty or self.document.loaded_hash is None
        if unsaved and not self.session.ready_to_save():
            return False  # a refused entry is named (or a label asked for) before anything is typed here
        case = self.document.case
        label, follow_up = self.typed.get(case.case_id, ("", ""))
        dialog = TimePointDialog(visible(case.patient_label) or "this case", self.window, label, follow_up)
        if not dialog.exec():
            return False
        typed = (dialog.label(), dialog.follow_up())
        if unsaved and not self.session.save():
            # The session told the user why (a conflict, a full disk...); no time point of an unsaved case.
            return self._not_kept(typed, "the case was not saved")
        if self.document.case is None or set(audit.changed_fields(case, self.document.case)) - AS_A_COPY:
            # The save was resolved otherwise (the other window's version reloaded, or closed): the
            # snapshot would not be what the user was looking at when they asked for it. Kept as a
            # copy, the facts are the user's own: the time point goes to the copy on screen.
            return self._not_kept(typed, "the case on screen changed while it was saved; look at it first")
        case = self.document.case
        try:
            point = self.points.record(
                case, label=typed[0], follow_up=typed[1], evaluation=self.document.evaluation
            )
        except StoreError as exc:
            return self._not_kept(typed, str(exc), warn=True)
        self.typed.pop(case.case_id, None)
        self.window.statusBar().showMessage(f"Time point of {point.day} kept.", 8000)
        self.show()
        # The list of cases did not change (a save updated its own row): only the follow-ups and
        # board statuses beside it, without listing the library again on the GUI thread.
        refresh = getattr(self.window, "refresh_side_lists", None)
        if callable(refresh):
            refresh()
        return True

    def _not_kept(self, typed: tuple[str, str], why: str, warn: bool = False) -> bool:
        """Keep what was typed for the case now on screen (a copy saved instead has a new id) and say so."""
        case = self.document.case
        if case is not None and any(typed):
            self.typed[case.case_id] = typed
        kept = " Your label and follow-up date are kept for the next try." if any(typed) else ""
        text = f"Time point not kept: {why}.{kept}"
        if warn:
            from PySide6.QtWidgets import QMessageBox  # first use, not at start-up

            QMessageBox.warning(self.window, "Time point not kept", text)
        self.window.statusBar().showMessage(text, 15000)
        return False

    def follow_ups(self, summaries: Sequence[Any], today: date | None = None) -> list[FollowUp]:
        from nelm_desktop.core.timeline import due_follow_ups
        from nelm_desktop.core.timeline.board_points import decisions_by_case

        return due_follow_ups(
            self.points,
            ((s.case_id, s.patient_label) for s in summaries),
            today or date.today(),
            cache=self._pending,
            decisions=decisions_by_case(self.board, problems=self.points.problems),
        )
