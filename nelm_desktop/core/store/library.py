"""The library index: a cache of one summary row per case file, validated by the file's (mtime_ns,
size, ctime_ns). It makes listing 50,000 cases a matter of one JSON read (and, to check it, one
`scandir` with a `stat` per file); it is never the source of truth: a missing, damaged, edited or
stale index (or one written by another app version, whose grading may differ) is rebuilt from the
case files.

Format 3 (one file, ``index.json``)::

    {"format":3,"app_version":…,"schema_version":…,"rows":N,"head_rows":H,"head_bytes":B,
     "head_sha256":<hex of the head>,"sha256":<hex of everything after this line>}\\n
    [<case_id of the H newest rows>]\\n … one line per column … [<sort_key …>]\\n     (the head: B bytes)
    [<case_id of all N rows>]\\n … one line per column … [<sort_key …>]

The head holds the first screen of rows (`HEAD_ROWS`, newest first): a window reads and checks it alone
(`read_index_head`: ~1 ms, whatever the library's size) and shows it, and reads the rest after
(`read_index_rest`, in steps between events); the rest must start with the very rows of the head.
Format 2 (read, never written: the index of the version before; a window reads it whole and writes
format 3 after its check) had no head and its body was one JSON object ``{"case_id":[…N],…}``.

The header line names the SHA-256 of what follows it (and of the head alone): a file changed by hand,
cut short or damaged is not read. Each column is one JSON array (``COLUMNS``), rows newest edit first (`newest_first_key`:
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
from collections.abc import Generator, Iterator, Mapping, Sequence
from datetime import datetime
from functools import partial
from itertools import compress, repeat
from pathlib import Path
from typing import Any, NamedTuple

from nelm_desktop import __version__
from nelm_desktop.core.fileio import read_regular, read_regular_prefix
from nelm_desktop.core.model import SCHEMA_VERSION, Case
from nelm_desktop.core.store.folders import ID_PATTERN
from nelm_desktop.core.store.records import CaseSummary

INDEX_FORMAT = 3
HEAD_ROWS = 200  # the first screen of rows, on any screen (a 4K portrait screen shows ~60)
_HEAD_MAX_BYTES = HEAD_ROWS * 4096  # the head of 200 rows of the longest labels fits with room
_HEAD_READ = 256 * 1024  # bytes read for the head at first (a head of long labels is read again)
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


class IndexHead(NamedTuple):
    """The head of a format-3 index (`read_index_head`)."""

    first: CachedIndex  # its rows: the newest `HEAD_ROWS` (every row when the library has no more)
    rows: int  # the rows of the whole index
    header: bytes  # the file's header line: the rest is read only from that very file


def read_index(path: Path, folder: Path) -> CachedIndex | None:
    """The cached rows of the case files in `folder`, or None when the index is missing, damaged,
    edited, or from another app/schema version."""
    # The cycle collector is left alone: the columns are a few lists of untracked strings and
    # numbers (pausing it gained nothing), and pausing it from the listing thread raced with the
    # start-up's own pause on the GUI thread.
    steps = read_index_rest(path, folder)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            index: CachedIndex | None = done.value
            return index


def read_index_head(path: Path, folder: Path) -> IndexHead | None:
    """The head of the index alone (format 3): the newest rows, checked as a whole index is, and the
    number of rows in all; None when there is no usable head (no index, format 2, damaged)."""
    try:
        # Bounded, and never a blocking read of a FIFO named like the index, nor a read through a
        # symbolic link put in its place (out of the data folder: another library's rows shown).
        raw = read_regular_prefix(path, _HEAD_READ, follow=False, private=True)
        line, newline, after = raw.partition(b"\n")
        header = _header(line) if newline else None
        if header is None or header["format"] != INDEX_FORMAT:
            return None
        size, count = header["head_bytes"], header["head_rows"]
        if count > HEAD_ROWS or size > _HEAD_MAX_BYTES:
            # A head this app never writes (crafted, or from a build with a larger head): reading it
            # on the GUI thread could freeze the window; the whole index is read in a thread instead.
            return None
        if len(after) < size and len(raw) == _HEAD_READ:  # a head of long labels: read it whole
            raw = read_regular_prefix(path, len(line) + 1 + size, follow=False, private=True)
            if raw.partition(b"\n")[0] != line:
                return None
            after = raw[len(line) + 1 :]
    except (OSError, ValueError):
        return None
    head = after[:size]
    if len(head) != size or hashlib.sha256(head).hexdigest() != header["head_sha256"]:
        return None
    columns = _head_columns(head, count)
    if columns is None or not all(_checks(columns, count)) or not names_files_here(columns, folder):
        return None
    return IndexHead(CachedIndex(columns, folder), header["rows"], line)


def names_files_here(columns: dict[str, list[Any]], folder: Path, rows: int = HEAD_ROWS) -> bool:
    """True when one of the first `rows` rows names a case file of `folder` with the size and mtime
    it records (an empty index: True). An index copied from another library (not linked: a link is
    never read) names none of this library's files, and its rows (that library's patient labels)
    must never be shown as this one's, even until the check: it is listed from the files instead.
    An index of this library answers at its first row whose file is unchanged: one stat, mostly."""
    ids, sizes, mtimes = columns["case_id"], columns["size"], columns["mtime_ns"]
    base = os.fspath(folder)
    for i in range(min(rows, len(ids))):
        try:
            st = os.stat(os.path.join(base, ids[i] + ".json"))
        except (OSError, ValueError):
            continue
        if st.st_size == sizes[i] and st.st_mtime_ns == mtimes[i]:
            return True
    return not ids


def read_index_rest(
    path: Path, folder: Path, shown: IndexHead | None = None
) -> Generator[None, None, CachedIndex | None]:
    """The whole index (format 3, or format 2), in steps: the file's read, its checksum a megabyte at
    a time, each column's parse, each check (at 50,000 rows each step <= ~8 ms: a GUI thread can run
    them between events). `shown`: the head a window shows; None unless the file is still the one
    it came from."""
    try:
        raw = read_regular(path, MAX_INDEX_BYTES, follow=False, private=True)  # (as the head)
    except (OSError, ValueError):
        return None
    yield
    line, newline, after = raw.partition(b"\n")
    header = _header(line) if newline else None
    if header is None or (shown is not None and line != shown.header):
        return None
    digest, view, chunk = hashlib.sha256(), memoryview(after), 1 << 20
    for start in range(0, len(after), chunk):
        digest.update(view[start : start + chunk])
        yield
    if digest.hexdigest() != header["sha256"]:
        return None
    count = header["rows"]
    columns: dict[str, list[Any]] = {}
    if header["format"] == INDEX_FORMAT:
        size, head_rows = header["head_bytes"], header["head_rows"]
        head, lines = after[:size], after[size:].split(b"\n")
        if hashlib.sha256(head).hexdigest() != header["head_sha256"] or len(lines) != len(COLUMNS):
            return None
        for (name, _), text in zip(COLUMNS, lines, strict=True):
            column = _loads(text)
            if type(column) is not list or len(column) != count:
                return None
            columns[name] = column
            yield
        head_columns = shown.first.columns if shown is not None else _head_columns(head, head_rows)
        # the head's rows are the first rows of the whole (the window showed them)
        if head_columns is None or any(
            columns[name][:head_rows] != head_columns[name] for name, _ in COLUMNS
        ):
            return None
    else:  # format 2: one JSON object of the columns
        whole = _object_columns(after, count)
        if whole is None:
            return None
        columns = whole
    for ok in _checks(columns, count):
        if not ok:
            return None
        yield
    if shown is None and not names_files_here(columns, folder):
        return None  # another library's index (with `shown`, its head was found here already)
    return CachedIndex(columns, folder, header["format"])


def _header(line: bytes) -> dict[str, Any] | None:
    """The header line's fields, when they are this app's and of a format it reads."""
    if len(line) > 1024:
        return None
    try:
        header = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if (
        type(header) is not dict
        or header.get("format") not in (2, INDEX_FORMAT)
        or header.get("app_version") != __version__
        or header.get("schema_version") != SCHEMA_VERSION
        or type(header.get("rows")) is not int
        or header["rows"] < 0
        or type(header.get("sha256")) is not str
    ):
        return None
    if header["format"] == INDEX_FORMAT and not (
        type(header.get("head_rows")) is int
        and 0 <= header["head_rows"] <= header["rows"]
        and type(header.get("head_bytes")) is int
        and 0 <= header["head_bytes"] <= MAX_INDEX_BYTES
        and type(header.get("head_sha256")) is str
    ):
        return None
    return header


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _loads(text: bytes) -> Any:
    try:
        return json.loads(text, parse_constant=_refuse_constant)  # no NaN / Infinity
    except (ValueError, RecursionError):
        return None


def _head_columns(head: bytes, count: int) -> dict[str, list[Any]] | None:
    """The head's columns: one line each, each line ending with a line break."""
    lines = head.split(b"\n")
    if len(lines) != len(COLUMNS) + 1 or lines[-1]:
        return None
    columns: dict[str, list[Any]] = {}
    for (name, _), text in zip(COLUMNS, lines, strict=False):
        column = _loads(text)
        if type(column) is not list or len(column) != count:
            return None
        columns[name] = column
    return columns


