"""The main window's library list kept in step with the store (`MainWindow` inherits it): the
start-up listing off the GUI thread, a listing again, the follow-ups and board statuses beside it, and
one row put in or taken out per save, delete or import (at 50,000 cases a listing on the GUI thread
takes ~0.5 s, the window frozen), the other files then checked in slices."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow as _Window  # the class it is mixed into, for mypy

    from nelm_desktop.core.store import CaseStore
    from nelm_desktop.core.store.listing import SavedRow
    from nelm_desktop.ui.case.case_document import CaseDocument
    from nelm_desktop.ui.case.case_session import CaseSession
    from nelm_desktop.ui.library.library_panel import LibraryPanel
    from nelm_desktop.ui.timeline.controller import TimelineController
    from nelm_desktop.ui.window.board_link import BoardLink
else:
    _Window = object


class LibrarySync(_Window):
    """Mixin of `MainWindow` (its state: ``_loader``, ``_recheck``, ``_side_fill`` and
    ``_refresh_pending``, set in its ``__init__``)."""

    _loader: Any  # the background listing at start-up (open_library)
    _recheck: Any  # the check of the library after a save (_case_saved)
    _side_fill: int  # which filling of the follow-ups and board statuses is current
    _refresh_pending: bool  # the library changed while it was being listed

    if TYPE_CHECKING:  # MainWindow's, used here
        store: CaseStore
        document: CaseDocument
        library: LibraryPanel
        session: CaseSession
        timeline: TimelineController
        board: BoardLink
        demo: bool
        built: bool

        def reopen_last_case(self) -> bool: ...

    def open_library(self, then: Callable[[], None] | None = None) -> None:
        """The app's start: list the library off the GUI thread while the window shows "Opening
        library…" and stays usable. The rows the index recorded are shown as soon as they are read,
        marked as being checked; drafts are offered (else the last case reopened) then, as
        `load_library` does. Once every file is checked, rows that changed are shown as they are
        now, the follow-ups and board statuses filled, and `then` called. Without an index (an
        upgrade: every file is read, seconds at 10,000 cases) the list waits for the check, with
        progress."""
        from nelm_desktop.ui.library.library_loader import LibraryLoader

        self.library.show_opening()
        loader = LibraryLoader(self.store, self)
        self._loader = loader
        loader.progress.connect(self.library.show_opening)
        state = {"opened": False, "busy": False}
        waiting: list[Callable[[], None]] = []  # the check's outcome, while the drafts question is open

        def open_first() -> None:
            # Drafts or the last case: once, as soon as there is a list to find them in.
            if state["opened"]:
                return
            state["opened"] = state["busy"] = True
            try:
                if not self.session.offer_drafts() and not self.demo:
                    self.reopen_last_case()
            finally:
                state["busy"] = False
            if waiting:
                waiting.pop()()

        def shown(summaries: list[Any], rows: int) -> None:
            self.library.set_checking(True)
            # The search text follows in steps once the check is done (a search before builds it).
            self.library.model.search_text_later()
            # Only the newest rows, at 10,000 cases and more (the index's head): the rest follows
            # between events, or at once when something needs every row (CaseListModel.complete).
            self.library.set_summaries(summaries, newest_first=True, total=rows, fetch=loader.complete_now)
            self.library.select_case(self.document.case.case_id if self.document.case else None)
            open_first()

        def completed(summaries: list[Any]) -> None:
            self.library.add_rest(summaries)

        def unusable() -> None:  # the rest of the index is not to be trusted: as without an index
            self.library.set_summaries([])
            self.library.set_checking(False)
            self.library.show_opening()
            if state["opened"] and self.document.case is None:
                # The last case was being looked for in the rest (or had not been found in the rows
                # dropped here): looked for again once the files are listed.
                state["reopen"] = True

        def reopen_after_unusable() -> None:
            if state.pop("reopen", False) and self.document.case is None and not self.demo:
                self.reopen_last_case()

        def loaded(summaries: list[Any] | None, quarantined: int) -> None:
            if state["busy"]:
                waiting.append(lambda: loaded(summaries, quarantined))
                return
            self._loader = None
            self.library.set_checking(False)
            if summaries is None:  # every row shown was right: keep the model (and the user's place)
                summaries = self.library.model.all_summaries()
                self.library.set_quarantined(quarantined)
            else:
                self.library.set_summaries(summaries, newest_first=True)
                self.library.set_quarantined(quarantined)
                self.library.select_case(self.document.case.case_id if self.document.case else None)
            if self._refresh_pending:  # the library changed while it was being listed
                self._refresh_pending = False
                self.refresh_library()
            open_first()
            reopen_after_unusable()
            # The follow-ups and board statuses in turns of their own (at 50,000 cases one block of
            # ~130 ms), then `then`.
            self._fill_side_lists_in_turns(self.library.model.all_summaries(), then)

        def failed(message: str) -> None:
            if state["busy"]:
                waiting.append(lambda: failed(message))
                return
            self._loader = None
            self.library.set_checking(False)
            self.statusBar().showMessage(f"Cannot read the library: {message}", 15000)
            self.library.set_summaries([])
            if then is not None:
                then()

        loader.shown.connect(shown)
        loader.completed.connect(completed)
        loader.unusable.connect(unusable)
        loader.loaded.connect(loaded)
        loader.failed.connect(failed)
        # Started on a timer turn, after Qt has painted the panes: a listing thread started at once
        # would take the GIL turn about with the GUI thread while the window's first frame is drawn.
        QTimer.singleShot(1, loader, loader.start)

    def refresh_library(self) -> None:
        from nelm_desktop.core.store import StoreError

        if self._loader is not None:  # being listed in the background: list again when it is done
            self._refresh_pending = True
            return
        self._stop_recheck()  # this listing supersedes it
        try:
            summaries = self.store.list_cases()
            quarantined = len(self.store.quarantined()) + len(self.store.unreadable())
        except StoreError as exc:
            self.statusBar().showMessage(f"Cannot read the library: {exc}", 15000)
            return
        self._fill_library(summaries, quarantined)

    def _fill_library(self, summaries: list[Any], quarantined: int) -> None:
        self.library.set_summaries(summaries, newest_first=True)
        self.library.set_quarantined(quarantined)
        self._fill_side_lists(summaries)
        self.library.select_case(self.document.case.case_id if self.document.case else None)

    def refresh_side_lists(self) -> None:
        """The follow-ups due and the board statuses again, over the cases listed: a time point
        changes them, not the list (at 50,000 cases a listing on the GUI thread takes ~0.5 s)."""
        if self.built:
            self._fill_side_lists(self.library.model.all_summaries())

    def _fill_side_lists(self, summaries: list[Any]) -> None:
        """The follow-ups due and the board statuses of the listed cases."""
        self._side_fill += 1  # a filling in turns still under way is out of date
        today = datetime.now().date()
        self.library.follow_ups.set_follow_ups(self.timeline.follow_ups(summaries, today), today)
        self.board.refresh_view(summaries)

    def _fill_side_lists_in_turns(self, summaries: list[Any], then: Callable[[], None] | None = None) -> None:
        """`_fill_side_lists` in timer turns of their own, Qt painting and handling input between
        them: the search text of the rows (8,000 a turn, when the start left it for later), the
        timeline's modules, the board's, the follow-ups, the board view's module, the board
        statuses (at 50,000 cases one block of ~130 ms before). Then `then`, always (a newer
        filling makes this one skip what is left)."""
        self._side_fill += 1
        current = self._side_fill
        today = datetime.now().date()

        def follow_ups() -> None:
            self.library.follow_ups.set_follow_ups(self.timeline.follow_ups(summaries, today), today)

        model = self.library.model

        def search_text() -> None:
            if not model.build_search_text():
                steps.insert(0, search_text)  # ~8 ms a turn until every row has it

        steps: list[Callable[[], object]] = [
            search_text,
            lambda: importlib.import_module("nelm_desktop.core.timeline"),
            lambda: importlib.import_module("nelm_desktop.core.timeline.board_points"),
            follow_ups,
            lambda: importlib.import_module("nelm_desktop.ui.board.library_view"),
            lambda: self.board.refresh_view(summaries),
        ]

        def step() -> None:
            try:
                if current == self._side_fill and steps:
                    steps.pop(0)()
            finally:
                if current == self._side_fill and steps:
                    QTimer.singleShot(1, self, step)
                elif then is not None:
                    then()

        QTimer.singleShot(1, self, step)

    # --- a save: one row ---------------------------------------------------------------------------
    def _case_saved(self, loaded: Any) -> None:
        """A save (or a save as a copy) in this window changes one row, at once: the library is not
        listed again on the GUI thread (at 50,000 cases ~0.4-0.5 s per save, the window frozen). The
        other files are then checked in slices and the index written from the rows in memory (see
        LibraryLoader.recheck); anything changed meanwhile by another program is listed then."""
        placed = self._place_row(lambda: loaded) if self._loader is None and self.built else None
        if placed is None:
            self.refresh_library()
            return
        self._recheck_after(placed.listed)

    def _place_row(self, saved: Callable[[], Any]) -> SavedRow | None:
        """The row of the case `saved()` returns (just written) put in the list; None when the
        library must be listed instead (no listed index, the file not what was saved, an error)."""
        try:
            placed = self.store.note_saved(saved())
        except Exception:  # the listing decides
            return None
        if placed is None or not self.library.place_row(
            placed.before, placed.now, placed.summary, len(placed.listed)
        ):
            return None
        return placed

    def _case_removed(self, case_id: str) -> None:
        """A delete (to the trash) in this window takes out its row, at once: as a save, the library
        is not listed again on the GUI thread (see _case_saved)."""
        removed = None
        if self._loader is None and self.built:
            try:
                removed = self.store.note_removed(case_id)
            except Exception:  # the listing decides
                removed = None
        if (
            removed is None
            or removed.before is None
            or not self.library.remove_row(removed.before, case_id, len(removed.listed))
        ):
            self.refresh_library()
            return
        self._recheck_after(removed.listed)

    def cases_added(self, case_ids: list[str]) -> None:
        """Cases this window wrote into the library other than by a save (an import): their rows put
        in at once, one by one (up to 50; as a save, see _case_saved), else the library listed in a
        thread, reading only the files it has no row for: never listed again on the GUI thread (at
        50,000 cases ~0.5 s, the window frozen)."""
        if self._loader is not None or not self.built:
            self.refresh_library()
            return
        if len(case_ids) > 50:
            listed = self.store.listed_index()
            if listed is None:
                self.refresh_library()
            else:
                self._recheck_after(listed, relist=True)
            return
        placed = None
        for case_id in case_ids:
            placed = self._place_row(partial(self.store.load, case_id))
            if placed is None:
                self.refresh_library()
                return
        if placed is not None:
            self._recheck_after(placed.listed)

    def _recheck_after(self, listed: Any, relist: bool = False) -> None:
        """The files checked against `listed` (the store's listed index, one row changed) in slices,
        the index written from it; anything else changed meanwhile is listed then. `relist`: the
        library listed from `listed` in a thread at once (rows not in it are read)."""
        self._stop_recheck()
        from nelm_desktop.ui.library.library_loader import LibraryLoader

        checker = LibraryLoader(self.store, self)
        self._recheck = checker

        def loaded_(summaries: list[Any] | None, quarantined: int) -> None:
            if self._recheck is not checker:
                return
            self._recheck = None
            if summaries is not None:  # another program changed the library meanwhile
                self._fill_library(summaries, quarantined)
                return
            self.library.set_quarantined(quarantined)
            self._fill_side_lists_in_turns(self.library.model.all_summaries())

        def failed(message: str) -> None:
            if self._recheck is checker:
                self._recheck = None
                self.statusBar().showMessage(f"Cannot read the library: {message}", 15000)

        checker.loaded.connect(loaded_)
        checker.failed.connect(failed)
        if relist:
            checker.relist(listed)
        else:
            checker.recheck(listed)

    def _stop_recheck(self) -> None:
        if self._recheck is not None:
            self._recheck.cancel()
            self._recheck = None
