"""Lists the case library off the GUI thread (the app's start).

Public API: ``LibraryLoader(store, parent=None)``, a QObject; ``start()`` lists the library in a
background thread; signals (delivered on the GUI thread) ``progress(files_read: int)`` while an
index rebuild reads case files, then ``loaded(summaries: list[CaseSummary], quarantined: int)`` or
``failed(message: str)``.

Why: with an up-to-date index, listing 50,000 cases takes a few hundred ms; without one (the first
start after an upgrade, or a deleted index) every case file is read and validated, ~3 s at 10,000
cases, which froze a blank window. The window shows "Opening library…" meanwhile and stays usable.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal


class LibraryLoader(QObject):
    progress = Signal(int)
    loaded = Signal(object, int)
    failed = Signal(str)

    def __init__(self, store: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store

    def start(self) -> None:
        # A daemon thread: closing the app during an index rebuild must not wait for it (the index
        # is only a cache, written atomically; the next start rebuilds it).
        threading.Thread(target=self._run, name="library-listing", daemon=True).start()

    def _run(self) -> None:
        from nelm_desktop.core.store import StoreError

        # RuntimeError: the window closed (and this QObject with it) before the listing finished.
        with contextlib.suppress(RuntimeError):
            try:
                summaries = self._store.list_cases(progress=self.progress.emit)
                quarantined = len(self._store.quarantined()) + len(self._store.unreadable())
            except StoreError as exc:
                self.failed.emit(str(exc))
                return
            except OSError as exc:
                self.failed.emit(exc.strerror or str(exc))
                return
            self.loaded.emit(summaries, quarantined)
