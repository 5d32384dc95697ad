"""Saving a case: under its lock, against what is on disk (conflict, newer format, damage), with a
backup of the previous version, an audit revision and one size limit; and placing imported cases."""

from __future__ import annotations

import contextlib
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from nelm_desktop.core.loading import MAX_CASE_BYTES
from nelm_desktop.core.model import SCHEMA_VERSION, Case, stored_text_problems
from nelm_desktop.core.store import audit, envelope
from nelm_desktop.core.store.durability import Durability
from nelm_desktop.core.store.errors import ConflictError, ReadOnlyCaseError, StoreError, refused
from nelm_desktop.core.store.history import AuditTrail
from nelm_desktop.core.store.locking import held
from nelm_desktop.core.store.reading import _Damaged
from nelm_desktop.core.store.records import LoadedCase
from nelm_desktop.core.store.temps import TempFiles
from nelm_desktop.core.store.versions import KeptVersions


class Saving(AuditTrail, KeptVersions, Durability, TempFiles):
    """Every write of a case file: save, save a copy, restore a kept version, import."""

    def save(self, case: Case, expected_hash: str | None = None) -> LoadedCase:
        """Save atomically with a backup of the previous version and an audit revision.

        `expected_hash` is the `file_hash` of the version the user opened; if the file on disk differs,
        ConflictError. With None, the case is saved whatever is on disk (a new case, an import).
        """
        return self._save(case, expected_hash, "edited", {})

    def _save(self, case: Case, expected_hash: str | None, action: str, extra: dict[str, Any]) -> LoadedCase:
        case_id = case.case_id
        self.case_path(case_id)
        self._ensure_dirs()
        with held(self._case_lock(case_id), f"case {case_id}"):
            return self._save_locked(case, expected_hash, action, extra)

    def _save_locked(
        self, case: Case, expected_hash: str | None, action: str, extra: dict[str, Any]
    ) -> LoadedCase:
        """`_save` for a caller that holds the case lock."""
        case_id = case.case_id
        path = self.case_path(case_id)
        self._clean_case_temps(case_id)
        raw = self._read(path)
        previous: LoadedCase | None = None
        disk_hash = envelope.bytes_hash(raw) if raw is not None else None
        if raw is not None:
            try:
                previous = self._interpret(raw, path, case_id)
            except _Damaged as damage:
                # The in-memory case is good and the disk copy is not: set the bad one aside (never
                # delete it) and write ours.
                if self._quarantine(case_id, path, damage.reason) is None:
                    raise StoreError(
                        f"Could not save case {case_id}: the file on disk is damaged and could not be "
                        "moved to quarantine"
                    ) from None
                raw = None
        if previous is not None:
            if previous.read_only:
                version = envelope.decode(raw or b"").schema_version
                if version > SCHEMA_VERSION:
                    raise ReadOnlyCaseError(case_id, version, SCHEMA_VERSION)
                raise StoreError(f"Could not save case {case_id}: {previous.read_only_reason}")
            if expected_hash is not None and disk_hash != expected_hash:
                raise ConflictError(case_id, case, previous, expected_hash, disk_hash)
        elif expected_hash is not None and disk_hash is None:
            # Opened from a file that another window or program has since deleted: writing it back
            # would undo the deletion with no word. The user is told and chooses (`save_again`).
            raise ConflictError(case_id, case, None, expected_hash, None)
        if action == "edited":
            _refuse_new_hidden_text(case, previous.case if previous else None)
        changed = audit.changed_fields(previous.case if previous else None, case)
        if (
            previous is not None
            and not changed
            and not extra
            and action == "edited"
            and case.revisions == previous.case.revisions
        ):
            return previous  # nothing to save: no new file, no new revision
        if previous is not None and previous.case.revisions and action == "restored":
            # The version being replaced is not an ancestor of the restored one: record its head so
            # that the chain check (audit.check_anchor) knows the newest backup was replaced on purpose.
            extra = {**extra, "replaced_head": previous.case.revisions[-1].hash}
        revision = audit.make_revision(
            case, changed, action if previous or action != "edited" else "created", **extra
        )
        new_case = case.model_copy(
            update={"updated_at": _now_local(), "revisions": [*case.revisions, revision]}
        )
        data = envelope.encode(new_case)
        if len(data) > MAX_CASE_BYTES:
            # One size limit, checked before anything is written: the store never writes a case it
            # would then refuse to read.
            raise StoreError(_too_large_message(new_case, len(data)))
        self._refuse_unreadable(data, path, new_case)
        try:
            if raw is not None:
                self._write_backup(case_id, raw)
            self._write_case_file(path, data)
        except OSError as exc:
            raise refused(exc, f"save case {new_case.patient_label or case_id}") from None
        self._write_anchor(new_case)
        with contextlib.suppress(OSError):
            self._thin_backups(case_id)
        return LoadedCase(new_case, envelope.bytes_hash(data), path)

    def _refuse_unreadable(self, data: bytes, path: Path, case: Case) -> None:
        """Read the bytes about to be written as the next start will: a case made in code without
        validation (model_construct, model_copy(update=...)) must never become a file the reader sets
        aside as damaged. Same format version, so the reader migrates and backs up nothing here."""
        try:
            self._interpret(data, path, case.case_id)
        except _Damaged as damage:
            raise StoreError(
                f"Could not save case {case.patient_label or case.case_id}: it would not read back "
                f"({damage.reason}); nothing was written"
            ) from None

    def save_again(self, case: Case) -> LoadedCase:
        """Put back a case that was deleted elsewhere while it was open here, with the edits made here
        (the user chose to, after `ConflictError.deleted`); the deletion stays in the trash."""
        return self._save(case, None, "saved-again", {"after": "deleted elsewhere"})

    def save_copy(self, case: Case) -> LoadedCase:
        """Keep mine as a copy: the same content under a new case id (label marked "(copy)")."""
        label = case.patient_label
        if len(label) + 7 <= 200:
            label = f"{label} (copy)" if label else "(copy)"
        copy = case.model_copy(update={"case_id": str(uuid.uuid4()), "patient_label": label})
        return self._save(copy, None, "copied", {"copied_from": case.case_id})

    def restore_backup(self, case_id: str, backup_id: str) -> LoadedCase:
        """Make a kept version current again; the version it replaces is itself backed up first."""
        loaded = self.load_backup(case_id, backup_id)
        if envelope.decode(self._read(loaded.path) or b"").schema_version > SCHEMA_VERSION:
            raise ReadOnlyCaseError(
                case_id, envelope.decode(self._read(loaded.path) or b"").schema_version, SCHEMA_VERSION
            )
        return self._save(loaded.case, None, "restored", {"restored_from": backup_id})

    def import_case(
        self, case: Case, incoming_hash: str, verbatim: bytes | None, source: str
    ) -> tuple[str, str, str]:
        """Place one incoming case under its case lock, judged against what is on disk at that moment.

        Returns (outcome, case_id, why): "imported" (new id; `verbatim` bytes are written unchanged
        when given, keeping hash and history), "duplicate" (same id, same content) or "copy" (imported
        under a new id: `why` says whether the content differed or the id was unusable). Two imports of
        one id at the same moment: one is imported, the other is compared with it (duplicate or copy).
        """
        try:
            self.case_path(case.case_id)
            usable = True
        except StoreError:
            usable = False
        self._ensure_dirs()
        if usable:
            with held(self._case_lock(case.case_id), f"case {case.case_id}"):
                # An import killed between the case file and its anchor left the anchor's temp file
                # and no anchor: the same import run again (a duplicate) completes both.
                self._clean_case_temps(case.case_id, kept_versions_only=True)
                local = self._read(self.case_path(case.case_id))
                if local is None:
                    if verbatim is not None:
                        self._write_new_file(case.case_id, verbatim)
                        self._write_anchor(case)
                    else:
                        self._save_locked(case, None, "imported", {"source": Path(source).name})
                    return "imported", case.case_id, ""
                if _payload_hash_or_none(local) == incoming_hash:
                    if verbatim is not None and not self._anchor_path(case.case_id).exists():
                        self._write_anchor(case)
                    return "duplicate", case.case_id, ""
            why = "different from the case already here with this id"
        else:
            why = "its case id is not usable as a file name"
        new_id = str(uuid.uuid4())
        copy = case.model_copy(update={"case_id": new_id})
        self._save(copy, None, "imported-as-copy", {"original_case_id": case.case_id})
        return "copy", new_id, why

    def import_newer_verbatim(self, case_id: str, raw: bytes, incoming_hash: str) -> str:
        """A case saved by a newer app: written unchanged when its id is new ("imported"); "duplicate"
        when the same content is here; "conflict" when another version is here (never overwritten)."""
        self.case_path(case_id)
        self._ensure_dirs()
        with held(self._case_lock(case_id), f"case {case_id}"):
            local = self._read(self.case_path(case_id))
            if local is None:
                self._write_new_file(case_id, raw)
                return "imported"
            return "duplicate" if _payload_hash_or_none(local) == incoming_hash else "conflict"

    def _write_new_file(self, case_id: str, raw: bytes) -> None:
        if len(raw) > MAX_CASE_BYTES:
            raise StoreError(f"case {case_id} is too large to store ({len(raw)} bytes)")
        try:
            self._write_case_file(self.case_path(case_id), raw)
        except OSError as exc:
            raise refused(exc, f"import case {case_id}") from None


