"""The library index: a cache of one summary row per case file, keyed by file name and validated by
(mtime_ns, size). It makes listing 10,000 cases a matter of one `scandir` and one JSON read; it is never
the source of truth: a missing, damaged or stale index (or one written by another app version, whose
grading may differ) is rebuilt from the case files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from nelm_desktop import __version__
from nelm_desktop.core.model import SCHEMA_VERSION, Case
from nelm_desktop.core.store.records import CaseSummary

INDEX_FORMAT = 1


@dataclass(frozen=True, slots=True)
class IndexEntry:
    mtime_ns: int
    size: int
    case_id: str
    patient_label: str
    primary_site: str
    grade: str
    updated_at: str
    demo: bool
    read_only: bool
    sort_key: float

    def summary(self, path: Path) -> CaseSummary:
        return CaseSummary(
            case_id=self.case_id,
            patient_label=self.patient_label,
            primary_site=self.primary_site,
            grade=self.grade,
            updated_at=self.updated_at,
            demo=self.demo,
            path=path,
            read_only=self.read_only,
        )

    def to_json(self) -> list[Any]:
        return [
            self.mtime_ns,
            self.size,
            self.case_id,
            self.patient_label,
            self.primary_site,
            self.grade,
            self.updated_at,
            self.demo,
            self.read_only,
            self.sort_key,
        ]

    @classmethod
    def from_json(cls, row: Any) -> IndexEntry | None:
        if not isinstance(row, list) or len(row) != 10:
            return None
        m, s, cid, label, site, grade, updated, demo, ro, key = row
        if not (isinstance(m, int) and isinstance(s, int) and isinstance(key, int | float)):
            return None
        if not all(isinstance(v, str) for v in (cid, label, site, grade, updated)):
            return None
        return cls(m, s, cid, label, site, grade, updated, bool(demo), bool(ro), float(key))


def sort_key(updated_at: str, fallback: float) -> float:
    try:
        moment = datetime.fromisoformat(updated_at)
    except ValueError:
        return fallback
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.timestamp()


def entry_for(case: Case, grade: str, mtime_ns: int, size: int, read_only: bool) -> IndexEntry:
    return IndexEntry(
        mtime_ns=mtime_ns,
        size=size,
        case_id=case.case_id,
        patient_label=case.patient_label,
        primary_site=case.primary_site,
        grade=grade,
        updated_at=case.updated_at,
        demo=case.demo,
        read_only=read_only,
        sort_key=sort_key(case.updated_at, mtime_ns / 1e9),
    )


def read_index(path: Path) -> dict[str, IndexEntry]:
    """The cached rows, or {} when the index is missing, damaged or from another app/schema version."""
    try:
        data = json.loads(path.read_bytes())
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
    for name, row in rows.items():
        entry = IndexEntry.from_json(row)
        if entry is not None and isinstance(name, str):
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
