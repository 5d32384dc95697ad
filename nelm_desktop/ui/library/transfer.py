"""Library import and export off the GUI thread, with a progress dialog and Cancel.

The store's `import_path` / `export_library` run in a worker thread; their `progress(done, total)`
callback (called between cases) reports to the dialog through a queued signal and returns False once
the user pressed Cancel: an import stops at the next case (cases already imported stay, and the report
says it was cancelled); an export writes nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from nelm_desktop.core.store import StoreError


class _Worker(QThread):
    progressed = Signal(int, int)
    finishedWith = Signal(object, str)  # (result or None, error text)

    def __init__(self, job: Callable[[Callable[[int, int], bool]], Any], parent: QObject) -> None:
        super().__init__(parent)
        self._job = job
        self.cancel_requested = threading.Event()

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self.cancel_requested.is_set()

    def run(self) -> None:
        try:
            result = self._job(self._progress)
        except StoreError as exc:
            self.finishedWith.emit(None, str(exc))
            return
        except Exception as exc:  # a bug must reach the user as a message, not kill the thread silently
            self.finishedWith.emit(None, f"Unexpected error: {exc!r}")
            return
        self.finishedWith.emit(result, "")


class Transfer(QObject):
    """One running import or export. `done(result, error)` is emitted on the GUI thread."""

    done = Signal(object, str)

    def __init__(self, parent: QWidget, title: str, job: Callable[[Callable[[int, int], bool]], Any]) -> None:
        super().__init__(parent)
        self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setAccessibleName(title)
        self.worker = _Worker(job, self)
        self.worker.progressed.connect(self._progressed)
        self.worker.finishedWith.connect(self._finished)
        self.dialog.canceled.connect(self._cancel_clicked)
        self.worker.start()

    def cancel(self) -> None:
        """Ask the job to stop at its next step (safe from any thread)."""
        self.worker.cancel_requested.set()

    def _cancel_clicked(self) -> None:
        self.cancel()
        self.dialog.setLabelText("Cancelling…")

    @property
    def running(self) -> bool:
        return self.worker.isRunning()

    def _progressed(self, done: int, total: int) -> None:
        if total and self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        self.dialog.setValue(min(done, total))
        if self.worker.cancel_requested.is_set():
            self.dialog.setLabelText("Cancelling…")
        else:
            self.dialog.setLabelText(f"{done} of {total} case(s)…")

    def _finished(self, result: Any, error: str) -> None:
        self.worker.wait()
        self.dialog.close()
        self.done.emit(result, error)
        self.deleteLater()