def _object_columns(body: bytes, count: int) -> dict[str, list[Any]] | None:
    """Format 2's body: one JSON object of the columns."""
    data = _loads(body)
    if type(data) is not dict or len(data) != len(COLUMNS):
        return None
    columns: dict[str, list[Any]] = {}
    for name, _ in COLUMNS:
        column = data.get(name)
        if type(column) is not list or len(column) != count:
            return None
        columns[name] = column
    return columns


def _checks(columns: dict[str, list[Any]], count: int) -> Iterator[bool]:
    """The rows' checks, one step at a time (False: not to be trusted)."""
    # Exact types, one C-level pass per column: joining fails on anything but text; a bool is not
    # an int here, nor an int a float.
    ids_joined = ""
    for name, kind in COLUMNS:
        try:
            if kind is str:
                joined = "\n".join(columns[name])
                if name == "case_id":
                    ids_joined = joined
                yield True
            else:
                yield set(map(type, columns[name])) <= {kind}
        except TypeError:
            yield False
    ids, keys = columns["case_id"], columns["sort_key"]
    if count:
        # one row per file; every row names a case file of this folder, nothing else (no id holds
        # a line break, so the joined text has exactly count - 1 of them)
        yield len(set(ids)) == count and ids_joined.count("\n") == count - 1
        yield _IDS_RE.fullmatch(ids_joined) is not None
        yield all(map(math.isfinite, keys)) and _newest_first(ids, keys)  # as written (newest_first_key)


