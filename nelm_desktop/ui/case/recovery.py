"""Drafts of unsaved edits, written atomically to ``<data>/recovery/<case_id>.json``.

A draft exists only while a case has unsaved changes; saving, discarding or closing removes it. A draft
found at start-up means the app did not close cleanly: the user is offered to restore it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from nelm_desktop.core.fileio import atomic_write_bytes
from nelm_desktop.core.loading import CaseInputError, case_from_data
from nelm_desktop.core.model import Case

RECOVERY_DIR = "recovery"


@dataclass(frozen=True)
class Draft:
    case: Case
    base_hash: str | None  # the file hash the draft was edited from (None for a never-saved case)
    written_at: str
    path: Path


class RecoveryFiles:
    def __init__(self, data_root: Path) -> None:
        self.folder = data_root / RECOVERY_DIR

    def path_for(self, case_id: str) -> Path:
        safe = "".join(ch for ch in case_id if ch.isalnum() or ch in "-_") or "case"
        return self.folder / f"{safe}.json"

    def write(self, case: Case, base_hash: str | None) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(self.folder, 0o700)
        target = self.path_for(case.case_id)
        payload = {
            "kind": "nelm-desktop-draft",
            "written_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "base_hash": base_hash,
            "case": case.model_dump(mode="json"),
        }
        atomic_write_bytes(target, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        return target

    def discard(self, case_id: str) -> None:
        self.path_for(case_id).unlink(missing_ok=True)

    def pending(self) -> list[Draft]:
        """Every readable draft, newest first; unreadable drafts are skipped (and left for inspection)."""
        if not self.folder.is_dir():
            return []
        drafts = []
        for path in self.folder.glob("*.json"):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                case = case_from_data(data.get("case"))
            except (OSError, ValueError, CaseInputError, AttributeError):
                continue
            drafts.append(Draft(case, data.get("base_hash"), str(data.get("written_at", "")), path))
        return sorted(drafts, key=lambda d: d.written_at, reverse=True)
