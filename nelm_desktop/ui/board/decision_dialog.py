"""The decision record dialog (issue #15 item 4): the chosen options with intent and order (or another
plan), rationale, dissent, follow-up date, responsible clinician; sign-off; amendments with a reason.

The engine's status at the time of the snapshot is shown beside each option. Choosing an option the
engine marked contraindicated or not indicated opens its "deviation reason" field, and saving is
blocked (with the problem named) until it is filled. Every problem is listed under the form; nothing
is altered silently.
"""

from __future__ import annotations

from datetime import date
from typing import cast

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from nelm_desktop.core.board import decisions as rules
from nelm_desktop.core.board.model import (
    DEVIATION_STATUSES,
    INTENT_LABELS,
    INTENTS,
    Amendment,
    ChosenOption,
    Decision,
    SignOff,
)
from nelm_desktop.core.board.stamping import BoardRecordError
from nelm_desktop.core.board.store import BoardConflictError, BoardStore, Loaded
from nelm_desktop.core.dates import parse_day, shown_time
from nelm_desktop.core.evaluation import MODALITIES, MODALITY_LABELS, STATUS_SHORT
from nelm_desktop.core.option_vocabulary import NOT_LISTED_EXPLANATION
from nelm_desktop.core.store import StoreError
from nelm_desktop.core.validation_messages import field_problem, hidden_character, max_chars, too_long
from nelm_desktop.ui.widgets.accessible_names import name_generated_controls
from nelm_desktop.ui.widgets.number_boxes import OptionalIntBox
from nelm_desktop.ui.widgets.questions import Btn, ask
from nelm_desktop.ui.widgets.refused_entry import mark_refused
from nelm_desktop.ui.widgets.screen_fit import fit_to_screen
from nelm_desktop.ui.widgets.style import REFUSED_ENTRY_STYLE

DATE_HINT = "YYYY-MM-DD"


class OptionRow:
    """The widgets of one modality's row."""

    def __init__(self, parent: QWidget, modality: str, status: str) -> None:
        self.modality = modality
        self.status = status
        label = MODALITY_LABELS[modality]
        self.check = QCheckBox(label, parent)
        self.check.setObjectName(f"choose_{modality}")
        self.check.setAccessibleName(f"Choose {label}")
        self.status_label = QLabel(STATUS_SHORT.get(status, status), parent)
        # Only a stated contraindication is marked as a warning: "Not listed for this case" is not one
        # (CLINICAL-RULES section 12); choosing either still asks for a deviation reason.
        if status == "contraindicated":
            self.status_label.setStyleSheet("color: #8A1111; font-weight: 600;")
        elif status == "not_indicated":
            self.status_label.setToolTip(f"Not listed for this case: {NOT_LISTED_EXPLANATION}.")
        self.intent = QComboBox(parent)
        for intent in INTENTS:
            self.intent.addItem(INTENT_LABELS[intent], intent)
        self.intent.setAccessibleName(f"Intent of {label}")
        # The form's number box: "20" or "2,5" typed stays shown and is refused (a plain spin box kept
        # "2" of "20" without a word, its range ending at 16).
        self.order = OptionalIntBox(1, 16, parent=parent)
        self.order.set_value(1)
        self.order.setToolTip("1 = first; options with the same step are given together (1 to 16)")
        self.order.setAccessibleName(f"Step of {label} in the sequence")
        self.reason = QLineEdit(parent)
        self.reason.setObjectName(f"deviation_{modality}")
        self.reason.setPlaceholderText("Reason for deviating from the source algorithm (required)")
        self.reason.setAccessibleName(f"Deviation reason for {label}")

    @property
    def deviates(self) -> bool:
        return self.status in DEVIATION_STATUSES

    def update_enabled(self, editable: bool) -> None:
        chosen = self.check.isChecked()
        self.check.setEnabled(editable)
        self.intent.setEnabled(editable and chosen)
        self.order.setEnabled(editable and chosen)
        self.reason.setVisible(chosen and self.deviates)
        self.reason.setEnabled(editable)

    def step_problem(self) -> str | None:
        """Why the step shown cannot be saved (the record's own range and type), or None."""
        if not self.check.isChecked():
            return None
        step = self.order.value()
        what = f"{MODALITY_LABELS[self.modality]}: the step"
        if step is None:
            return f"{what} is empty (1 = first)"
        try:
            ChosenOption(modality=self.modality, intent=self.intent.currentData(), sequence=step)
        except ValidationError as exc:
            return field_problem(what, exc)
        return None

    def mark_step(self) -> None:
        """Frame a refused step (REFUSED_ENTRY_STYLE); its reason is in the dialog's problem list."""
        problem = self.step_problem()
        if mark_refused(self.order, bool(problem)):
            self.order.setAccessibleDescription(problem or "")

    def chosen(self) -> ChosenOption | None:
        """The row as typed; not validated here (an over-long reason is a listed problem, not a
        crash in the middle of typing): the store validates the whole record before writing."""
        if not self.check.isChecked():
            return None
        return ChosenOption.model_construct(
            modality=self.modality,
            intent=self.intent.currentData(),
            sequence=cast(int, self.order.value()),  # a refused step is a listed problem (step_problem)
            deviation_reason=self.reason.text().strip() if self.deviates else "",
        )

    def show(self, option: ChosenOption | None) -> None:
        self.check.setChecked(option is not None)
        if option is not None:
            self.intent.setCurrentIndex(max(0, self.intent.findData(option.intent)))
            self.order.set_value(option.sequence)
            self.reason.setText(option.deviation_reason)


