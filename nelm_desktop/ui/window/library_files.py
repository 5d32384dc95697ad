"""Files into and out of the library from the main window (`window.files`): open a case file, import a
case file or a library zip, export the library, and the damaged files set aside (quarantine).

A single case file opened from File > Open is imported at once; everything else runs off the GUI thread
with progress and Cancel (`ui.library.transfer.Transfer`), one at a time."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from nelm_desktop.ui.widgets.file_dialogs import remember_dialog_path, start_path

if TYPE_CHECKING:
    from nelm_desktop.ui.window.main_window import MainWindow


class LibraryFiles(QObject):
    finished = Signal()  # an import or export running off the GUI thread has finished

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.running: Any = None  # the running import/export (ui.library.transfer.Transfer)

    def open_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open a case file", start_path(), "Case files (*.json *.nelmcase);;All files (*)"
        )
        remember_dialog_path(path)
        if path:
            self.import_path(Path(path), open_single=True)

    def import_path(self, path: Path, open_single: bool = False) -> None:
        """Import a case file or a library zip. A single case file opened from File → Open is
        imported at once; everything else runs off the GUI thread with progress and Cancel."""
        from PySide6.QtWidgets import QMessageBox

        from nelm_desktop.core.store import StoreError

        if open_single:
            try:
                report = self.window.store.import_path(path)
            except StoreError as exc:
                QMessageBox.warning(self.window, "Import failed", str(exc))
                return
            self._imported(report, open_single)
            return
        store = self.window.store
        self._start_transfer("Importing cases", lambda progress: store.import_path(path, progress))

    def _start_transfer(self, title: str, job: Any) -> None:
        from PySide6.QtWidgets import QMessageBox

        from nelm_desktop.ui.library.transfer import Transfer

        if self.running is not None:
            QMessageBox.information(self.window, title, "An import or export is already running.")
            return
        self.running = Transfer(self.window, title, job)
        self.running.done.connect(self._transfer_done)

    def _transfer_done(self, result: Any, error: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        from nelm_desktop.core.store import ExportReport, ImportReport

        self.running = None
        if error:
            QMessageBox.warning(self.window, "Import or export failed", error)
        elif isinstance(result, ImportReport):
            self._imported(result, False)
        elif isinstance(result, ExportReport):
            self._exported(result)
        self.finished.emit()

    def _imported(self, report: Any, open_single: bool) -> None:
        from PySide6.QtWidgets import QMessageBox

        lines = report.lines() + [f"  problem: {p}" for p in report.problems]
        if report.stopped:
            lines.append(f"  stopped: {report.stopped}")
        new_ids = report.imported + [new for _old, new in report.copies]
        self.window.cases_added(new_ids)  # their rows only: the library is not listed on the GUI thread
        if (
            open_single
            and len(new_ids) + len(report.duplicates) == 1
            and not (report.problems or report.stopped)
        ):
            # An identical case already in the library (a duplicate) opens as it is.
            self.window.session.open_case((new_ids or report.duplicates)[0])
            self.window.statusBar().showMessage(lines[0], 8000)
        else:
            QMessageBox.information(self.window, "Import", "\n".join(lines))

    def import_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self.window,
            "Import cases",
            start_path(),
            "Case file or library (*.json *.nelmcase *.zip *.nelmlib);;All files (*)",
        )
        remember_dialog_path(path)
        if path:
            self.import_path(Path(path))

    def export_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(
            self.window,
            "Export the library",
            start_path("nelm-library.nelmlib"),
            "NELM Desktop library (*.nelmlib);;Zip (*.zip)",
        )
        remember_dialog_path(path)
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        store = self.window.store
        self._start_transfer(
            "Exporting the library", lambda progress: store.export_library(path, None, progress)
        )

    def _exported(self, report: Any) -> None:
        from PySide6.QtWidgets import QMessageBox

        if report.cancelled:
            self.window.statusBar().showMessage("Export cancelled; no file was written.", 8000)
        elif report.problems:
            QMessageBox.warning(
                self.window,
                "Export incomplete",
                "\n".join([*report.lines(), "", "Not in the zip:", *(f"  {p}" for p in report.problems)]),
            )
        else:
            self.window.statusBar().showMessage(" ".join(report.lines()), 8000)

    def show_quarantine(self) -> None:
        from nelm_desktop.ui.window.dialogs import QuarantineDialog

        if not QuarantineDialog(self.window.store, self.window.session, self.window).exec():
            self.window.refresh_library()  # (a restore puts in its own row, as a save does)
