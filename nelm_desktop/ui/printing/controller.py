"""File > Print preview / Print / Save as PDF.

The PDF comes from `nelm_desktop.core.report.build_report` (ReportLab, imported only here, only when
printing). It is built in a worker thread from a snapshot of the case and its evaluation, so editing
never waits for a report. Preview shows the PDF with QtPdf (QPdfView); printing draws the pages
rendered by QPdfDocument onto a QPrinter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from nelm_desktop.ui.case.case_document import CaseDocument
from nelm_desktop.ui.printing.pdf_io import load_pdf, print_pdf, write_pdf
from nelm_desktop.ui.printing.report_dialogs import PreviewDialog, ReportChoice, ReportChoiceDialog


class _Signals(QObject):
    done = Signal(bytes)
    failed = Signal(str)


class ReportJob(QRunnable):
    """Builds one PDF off the GUI thread."""

    def __init__(self, case: Any, evaluation: Any, choice: ReportChoice) -> None:
        super().__init__()
        self.case, self.evaluation, self.choice = case, evaluation, choice
        self.signals = _Signals()

    def run(self) -> None:
        try:
            from nelm_desktop.core.report import build_report

            modalities: Sequence[str] | None = (
                self.choice.modalities if self.choice.kind == "handout" else None
            )
            pdf = build_report(
                self.case, self.evaluation, self.choice.kind, self.choice.paper, None, modalities
            )
        except Exception as exc:  # a report failure is shown to the user, never a crash
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.signals.done.emit(pdf)


class PrintController(QObject):
    """Owns the report jobs and the preview windows of the main window."""

    pdfReady = Signal(bytes)  # every finished PDF (tests wait on it)

    def __init__(self, document: CaseDocument, parent: QWidget) -> None:
        super().__init__(parent)
        self.document = document
        self._parent = parent
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._jobs: list[ReportJob] = []
        self.previews: list[PreviewDialog] = []
        self.last_choice: ReportChoice | None = None

    # --- entry points --------------------------------------------------------------------------
    def preview(self, choice: ReportChoice | None = None) -> None:
        self._request(choice, self._show_preview)

    def print_(self, choice: ReportChoice | None = None) -> None:
        self._request(choice, self._print)

    def save_pdf(self, choice: ReportChoice | None = None, path: Path | None = None) -> None:
        choice = choice or self._choose()
        if choice is None:
            return
        if path is None:
            picked, _ = QFileDialog.getSaveFileName(
                self._parent, "Save report as PDF", self.suggested_name(choice), "PDF (*.pdf)"
            )
            if not picked:
                return
            path = Path(picked)
        target = path
        self._request(choice, lambda pdf: self._save(pdf, target))

    # --- internals -----------------------------------------------------------------------------
    def suggested_name(self, choice: ReportChoice) -> str:
        from nelm_desktop.core.report import suggested_filename

        assert self.document.case is not None
        return suggested_filename(self.document.case, choice.kind, date.today())

    def _choose(self) -> ReportChoice | None:
        if self.document.case is None:
            return None
        if self.document.evaluation is None:
            QMessageBox.warning(self._parent, "Cannot print", "The case has no evaluation to print yet.")
            return None
        dialog = ReportChoiceDialog(self.document.evaluation, self.last_choice, self._parent)
        if not dialog.exec():
            return None
        self.last_choice = dialog.choice()
        return self.last_choice

    def _request(self, choice: ReportChoice | None, then: Callable[[bytes], None]) -> None:
        choice = choice or self._choose()
        if choice is None or self.document.case is None or self.document.evaluation is None:
            return
        self.last_choice = choice
        case = self.document.case.model_copy(deep=True)
        evaluation = self.document.evaluation.model_copy(deep=True)
        job = ReportJob(case, evaluation, choice)
        job.setAutoDelete(False)
        job.signals.done.connect(then)
        job.signals.done.connect(self.pdfReady)
        job.signals.failed.connect(self._failed)
        job.signals.done.connect(lambda _pdf, j=job: self._forget(j))
        job.signals.failed.connect(lambda _msg, j=job: self._forget(j))
        self._jobs.append(job)
        self._status("Preparing the report…")
        self.pool.start(job)

    def _forget(self, job: ReportJob) -> None:
        if job in self._jobs:
            self._jobs.remove(job)

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
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self._parent)
        dialog.setWindowTitle("Print report")
        if dialog.exec():
            pages = print_pdf(pdf, printer)
            self._status(f"Sent {pages} page(s) to the printer.")

    def _save(self, pdf: bytes, path: Path | None = None) -> None:
        if path is None:
            name = self.suggested_name(self.last_choice) if self.last_choice else "report.pdf"
            picked, _ = QFileDialog.getSaveFileName(self._parent, "Save report as PDF", name, "PDF (*.pdf)")
            if not picked:
                return
            path = Path(picked)
        try:
            write_pdf(pdf, path)
        except OSError as exc:
            QMessageBox.warning(self._parent, "Not saved", f"Cannot write {path}: {exc.strerror or exc}")
            return
        self._status(f"Saved the report to {path}")


__all__ = ["PrintController", "Qt", "load_pdf", "print_pdf", "write_pdf"]
