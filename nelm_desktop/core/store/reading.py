"""Case-file bytes to a `LoadedCase`: envelope, checksum, migration (after the one-off library zip) and
validation; a newer format is read best-effort and read-only; kept versions read back."""

from __future__ import annotations

import contextlib
import os
import zipfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from nelm_desktop.core.fileio import atomic_write_zip, ensure_dir, is_temp_name, read_regular
from nelm_desktop.core.loading import MAX_CASE_BYTES, CaseInputError, case_from_data
from nelm_desktop.core.model import AS_STORED, SCHEMA_VERSION, Case
from nelm_desktop.core.store import envelope
from nelm_desktop.core.store.errors import StoreError, refused
from nelm_desktop.core.store.folders import _BACKUP_ID_RE, StoreFolders
from nelm_desktop.core.store.locking import held
from nelm_desktop.core.store.migrations import MigrationError, migrate
from nelm_desktop.core.store.records import BackupInfo, LoadedCase


class DamagedFileError(StoreError):
    """Bytes that are not a sound case (parse, checksum, validation, migration); `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_Damaged = DamagedFileError


class CaseReading(StoreFolders):
    """Interpreting case files (no writes except the pre-migration library zip)."""

    def _interpret(self, raw: bytes, path: Path, expect_id: str | None) -> LoadedCase:
        """Bytes of a case file to a LoadedCase; raises _Damaged with a readable reason."""
        try:
            env = envelope.decode(raw)
        except envelope.EnvelopeError as exc:
            raise _Damaged(exc.reason) from None
        data = env.case
        if "case" in data or "facts" in data:
            raise _Damaged("case: unexpected nested 'case'/'facts' object")
        if env.schema_version > SCHEMA_VERSION:
            case = _best_effort_case(data)
            if expect_id is not None and case.case_id != expect_id:
                raise _Damaged(f"case_id {data.get('case_id')!r} does not match the file name {path.name!r}")
            reason = (
                f"saved by a newer NELM Desktop ({env.app_version or 'unknown version'}, format "
                f"{env.schema_version}); read-only here"
            )
            return LoadedCase(case, envelope.bytes_hash(raw), path, True, reason)
        read_only_reason = ""
        if env.schema_version < SCHEMA_VERSION:
            try:
                self._backup_library_before_migration()
            except StoreError as exc:
                read_only_reason = f"the library could not be backed up before upgrading this case: {exc}"
            try:
                data = migrate(data, env.schema_version)
            except MigrationError as exc:
                raise _Damaged(exc.reason) from None
        try:
            # As stored: a date saved before the date rules is opened marked, not quarantined.
            case = case_from_data(data, stored=True)
        except CaseInputError as exc:
            raise _Damaged("; ".join(exc.problems)) from None
        if expect_id is not None and case.case_id != expect_id:
            raise _Damaged(f"case_id {case.case_id!r} does not match the file name {path.name!r}")
        return LoadedCase(case, envelope.bytes_hash(raw), path, bool(read_only_reason), read_only_reason)

    def read_case_bytes(self, case_id: str) -> bytes | None:
        """The current file of a case, byte for byte (None when there is none); StoreError if unreadable."""
        return self._read(self.case_path(case_id))

    def check_case_bytes(self, raw: bytes, label: str, expect_id: str | None = None) -> LoadedCase:
        """Interpret case-file bytes (envelope, checksum, migration, validation) without touching the
        library's files; DamagedFileError with a readable reason when they are not a sound case."""
        return self._interpret(raw, Path(label), expect_id)

    def _backup_library_before_migration(self) -> None:
        """Zip every case file once before the first migration to this schema version runs."""
        target = self.library_backup_dir / f"before-schema-v{SCHEMA_VERSION}.zip"
        if target.exists():
            return
        self._ensure_dirs()
        with held(self._library_lock(), "the library"):
            if target.exists():
                return
            try:
                ensure_dir(self.library_backup_dir)
                _zip_folder(self.cases_dir, target)
            except OSError as exc:
                raise refused(exc, "back up the library before upgrading") from None

    def _newest_good_backup(self, case_id: str, kept: list[BackupInfo]) -> BackupInfo | None:
        for info in kept:
            raw = None
            with contextlib.suppress(OSError):
                raw = read_regular(info.path, MAX_CASE_BYTES, private=True)
            if raw is None:
                continue
            try:
                loaded = self._interpret(raw, info.path, case_id)
            except _Damaged:
                continue
            if not loaded.read_only:
                return info
        return None

    def load_backup(self, case_id: str, backup_id: str) -> LoadedCase:
        """A kept version, read-only (for a "compare" or "preview" view)."""
        if not _BACKUP_ID_RE.match(backup_id):
            raise StoreError(f"{backup_id!r} is not a backup of case {case_id}")
        path = self.backups_dir / self._check_id(case_id) / f"{backup_id}.json"
        raw = self._read(path)
        if raw is None:
            raise StoreError(f"Backup {backup_id} of case {case_id} no longer exists")
        try:
            loaded = self._interpret(raw, path, case_id)
        except _Damaged as damage:
            raise StoreError(f"Backup {backup_id} of case {case_id} is damaged: {damage.reason}") from None
        return LoadedCase(loaded.case, loaded.file_hash, path, True, "an earlier version (backup)")


def _zip_folder(folder: Path, target: Path) -> None:
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        names = []

    def fill(archive: zipfile.ZipFile) -> None:
        for name in names:
            if name.endswith(".json") and not is_temp_name(name):
                with contextlib.suppress(OSError):
                    archive.writestr(f"cases/{name}", read_regular(folder / name, MAX_CASE_BYTES))

    atomic_write_zip(target, fill)


def _best_effort_case(data: dict[str, Any]) -> Case:
    """A displayable Case from a newer-format payload: unknown or invalid fields are left out."""
    known = {k: v for k, v in data.items() if k in Case.model_fields and k != "schema_version"}
    for _ in range(5):
        try:
            return Case.model_validate(known, context=AS_STORED)
        except ValidationError as exc:
            bad = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
            if not bad & known.keys():
                break
            for key in bad:
                known.pop(key, None)
    case_id = data.get("case_id")
    return Case(case_id=case_id) if isinstance(case_id, str) else Case()
