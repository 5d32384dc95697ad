"""`nelm-desktop` (GUI): build the window, show it, then load the library.

Start-up imports only Qt widgets and the window's own modules; the engine runs on the first case,
ReportLab loads on the first print. `--demo` opens a throw-away library seeded with the bundled demo
cases (nelm_desktop/resources/demo/*.json), marked DEMO in the title bar, the status bar and the case list.
A second window on the same library is detected with a lock file and explained.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from nelm_desktop.core import paths

if TYPE_CHECKING:
    from nelm_desktop.core.store import CaseStore

INSTANCE_LOCK = "app-instance.lock"


# The demo opened first: type II with FLR 24 %, so the panel shows a first line and many alternatives.
FIRST_DEMO_CASE = "00000000-0000-4000-8000-000000000002"


def demo_case_files() -> list[Path]:
    return sorted(paths.resource("demo").glob("*.json"))


def _stated_case_id(path: Path) -> str | None:
    """The case id a case file states, read without validating the case (the import validates)."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    case_id = data.get("case_id") if isinstance(data, dict) else None
    return case_id if isinstance(case_id, str) else None


def seed_demo_cases(store: CaseStore) -> int:
    """Import the bundled demo cases not yet in `store` (by case id), then the demo meeting; returns
    how many were added."""
    from nelm_desktop.core.loading import CaseInputError, load_case_file

    present = {summary.case_id for summary in store.list_cases()}
    added = 0
    for path in demo_case_files():
        try:
            case_id = load_case_file(path).case_id
        except CaseInputError:
            continue
        if case_id in present:
            continue
        report = store.import_path(path)
        added += len(report.imported) + len(report.copies)
    from nelm_desktop.core.board.demo import seed_demo_meeting
    from nelm_desktop.core.board.store import BoardStore

    seed_demo_meeting(store, BoardStore(store.root))  # the demo meeting, once its cases are in
    return added


def seed_showcase_case(store: CaseStore) -> bool:
    """Import the showcase demo case (FIRST_DEMO_CASE) unless the library lists it already, so
    start-up can open it before the other demo cases are written; True when the library holds it.
    The library is listed once and the case file validated once (by the import); the other demo
    files are not validated (only the case id they state is read)."""
    from nelm_desktop.core.store import StoreError

    if any(summary.case_id == FIRST_DEMO_CASE for summary in store.list_cases()):
        return True
    for path in demo_case_files():
        if _stated_case_id(path) != FIRST_DEMO_CASE:
            continue
        try:
            report = store.import_path(path)
        except StoreError:
            return False
        return FIRST_DEMO_CASE in report.imported
    return False


def acquire_instance_lock(root: Path) -> Any:
    """The library's single-instance lock (in the store's locks/ folder), or None when another NELM
    Desktop holds it. Taken before the store package (and pydantic) is imported: core/flock.py."""
    from nelm_desktop.core.fileio import ensure_dir, tighten_dir
    from nelm_desktop.core.flock import try_hold

    folder = root / "locks"
    try:
        ensure_dir(folder)  # the data folder's first creation: private (0700) from the start
        tighten_dir(root)
    except OSError:
        return None
    return try_hold(folder / INSTANCE_LOCK)


def _data_root(demo: bool) -> Path:
    """The library folder, read without pydantic (start-up); `settings_problem` validates later."""
    if demo:
        return Path(tempfile.mkdtemp(prefix="nelm-demo-"))
    if os.environ.get(paths.DATA_DIR_ENV):
        return paths.data_dir()
    try:
        data = json.loads((paths.config_dir() / "settings.json").read_text(encoding="utf-8"))
        folder = data.get("data_dir") if isinstance(data, dict) else None
    except (OSError, ValueError):
        folder = None
    return Path(folder).expanduser() if isinstance(folder, str) and folder.strip() else paths.data_dir()


def settings_problem() -> str | None:
    from nelm_desktop.core.settings import library_folder_problem, load_settings_checked

    loaded = load_settings_checked()
    return loaded.problem or library_folder_problem(loaded.settings)


