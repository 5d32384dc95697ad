"""Lists the case library without freezing the window (the app's start).

Public API: ``LibraryLoader(store, parent=None)``, a QObject; ``start()``; ``complete_now()``;
signals, all delivered on the GUI thread:
- ``shown(summaries: list[CaseSummary], rows: int)``: the rows as the library's index last recorded
  them, before any case file is looked at (only when the index is usable and not empty). With an
  index of format 3 and more rows than its head, only the newest (its head, ~1 ms to read at any
  size) and ``rows`` > their number: the rest follows as
- ``completed(summaries)``: every row of the index, the ones shown first at its start; or
  ``unusable()``: the rest of the index is not to be trusted (the rows shown are dropped; the library
  is listed from its files, as without an index). ``complete_now()`` reads the rest at once (a user
  who needs every row: a search, the keyboard in the list, the end of the list scrolled to);
- ``progress(files_read: int)`` while an index rebuild reads case files;
- then ``loaded(summaries: list[CaseSummary] | None, quarantined: int)``: the listing checked against
  every file, None when it is exactly what ``shown`` (and ``completed``) gave; or ``failed(message: str)``.

Why (stale-while-revalidate): a window that waits for the checked listing of 50,000 cases (a `stat`
of every file) shows its list ~0.4 s later than one that shows the index's rows at once. The index
is read in a background thread. The check runs on the GUI thread in slices of a few ms between
events: in a thread it competed with the GUI thread for the GIL and delayed the first case's paint by
~0.5 s at 50,000 cases (each callback into Python waited for the listing thread's switch interval).
When the check finds any difference, the library is listed in a background thread, reading only the
files that changed.

``recheck(index)``, after a save in the window (the store's `listed_index`, with the saved row in it):
the same check in slices; when every file matches, the index file is written from it in slices too
(one column per step; the file's writing itself in a thread), then ``loaded(None, …)``; else the listing in a thread, as above. A save at
50,000 cases so changes one row at once, instead of listing the library on the GUI thread
(~0.4-0.5 s, the window frozen). Without an index (the first start after an upgrade, or a deleted index) every
case file is read and validated in a background thread (~3 s at 10,000 cases), the window showing
"Opening library…" with progress meanwhile.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Generator
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

_SLICE_S = 0.008  # the longest the check keeps the GUI thread at a time


class LibraryLoader(QObject):
    shown = Signal(object, int)
    completed = Signal(object)
    unusable = Signal()
    progress = Signal(int)
    loaded = Signal(object, int)
    failed = Signal(str)
    _indexed = Signal(object)  # the index read by the thread, handed to the GUI thread

    def __init__(self, store: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._index: Any = None
        self._check: Generator[None, None, Any] | None = None
        self._write = False  # recheck: write the index file once the check finds every file as listed
        self._cancelled = False
        self._partial = False  # shown the head of the index only (its rest is being read)
        self._indexed.connect(self._show_index)

    def start(self) -> None:
        # The head of the index, here (~1 ms: the first screen of rows, whatever the library's size);
        # the rest is read between events after it is shown. Without a head (no index, or one of
        # format 2) the whole index is read in a thread.
        try:
            head = self._store.index_head()
        except Exception:  # the index is only a cache
            head = None
        if head is None or not len(head.first):
            self._in_thread(self._read_index)
        elif head.rows == len(head.first):  # the head is every row
            self._show_index(head.first)
        else:
            self._partial = True
            self._run_in_slices(self._rest_then_check(head))  # before: a slot may need every row
            self.shown.emit(head.first.summaries(), head.rows)

    def complete_now(self) -> None:
        """The rest of the index read now (``completed`` or ``unusable`` emitted before this returns),
        when only its head is shown; the check of the files goes on between events after."""
        steps = self._check
        while self._partial and steps is not None and steps is self._check and not self._cancelled:
            try:
                next(steps)
            except StopIteration as done:
                self._check = None
                self._stepped(done.value)
            except Exception:
                self._check = None
                self._partial = False
                self.unusable.emit()
                self._checked(False)

    def _rest_then_check(self, head: Any) -> Generator[Any, None, Any]:
        index = yield from self._store.index_rest(head)
        if index is None:  # damaged, cut short, or replaced meanwhile: listed from the files
            self._partial = False
            self._index = None
            self.unusable.emit()
            return False
        self._index = index
        index.summaries()
        yield
        index.positions()
        yield
        self._partial = False
        self.completed.emit(index.summaries())
        same = yield from self._store.index_matches_files(index)
        return same

    def recheck(self, index: Any) -> None:
        """Check `index` (the store's listed index, a save in it) against the files, then write it."""
        self._index = index
        self._write = True
        self._run_in_slices(self._store.index_matches_files(index))

    def relist(self, index: Any) -> None:
        """The library listed in a thread from `index` (the store's listed index): only the files
        that differ from it are read (an import: the new ones); then ``loaded``."""
        self._index = index
        self._in_thread(self._list, index)

    def cancel(self) -> None:
        """No signal from here on (a newer save or listing took over); a thread still running ends
        on its own."""
        self._cancelled = True
        self._check = None

    @staticmethod
    def _in_thread(work: Any, *args: Any) -> None:
        # A daemon thread: closing the app during an index rebuild must not wait for it (the index
        # is only a cache, written atomically; the next start rebuilds it).
        threading.Thread(target=work, args=args, name="library-listing", daemon=True).start()

    def _read_index(self) -> None:
        # RuntimeError: the window closed (and this QObject with it) before the thread finished.
        with contextlib.suppress(RuntimeError):
            try:
                index = self._store.cached_listing()
            except Exception:  # the index is only a cache: list from the files
                index = None
            if index is not None and len(index):
                index.summaries()  # built here, not on the GUI thread
                index.positions()  # (the check's first slice would take ~15 ms at 50,000 cases)
                self._indexed.emit(index)
            else:
                self._list(None)

    def _show_index(self, index: Any) -> None:
        self._index = index
        self.shown.emit(index.summaries(), len(index))
        self._run_in_slices(self._store.index_matches_files(index))

    def _run_in_slices(self, steps: Generator[None, None, Any]) -> None:
        self._check = steps
        QTimer.singleShot(1, self, self._check_slice)  # 1 ms, not 0: Qt paints what was shown first

    def _check_slice(self) -> None:
        steps = self._check
        if steps is None or self._cancelled:
            return
        deadline = time.perf_counter() + _SLICE_S
        try:
            while time.perf_counter() < deadline:
                if next(steps) == "write":  # the index file's writing: a thread's step
                    self._check = None
                    self._in_thread(self._finish, steps)
                    return
        except StopIteration as done:
            self._check = None
            self._stepped(done.value)
            return
        except Exception:  # whatever it was, the full listing decides
            self._check = None
            if self._partial:
                self._partial = False
                self._index = None
                self.unusable.emit()
            self._checked(False)
            return
        QTimer.singleShot(1, self, self._check_slice)

    def _finish(self, steps: Generator[Any, None, Any]) -> None:
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            with contextlib.suppress(Exception):  # the index is only a cache
                for _ in steps:
                    pass
            if not self._cancelled:
                self._emit_same()

    def _stepped(self, value: Any) -> None:
        if value is None:  # the index written (recheck)
            self._emit_same()
        else:
            self._checked(bool(value))

    def _checked(self, same: bool) -> None:
        from nelm_desktop.core.store.library import INDEX_FORMAT

        if not same:
            self._in_thread(self._list, self._index)
        elif self._write or self._index.format != INDEX_FORMAT:  # a save, or an index of the version before
            self._write = False
            self._run_in_slices(self._store.index_writing(self._index))
        else:
            self._emit_same()

    def _emit_same(self) -> None:
        try:
            quarantined = len(self._store.quarantined())
        except Exception:
            quarantined = 0
        self.loaded.emit(None, quarantined)

    def _list(self, index: Any) -> None:
        from nelm_desktop.core.store import StoreError

        with contextlib.suppress(RuntimeError):
            try:
                summaries = self._store.list_cases(progress=self.progress.emit, index=index)
                quarantined = len(self._store.quarantined()) + len(self._store.unreadable())
            except StoreError as exc:
                self.failed.emit(str(exc))
                return
            except OSError as exc:
                self.failed.emit(exc.strerror or str(exc))
                return
            except Exception as exc:  # never "Opening library…" for ever
                self.failed.emit(f"the listing failed ({exc!r})")
                return
            if self._cancelled:
                return
            shown = index.summaries() if index is not None else None
            self.loaded.emit(None if summaries is shown else summaries, quarantined)
