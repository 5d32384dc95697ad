"""The library index in memory: a cache of one summary row per case file, validated by the file's
(mtime_ns, size, ctime_ns). It makes listing 50,000 cases a matter of one JSON read (and, to check it,
one `scandir` with a `stat` per file); it is never the source of truth: a missing, damaged, edited or
stale index (or one written by another app version, whose grading may differ) is rebuilt from the
case files. The file itself (its format, reading it by head and rest, writing it): index_format.py.

Rows are kept newest edit first (`newest_first_key`: the sort key, then the case id, so that cases
edited in the same second keep one order from one listing to the next, whatever the folder's order or
which of them was read again), as columns (``COLUMNS``).
"""

from __future__ import annotations

import math
import operator
import os
from collections.abc import Sequence
from datetime import datetime
from functools import partial
from itertools import compress, repeat
from pathlib import Path
from typing import Any, NamedTuple

from nelm_desktop.core.model import Case
from nelm_desktop.core.store.records import CaseSummary

INDEX_FORMAT = 3  # the index file format this app writes (index_format.py)
# Inode change time: set by the system on every write, rename or chmod, and (unlike mtime) not
# settable by a program: a file edited in place and given back its size and mtime is still noticed.
# Windows reports the creation time there instead (useless for this): 0.
CHECKS_CTIME = os.name != "nt"

COLUMNS: tuple[tuple[str, type], ...] = (
    ("case_id", str),
    ("patient_label", str),
    ("primary_site", str),
    ("grade", str),
    ("updated_at", str),
    ("demo", bool),
    ("read_only", bool),
    ("mtime_ns", int),
    ("size", int),
    ("ctime_ns", int),
    ("sort_key", float),
)


class IndexRow(NamedTuple):
    """One row, in `COLUMNS` order: what the listing shows, and what validates it."""

    case_id: str
    patient_label: str
    primary_site: str
    grade: str
    updated_at: str
    demo: bool
    read_only: bool
    mtime_ns: int
    size: int
    ctime_ns: int
    sort_key: float


def changed_ns(st: os.stat_result) -> int:
    return st.st_ctime_ns if CHECKS_CTIME else 0