class DecisionDialog(QDialog):
    """Record, sign off or amend the decision of `draft.case_id` at `draft.meeting_id`.

    `existing` is the decision on disk (None for a new one; then `draft` carries the fresh snapshot).
    After `exec()`, `saved` is the record as written (None when nothing was saved).
    """

    def __init__(
        self,
        board: BoardStore,
        draft: Decision,
        existing: Loaded[Decision] | None,
        user: str,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("decisionDialog")
        self.setWindowTitle(f"Board decision — {title}")
        self.setStyleSheet(REFUSED_ENTRY_STYLE)
        self.board = board
        self.base = existing.record if existing is not None else draft
        self.file_hash = existing.file_hash if existing is not None else None
        self.user = user
        self.saved: Loaded[Decision] | None = None
        self.amending = False

        layout = QVBoxLayout(self)
        snap = self.base.snapshot
        statuses = snap.statuses()
        # Section 12: the "Not listed" label is explained once per screen.
        not_listed = (
            f" Not listed for this case: {NOT_LISTED_EXPLANATION}."
            if "not_indicated" in statuses.values()
            else ""
        )
        info = QLabel(
            f"Statuses as evaluated on {shown_time(snap.taken_at, seconds=False)} (knowledge base "
            f"{snap.knowledge_base}). Later edits of the case do not change this record.{not_listed}",
            self,
        )
        info.setWordWrap(True)
        info.setStyleSheet("color: #444444;")
        layout.addWidget(info)

        grid_host = QWidget(self)
        grid = QGridLayout(grid_host)
        for column, text in enumerate(("Option", "Source algorithm", "Intent", "Step", "")):
            head = QLabel(f"<b>{text}</b>", grid_host)
            grid.addWidget(head, 0, column)
        self.rows: dict[str, OptionRow] = {}
        for index, modality in enumerate(MODALITIES, start=1):
            row = OptionRow(grid_host, modality, statuses.get(modality, ""))
            self.rows[modality] = row
            grid.addWidget(row.check, index * 2 - 1, 0)
            grid.addWidget(row.status_label, index * 2 - 1, 1)
            grid.addWidget(row.intent, index * 2 - 1, 2)
            grid.addWidget(row.order, index * 2 - 1, 3)
            grid.addWidget(row.reason, index * 2, 0, 1, 4)
            row.check.toggled.connect(self._changed)
            row.reason.textChanged.connect(self._changed)
            row.intent.currentIndexChanged.connect(self._changed)
            row.order.valueChanged.connect(self._changed)
        scroll = QScrollArea(self)
        scroll.setWidget(grid_host)
        scroll.setWidgetResizable(True)
        scroll.setMinimumHeight(260)
        # Not a Tab stop of its own (Tab stopped on it between the last option and 'Other plan', with
        # nothing to show focus or to do); it still scrolls to the option Tab reaches.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.options_scroll = scroll
        layout.addWidget(scroll, 1)

        form = QFormLayout()
        self.other = QLineEdit(self)
        self.other.setObjectName("other")
        self.other.setPlaceholderText("Another plan, in words (e.g. watch and wait, clinical trial)")
        self.rationale = QPlainTextEdit(self)
        self.rationale.setObjectName("rationale")
        self.rationale.setMaximumHeight(70)
        self.dissent = QPlainTextEdit(self)
        self.dissent.setObjectName("dissent")
        self.dissent.setMaximumHeight(50)
        for text_box in (self.rationale, self.dissent):  # Tab moves on, as in the case form's notes (it
            text_box.setTabChangesFocus(True)  # typed a tab into the text: a keyboard user was stuck there)
        self.follow_up = QLineEdit(self)
        self.follow_up.setObjectName("follow_up")
        self.follow_up.setPlaceholderText(DATE_HINT)
        self.clinician = QLineEdit(self)
        self.clinician.setObjectName("responsible_clinician")
        for label, widget in (
            ("Other plan", self.other),
            ("Rationale", self.rationale),
            ("Dissent", self.dissent),
            ("Follow-up / re-discussion date", self.follow_up),
            ("Responsible clinician", self.clinician),
        ):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        self.amend_reason = QLineEdit(self)
        self.amend_reason.setObjectName("amend_reason")
        self.amend_reason.setAccessibleName("Reason for the amendment")
        self.amend_reason.setPlaceholderText("Why is the signed-off decision changed? (required)")
        form.addRow("Reason for the amendment", self.amend_reason)
        self.sign_as = QLineEdit(self)
        self.sign_as.setObjectName("sign_as")
        self.sign_as.setAccessibleName("Sign off as")
        self.sign_as.setPlaceholderText("Name of the clinician signing off")
        form.addRow("Sign off as", self.sign_as)
        layout.addLayout(form)
        for widget in (self.other, self.follow_up, self.clinician, self.amend_reason, self.sign_as):
            widget.textChanged.connect(self._changed)
        self.rationale.textChanged.connect(self._changed)
        self.dissent.textChanged.connect(self._changed)

        self.state = QLabel(self)
        self.state.setObjectName("decisionState")
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.problems = QLabel(self)
        self.problems.setObjectName("decisionProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #8A1111;")
        layout.addWidget(self.problems)

        buttons = QHBoxLayout()
        self.amend_button = QPushButton("Amend…", self)
        self.amend_button.clicked.connect(self._start_amendment)
        self.save_button = QPushButton("Save", self)
        self.save_button.setObjectName("saveDecision")
        self.save_button.clicked.connect(self.save)
        self.sign_button = QPushButton("Save and sign off", self)
        self.sign_button.setObjectName("signOff")
        self.sign_button.clicked.connect(self.sign_off)
        close = QPushButton("Close", self)
        close.clicked.connect(self.reject)
        for button in (self.amend_button, self.save_button, self.sign_button, close):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        fit_to_screen(self, 820, 760)  # its buttons stay on a 1366x768 screen
        self._show(self.base)

        name_generated_controls(self)  # Qt's own parts (lists, scroll bars, button row) named

    # --- state --------------------------------------------------------------------------------------
    def _show(self, decision: Decision) -> None:
        chosen = {o.modality: o for o in decision.options}
        for modality, row in self.rows.items():
            row.show(chosen.get(modality))
        self.other.setText(decision.other)
        self.rationale.setPlainText(decision.rationale)
        self.dissent.setPlainText(decision.dissent)
        self.follow_up.setText(decision.follow_up.isoformat() if decision.follow_up else "")
        self.clinician.setText(decision.responsible_clinician)
        self.amend_reason.clear()
        self.base = decision
        self._changed()

    @property
    def editable(self) -> bool:
        return not self.base.signed or self.amending

    def _follow_up(self) -> tuple[date | None, str | None]:
        text = self.follow_up.text().strip()
        if not text:
            return None, None
        day = parse_day(text)  # YYYY-MM-DD only: "2027-W03" is not taken for 18 January
        if day is None:
            return None, f"Follow-up date: '{text}' is not a date ({DATE_HINT})"
        return day, None

    def edited(self) -> tuple[Decision, list[str]]:
        """The decision as the form shows it, and what blocks saving it."""
        options = [o for o in (row.chosen() for row in self.rows.values()) if o is not None]
        follow, date_problem = self._follow_up()
        decision = self.base.model_copy(
            update={
                "options": options,
                "other": self.other.text().strip(),
                "rationale": self.rationale.toPlainText().strip(),
                "dissent": self.dissent.toPlainText().strip(),
                "follow_up": follow,
                "responsible_clinician": self.clinician.text().strip(),
            }
        )
        problems = rules.problems(decision)
        problems += [p for p in (row.step_problem() for row in self.rows.values()) if p]
        problems += self._length_problems()
        if date_problem:
            problems.append(date_problem)
        if self.amending and not self.amend_reason.text().strip():
            problems.append("Give the reason for the amendment")
        if self.amending and not rules.changed_fields(self.base, decision):
            # Said before the click, with Save off: 'Save amendment' was offered for an unchanged
            # record and only the store's refusal said so afterwards.
            problems.append("The amendment changes nothing yet: change the decision first")
        return decision, problems

    def _length_problems(self) -> list[str]:
        """Texts longer than the record keeps: named, never cut (what is shown is what is saved)."""
        texts: list[tuple[str, str, type[BaseModel], str]] = [
            (
                f"{MODALITY_LABELS[row.modality]}: the deviation reason",
                row.reason.text(),
                ChosenOption,
                "deviation_reason",
            )
            for row in self.rows.values()
            if row.check.isChecked() and row.deviates
        ]
        texts += [
            ("Other plan", self.other.text(), Decision, "other"),
            ("Rationale", self.rationale.toPlainText(), Decision, "rationale"),
            ("Dissent", self.dissent.toPlainText(), Decision, "dissent"),
            ("Responsible clinician", self.clinician.text(), Decision, "responsible_clinician"),
        ]
        if self.amending:
            texts.append(("Reason for the amendment", self.amend_reason.text(), Amendment, "reason"))
        if self.base.sign_off is None:
            texts.append(("Sign off as", self.sign_as.text(), SignOff, "clinician"))
        found = (
            hidden_character(label, text, multiline=field in ("rationale", "dissent"))
            or too_long(label, text, max_chars(model, field))
            for label, text, model, field in texts
        )
        return [problem for problem in found if problem]

    def has_unsaved_edits(self) -> bool:
        """The form differs from the record it opened (or last saved): closing would lose it."""
        if not self.editable:
            return False
        decision, _problems = self.edited()
        shown = decision.model_dump(mode="json", exclude={"options"})
        base = self.base.model_dump(mode="json", exclude={"options"})
        options = [o.model_dump(mode="json") for o in decision.options]
        base_options = [o.model_dump(mode="json") for o in self.base.options]
        amend = self.amending and bool(self.amend_reason.text().strip())
        saved_date = self.base.follow_up.isoformat() if self.base.follow_up else ""
        date_typed = self.follow_up.text().strip() != saved_date  # an invalid date is an edit too
        return shown != base or options != base_options or amend or date_typed

    def reject(self) -> None:
        """Close / Esc / the window's close box: unsaved edits are kept unless the user discards them."""
        if self.has_unsaved_edits():
            answer = ask(
                self,
                "Unsaved decision",
                "The decision has edits that are not saved.\n\nDiscard them and close?",
                Btn.Discard | Btn.Cancel,
                Btn.Cancel,
            )
            if answer != Btn.Discard:
                return
        super().reject()

    def _changed(self, *_args: object) -> None:
        editable = self.editable
        for row in self.rows.values():
            row.update_enabled(editable)
            row.mark_step()
        for widget in (self.other, self.follow_up, self.clinician):
            widget.setReadOnly(not editable)
        for text_widget in (self.rationale, self.dissent):
            text_widget.setReadOnly(not editable)
        _decision, problems = self.edited()
        self.problems.setText("\n".join(f"• {p}" for p in problems) if editable else "")
        signed = self.base.sign_off
        if signed is not None:
            self.state.setText(
                f"<b>Signed off</b> by {signed.clinician} on {shown_time(signed.at, seconds=False)}: "
                "the record is locked."
                + (
                    " Amending: give the reason for the amendment above."
                    if self.amending
                    else " Use Amend… to change it."
                )
            )
        else:
            self.state.setText("<b>Draft</b>: not signed off yet.")
        self.amend_reason.setEnabled(self.amending)
        self.amend_button.setVisible(signed is not None and not self.amending)
        self.save_button.setText("Save amendment" if self.amending else "Save")
        self.save_button.setEnabled(editable and not problems)
        self.sign_as.setEnabled(signed is None)
        self.sign_button.setVisible(signed is None)
        self.sign_button.setEnabled(signed is None and not problems and bool(self.sign_as.text().strip()))

    def _start_amendment(self) -> None:
        self.amending = True
        self._changed()
        self.amend_reason.setFocus()

    # --- actions ------------------------------------------------------------------------------------
    def _write(self) -> Loaded[Decision] | None:
        decision, problems = self.edited()
        if problems:
            self.problems.setText("\n".join(f"• {p}" for p in problems))
            return None
        try:
            if self.amending:
                assert self.file_hash is not None
                loaded = self.board.amend_decision(decision, self.amend_reason.text(), self.file_hash)
            else:
                loaded = self.board.save_decision(decision, self.file_hash)
        except BoardRecordError as exc:
            self.problems.setText("\n".join(f"• {p}" for p in exc.problems))
            return None
        except BoardConflictError as exc:
            QMessageBox.warning(self, "Changed on another workstation", str(exc))
            if exc.theirs is not None:
                self.file_hash = exc.theirs.file_hash
                self.amending = False
                self._show(exc.theirs.record)
            return None
        except StoreError as exc:
            QMessageBox.warning(self, "Could not save the decision", str(exc))
            return None
        self.file_hash = loaded.file_hash
        self.amending = False
        self.saved = loaded
        self._show(loaded.record)
        return loaded

    def save(self) -> None:
        if self._write() is not None:
            self.accept()

    def sign_off(self) -> None:
        loaded = self._write()
        if loaded is None:
            return
        try:
            signed = self.board.sign_off_decision(
                loaded.record.meeting_id, loaded.record.case_id, self.sign_as.text(), loaded.file_hash
            )
        except BoardRecordError as exc:
            self.problems.setText("\n".join(f"• {p}" for p in exc.problems))
            return
        except StoreError as exc:
            QMessageBox.warning(self, "Could not sign off", str(exc))
            return
        self.saved = signed
        self.file_hash = signed.file_hash
        self._show(signed.record)
        self.accept()
