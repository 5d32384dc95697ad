"""The case library as a Qt table model: label, primary, grade, last edited; newest edit first.

Built for 10,000 rows: each row's search text is prepared once when the rows are set, a keystroke
filters a Python list (no per-row Qt calls), and `data()` formats only the rows the view paints.
Tested as logic, without a widget (tests/ui/test_library_panel.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from nelm_desktop.core.dates import shown_time
from nelm_desktop.core.model import PRIMARY_SITE_LABELS
from nelm_desktop.core.search import search_key
from nelm_desktop.core.validation_messages import visible

COLUMNS = ("Case", "Primary", "Grade", "Last edited")
DEMO_MARK = "DEMO"
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2  # the CaseSummary itself, for the two-line delegate
BOARD_ROLE = Qt.ItemDataRole.UserRole + 3  # the case's tumour-board status label ("" when none)

_Index = QModelIndex | QPersistentModelIndex


def _sort_stamp(iso: str) -> float:
    try:
        return datetime.fromisoformat(iso).timestamp()
    except (ValueError, TypeError, OverflowError):
        return 0.0


def _narrows(previous: str, text: str) -> bool:
    """True when every row matching ``text`` also matches ``previous`` (each earlier word is part of
    a word now): then the new matches are found among the old ones."""
    old, new = previous.split(), text.split()
    return bool(old) and all(any(o in n for n in new) for o in old)


class CaseListModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[Any] = []  # CaseSummary rows, newest edit first
        self._haystacks: list[str] = []  # each row's search text, in `_all`'s order (may lag: see _later)
        self._later = False  # search_text_later
        self._rows: list[int] = []  # indices into _all that pass the filter
        self._filter = ""
        self._board: dict[str, str] = {}  # case_id -> board status label
        self._allowed: set[str] | None = None  # board filter (status or meeting); None = all
        self._rank: dict[str, int] | None = None  # group by board status: case_id -> group order
        # While only the newest rows are here (the head of the library's index, at the start):
        # the rows there are in all, and how to get the rest at once (see set_summaries).
        self._expected = 0
        self._fetch: Callable[[], object] | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    # --- content -------------------------------------------------------------------------------
    def search_text_later(self) -> None:
        """The next `set_summaries` leaves each row's search text to `build_search_text`, in steps
        (the start: ~40 ms at 50,000 rows, after the first case is on screen), or to the first
        search, which builds what is left at once."""
        self._later = True

    def set_summaries(
        self,
        summaries: Sequence[Any],
        newest_first: bool = False,
        total: int | None = None,
        fetch: Callable[[], object] | None = None,
    ) -> None:
        """The rows to show. `newest_first`: they come in that order already (the store's listing),
        so they are not sorted again (~35 ms of date parsing at 50,000 rows).

        `total` > len(summaries): they are the newest of `total` rows (the start shows the head of
        the library's index before its rest is read) and `fetch()` gets the rest at once, given
        through `add_rest`: a search, the board's filters, `all_summaries` and Qt's fetchMore (the
        end of the list scrolled into view) call it first, so nothing works on part of the rows."""
        later, self._later = self._later, False
        partial = fetch is not None and total is not None and total > len(summaries)
        self._fetch, self._expected = (fetch, total or 0) if partial else (None, 0)
        self.beginResetModel()
        if newest_first:
            self._all = list(summaries)
        else:
            # The store's order: among edits in the same second, the larger case id first.
            self._all = sorted(summaries, key=lambda s: (_sort_stamp(s.updated_at), s.case_id), reverse=True)
        self._haystacks = [] if later else [self._haystack(s) for s in self._all]
        self._rows = self._matching(self._filter)
        self.endResetModel()
        if self._fetch is not None and (self._filter or self._allowed is not None or self._rank is not None):
            self.complete()  # a search typed before the rows came: over every row

    def is_partial(self) -> bool:
        """Only the newest rows are here yet (see set_summaries)."""
        return self._fetch is not None

    def complete(self) -> None:
        """Every row, when only the newest are here (see set_summaries)."""
        fetch, self._fetch = self._fetch, None
        if fetch is not None:
            fetch()
            self._expected = 0

    def add_rest(self, summaries: Sequence[Any]) -> None:
        """Every row, newest first, when the rows here are the newest of them: the rest added after
        them (the user's place, selection and current row kept); else all set anew."""
        self._fetch, self._expected = None, 0
        count = len(self._all)
        plain = not self._filter and self._allowed is None and self._rank is None
        if not (plain and len(summaries) >= count and list(summaries[:count]) == self._all):
            self.set_summaries(summaries, newest_first=True)
            return
        if len(summaries) > count:
            self.beginInsertRows(QModelIndex(), count, len(summaries) - 1)
            self._all.extend(summaries[count:])  # their search text: built in steps or at a search
            self._rows.extend(range(count, len(summaries)))
            self.endInsertRows()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._fetch is not None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not parent.isValid():
            self.complete()

    def build_search_text(self, rows: int = 8_000) -> bool:
        """The search text of up to `rows` more rows (~8 ms per 8,000); True once every row has it."""
        hay, done = self._haystacks, len(self._haystacks)
        if done < len(self._all):
            hay.extend(map(self._haystack, self._all[done : done + rows]))
        return len(hay) == len(self._all)

    def _search_text(self) -> list[str]:
        self.build_search_text(len(self._all))
        return self._haystacks

    def place_row(self, before: int | None, now: int, summary: Any, total: int) -> bool:
        """One case's row put at `now`, taken from `before` (None: a new case), every other row and
        its search text kept: a save (see CaseStore.note_saved). False, and nothing changed, when the
        rows shown are not the ones those places refer to (`total`: the rows after)."""
        rows, hay = self._all, self._search_text()
        if before is not None and (
            not 0 <= before < len(rows) or rows[before].case_id != summary.case_id or total != len(rows)
        ):
            return False
        if (before is None and total != len(rows) + 1) or not 0 <= now < total:
            return False
        self.beginResetModel()
        if before is not None:
            del rows[before]
            del hay[before]
        rows.insert(now, summary)
        hay.insert(now, self._haystack(summary))
        self._rows = self._matching(self._filter)
        self.endResetModel()
        return True

    def remove_row(self, before: int, case_id: str, total: int) -> bool:
        """One case's row taken out (a delete; see CaseStore.note_removed), every other row and its
        search text kept. False, and nothing changed, when the rows shown are not the ones `before`
        refers to (`total`: the rows after)."""
        rows, hay = self._all, self._search_text()
        if not 0 <= before < len(rows) or rows[before].case_id != case_id or total != len(rows) - 1:
            return False
        self.beginResetModel()
        del rows[before]
        del hay[before]
        self._rows = self._matching(self._filter)
        self.endResetModel()
        return True

    def all_summaries(self) -> list[Any]:
        """Every row, newest edit first, whatever the filter (do not modify)."""
        self.complete()
        return self._all

    def loaded_summaries(self) -> list[Any]:
        """The rows here, newest edit first: only the newest while `is_partial` (do not modify)."""
        return self._all

    @staticmethod
    def _haystack(summary: Any) -> str:
        # Built with the rows, not at the first search: ~30 ms at 50,000 rows, which a first
        # keystroke could not afford (a search keystroke <= 50 ms).
        primary = PRIMARY_SITE_LABELS.get(summary.primary_site, summary.primary_site)
        demo = DEMO_MARK if summary.demo else ""
        return search_key(
            f"{summary.patient_label} {primary} {summary.primary_site} {summary.grade} {summary.case_id} {demo}"
        )

    def set_filter(self, text: str) -> None:
        text = search_key(text.strip())
        if text == self._filter:
            return
        self.complete()
        previous, self._filter = self._filter, text
        # Typing on narrows the search: only the rows that matched before can match now.
        rows = self._matching(text, self._rows if _narrows(previous, text) else None)
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def set_board(
        self, labels: dict[str, str], allowed: set[str] | None = None, rank: dict[str, int] | None = None
    ) -> None:
        """Board status labels per case; optionally only `allowed` cases, grouped by `rank` (stable)."""
        if allowed is not None or rank is not None:
            self.complete()
        self.beginResetModel()
        self._board, self._allowed, self._rank = dict(labels), allowed, rank
        self._rows = self._matching(self._filter)
        self.endResetModel()

    def _matching(self, text: str, candidates: list[int] | None = None) -> list[int]:
        tokens = text.split()
        if not tokens and candidates is None and self._allowed is None and self._rank is None:
            return list(range(len(self._all)))  # no search: no search text needed
        hay = self._search_text()
        # One token at a time over the survivors (a flat comprehension per token: ~4 ms per 50,000);
        # `candidates`: the previous matches, when the new text narrows the old (see _narrows).
        if candidates is not None:
            rows, rest = list(candidates), tokens
        elif tokens:
            rows, rest = [i for i, h in enumerate(hay) if tokens[0] in h], tokens[1:]
        else:
            rows, rest = list(range(len(self._all))), []
        for token in rest:
            rows = [i for i in rows if token in hay[i]]
        if self._allowed is not None:
            allowed = self._allowed
            rows = [i for i in rows if self._all[i].case_id in allowed]
        if self._rank is not None:
            rank = self._rank
            last = len(rank) + 1
            rows.sort(key=lambda i: rank.get(self._all[i].case_id, last))
        return rows

    def board_status(self, case_id: str) -> str:
        return self._board.get(case_id, "")

    def summary(self, row: int) -> Any:
        return self._all[self._rows[row]]

    def row_of(self, case_id: str) -> int:
        for row, index in enumerate(self._rows):
            if self._all[index].case_id == case_id:
                return row
        return -1

    def total_count(self) -> int:
        """Every row, with those not read yet (see set_summaries)."""
        return self._expected or len(self._all)

    # --- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        summary = self.summary(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                label = visible(summary.patient_label) or "(no label)"  # an override never turns it
                prefix = f"[{DEMO_MARK}] " if summary.demo else ""
                suffix = "  (read-only)" if summary.read_only else ""
                return f"{prefix}{label}{suffix}"
            if column == 1:
                return PRIMARY_SITE_LABELS.get(summary.primary_site, summary.primary_site)
            if column == 2:
                return summary.grade if summary.grade and summary.grade != "undetermined" else "—"
            return shown_time(summary.updated_at, seconds=False)
        if role == CASE_ID_ROLE:
            return summary.case_id
        if role == SUMMARY_ROLE:
            return summary
        if role == BOARD_ROLE:
            return self._board.get(summary.case_id, "")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            demo = "Demo case. " if summary.demo else ""
            primary = PRIMARY_SITE_LABELS.get(summary.primary_site, summary.primary_site)
            board = self._board.get(summary.case_id)
            return (
                f"{demo}{visible(summary.patient_label) or 'no label'}, primary {primary}, grade {summary.grade}, "
                f"last edited {shown_time(summary.updated_at, seconds=False)}"
                + (f", board status {board}" if board else "")
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            demo = "DEMO case (bundled example, not a patient)\n" if summary.demo else ""
            label = visible(summary.patient_label) or "(no label)"
            return f"{demo}{label}\nCase id: {summary.case_id}\nFile: {summary.path}"
        if role == Qt.ItemDataRole.ForegroundRole and column == 0 and summary.demo:
            return QColor("#8A4B00")
        if role == Qt.ItemDataRole.FontRole and column == 0 and summary.demo:
            return self._bold
        return None
