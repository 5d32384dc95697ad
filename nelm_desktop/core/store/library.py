"""The library index: a cache of one summary row per case file, validated by the file's (mtime_ns,
size, ctime_ns). It makes listing 50,000 cases a matter of one JSON read (and, to check it, one
`scandir` with a `stat` per file); it is never the source of truth: a missing, damaged, edited or
stale index (or one written by another app version, whose grading may differ) is rebuilt from the
case files.

Format 2 (one file, ``index.json``)::

    {"format":2,"app_version":…,"schema_version":…,"rows":N,"sha256":<hex of the body>}\\n
    {"case_id":[…N],"patient_label":[…],…,"sort_key":[…]}

The header line names the body's SHA-256: a body changed by hand, cut short or damaged is not read.
The body holds one JSON array per column (``COLUMNS``), rows newest edit first (`newest_first_key`:
the sort key, then the case id, so that cases edited in the same second keep one order from one
listing to the next, whatever the folder's order or which of them was read again): parsing columns is
about 3x faster than one array per row, and each column is checked in one C-level pass
(``set(map(type, column))``) instead of ten tests per row.
"""

from __future__ import annotations

import hashlib
import json
import math
import operator
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from functools import partial
from itertools import compress, repeat
from pathlib import Path
from typing import Any, NamedTuple

from nelm_desktop import __version__
from nelm_desktop.core.fileio import read_regular
from nelm_desktop.core.model import SCHEMA_VERSION, Case
from nelm_desktop.core.store.folders import ID_PATTERN
from nelm_desktop.core.store.records import CaseSummary

INDEX_FORMAT = 2
MAX_INDEX_BYTES = 256 * 1024 * 1024  # ~1.5 million rows; a larger index is rebuilt
# Inode change time: set by the system on every write, rename or chmod, and (unlike mtime) not
# settable by a program: a file edited in place and given back its size and mtime is still noticed.
# Windows reports the creation time there instead (useless for this): 0.
CHECKS_CTIME = os.name != "nt"
_IDS_RE = re.compile(f"{ID_PATTERN}(?:\n{ID_PATTERN})*")  # the case ids, one a line

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

    __slots__ = ("_positions", "_summaries", "columns", "folder")

    def __init__(self, columns: dict[str, list[Any]], folder: Path) -> None:
        self.columns = columns
        self.folder = folder
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


def _newest_first(ids: list[str], keys: list[float]) -> bool:
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


def read_index(path: Path, folder: Path) -> CachedIndex | None:
    """The cached rows of the case files in `folder`, or None when the index is missing, damaged,
    edited, or from another app/schema version."""
    # The cycle collector is left alone: the columns are a few lists of untracked strings and
    # numbers (pausing it gained nothing), and pausing it from the listing thread raced with the
    # start-up's own pause on the GUI thread.
    return _read_index(path, folder)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _read_index(path: Path, folder: Path) -> CachedIndex | None:
    try:
        # Bounded, and never a blocking read of a FIFO named like the index.
        raw = read_regular(path, MAX_INDEX_BYTES)
    except (OSError, ValueError):
        return None
    head, newline, body = raw.partition(b"\n")
    if not newline or len(head) > 1024:
        return None
    try:
        header = json.loads(head)
    except (ValueError, RecursionError):
        return None
    if (
        type(header) is not dict
        or header.get("format") != INDEX_FORMAT
        or header.get("app_version") != __version__
        or header.get("schema_version") != SCHEMA_VERSION
        or type(header.get("rows")) is not int
        or header.get("sha256") != hashlib.sha256(body).hexdigest()
    ):
        return None
    try:
        data = json.loads(body, parse_constant=_refuse_constant)  # no NaN / Infinity
    except (ValueError, RecursionError):
        return None
    if type(data) is not dict or len(data) != len(COLUMNS):
        return None
    count = header["rows"]
    columns: dict[str, list[Any]] = {}
    for name, _ in COLUMNS:
        column = data.get(name)
        if type(column) is not list or len(column) != count:
            return None
        columns[name] = column
    # Exact types, one C-level pass per column: joining fails on anything but text; a bool is not
    # an int here, nor an int a float.
    ids_joined = ""
    try:
        for name, kind in COLUMNS:
            if kind is str:
                joined = "\n".join(columns[name])
                if name == "case_id":
                    ids_joined = joined
            elif not set(map(type, columns[name])) <= {kind}:
                return None
    except TypeError:
        return None
    ids, keys = columns["case_id"], columns["sort_key"]
    if count and (
        len(set(ids)) != count  # one row per file
        # every row names a case file of this folder, nothing else (no id holds a line break, so
        # the joined text has exactly count - 1 of them)
        or ids_joined.count("\n") != count - 1
        or not _IDS_RE.fullmatch(ids_joined)
        or not all(map(math.isfinite, keys))
        or not _newest_first(ids, keys)  # as written (see newest_first_key)
    ):
        return None
    return CachedIndex(columns, folder)


def columns_of(rows: Sequence[tuple[Any, ...]]) -> dict[str, list[Any]]:
    """`rows` (tuples in `COLUMNS` order) as the index's columns."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in COLUMNS]
    return {name: list(values) for (name, _), values in zip(COLUMNS, columns, strict=True)}


def encode_index(rows: Sequence[tuple[Any, ...]]) -> bytes:
    """The index file for `rows` (tuples in `COLUMNS` order), given newest edit first."""
    return encode_members(list(encoded_members(columns_of(rows))), len(rows))


def encoded_members(columns: Mapping[str, list[Any]]) -> Iterator[str]:
    """The body's members, one column at a time (each a single C-level `json.dumps`, <= ~8 ms at
    50,000 rows: a GUI thread can write the index between events)."""
    for name, _ in COLUMNS:
        values = json.dumps(columns[name], allow_nan=False, separators=(",", ":"))
        yield f"{json.dumps(name)}:{values}"


def encode_members(members: list[str], rows: int) -> bytes:
    """The index file from `encoded_members`."""
    return with_header(encoded_body(members), rows)


def encoded_body(members: list[str]) -> bytes:
    """The body from `encoded_members`. ASCII: any str round-trips (json.dumps escapes what is not
    ASCII), a lone surrogate in a label included."""
    return ("{" + ",".join(members) + "}").encode("ascii")


def with_header(body: bytes, rows: int) -> bytes:
    """The index file: the header line (with the body's SHA-256), then `body`."""
    header = json.dumps(
        {
            "format": INDEX_FORMAT,
            "app_version": __version__,
            "schema_version": SCHEMA_VERSION,
            "rows": rows,
            "sha256": hashlib.sha256(body).hexdigest(),
        },
        separators=(",", ":"),
    ).encode("ascii")
    return header + b"\n" + body


def matches(summary: CaseSummary, needle: str) -> bool:
    from nelm_desktop.core.model import PRIMARY_SITE_LABELS

    needle = needle.strip().casefold()
    if not needle:
        return True
    haystack = (
        summary.patient_label,
        summary.primary_site,
        PRIMARY_SITE_LABELS.get(summary.primary_site, ""),
        summary.grade,
        summary.case_id,
    )
    return any(needle in field.casefold() for field in haystack)