def columns_of(rows: Sequence[tuple[Any, ...]]) -> dict[str, list[Any]]:
    """`rows` (tuples in `COLUMNS` order) as the index's columns."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in COLUMNS]
    return {name: list(values) for (name, _), values in zip(COLUMNS, columns, strict=True)}


def encode_index(rows: Sequence[tuple[Any, ...]]) -> bytes:
    """The index file for `rows` (tuples in `COLUMNS` order), given newest edit first."""
    columns = columns_of(rows)
    return index_file(list(encoded_columns(columns)), columns)


def encoded_columns(columns: Mapping[str, list[Any]]) -> Iterator[bytes]:
    """Each column as its line of the file (a single C-level `json.dumps`, <= ~8 ms at 50,000 rows).
    ASCII: any str round-trips (json.dumps escapes what is not ASCII), a lone surrogate in a label
    included."""
    for name, _ in COLUMNS:
        yield json.dumps(columns[name], allow_nan=False, separators=(",", ":")).encode("ascii")


def index_file(lines: list[bytes], columns: Mapping[str, list[Any]]) -> bytes:
    """The index file from `encoded_columns(columns)`: the header line, the head, the columns."""
    rows = len(columns["case_id"])
    head_rows = min(rows, HEAD_ROWS)
    head = b"".join(
        json.dumps(columns[name][:head_rows], allow_nan=False, separators=(",", ":")).encode("ascii") + b"\n"
        for name, _ in COLUMNS
    )
    body = b"\n".join(lines)
    digest = hashlib.sha256(head)
    digest.update(body)
    header = json.dumps(
        {
            "format": INDEX_FORMAT,
            "app_version": __version__,
            "schema_version": SCHEMA_VERSION,
            "rows": rows,
            "head_rows": head_rows,
            "head_bytes": len(head),
            "head_sha256": hashlib.sha256(head).hexdigest(),
            "sha256": digest.hexdigest(),
        },
        separators=(",", ":"),
    ).encode("ascii")
    return b"".join((header, b"\n", head, body))


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
