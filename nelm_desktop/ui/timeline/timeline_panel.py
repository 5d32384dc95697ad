"""The case's timeline (treatments, board decisions, time points) and "since last time": what changed
between a time point (the newest by default; pick another in the list) and the case as it is now.

Public API: ``TimelinePanel.show_case(case, evaluation, points)``, ``compare_with(point_id)``,
``saveRequested`` (the "Save as time point…" button). The panel reads nothing from disk itself: the
window hands it the time points, so it stays a view.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nelm_desktop.core.model import Case
from nelm_desktop.core.timeline import (
    KIND_LABELS,
    CaseDiff,
    FactChange,
    TimePoint,
    diff_snapshots,
    knowledge_base_change,
)
from nelm_desktop.core.timeline.points import shown_label
from nelm_desktop.core.timeline.snapshot import SnapshotError, snapshot_of
from nelm_desktop.core.treatments import RESPONSE_LABELS, resected_segments
from nelm_desktop.ui.timeline.lesion_compare import SnapshotDiagram
from nelm_desktop.ui.widgets.accessible_names import name_generated_controls
from nelm_desktop.ui.widgets.markup import escape
from nelm_desktop.ui.widgets.style import TEXT_MUTED

POINT_ROLE = Qt.ItemDataRole.UserRole + 1


def timeline_entries(case: Case, points: list[TimePoint]) -> list[tuple[str, str, str]]:
    """(date, text, point_id or "") in time order; undated treatments last."""
    out: list[tuple[str, str, str]] = []
    for line in case.treatment_history:
        when = line.start or line.end
        response = "" if line.best_response == "not_assessed" else f"; {RESPONSE_LABELS[line.best_response]}"
        out.append(
            (
                when or "9999",
                f"{when or 'undated'}  Treatment: {line.title()} ({line.period()}){response}",
                "",
            )
        )
    for point in points:
        text = f"{point.day}  {KIND_LABELS[point.kind]}"
        if point.label:
            text += f": {shown_label(point.label)}"
        if point.follow_up:
            text += f"  (follow-up {point.follow_up})"
        out.append((point.taken_at, text, point.point_id))
    out.sort(key=lambda entry: entry[0])
    return out


def _bullets(items: list[str], empty: str) -> str:
    if not items:  # on its own line under the heading, as the list would be ("Facts changedNo fact ...")
        return f"<br/><i>{escape(empty)}</i>" if empty else ""
    return "<ul style='margin:0'>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def _fact_line(change: FactChange) -> str:
    if change.fact == "treatment_history":  # lines added / no longer recorded, not a before -> after pair
        return f"{change.label}: " + "; ".join(t for t in (change.after, change.before) if t)
    return f"{change.label}: {change.before} → {change.after}"


class TimelinePanel(QWidget):
    saveRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelinePanel")
        self._case: Case | None = None
        self._evaluation: Any = None
        self._points: list[TimePoint] = []
        self._compared: TimePoint | None = None
        self.diff: CaseDiff | None = None

        self.kb_banner = QLabel(self)
        self.kb_banner.setObjectName("kbChangeBanner")
        self.kb_banner.setWordWrap(True)
        self.kb_banner.setTextFormat(Qt.TextFormat.RichText)
        self.kb_banner.setStyleSheet("background: #FBF1DC; color: #1b1b1b; padding: 6px; border-radius: 4px;")
        self.kb_banner.setVisible(False)

        self.entries = QListWidget(self)
        self.entries.setObjectName("timelineEntries")
        self.entries.setAccessibleName("Timeline: treatments, board decisions and time points")
        # A row longer than the list wraps (its whole text shown), no horizontal scroll bar: 'undated
        # Treatment: Distal pancreatectomy 2026 (dates not re' ended under one at 1366x768.
        self.entries.setWordWrap(True)
        self.entries.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.entries.setResizeMode(QListView.ResizeMode.Adjust)  # rows wrap again at a new width
        self.entries.setAlternatingRowColors(True)  # where one wrapped row ends and the next begins
        self.entries.currentItemChanged.connect(self._entry_chosen)
        self.save_button = QPushButton("Save as time point…", self)
        self.save_button.setObjectName("saveTimePoint")
        self.save_button.clicked.connect(self.saveRequested)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("<b>Timeline</b>", left)
        left_layout.addWidget(heading)
        left_layout.addWidget(self.entries, 1)
        left_layout.addWidget(self.save_button)

        self.since_title = QLabel(self)
        self.since_title.setObjectName("sinceTitle")
        self.since_title.setWordWrap(True)
        self.facts_label = QLabel(self)
        self.facts_label.setObjectName("factsChanged")
        self.statuses_label = QLabel(self)
        self.statuses_label.setObjectName("statusesChanged")
        for label in (self.facts_label, self.statuses_label):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
            label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.before_diagram = SnapshotDiagram("", self)
        self.before_diagram.setObjectName("beforeDiagram")
        self.after_diagram = SnapshotDiagram("", self)
        self.after_diagram.setObjectName("afterDiagram")
        diagrams = QHBoxLayout()
        diagrams.addWidget(self.before_diagram)
        diagrams.addWidget(self.after_diagram)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.since_title)
        texts = QHBoxLayout()
        texts.addWidget(self.facts_label, 1, Qt.AlignmentFlag.AlignTop)
        texts.addWidget(self.statuses_label, 1, Qt.AlignmentFlag.AlignTop)
        right_layout.addLayout(texts)
        right_layout.addLayout(diagrams, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(right)
        scroll.setAccessibleName("Since last time")
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([360, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.kb_banner)
        layout.addWidget(splitter, 1)
        name_generated_controls(self)  # the dock is made after the window named its own parts

    # ------------------------------------------------------------------ content
    def show_case(self, case: Case | None, evaluation: Any, points: list[TimePoint]) -> None:
        self._case, self._evaluation, self._points = case, evaluation, list(points)
        keep = self._compared.point_id if self._compared else None
        self._compared = None
        self.entries.blockSignals(True)
        self.entries.clear()
        if case is not None:
            for _when, text, point_id in timeline_entries(case, self._points):
                item = QListWidgetItem(text, self.entries)
                item.setData(POINT_ROLE, point_id)
                if not point_id:  # a treatment: muted but readable (placeholder grey was ~3:1)
                    item.setForeground(QColor(TEXT_MUTED))
        self.entries.blockSignals(False)
        self.save_button.setEnabled(case is not None)
        ids = [p.point_id for p in self._points]
        self.compare_with(keep if keep in ids else (ids[-1] if ids else None))
        self._show_kb_change()

    def update_evaluation(self, case: Case | None, evaluation: Any) -> None:
        """The case was edited: the diff against the chosen time point follows (no disk read)."""
        self._case, self._evaluation = case, evaluation
        self._show_diff()

    def compare_with(self, point_id: str | None) -> None:
        self._compared = next((p for p in self._points if p.point_id == point_id), None)
        for row in range(self.entries.count()):
            item = self.entries.item(row)
            if point_id and item.data(POINT_ROLE) == point_id and self.entries.currentRow() != row:
                self.entries.blockSignals(True)
                self.entries.setCurrentRow(row)
                self.entries.blockSignals(False)
        self._show_diff()

    def _entry_chosen(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None and item.data(POINT_ROLE):
            self.compare_with(str(item.data(POINT_ROLE)))

    def _show_kb_change(self) -> None:
        change = knowledge_base_change(self._points[-1] if self._points else None)
        if change is None:
            self.kb_banner.setVisible(False)
            self.kb_banner.clear()
            return
        lines = change.lines()
        self.kb_banner.setText(f"<b>{escape(lines[0])}</b>" + _bullets([x.strip() for x in lines[1:]], ""))
        self.kb_banner.setVisible(True)

    def _show_diff(self) -> None:
        case, point = self._case, self._compared
        if case is None or point is None:
            self.diff = None
            self.since_title.setText(
                "<b>Since last time</b>: no time point yet. A board decision or <i>Save as time point</i> "
                "keeps one; what changed since is shown here."
                if case is not None
                else ""
            )
            self.facts_label.clear()
            self.statuses_label.clear()
            self.facts_label.setAccessibleName("Facts changed: no time point to compare with")
            self.statuses_label.setAccessibleName("Statuses changed: no time point to compare with")
            self.before_diagram.set_snapshot("", {}, [])
            self.after_diagram.set_snapshot("", {}, [])
            # Nothing to compare: two blank, untitled livers read as "no lesions" beside a case with some.
            self.before_diagram.setVisible(False)
            self.after_diagram.setVisible(False)
            return
        self.before_diagram.setVisible(True)
        self.after_diagram.setVisible(True)
        now = snapshot_of(case, self._evaluation if self._evaluation is not None else None)
        what = KIND_LABELS[point.kind].lower() + (f" “{shown_label(point.label)}”" if point.label else "")
        diff = diff_snapshots(point.snapshot, now, point.day, "now")
        self.diff = diff
        self.since_title.setText(
            f"<b>Since the {escape(what)} of {escape(point.day)}</b>"
            + (" (knowledge base changed since)" if diff.knowledge_base_changed else "")
        )
        self.facts_label.setText(
            "<b>Facts changed</b>" + _bullets([_fact_line(c) for c in diff.facts], "No fact changed.")
        )
        self.statuses_label.setText(
            "<b>Statuses changed</b>"
            + _bullets([c.text.replace(" -> ", " → ") for c in diff.statuses], "No status changed.")
        )
        self.facts_label.setAccessibleName(
            "Facts changed: " + ("; ".join(c.label for c in diff.facts) or "none")
        )
        self.statuses_label.setAccessibleName(
            "Statuses changed: " + ("; ".join(c.text for c in diff.statuses) or "none")
        )
        try:
            before_resected = tuple(resected_segments(point.snapshot.case().treatment_history))
        except SnapshotError:
            before_resected = ()
        # The earlier diagram shows its state; the words of what changed go on the current one.
        self.before_diagram.set_snapshot(
            point.day, point.snapshot.facts, diff.lesions, before_resected, words=False
        )
        self.after_diagram.set_snapshot(
            f"Now ({date.today().isoformat()})",
            now.facts,
            diff.lesions,
            tuple(resected_segments(case.treatment_history)),
        )
