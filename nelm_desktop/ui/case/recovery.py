"""Drafts of unsaved edits, written atomically to ``<data>/recovery/<case_id>--<window>.json``.

A draft belongs to the window (instance) that wrote it: each `RecoveryFiles` has its own token and
holds the lock ``recovery/<token>.lock`` while the window lives. Saving, discarding or closing removes
only this window's draft, never another window's draft of the same case. A draft whose window no
longer holds its lock (the app was killed or crashed) is offered at the next start.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from nelm_desktop.core.fileio import atomic_write_bytes, ensure_dir, read_regular
from nelm_desktop.core.loading import MAX_CASE_BYTES, CaseInputError, case_from_data, parse_json
from nelm_desktop.core.model import Case
from nelm_desktop.core.store.locking import Lock, let_go, try_hold

RECOVERY_DIR = "recovery"
_SEP = "--"


@dataclass(frozen=True)
class Draft:
    """An unsaved case written to the recovery folder, with the saved file's hash it was edited from."""

    case: Case
    base_hash: str | None  # the file hash the draft was edited from (None for a never-saved case)
    written_at: str
    path: Path


def _safe(case_id: str) -> str:
    return "".join(ch for ch in case_id if ch.isalnum() or ch in "-_")[:128] or "case"


class RecoveryFiles:
    def __init__(self, data_root: Path) -> None:
        self.folder = data_root / RECOVERY_DIR
        self.token = uuid.uuid4().hex[:12]
        self._lock: Lock | None = None

    def _own(self) -> None:
        """Hold this window's lock (from the first draft on) so no other window offers its drafts."""
        if self._lock is None:
            ensure_dir(self.folder)
            self._lock = try_hold(self.folder / f"{self.token}.lock")

    def release(self) -> None:
        """The window closes: its drafts (if any were left) become offerable to the next start."""
        if self._lock is not None:
            let_go(self._lock)
            self._lock = None

    def path_for(self, case_id: str) -> Path:
        return self.folder / f"{_safe(case_id)}{_SEP}{self.token}.json"

    def write(self, case: Case, base_hash: str | None) -> Path:
        self._own()
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
        """Remove this window's draft of the case (other windows' drafts are theirs)."""
        self.path_for(case_id).unlink(missing_ok=True)

    def discard_draft(self, draft: Draft) -> None:
        """Remove a draft offered after a crash (restored into this window, or declined)."""
        draft.path.unlink(missing_ok=True)

    def _owner_alive(self, token: str) -> bool:
        if token == self.token:
            return True
        lock = try_hold(self.folder / f"{token}.lock")
        if lock is None:
            return True  # held by a running window
        let_go(lock)
        return False

    def pending(self) -> list[Draft]:
        """Drafts left by windows that are gone, newest first; unreadable drafts are skipped (and
        left for inspection)."""
        if not self.folder.is_dir():
            return []
        drafts = []
        alive: dict[str, bool] = {}
        for path in self.folder.glob("*.json"):
            stem = path.name[: -len(".json")]
            _, sep, token = stem.rpartition(_SEP)
            if sep:
                if token not in alive:
                    alive[token] = self._owner_alive(token)
                if alive[token]:
                    continue
            try:
                data = parse_json(read_regular(path, MAX_CASE_BYTES).decode("utf-8"))
                case = case_from_data(data.get("case"), stored=True)  # a draft of a stored case
            except (OSError, ValueError, CaseInputError, AttributeError, RecursionError):
                continue
            drafts.append(Draft(case, data.get("base_hash"), str(data.get("written_at", "")), path))
        return sorted(drafts, key=lambda d: d.written_at, reverse=True)

    def sweep_locks(self) -> None:
        """Remove lock files of windows that are gone and left no draft."""
        with contextlib.suppress(OSError):
            tokens_with_drafts = {p.stem.rpartition(_SEP)[2] for p in self.folder.glob("*.json")}
            for lock_path in self.folder.glob("*.lock"):
                token = lock_path.stem
                if token != self.token and token not in tokens_with_drafts:
                    self._owner_alive(token)  # try_hold + let_go removes a dead window's lock file
