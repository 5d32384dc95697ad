"""The library index file (``index.json``): its format, reading it (the head alone, then the rest in
steps) and writing it. The rows it holds: library.py.

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
import os
import re
from collections.abc import Generator, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from nelm_desktop import __version__
from nelm_desktop.core.fileio import read_regular, read_regular_prefix
from nelm_desktop.core.model import SCHEMA_VERSION
from nelm_desktop.core.store.folders import ID_PATTERN
from nelm_desktop.core.store.library import COLUMNS, INDEX_FORMAT, CachedIndex, newest_first_ordered

HEAD_ROWS = 200  # the first screen of rows, on any screen (a 4K portrait screen shows ~60)
_HEAD_MAX_BYTES = HEAD_ROWS * 4096  # the head of 200 rows of the longest labels fits with room
_HEAD_READ = 256 * 1024  # bytes read for the head at first (a head of long labels is read again)
MAX_INDEX_BYTES = 256 * 1024 * 1024  # ~1.5 million rows; a larger index is rebuilt
_IDS_RE = re.compile(f"{ID_PATTERN}(?:\n{ID_PATTERN})*")  # the case ids, one a line


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
        yield all(map(math.isfinite, keys)) and newest_first_ordered(
            ids, keys
        )  # as written (newest_first_key)


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
