"""The two dialogs of printing: choose what to print, and the QtPdf preview."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from nelm_desktop.core.presentation import status_label
from nelm_desktop.ui.widgets.accessible_names import name_generated_controls
from nelm_desktop.ui.widgets.screen_fit import fit_to_screen

HANDOUT_DEFAULT = frozenset({"recommended", "option"})


@dataclass
class ReportChoice:
    kind: str = "summary"  # summary | handout
    paper: str = "a4"  # a4 | letter
    modalities: list[str] = field(default_factory=list)  # handout only: the options the clinician ticked


def _default_kind() -> str:
    try:
        from nelm_desktop.core.settings import load_settings

        return load_settings().default_report_kind
    except Exception:  # settings trouble must not stop printing
        return "summary"


class ReportChoiceDialog(QDialog):
    """Kind (summary / handout), paper, and for the handout the options to discuss.

    `previous`: the last choice of the session (its kind and paper are offered again). `ticked`: the
    options the clinician last ticked for this case's handout, [] when they unticked every one; None
    (never chosen for this case) ticks the defaults."""

    def __init__(
        self,
        evaluation: Any,
        previous: ReportChoice | None = None,
        parent: QWidget | None = None,
        ticked: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Print report")
        self.setMinimumWidth(520)
        previous = previous or ReportChoice(kind=_default_kind())
        layout = QVBoxLayout(self)
        form = QFormLayout()
        kinds = QHBoxLayout()
        self.summary_radio = QRadioButton("Clinical summary (tumour board)", self)
        self.handout_radio = QRadioButton("Patient handout", self)
        group = QButtonGroup(self)
        group.addButton(self.summary_radio)
        group.addButton(self.handout_radio)
        kinds.addWidget(self.summary_radio)
        kinds.addWidget(self.handout_radio)
        kinds.addStretch(1)
        form.addRow("Report", kinds)
        self.paper = QComboBox(self)
        self.paper.addItem("A4", "a4")
        self.paper.addItem("US Letter", "letter")
        self.paper.setCurrentIndex(max(self.paper.findData(previous.paper), 0))
        form.addRow("Paper", self.paper)
        layout.addLayout(form)

        self.options_box = QGroupBox("Options to explain on the handout", self)
        box_layout = QVBoxLayout(self.options_box)
        hint = QLabel("Ticked by default: the recommended options and the listed alternatives.", self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555;")
        box_layout.addWidget(hint)
        scroll = QScrollArea(self.options_box)
        scroll.setWidgetResizable(True)
        inner = QWidget(scroll)
        inner_layout = QVBoxLayout(inner)
        self.checks: dict[str, QCheckBox] = {}
        chosen = set(ticked) if ticked is not None else None
        for option in evaluation.options if evaluation is not None else []:
            # The panel's status labels (section 12): no "first line" for an NEC, and "Not listed for
            # this case" whatever put the option outside the case's branch (not only the pattern).
            words = status_label(option.status)
            check = QCheckBox(f"{option.label} — {words}", inner)
            check.setChecked(
                option.modality in chosen if chosen is not None else option.status in HANDOUT_DEFAULT
            )
            self.checks[option.modality] = check
            inner_layout.addWidget(check)
        inner_layout.addStretch(1)
        scroll.setWidget(inner)
        box_layout.addWidget(scroll)
        layout.addWidget(self.options_box, 1)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Continue")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.summary_radio.toggled.connect(self._kind_changed)
        (self.handout_radio if previous.kind == "handout" else self.summary_radio).setChecked(True)
        self._kind_changed()
        fit_to_screen(self, 560, 520, share=0.92)
        name_generated_controls(self)  # Qt's own parts (lists, scroll bars, button row) named

    def _kind_changed(self, *_args: Any) -> None:
        self.options_box.setEnabled(self.handout_radio.isChecked())

    def choice(self) -> ReportChoice:
        kind = "handout" if self.handout_radio.isChecked() else "summary"
        ticked = [modality for modality, check in self.checks.items() if check.isChecked()]
        return ReportChoice(kind=kind, paper=self.paper.currentData(), modalities=ticked)


class PreviewDialog(QDialog):
    """The report as it will print (QPdfView), with Print and Save as PDF."""

    printRequested = Signal(bytes)
    saveRequested = Signal(bytes)

    def __init__(self, pdf: bytes, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtPdfWidgets import QPdfView

        from nelm_desktop.ui.printing.pdf_io import load_pdf

        self.pdf = pdf
        self.setWindowTitle(f"Print preview — {name}")
        fit_to_screen(self, 820, 980, share=0.92)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.document = load_pdf(pdf, self)
        layout = QVBoxLayout(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        pages = self.document.pageCount()
        self.pages_label = QLabel(f"{pages} page{'s' if pages != 1 else ''}", self)
        row.addWidget(self.pages_label)
        row.addStretch(1)
        print_button = QPushButton("Print…", self)
        save_button = QPushButton("Save as PDF…", self)
        close_button = QPushButton("Close", self)
        print_button.clicked.connect(lambda: self.printRequested.emit(self.pdf))
        save_button.clicked.connect(lambda: self.saveRequested.emit(self.pdf))
        close_button.clicked.connect(self.close)
        for button in (print_button, save_button, close_button):
            row.addWidget(button)
        layout.addLayout(row)
        name_generated_controls(self)  # Qt's own parts (lists, scroll bars, button row) named
