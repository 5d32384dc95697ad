"""The library index: a cache of one summary row per case file, keyed by file name and validated by
(mtime_ns, size). It makes listing 10,000 cases a matter of one `scandir` and one JSON read; it is never
the source of truth: a missing, damaged or stale index (or one written by another app version, whose
grading may differ) is rebuilt from the case files."""

from __future__ import annotations

import contextlib
import gc
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from nelm_desktop import __version__
from nelm_desktop.core.fileio import read_regular
from nelm_desktop.core.model import SCHEMA_VERSION, Case
from nelm_desktop.core.store.records import CaseSummary

INDEX_FORMAT = 1
MAX_INDEX_BYTES = 256 * 1024 * 1024  # ~1.3 million rows; a larger index is rebuilt


class IndexEntry(NamedTuple):
    """One cached row: the file's (mtime_ns, size) that validate it, the sort key, and the listing
    row itself. The row is built once, when the index is read: a listing of 50,000 cases builds one
    `CaseSummary` per case and nothing else per case."""

    mtime_ns: int
    size: int
    sort_key: float
    summary: CaseSummary

    def to_json(self) -> list[Any]:
        row = self.summary
        return [
            self.mtime_ns,
            self.size,
            row.case_id,
            row.patient_label,
            row.primary_site,
            row.grade,
            row.updated_at,
            row.demo,
            row.read_only,
            self.sort_key,
        ]

    @classmethod
    def from_json(cls, name: str, row: Any, folder: Path) -> IndexEntry | None:
        """The row cached for file `name` in `folder`, or None when it is not exactly what `to_json`
        writes (a damaged or hand-edited index: that file is then read again). Exact type checks, one
        test per field: this runs once per case on every listing."""
        if type(row) is not list or len(row) != 10:
            return None
        m, s, cid, label, site, grade, updated, demo, ro, key = row
        if (
            type(m) is int
            and type(s) is int
            and type(cid) is str
            and type(label) is str
            and type(site) is str
            and type(grade) is str
            and type(updated) is str
            and type(demo) is bool
            and type(ro) is bool
            and type(key) is float
            and name == cid + ".json"  # a row under another case's file name is not this file's
        ):
            return cls(m, s, key, CaseSummary(cid, label, site, grade, updated, demo, folder, ro))
        return None


def sort_key(updated_at: str, fallback: float) -> float:
    try:
        moment = datetime.fromisoformat(updated_at)
    except ValueError:
        return fallback
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.timestamp()


def entry_for(case: Case, grade: str, mtime_ns: int, size: int, read_only: bool, folder: Path) -> IndexEntry:
    """The index entry of a case file just read (``<case_id>.json`` in `folder`)."""
    summary = CaseSummary(
        case.case_id,
        case.patient_label,
        case.primary_site,
        grade,
        case.updated_at,
        bool(case.demo),
        folder,
        bool(read_only),
    )
    return IndexEntry(mtime_ns, size, float(sort_key(case.updated_at, mtime_ns / 1e9)), summary)


def read_index(path: Path, folder: Path) -> dict[str, IndexEntry]:
    """The cached rows of the case files in `folder`, or {} when the index is missing, damaged or from
    another app/schema version."""
    with _collector_paused():
        return _read_index(path, folder)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the index is read: parsing 50,000 rows creates ~150,000
    container objects, and the collector would traverse the whole heap over and over meanwhile (~1/8
    of a listing's time). Nothing built here can form a cycle; collections resume afterwards."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _read_index(path: Path, folder: Path) -> dict[str, IndexEntry]:
    try:
        # Bounded, and never a blocking read of a FIFO named like the index.
        data = json.loads(read_regular(path, MAX_INDEX_BYTES))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT:
        return {}
    if data.get("app_version") != __version__ or data.get("schema_version") != SCHEMA_VERSION:
        return {}
    rows = data.get("entries")
    if not isinstance(rows, dict):
        return {}
    out: dict[str, IndexEntry] = {}
    from_json = IndexEntry.from_json
    for name, row in rows.items():
        entry = from_json(name, row, folder)
        if entry is not None:
            out[name] = entry
    return out


def encode_index(entries: dict[str, IndexEntry]) -> bytes:
    return json.dumps(
        {
            "format": INDEX_FORMAT,
            "app_version": __version__,
            "schema_version": SCHEMA_VERSION,
            "entries": {name: entry.to_json() for name, entry in entries.items()},
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")


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