def offer_demo_cases(window: Any) -> bool:
    """First start with an empty library: offer the demo cases (once)."""
    from PySide6.QtWidgets import QMessageBox

    from nelm_desktop.ui.window.window_state import window_settings

    settings = window_settings()
    if settings.value("first_run/demo_offered", False, type=bool) or not demo_case_files():
        return False
    settings.setValue("first_run/demo_offered", True)
    settings.sync()
    answer = QMessageBox.question(
        window,
        "Welcome to NELM Desktop",
        "Your case library is empty.\n\nLoad the bundled demo cases? They are fictional examples, "
        "marked DEMO everywhere they appear and on anything printed. You can delete them at any time.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    seed_demo_cases(window.store)
    window.refresh_library()
    open_first_demo(window)
    return True


def open_first_demo(window: Any) -> None:
    """Open the showcase demo case (or the first row) so a new user sees a full window."""
    model = window.library.model
    if not model.rowCount():
        return
    ids = {model.summary(row).case_id for row in range(model.rowCount())}
    window.session.open_case(
        FIRST_DEMO_CASE if FIRST_DEMO_CASE in ids else model.summary(0).case_id, ask=False
    )


class _FirstPaint(QObject):
    """Runs `then` once, on the event loop turn after the window's first paint (or after 1 s)."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then: Callable[[], None] | None = then
        window.installEventFilter(self)
        QTimer.singleShot(1000, self._run)  # a minimised or hidden start still loads

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._then is not None:
            QTimer.singleShot(0, self._run)
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            parent = self.parent()
            if isinstance(parent, QWidget):
                parent.removeEventFilter(self)  # done: no Python call per window event from now on
            then()


def _after_first_paint(window: QWidget, then: Callable[[], None]) -> None:
    _FirstPaint(window, then)


def _when_form_complete(window: Any, then: Callable[[], None]) -> None:
    """Runs `then` once, after the case form has built its last section (it builds the ones below the
    fold after the first paint) and the screen has been painted, or after 2 s whatever happens."""
    pending: list[Callable[[], None]] = [then]

    def run() -> None:
        if pending:
            pending.pop()()

    if window.form.is_fully_built():
        QTimer.singleShot(1, window, run)
        return
    # A timer, not a direct call: Qt paints the last section before the work that follows.
    window.form.fullyBuilt.connect(lambda: QTimer.singleShot(1, window, run))
    QTimer.singleShot(2000, window, run)


def open_command_line_file(window: Any, path: Path) -> None:
    """`nelm-desktop FILE` (a double-click in the file manager): a library zip is offered for
    import (it may hold many cases); a case file is imported into the library and opened, or the
    identical case already there is opened."""
    from PySide6.QtWidgets import QMessageBox

    from nelm_desktop.core.fileio import is_regular_file

    if not is_regular_file(path):  # a FIFO or device would hang is_zipfile; the import explains it
        window.files.import_path(path, open_single=True)
        return
    if zipfile.is_zipfile(path):
        answer = QMessageBox.question(
            window,
            "Import a library",
            f"{path.name} is a NELM Desktop library export.\n\nImport its cases into your case library?"
            "\n(Cases already here are skipped; changed ones come in as copies.)",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            window.files.import_path(path)
        return
    window.files.import_path(path, open_single=True)


class _FileOpenEvents(QObject):
    """macOS: Finder hands a double-clicked document to the running app as a FileOpen event (not
    argv). Paths that arrive before the window is built wait in `pending`."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.window: Any = None
        self.pending: list[Path] = []
        if sys.platform == "darwin":
            # Only macOS sends FileOpen; elsewhere this application-wide filter would only put a
            # Python call in front of every event of every widget (~20,000 by the first case shown).
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent) and event.file():
            path = Path(event.file())
            if self.window is not None:
                open_command_line_file(self.window, path)
            else:
                self.pending.append(path)
            return True
        return False


class _GcPause:
    """No cyclic garbage collection while the window starts: start-up builds many long-lived objects
    (modules, model schemas, widgets) and hardly any garbage, yet the collector walked them ~110
    times (~28 ms CPU) before the first case showed. `resume` (idempotent) turns it back on; it is
    called once the window is usable, and at the latest after a few seconds."""

    def __init__(self) -> None:
        self.paused = gc.isenabled()
        if self.paused:
            gc.disable()

    def resume(self) -> None:
        if self.paused:
            self.paused = False
            gc.enable()


def run_app(demo: bool = False, open_path: Path | None = None, present: bool = False) -> int:
    gc_pause = _GcPause()
    try:
        return _run_app(gc_pause, demo, open_path, present)
    finally:
        gc_pause.resume()


def _run_app(gc_pause: _GcPause, demo: bool, open_path: Path | None, present: bool) -> int:
    from nelm_desktop.core.fileio import private_umask

    private_umask()  # window.ini, drafts, locks, exports: private to this account
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("NELM Desktop")
    app.setOrganizationName("NELM Desktop")
    app.setDesktopFileName("nelm-desktop")
    file_events = _FileOpenEvents(app)
    icon = paths.resource("icons", "hicolor", "256x256", "nelm-desktop.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))

    root = _data_root(demo)
    lock = acquire_instance_lock(root)
    if lock is None and not demo:
        from PySide6.QtWidgets import QMessageBox  # only asked when locked: not made at start-up

        answer = QMessageBox.warning(
            None,
            "Library already open",
            f"The case library in\n{root}\nis open in another NELM Desktop window (or the folder is not "
            "writable).\n\nTwo windows on one library can get in each other's way: switch to the other "
            "window, or open this one anyway (a save that would overwrite another window's changes is "
            "detected and you will be asked).",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Open:
            return 1

    from nelm_desktop.ui.window.main_window import MainWindow

    window = MainWindow(None, root, demo=demo, defer=True)
    window.show()

    def after_show() -> None:
        from nelm_desktop.core.store import CaseStore

        store = CaseStore(root)
        window.build(store)
        if not demo:
            window.open_library(then=lambda: after_listing(window))
            return
        # The showcase case is written and opens at once; the other demo cases, the demo meeting
        # and the list follow once it is on screen (a timer, not a posted call: Qt paints first).
        if seed_showcase_case(store):
            window.session.open_case(FIRST_DEMO_CASE, ask=False)

        def seed_the_rest() -> None:
            gc_pause.resume()
            seed_demo_cases(store)
            window.open_library(then=lambda: after_listing(window))

        _when_form_complete(window, seed_the_rest)

    def after_listing(window: Any) -> None:
        gc_pause.resume()
        if demo and window.document.case is None and window.library.model.rowCount():
            window.session.open_case(window.library.model.summary(0).case_id, ask=False)
        problem = None if demo else settings_problem()
        if problem:
            window.statusBar().showMessage(problem, 15000)
        opened = [open_path] if open_path is not None else []
        opened += file_events.pending
        file_events.window = window
        for path in opened:
            open_command_line_file(window, path)
        if not opened and not demo and window.library.model.total_count() == 0:
            offer_demo_cases(window)
        if present:
            window.board.present()

    _after_first_paint(window, after_show)
    QTimer.singleShot(5000, gc_pause.resume)  # whatever happens (a dialog waiting for an answer)
    try:
        return int(app.exec())
    finally:
        if lock is not None:
            lock.release()
        if demo:
            shutil.rmtree(root, ignore_errors=True)
