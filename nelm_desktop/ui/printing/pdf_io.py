"""PDF bytes in and out: load into QtPdf, draw onto a printer, write to a file (one place for each)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, QSize
from PySide6.QtGui import QPainter

PRINT_DPI = 300  # pages are rendered at this resolution for the printer


def load_pdf(pdf: bytes, parent: QObject | None = None) -> Any:
    """A QPdfDocument over the bytes (the buffer is kept alive as the document's child)."""
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument(parent)  # type: ignore[arg-type]  # the stubs omit the optional parent
    buffer = QBuffer(document)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document


def print_pdf(pdf: bytes, printer: Any) -> int:
    """Draw every page of the PDF onto the printer; returns the number of pages printed."""
    document = load_pdf(pdf)
    pages = document.pageCount()
    painter = QPainter()
    if pages == 0 or not painter.begin(printer):
        return 0
    try:
        for page in range(pages):
            if page:
                printer.newPage()
            point_size = document.pagePointSize(page)
            target = painter.viewport()
            scale = min(target.width() / point_size.width(), target.height() / point_size.height())
            width, height = int(point_size.width() * scale), int(point_size.height() * scale)
            image = document.render(
                page,
                QSize(int(point_size.width() / 72 * PRINT_DPI), int(point_size.height() / 72 * PRINT_DPI)),
            )
            painter.drawImage(QRect(target.x(), target.y(), width, height), image)
    finally:
        painter.end()
    return int(pages)


def write_pdf(pdf: bytes, path: Path) -> None:
    """The core's one PDF writer (atomic, private), as the CLI's `report` uses it."""
    from nelm_desktop.core.report import save_pdf

    save_pdf(path, pdf)