def _refuse_new_hidden_text(case: Case, previous: Case | None) -> None:
    """A hidden character (a tab in a label, an escape in the notes) that a library file holds is kept
    and marked, and Save waits until it is removed (`stored_text_problems`); one the saved version did
    not hold is new input, refused here too, whatever made the case (model_copy skips the model)."""
    for field, reason in stored_text_problems(case).items():
        if previous is None or getattr(previous, field) != getattr(case, field):
            raise StoreError(f"Could not save case {case.case_id}: {field} {reason}; nothing was written")


def _now_local() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _payload_hash_or_none(raw: bytes) -> str | None:
    try:
        return envelope.decode(raw).sha256
    except envelope.EnvelopeError:
        return None


def _too_large_message(case: Case, size: int) -> str:
    """Name the field that makes a case too large, so the user knows what to shorten."""
    data = case.model_dump(mode="json")
    sizes = {name: len(envelope.canonical_json(value)) for name, value in data.items()}
    biggest = max(sizes, key=lambda name: sizes[name])
    rows = f" ({len(data[biggest])} entries)" if isinstance(data[biggest], list) else ""
    return (
        f"Could not save case {case.case_id}: it would be {size / 1e6:.1f} MB, above the "
        f"{MAX_CASE_BYTES / (1024 * 1024):g} MiB limit for one case; the largest field is "
        f"{biggest}{rows}. Nothing was written."
    )