class CachedIndex:
    """The index as read: its columns, rows newest edit first. `summaries()` builds the listing rows
    once; `positions()` maps case ids (file names) to rows (for checking them against the folder)."""

    __slots__ = ("_positions", "_summaries", "columns", "folder", "format")

    def __init__(self, columns: dict[str, list[Any]], folder: Path, format: int = INDEX_FORMAT) -> None:
        self.columns = columns
        self.folder = folder
        self.format = format  # of the file it was read from: an older one is written again
        self._summaries: list[CaseSummary] | None = None
        self._positions: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.columns["case_id"])

    def summaries(self) -> list[CaseSummary]:
        """The listing rows, newest edit first (the same list object on every call)."""
        if self._summaries is None:
            c = self.columns
            # tuple.__new__ straight from the columns: no Python-level call per row.
            self._summaries = list(
                map(
                    partial(tuple.__new__, CaseSummary),
                    zip(
                        c["case_id"],
                        c["patient_label"],
                        c["primary_site"],
                        c["grade"],
                        c["updated_at"],
                        c["demo"],
                        repeat(self.folder),
                        c["read_only"],
                        repeat(""),
                        strict=False,
                    ),
                )
            )
        return self._summaries

    def positions(self) -> dict[str, int]:
        """Case id (the file name without ``.json``) -> row."""
        if self._positions is None:
            self._positions = dict(zip(self.columns["case_id"], range(len(self)), strict=False))
        return self._positions

    def row(self, position: int) -> IndexRow:
        return IndexRow(*(self.columns[name][position] for name, _ in COLUMNS))

    def with_row(self, row: IndexRow) -> tuple[CachedIndex, int]:
        """A new index with `row` in place of its case's row (or added), at its newest-first place;
        and that place. This index is left as it is (a reader may be checking it). Copies the column
        lists (C-level, ~2 ms at 50,000 rows) and, when built, moves one row of `summaries()`."""
        old = self.positions().get(row.case_id)
        columns = {name: list(column) for name, column in self.columns.items()}
        summaries = list(self._summaries) if self._summaries is not None else None
        if old is not None:
            for column in columns.values():
                del column[old]
            if summaries is not None:
                del summaries[old]
        keys, ids = columns["sort_key"], columns["case_id"]
        key = newest_first_key(row)
        low, high = 0, len(keys)
        while low < high:  # the first row older than `row` (descending order)
            middle = (low + high) // 2
            if (keys[middle], ids[middle]) > key:
                low = middle + 1
            else:
                high = middle
        for (name, _), value in zip(COLUMNS, row, strict=True):
            columns[name].insert(low, value)
        index = CachedIndex(columns, self.folder)
        if summaries is not None:
            summaries.insert(low, index._summary(low))
            index._summaries = summaries
        return index, low

    def without_row(self, position: int) -> CachedIndex:
        """A new index without the row at `position` (this one left as it is, as by `with_row`)."""
        columns = {name: list(column) for name, column in self.columns.items()}
        for column in columns.values():
            del column[position]
        index = CachedIndex(columns, self.folder)
        if self._summaries is not None:
            summaries = list(self._summaries)
            del summaries[position]
            index._summaries = summaries
        return index

    def _summary(self, position: int) -> CaseSummary:
        c = self.columns
        return CaseSummary(
            c["case_id"][position],
            c["patient_label"][position],
            c["primary_site"][position],
            c["grade"][position],
            c["updated_at"][position],
            c["demo"][position],
            self.folder,
            c["read_only"][position],
        )


def newest_first_key(row: Sequence[Any]) -> tuple[float, str]:
    """The listing's order for an index row (`COLUMNS` order), used with ``reverse=True``: newest
    edit first, and among edits in the same second (the demo cases, an import) the larger case id
    first: a stable order, not the folder's."""
    return (float(row[-1]), row[0])


def newest_first_ordered(ids: list[str], keys: list[float]) -> bool:
    """`ids` and `keys` are in `newest_first_key` order, descending (C-level passes: no Python call
    per row). Case ids are unique, so tied keys need strictly decreasing ids."""
    if not all(map(operator.ge, keys, keys[1:])):
        return False
    ties = list(map(operator.eq, keys, keys[1:]))
    return all(map(operator.gt, compress(ids, ties), compress(ids[1:], ties)))


def sort_key(updated_at: str, fallback: float) -> float:
    try:
        moment = datetime.fromisoformat(updated_at)
    except ValueError:
        return fallback
    if moment.tzinfo is None:
        moment = moment.astimezone()
    key = moment.timestamp()
    return key if math.isfinite(key) else fallback


def row_for(case: Case, grade: str, st: os.stat_result, read_only: bool) -> IndexRow:
    """The index row of a case file just read, with the stat taken before reading it."""
    return IndexRow(
        case.case_id,
        case.patient_label,
        case.primary_site,
        grade,
        case.updated_at,
        bool(case.demo),
        bool(read_only),
        st.st_mtime_ns,
        st.st_size,
        changed_ns(st),
        float(sort_key(case.updated_at, st.st_mtime_ns / 1e9)),
    )


def matches(summary: CaseSummary, needle: str) -> bool:
    from nelm_desktop.core.model import PRIMARY_SITE_LABELS
    from nelm_desktop.core.search import search_key

    needle = search_key(needle.strip())
    if not needle:
        return True
    haystack = (
        summary.patient_label,
        summary.primary_site,
        PRIMARY_SITE_LABELS.get(summary.primary_site, ""),
        summary.grade,
        summary.case_id,
    )
    return any(needle in search_key(field) for field in haystack)
