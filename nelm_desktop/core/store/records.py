"""Plain records the store hands to the UI and the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from nelm_desktop.core.model import Case


class CaseSummary(NamedTuple):
    """One library row. `read_only` is True for a file saved by a newer app version.

    The file is `folder / file_name` (`file_name` defaults to ``<case_id>.json``); `path` joins them
    only when asked: a listing of 50,000 rows would otherwise build 50,000 Path objects that only a
    tooltip ever reads. A named tuple (immutable like the other records, but built several times
    faster than a frozen dataclass): the listing builds one per case."""

    case_id: str
    patient_label: str
    primary_site: str
    grade: str
    updated_at: str
    demo: bool
    folder: Path
    read_only: bool = False
    file_name: str = ""

    @property
    def path(self) -> Path:
        return self.folder / (self.file_name or f"{self.case_id}.json")


@dataclass(frozen=True, slots=True)
class LoadedCase:
    """A case as read from (or just written to) disk. Pass `file_hash` back to `save(expected_hash=)`."""

    case: Case
    file_hash: str
    path: Path
    read_only: bool = False
    read_only_reason: str = ""


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """A kept earlier version of a case; `backup_id` is what `restore_backup` takes."""

    case_id: str
    backup_id: str
    saved_at: str
    path: Path
    size: int


@dataclass(frozen=True, slots=True)
class QuarantineInfo:
    """A damaged file set aside by the store, with the reason it failed."""

    case_id: str
    path: Path
    reason: str
    quarantined_at: str


@dataclass(frozen=True, slots=True)
class UnreadableFile:
    """A file in the cases folder that the listing could not read (or could not set aside)."""

    name: str
    path: Path
    reason: str


@dataclass(slots=True)
class ImportReport:
    """What `import_path` did. `problems` are one line each (skipped items with their reason; the
    command line prints them). `copy_reasons[new_id]` says why a case came in under a new id."""

    source: Path
    imported: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    copies: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    copy_reasons: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    cancelled: bool = False
    board: list[str] = field(default_factory=list)  # board files (meetings, decisions, statuses) added
    # Why the import stopped before the end: the machine refused a write (a full disk); "" otherwise.
    stopped: str = ""

    def lines(self) -> list[str]:
        stopped = " Cancelled: the rest of the source was not read." if self.cancelled else ""
        if self.stopped:
            stopped = (
                " Stopped: a write was refused (below); what was imported is complete, the rest of "
                "the source was not imported. Import the same file again once that is fixed (what is "
                "already here is skipped)."
            )
        # Only what happened: "Imported 0 case(s), skipped 6 duplicate(s), imported 0 case(s) as
        # copies, skipped 0 with a problem." made the one fact (all six already here) hard to find.
        done = [
            f"{verb} {count} {what}"
            for verb, count, what in (
                ("imported", len(self.imported), "case(s)"),
                ("imported", len(self.copies), "case(s) as copies"),
                ("skipped", len(self.duplicates), "duplicate(s) already in the library"),
                ("skipped", len(self.problems), "with a problem"),
            )
            if count
        ] or ["no case imported"]
        summary = ", ".join(done)
        out = [f"{summary[0].upper()}{summary[1:]}.{stopped}"]
        out += [
            f"  copy: {old} was {self.copy_reasons.get(new, 'imported under a new id')}; imported as {new}"
            for old, new in self.copies
        ]
        out += [f"  note: {note}" for note in self.notes]
        if self.board:
            out.append(f"  board: imported {len(self.board)} meeting, decision or status file(s)")
        return out


@dataclass(slots=True)
class ExportReport:
    """What `export_library` did. `problems`: one line per case that is NOT in the zip (unreadable,
    damaged); the zip is then partial, and the command line exits 1. `cancelled`: no zip written."""

    path: Path
    exported: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cancelled: bool = False

    @property
    def count(self) -> int:
        return len(self.exported)

    @property
    def complete(self) -> bool:
        return not self.problems and not self.cancelled

    def lines(self) -> list[str]:
        if self.cancelled:
            return ["Export cancelled; no file was written."]
        head = f"Exported {self.count} case(s) to {self.path}"
        if self.problems:
            head += f"; {len(self.problems)} case(s) could NOT be included (the export is incomplete)"
        return [head + ".", *(f"  note: {note}" for note in self.notes)]
