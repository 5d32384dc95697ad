"""File > Print preview / Print / Save as PDF.

The PDF comes from `nelm_desktop.core.report.build_report` (ReportLab), built in a separate process
(`report_process.ReportProcess`) from a snapshot of the case and its evaluation, so editing never
waits for a report (a worker thread held the GIL and made edits stutter). Preview shows the PDF with QtPdf (QPdfView); printing draws the pages
rendered by QPdfDocument onto a QPrinter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from nelm_desktop.core.store.errors import describe_write_error
from nelm_desktop.ui.case.case_document import CaseDocument
from nelm_desktop.ui.printing.identity_dialog import IdentityDialog, needs_identity
from nelm_desktop.ui.printing.pdf_io import load_pdf, print_pdf, write_pdf
from nelm_desktop.ui.printing.report_dialogs import PreviewDialog, ReportChoice, ReportChoiceDialog
from nelm_desktop.ui.printing.report_process import ReportProcess
from nelm_desktop.ui.widgets.file_dialogs import remember_dialog_path, start_path


class PrintController(QObject):
    """Owns the report jobs and the preview windows of the main window."""

    pdfReady = Signal(bytes)  # every finished PDF (tests wait on it)

    def __init__(self, document: CaseDocument, parent: QWidget) -> None:
        super().__init__(parent)
        self.document = document
        self._parent = parent
        self.process = ReportProcess(self)
        self.process.done.connect(self._done)
        self.process.failed.connect(self._job_failed)
        self._jobs: dict[int, Callable[[bytes], None]] = {}  # job id -> what to do with the PDF
        self._next_job = 0
        self.last_worker_pid: int | None = None  # the process that built the last PDF (tests)
        self.previews: list[PreviewDialog] = []
        self.last_choice: ReportChoice | None = None
        # case_id -> the options last ticked for that case's handout ([] = none), kept for the session:
        # a clinician who unticked everything expects to find it so, not the defaults ticked again;
        # another case starts from its own defaults (its options are not this case's).
        self.handout_ticks: dict[str, list[str]] = {}
        self.identity_asked = False  # asked once per session when the user prints without
        # case_id -> the board's signed-off decision (set by the window): the handout recommends it first.
        self.decision_for: Callable[[str], Any] | None = None

    # --- entry points --------------------------------------------------------------------------
    def preview(self, choice: ReportChoice | None = None) -> None:
        choice = choice or self._choose("Print preview")
        if choice is not None:
            self._request(choice, self._show_preview)

    def print_(self, choice: ReportChoice | None = None) -> None:
        self._request(choice, self._print)

    def save_pdf(self, choice: ReportChoice | None = None, path: Path | None = None) -> None:
        choice = choice or self._choose("Save report as PDF")
        if choice is None or not self.confirm_identity():
            return
        if path is None:
            picked, _ = QFileDialog.getSaveFileName(
                self._parent, "Save report as PDF", start_path(self.suggested_name(choice)), "PDF (*.pdf)"
            )
            if not picked:
                return
            remember_dialog_path(picked)
            path = Path(picked)
        target = path
        self._request(choice, lambda pdf: self._save(pdf, target))

    # --- internals -----------------------------------------------------------------------------
    def suggested_name(self, choice: ReportChoice) -> str:
        from nelm_desktop.core.report import suggested_filename

        assert self.document.case is not None
        return suggested_filename(self.document.case, choice.kind, date.today())

    def _choose(self, title: str = "Print report") -> ReportChoice | None:
        if self.document.case is None:
            return None
        if self.document.evaluation is None:
            QMessageBox.warning(self._parent, "Cannot print", "The case has no evaluation to print yet.")
            return None
        self.process.warm_up()  # start the report process while the clinician chooses
        ticked = self.handout_ticks.get(self.document.case.case_id)
        dialog = ReportChoiceDialog(self.document.evaluation, self.last_choice, self._parent, ticked)
        dialog.setWindowTitle(title)
        if not dialog.exec():
            return None
        self._remember(dialog.choice())
        return self.last_choice

    def _remember(self, choice: ReportChoice) -> None:
        self.last_choice = choice
        if choice.kind == "handout" and self.document.case is not None:
            self.handout_ticks[self.document.case.case_id] = list(choice.modalities)

    def confirm_identity(self) -> bool:
        """Before the first print: ask for clinician and institution if unset. False = do not print."""
        from nelm_desktop.core.settings import load_settings

        if self.identity_asked or not needs_identity(load_settings()):
            return True
        dialog = IdentityDialog(load_settings(), self._parent)
        if not dialog.exec():
            return False
        self.identity_asked = True
        return True

    def _request(self, choice: ReportChoice | None, then: Callable[[bytes], None]) -> None:
        choice = choice or self._choose()
        if choice is None or self.document.case is None or self.document.evaluation is None:
            return
        if not self.confirm_identity():
            return
        self._remember(choice)
        self._next_job += 1
        self._jobs[self._next_job] = then
        self._status("Preparing the report…")
        modalities = choice.modalities if choice.kind == "handout" else None
        decision = None
        if choice.kind == "handout" and self.decision_for is not None:
            decision = self.decision_for(self.document.case.case_id)
        # The case and evaluation are pickled now: a snapshot, whatever the clinician edits next.
        self.process.submit(
            self._next_job,
            self.document.case,
            self.document.evaluation,
            choice.kind,
            choice.paper,
            modalities,
            decision,
        )

    def _done(self, job_id: int, pdf: bytes, worker_pid: int) -> None:
        then = self._jobs.pop(job_id, None)
        self.last_worker_pid = worker_pid
        if then is not None:
            then(pdf)
        self.pdfReady.emit(pdf)

    def _job_failed(self, job_id: int, message: str) -> None:
        self._jobs.pop(job_id, None)
        self._failed(message)

    def _failed(self, message: str) -> None:
        QMessageBox.warning(self._parent, "Report not created", message)

    def _status(self, text: str) -> None:
        bar = getattr(self._parent, "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 5000)

    def _show_preview(self, pdf: bytes) -> None:
        name = self.suggested_name(self.last_choice) if self.last_choice else "report.pdf"
        dialog = PreviewDialog(pdf, name, self._parent)
        dialog.printRequested.connect(self._print)
        dialog.saveRequested.connect(self._save)
        dialog.finished.connect(lambda _r, d=dialog: self.previews.remove(d) if d in self.previews else None)
        self.previews.append(dialog)
        dialog.show()  # not modal: editing goes on beside the preview

    def _print(self, pdf: bytes) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        name = self.suggested_name(self.last_choice) if self.last_choice else "report.pdf"
        if not QPrinterInfo.availablePrinters():
            # Only a file can be printed to: Qt proposed ~/print.pdf; the report's own name in the
            # folder last used (else Documents), as Save as PDF proposes.
            printer.setOutputFileName(start_path(name))
        dialog = QPrintDialog(printer, self._parent)
        dialog.setWindowTitle("Print report")
        if not dialog.exec():
            return
        target = printer.outputFileName() if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat else ""
        if target:
            # Printed to a file: the report itself, written privately and atomically (pages drawn
            # onto a PDF printer were images, and the file took the process's umask).
            remember_dialog_path(target)
            self._save(pdf, Path(target))
            return
        pages = print_pdf(pdf, printer)
        self._status(f"Sent {pages} page(s) to the printer.")

    def _save(self, pdf: bytes, path: Path | None = None) -> None:
        if path is None:
            name = self.suggested_name(self.last_choice) if self.last_choice else "report.pdf"
            picked, _ = QFileDialog.getSaveFileName(
                self._parent, "Save report as PDF", start_path(name), "PDF (*.pdf)"
            )
            if not picked:
                return
            remember_dialog_path(picked)
            path = Path(picked)
        try:
            write_pdf(pdf, path)
        except OSError as exc:
            QMessageBox.warning(self._parent, "Not saved", describe_write_error(path, exc))
            return
        self._status(f"Saved the report to {path}")


__all__ = ["PrintController", "Qt", "load_pdf", "print_pdf", "write_pdf"]
