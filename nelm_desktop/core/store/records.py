"""Plain records the store hands to the UI and the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nelm_desktop.core.model import Case


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """One library row. `read_only` is True for a file saved by a newer app version."""

    case_id: str
    patient_label: str
    primary_site: str
    grade: str
    updated_at: str
    demo: bool
    path: Path
    read_only: bool = False


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


@dataclass(slots=True)
class ImportReport:
    """What `import_path` did. `problems` are one line each (the command line prints them)."""

    source: Path
    imported: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    copies: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"Imported {len(self.imported)} case(s), skipped {len(self.duplicates)} duplicate(s), "
            f"imported {len(self.copies)} changed case(s) as copies, {len(self.problems)} problem(s)."
        ]
        out += [
            f"  copy: {old} was different from the case already here; imported as {new}"
            for old, new in self.copies
        ]
        return out
