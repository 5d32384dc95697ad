"""Reports are built in a separate process, so the UI thread never waits for ReportLab.

Public API:

- ``ReportProcess(parent=None)``: a QObject owning one worker process (multiprocessing, *spawn*:
  a fresh interpreter, no copy of Qt's state), started on first use and kept warm for the next
  report. ``submit(job_id, case, evaluation, kind, paper, modalities)`` queues a build; the result
  arrives on the GUI thread as ``done(job_id, pdf: bytes, worker_pid: int)`` or
  ``failed(job_id, message)``. ``warm_up()`` starts the worker ahead of time (the print dialog
  calls it while the clinician chooses). ``shutdown()`` stops the worker (also on the parent's
  destruction and when the application quits).
- ``build_pdf(snapshot, kind, paper, modalities) -> (pid, pdf)``: what the worker runs; ``snapshot``
  is the pickled ``(case, evaluation)``, taken when the report was asked for (the executor pickles
  its arguments later, in its own thread, by which time the clinician may have edited the case).

Why a process: a worker *thread* building a six-page PDF holds the GIL in long stretches, so edits
beside an open preview stuttered (p95 ~200 ms per edit on the reference machine). The worker
process shares nothing with the UI thread; only the finished bytes come back (a pipe read in the
executor's own thread).

- ``start_worker(parent_pid)``: the worker's initializer. It lowers the worker's scheduling
  priority (``WORKER_NICENESS``, where the OS has ``os.nice``): on a busy machine a report must
  not take the core the UI thread needs. And it ends the worker with its parent: a pool worker
  reads its jobs from a pipe whose write end it holds itself, so it never saw the GUI process die;
  after a crash (or a kill) of the app the worker, and multiprocessing's resource tracker with it,
  lived on. A daemon thread in the worker now ends it once its parent is gone.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal


def build_pdf(snapshot: bytes, kind: str, paper: str, modalities: Sequence[str] | None) -> tuple[int, bytes]:
    from nelm_desktop.core.report import build_report

    case, evaluation, decision = pickle.loads(snapshot)
    return os.getpid(), build_report(case, evaluation, kind, paper, None, modalities, decision=decision)  # type: ignore[arg-type]


def _ready() -> int:
    from nelm_desktop.core import report  # noqa: F401  (imports ReportLab and the fonts' module)

    return os.getpid()


PARENT_POLL_S = 0.5
WORKER_NICENESS = 10


def start_worker(parent_pid: int) -> None:
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(WORKER_NICENESS)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_POLL_S)
        os._exit(0)  # the GUI process is gone: nobody will ever collect a result

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _stop(executor: ProcessPoolExecutor) -> None:
    executor.shutdown(wait=False, cancel_futures=True)


class ReportProcess(QObject):
    done = Signal(int, bytes, int)
    failed = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor: ProcessPoolExecutor | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            executor = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=start_worker,
                initargs=(os.getpid(),),
            )
            self._executor = executor
            # Python's wrapper may outlive the QObject (or not): stop the worker either way.
            self.destroyed.connect(lambda *_: _stop(executor))
        return self._executor

    def warm_up(self) -> None:
        try:
            self._pool().submit(_ready)
        except (BrokenProcessPool, RuntimeError):
            self._executor = None

    def submit(
        self,
        job_id: int,
        case: Any,
        evaluation: Any,
        kind: str,
        paper: str,
        modalities: Sequence[str] | None,
        decision: Any = None,
    ) -> None:
        snapshot = pickle.dumps((case, evaluation, decision))
        # [] is the clinician's choice of no option, not "the defaults" (None)
        args = (snapshot, kind, paper, list(modalities) if modalities is not None else None)
        try:
            future = self._pool().submit(build_pdf, *args)
        except (BrokenProcessPool, RuntimeError):
            self._executor = None  # a worker died (or was stopped): start a new one
            future = self._pool().submit(build_pdf, *args)
        # Runs in the executor's thread; the signals are queued to the GUI thread.
        future.add_done_callback(functools.partial(self._finished, job_id))

    def _finished(self, job_id: int, future: Future[tuple[int, bytes]]) -> None:
        # RuntimeError: the window (and this QObject) closed while the report was building.
        with contextlib.suppress(RuntimeError):
            self._deliver(job_id, future)

    def _deliver(self, job_id: int, future: Future[tuple[int, bytes]]) -> None:
        try:
            pid, pdf = future.result()
        except BrokenProcessPool:
            self._executor = None
            self.failed.emit(job_id, "The report process stopped unexpectedly; please try again.")
            return
        except Exception as exc:  # a report failure is shown to the user, never a crash
            self.failed.emit(job_id, f"{type(exc).__name__}: {exc}")
            return
        self.done.emit(job_id, pdf, pid)

    def shutdown(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            _stop(executor)
