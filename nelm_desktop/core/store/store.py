"""`CaseStore`: one envelope file per case under ``<root>/cases/<case_id>.json``.

Layout of the data folder::

    cases/<id>.json              the current version of each case (the source of truth)
    backups/<id>/<stamp>.json    earlier versions, thinned (backups.py)
    backups/_library/            whole-library zips taken before a schema migration
    trash/<id>.json              deleted cases, until the trash is emptied
    quarantine/<id>--<stamp>.json (+ .reason.txt)   files that failed their checks
    locks/                       filelock files (per case; library)
    index.json                   cache for fast listing (library.py), never the truth
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
import uuid
import zipfile
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from stat import S_ISREG
from typing import Any

from pydantic import ValidationError

from nelm_desktop.core.fileio import (
    NotRegularFileError,
    TooLargeError,
    atomic_write_bytes,
    atomic_write_zip,
    ensure_dir,
    fsync_dir,
    is_temp_name,
    read_regular,
    replace,
    temp_prefix,
    tighten_dir,
)
from nelm_desktop.core.grading import grade_case
from nelm_desktop.core.loading import MAX_CASE_BYTES, CaseInputError, case_from_data
from nelm_desktop.core.model import AS_STORED, SCHEMA_VERSION, Case, Revision
from nelm_desktop.core.paths import data_dir
from nelm_desktop.core.store import audit, backups, envelope, exchange, library
from nelm_desktop.core.store.errors import (
    ConflictError,
    CorruptCaseError,
    ReadOnlyCaseError,
    StoreError,
    describe_os_error,
)
from nelm_desktop.core.store.exchange import Progress
from nelm_desktop.core.store.locking import held, let_go, try_hold
from nelm_desktop.core.store.migrations import MigrationError, migrate
from nelm_desktop.core.store.records import (
    BackupInfo,
    CaseSummary,
    ExportReport,
    ImportReport,
    LoadedCase,
    QuarantineInfo,
    UnreadableFile,
)

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")
_COMPANION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.json$")
_BACKUP_ID_RE = re.compile(r"^[0-9]{8}T[0-9]{6}\.[0-9]{6}Z(-[0-9]+)?$")
REASON_SUFFIX = ".reason.txt"
ANCHOR_NAME = "anchor.json"


class DamagedFileError(StoreError):
    """Bytes that are not a sound case (parse, checksum, validation, migration); `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_Damaged = DamagedFileError


class _Unreadable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _now_local() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


class CaseStore:
    """The case library in one data folder (default: `paths.data_dir()`). Safe across processes."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else data_dir()
        self.cases_dir = self.root / "cases"
        self.backups_dir = self.root / "backups"
        self.trash_dir = self.root / "trash"
        self.quarantine_dir = self.root / "quarantine"
        self.locks_dir = self.root / "locks"
        self.index_path = self.root / "index.json"
        self.library_backup_dir = self.backups_dir / "_library"
        self.temps_journal_dir = self.locks_dir / "temps"
        self._unreadable: list[UnreadableFile] = []
        self._batch = threading.local()
        self._tightened = False

    # ------------------------------------------------------------------ paths and locks
    def _check_id(self, case_id: str) -> str:
        if not isinstance(case_id, str) or not _ID_RE.match(case_id):
            raise StoreError(f"{case_id!r} is not a valid case id")
        return case_id

    def case_path(self, case_id: str) -> Path:
        return self.cases_dir / f"{self._check_id(case_id)}.json"

    def _ensure_dirs(self) -> None:
        try:
            for folder in (self.root, self.cases_dir, self.backups_dir, self.locks_dir):
                ensure_dir(folder)
        except OSError as exc:
            raise StoreError(describe_os_error(exc, "prepare the data folder")) from None
        if not self._tightened:
            # A library folder made group/world readable (a copy, an unzip, a shared drive) is made
            # private again: patient data is for this account only.
            self._tightened = True
            for folder in (self.root, self.cases_dir, self.backups_dir, self.locks_dir):
                tighten_dir(folder)

    def ensure_dirs(self) -> None:
        """Create the library folders (private); StoreError when that is impossible."""
        self._ensure_dirs()

    def _case_lock(self, case_id: str) -> Path:
        return self.locks_dir / f"{case_id}.lock"

    def _library_lock(self) -> Path:
        return self.locks_dir / "library.lock"

    # ------------------------------------------------------------------ reading
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

    def _read(self, path: Path) -> bytes | None:
        """The bytes of a case-sized regular file, None when absent. A FIFO or device is never opened
        for a blocking read; a file above the size limit is refused before reading."""
        try:
            return read_regular(path, MAX_CASE_BYTES)
        except FileNotFoundError:
            return None
        except NotRegularFileError:
            raise StoreError(f"Could not read {path.name}: it is not a regular file") from None
        except TooLargeError as exc:
            raise StoreError(
                f"Could not read {path.name}: too large for a case file ({exc.size} bytes)"
            ) from None
        except NotADirectoryError:
            raise StoreError(
                f"Could not read {path.name}: a part of the library folder {self.root} is a file, "
                "not a folder"
            ) from None
        except OSError as exc:
            raise StoreError(f"Could not read {path.name}: {exc.strerror or exc}") from None

    def read_case_bytes(self, case_id: str) -> bytes | None:
        """The current file of a case, byte for byte (None when there is none); StoreError if unreadable."""
        return self._read(self.case_path(case_id))

    def check_case_bytes(self, raw: bytes, label: str, expect_id: str | None = None) -> LoadedCase:
        """Interpret case-file bytes (envelope, checksum, migration, validation) without touching the
        library's files; DamagedFileError with a readable reason when they are not a sound case."""
        return self._interpret(raw, Path(label), expect_id)

    def load(self, case_id: str) -> LoadedCase:
        path = self.case_path(case_id)
        raw = self._read(path)
        if raw is None:
            where = " (it is in the trash)" if self._trash_files(case_id) else ""
            raise StoreError(f"No case {case_id} in the library{where}")
        try:
            return self._interpret(raw, path, case_id)
        except _Damaged as damage:
            self._fail_corrupt(case_id, path, raw, damage.reason)
            raise AssertionError("unreachable") from None  # pragma: no cover

    def _fail_corrupt(self, case_id: str, path: Path, raw: bytes, reason: str) -> None:
        quarantined: Path | None = None
        try:
            self._ensure_dirs()
            with held(self._case_lock(case_id), f"case {case_id}"):
                if self._read(path) == raw:  # not replaced by a good save meanwhile
                    quarantined = self._quarantine(case_id, path, reason)
        except StoreError:
            quarantined = None
        kept = self.backups(case_id)
        raise CorruptCaseError(case_id, reason, quarantined, kept, self._newest_good_backup(case_id, kept))

    def _quarantine(self, case_id: str, path: Path, reason: str) -> Path | None:
        """Move a damaged file aside (caller holds the case lock). Returns its new path, or None when
        it stayed where it was (read-only or full disk).

        The reason is written first: a file is never in quarantine without its reason (on a full disk
        the file stays in place, and the listing shows it with its reason among the problems)."""
        dest = self.quarantine_dir / f"{case_id}--{backups.stamp(datetime.now(UTC))}.json"
        reason_path = self.quarantine_dir / (dest.name + REASON_SUFFIX)
        try:
            ensure_dir(self.quarantine_dir)
            atomic_write_bytes(reason_path, (reason + "\n").encode("utf-8"))
        except OSError:
            return None
        try:
            # No fsync: if the rename is lost in a power cut the damaged file is simply found again.
            replace(path, dest)
        except OSError:
            with contextlib.suppress(OSError):
                reason_path.unlink()
            return None
        return dest

    def quarantined(self) -> list[QuarantineInfo]:
        out: list[QuarantineInfo] = []
        try:
            names = sorted(os.listdir(self.quarantine_dir), reverse=True)
        except OSError:
            return out
        for name in names:
            if not name.endswith(".json") or is_temp_name(name):
                continue
            case_id, _, rest = name[: -len(".json")].partition("--")
            moment = backups.parse_stamp(rest)
            try:
                reason = (self.quarantine_dir / (name + REASON_SUFFIX)).read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError):
                reason = ""
            if not reason:
                reason = self._reason_for(self.quarantine_dir / name, case_id)
            out.append(
                QuarantineInfo(
                    case_id=case_id,
                    path=self.quarantine_dir / name,
                    reason=reason,
                    quarantined_at=moment.isoformat() if moment else "",
                )
            )
        return out

    def _reason_for(self, path: Path, case_id: str) -> str:
        """Why a file is not a sound case, found again by reading it (a reason file may be missing)."""
        try:
            raw = self._read(path)
            if raw is None:
                return "the file is gone"
            self._interpret(raw, path, case_id)
        except DamagedFileError as damage:
            return damage.reason
        except StoreError as exc:
            return str(exc)
        return "reason not recorded (the file reads correctly now; it can be imported again)"

    # ------------------------------------------------------------------ saving
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
        try:
            if raw is not None:
                self._write_backup(case_id, raw)
            self._write_case_file(path, data)
        except OSError as exc:
            raise StoreError(
                describe_os_error(exc, f"save case {new_case.patient_label or case_id}")
            ) from None
        self._write_anchor(new_case)
        with contextlib.suppress(OSError):
            self._thin_backups(case_id)
        return LoadedCase(new_case, envelope.bytes_hash(data), path)

    # ------------------------------------------------------------------ import (exchange.py)
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
                local = self._read(self.case_path(case.case_id))
                if local is None:
                    if verbatim is not None:
                        self._write_new_file(case.case_id, verbatim)
                        self._write_anchor(case)
                    else:
                        self._save_locked(case, None, "imported", {"source": Path(source).name})
                    return "imported", case.case_id, ""
                if _payload_hash_or_none(local) == incoming_hash:
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
            raise StoreError(describe_os_error(exc, f"import case {case_id}")) from None

    def save_copy(self, case: Case) -> LoadedCase:
        """Keep mine as a copy: the same content under a new case id (label marked "(copy)")."""
        label = case.patient_label
        if len(label) + 7 <= 200:
            label = f"{label} (copy)" if label else "(copy)"
        copy = case.model_copy(update={"case_id": str(uuid.uuid4()), "patient_label": label})
        return self._save(copy, None, "copied", {"copied_from": case.case_id})

    def _clean_case_temps(self, case_id: str) -> None:
        """Remove temp files a killed writer left for this case (caller holds the case lock)."""
        prefix = temp_prefix(f"{case_id}.json")
        folders = [(self.cases_dir, prefix), (self.backups_dir / case_id, ".")]
        for folder, start in folders:
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            for name in names:
                if is_temp_name(name) and name.startswith(start):
                    with contextlib.suppress(OSError):
                        (folder / name).unlink()

    def sweep_temp_files(self) -> int:
        """Remove temp files left by killed writers anywhere in the library; skips any in use."""
        removed = 0
        try:
            names = os.listdir(self.cases_dir)
        except OSError:
            names = []
        case_ids = {name[1:].rsplit(".", 2)[0][: -len(".json")] for name in names if is_temp_name(name)}
        with contextlib.suppress(OSError):
            case_ids |= {name for name in os.listdir(self.backups_dir) if _ID_RE.match(name)}
        for case_id in case_ids:
            if not _ID_RE.match(case_id):
                continue
            lock = try_hold(self._case_lock(case_id))
            if lock is None:
                continue
            try:
                before = self._count_temps(case_id)
                self._clean_case_temps(case_id)
                removed += before - self._count_temps(case_id)
            finally:
                let_go(lock)
        removed += self._sweep_journaled_temps()
        lock = try_hold(self._library_lock())
        if lock is not None:
            try:
                for folder in (self.root, self.library_backup_dir):
                    with contextlib.suppress(OSError):
                        for name in os.listdir(folder):
                            if is_temp_name(name):
                                with contextlib.suppress(OSError):
                                    (folder / name).unlink()
                                    removed += 1
            finally:
                let_go(lock)
        return removed

    def _count_temps(self, case_id: str) -> int:
        count = 0
        for folder in (self.cases_dir, self.backups_dir / case_id):
            with contextlib.suppress(OSError):
                count += sum(
                    1
                    for name in os.listdir(folder)
                    if is_temp_name(name) and (folder != self.cases_dir or name.startswith(f".{case_id}."))
                )
        return count

    # ------------------------------------------------------------------ backups
    def _write_backup(self, case_id: str, raw: bytes) -> None:
        folder = self.backups_dir / case_id
        ensure_dir(folder)
        base = backups.stamp(datetime.now(UTC))
        name, n = base, 0
        while (folder / f"{name}.json").exists():
            n += 1
            name = f"{base}-{n}"
        atomic_write_bytes(folder / f"{name}.json", raw)

    def _thin_backups(self, case_id: str, now: datetime | None = None) -> None:
        kept = self.backups(case_id)
        moments = {info.backup_id: backups.parse_stamp(info.backup_id) for info in kept}
        survivors = backups.to_keep([m for m in moments.values() if m], now or datetime.now(UTC))
        for info in kept:
            moment = moments[info.backup_id]
            if moment is not None and moment not in survivors:
                info.path.unlink()

    def backups(self, case_id: str) -> list[BackupInfo]:
        """Kept earlier versions of a case, newest first."""
        folder = self.backups_dir / self._check_id(case_id)
        out: list[BackupInfo] = []
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return out
        for entry in entries:
            stem = entry.name[: -len(".json")]
            if not entry.name.endswith(".json") or not _BACKUP_ID_RE.match(stem):
                continue
            moment = backups.parse_stamp(stem)
            try:
                size = entry.stat().st_size
            except OSError:
                continue
            out.append(
                BackupInfo(
                    case_id=case_id,
                    backup_id=stem,
                    saved_at=moment.isoformat() if moment else "",
                    path=Path(entry.path),
                    size=size,
                )
            )
        out.sort(key=lambda info: info.backup_id, reverse=True)
        return out

    def _newest_good_backup(self, case_id: str, kept: list[BackupInfo]) -> BackupInfo | None:
        for info in kept:
            raw = None
            with contextlib.suppress(OSError):
                raw = info.path.read_bytes()
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

    def restore_backup(self, case_id: str, backup_id: str) -> LoadedCase:
        """Make a kept version current again; the version it replaces is itself backed up first."""
        loaded = self.load_backup(case_id, backup_id)
        if envelope.decode(self._read(loaded.path) or b"").schema_version > SCHEMA_VERSION:
            raise ReadOnlyCaseError(
                case_id, envelope.decode(self._read(loaded.path) or b"").schema_version, SCHEMA_VERSION
            )
        return self._save(loaded.case, None, "restored", {"restored_from": backup_id})

    # ------------------------------------------------------------------ trash
    def _trash_files(self, case_id: str) -> list[Path]:
        """The trashed versions of a case, oldest deletion first (so [-1] is the newest)."""
        try:
            names = os.listdir(self.trash_dir)
        except OSError:
            return []
        return sorted(
            (
                self.trash_dir / name
                for name in names
                if not is_temp_name(name) and (name == f"{case_id}.json" or name.startswith(f"{case_id}--"))
            ),
            key=lambda p: _trash_order(p.name),
        )

    def delete(self, case_id: str) -> None:
        """Move a case to the trash (never straight to nothing)."""
        path = self.case_path(case_id)
        self._ensure_dirs()
        with held(self._case_lock(case_id), f"case {case_id}"):
            if not path.exists():
                raise StoreError(f"No case {case_id} in the library")
            try:
                ensure_dir(self.trash_dir)
                # Always stamped: the deletion time orders the trashed versions of one case.
                base = f"{case_id}--{backups.stamp(datetime.now(UTC))}"
                dest, n = self.trash_dir / f"{base}.json", 0
                while dest.exists():
                    n += 1
                    dest = self.trash_dir / f"{base}-{n}.json"
                replace(path, dest)
                fsync_dir(self.trash_dir)
                fsync_dir(self.cases_dir)
            except OSError as exc:
                raise StoreError(describe_os_error(exc, "move the case to the trash")) from None

    def trash(self) -> list[CaseSummary]:
        out: list[CaseSummary] = []
        try:
            names = sorted(os.listdir(self.trash_dir))
        except OSError:
            return out
        for name in names:
            if not name.endswith(".json") or is_temp_name(name):
                continue
            path = self.trash_dir / name
            case_id = name[: -len(".json")].partition("--")[0]
            summary = self._summarize(path, case_id)
            if summary is None:
                out.append(
                    CaseSummary(
                        case_id, "(damaged file)", "unknown", "undetermined", "", False, self.trash_dir, True, name
                    )
                )
            else:
                out.append(summary)
        return out

    def restore_from_trash(self, case_id: str) -> LoadedCase:
        files = self._trash_files(self._check_id(case_id))
        if not files:
            raise StoreError(f"Case {case_id} is not in the trash")
        path = self.case_path(case_id)
        self._ensure_dirs()
        with held(self._case_lock(case_id), f"case {case_id}"):
            if path.exists():
                raise StoreError(f"A case with id {case_id} is already in the library; nothing was restored")
            try:
                replace(files[-1], path)
                fsync_dir(self.cases_dir)
                fsync_dir(self.trash_dir)
            except OSError as exc:
                raise StoreError(describe_os_error(exc, "restore the case from the trash")) from None
        return self.load(case_id)

    def trash_kept_on_empty(self) -> list[str]:
        """Ids of trashed cases that are also in the library: emptying the trash keeps their trashed
        versions as earlier versions (Versions...) instead of deleting them (see empty_trash)."""
        ids = {p.name[: -len(".json")].partition("--")[0] for p in self._trash_paths()}
        return sorted(cid for cid in ids if _ID_RE.match(cid) and self.case_path(cid).exists())

    def _trash_paths(self) -> list[Path]:
        try:
            names = os.listdir(self.trash_dir)
        except OSError:
            return []
        return [self.trash_dir / n for n in names if n.endswith(".json") and not is_temp_name(n)]

    def empty_trash(self) -> int:
        """Delete the trashed cases for good (and the backups of cases no longer in the library).

        A trashed version of a case that is back in the library (restored or re-imported) may be its
        newest content: it is never destroyed here but moved to that case's kept versions, where
        Versions... can restore it. Returns the number of files deleted for good."""
        self._ensure_dirs()
        removed = 0
        with held(self._library_lock(), "the library"):
            for path in self._trash_paths():
                case_id = path.name[: -len(".json")].partition("--")[0]
                in_library = bool(_ID_RE.match(case_id)) and self.case_path(case_id).exists()
                try:
                    if in_library:
                        with held(self._case_lock(case_id), f"case {case_id}"):
                            self._keep_as_backup(case_id, path)
                        continue
                    path.unlink()
                    removed += 1
                except OSError as exc:
                    raise StoreError(describe_os_error(exc, "empty the trash")) from None
                if _ID_RE.match(case_id) and not in_library and not self._trash_files(case_id):
                    import shutil

                    shutil.rmtree(self.backups_dir / case_id, ignore_errors=True)
        return removed

    def _keep_as_backup(self, case_id: str, path: Path) -> None:
        folder = self.backups_dir / case_id
        ensure_dir(folder)
        moment = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        base = backups.stamp(moment)
        name, n = base, 0
        while (folder / f"{name}.json").exists():
            n += 1
            name = f"{base}-{n}"
        replace(path, folder / f"{name}.json")
        fsync_dir(folder)

    # ------------------------------------------------------------------ history
    def history(self, case_id: str) -> list[Revision]:
        return list(self.load(case_id).case.revisions)

    def _anchor_path(self, case_id: str) -> Path:
        return self.backups_dir / case_id / ANCHOR_NAME

    def _write_anchor(self, case: Case) -> None:
        """Record the chain head outside the case file (caller holds the case lock). Best effort: a
        failure leaves an older anchor, which the grown chain still extends."""
        folder = self.backups_dir / case.case_id
        with contextlib.suppress(OSError):
            ensure_dir(folder)
            # Not fsynced: losing it in a power cut leaves the previous anchor, which the chain
            # still extends (a save costs one fsync less).
            atomic_write_bytes(
                self._anchor_path(case.case_id), envelope.canonical_json(audit.head(case)), durable=False
            )

    def _read_anchor(self, case_id: str) -> dict[str, Any] | None:
        try:
            data = json.loads(read_regular(self._anchor_path(case_id), 4096))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def check_history(self, case_id: str, case: Case | None = None) -> list[str]:
        """Problems with a case's audit trail, one line each ([] when sound): a broken chain, or a
        chain cut short or rewritten since the last save (checked against the recorded anchor)."""
        if case is None:
            case = self.load(case_id).case
        problems = []
        if not audit.verify_history(case):
            problems.append("an entry of the history was changed, inserted or removed (the chain is broken)")
        anchored = audit.check_anchor(case, self._read_anchor(case_id))
        if anchored:
            problems.append(anchored)
        return problems

    @staticmethod
    def verify_history(case: Case) -> bool:
        return audit.verify_history(case)

    # ------------------------------------------------------------------ library listing
    def _summarize(self, path: Path, case_id: str | None) -> CaseSummary | None:
        """The row of a file outside the listing (a trashed version: read-only), None when damaged."""
        try:
            raw = self._read(path)
        except StoreError:
            return None
        if raw is None:
            return None
        try:
            loaded = self._interpret(raw, path, case_id)
        except _Damaged:
            return None
        case = loaded.case
        grade = grade_case(case)[0].grade
        return CaseSummary(
            case.case_id, case.patient_label, case.primary_site, grade, case.updated_at, case.demo,
            path.parent, True, path.name,
        )

    def list_cases(self, progress: Callable[[int], None] | None = None) -> list[CaseSummary]:
        """Every case in the library, newest edit first. Damaged files are quarantined (see
        `quarantined()`), never allowed to break the listing. `progress(files_read)` is called every
        250 files that had to be read (an index rebuild: the first start after an upgrade)."""
        cached = library.read_index(self.index_path, self.cases_dir)
        fresh: dict[str, library.IndexEntry] = {}
        unreadable: list[UnreadableFile] = []
        dirty = False
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(f"The library folder {self.root} is a file, not a folder")
        read = 0
        try:
            scanner = os.scandir(self.cases_dir)
        except FileNotFoundError:
            self._unreadable = []
            return []
        except NotADirectoryError:
            raise StoreError(f"The library's cases folder {self.cases_dir} is a file, not a folder") from None
        except OSError as exc:
            raise StoreError(f"Could not open the library: {exc.strerror or exc}") from None
        temps = False
        cached_get = cached.get
        with scanner:
            # The warm path runs once per case file: one stat, one dict look-up, two comparisons.
            for item in scanner:
                name = item.name
                if not name.endswith(".json"):
                    temps = temps or is_temp_name(name)
                    continue
                try:
                    st = item.stat()
                except OSError as exc:
                    unreadable.append(UnreadableFile(name, Path(item.path), exc.strerror or str(exc)))
                    continue
                if not S_ISREG(st.st_mode):
                    # A FIFO named like a case would block a reader forever: never opened.
                    unreadable.append(UnreadableFile(name, Path(item.path), "not a regular file"))
                    continue
                entry = cached_get(name)
                if entry is not None and entry.mtime_ns == st.st_mtime_ns and entry.size == st.st_size:
                    fresh[name] = entry
                    continue
                dirty = True
                read += 1
                if progress is not None and read % 250 == 0:
                    progress(read)
                try:
                    new_entry = self._index_file(
                        Path(item.path), name[: -len(".json")], st.st_mtime_ns, st.st_size
                    )
                except _Unreadable as exc:
                    unreadable.append(UnreadableFile(name, Path(item.path), exc.reason))
                    continue
                except Exception as exc:  # one strange file must never blank the whole library
                    unreadable.append(UnreadableFile(name, Path(item.path), f"could not be read ({exc!r})"))
                    continue
                if new_entry is not None:
                    fresh[name] = new_entry
        self._unreadable = sorted(unreadable, key=lambda u: u.name)
        if dirty or len(fresh) != len(cached):
            self._write_index(fresh)
        if temps:
            self.sweep_temp_files()
        rows = sorted(fresh.items(), key=_newest_first_key, reverse=True)
        return [entry.summary for _, entry in rows]

    def unreadable(self) -> list[UnreadableFile]:
        """Case files the last `list_cases` could not read or set aside (no permission, not a regular
        file, too large, damaged on a read-only or full disk), each with its reason. They are not in
        the listing, and `export_library` names them."""
        return list(self._unreadable)

    def _index_file(self, path: Path, case_id: str, mtime_ns: int, size: int) -> library.IndexEntry | None:
        try:
            raw = self._read(path)
        except StoreError as exc:
            raise _Unreadable(str(exc).partition(": ")[2] or str(exc)) from None
        if raw is None:
            return None
        try:
            loaded = self._interpret(raw, path, case_id)
        except _Damaged as damage:
            moved = False
            if _ID_RE.match(case_id):
                try:
                    self._fail_corrupt(case_id, path, raw, damage.reason)
                except CorruptCaseError as exc:
                    moved = exc.quarantine_path is not None
                except StoreError:
                    moved = False
            if not moved:
                raise _Unreadable(f"damaged and could not be set aside: {damage.reason}") from None
            return None
        return library.entry_for(
            loaded.case, grade_case(loaded.case)[0].grade, mtime_ns, size, loaded.read_only, self.cases_dir
        )

    def _write_index(self, entries: dict[str, library.IndexEntry]) -> None:
        lock = try_hold(self._library_lock()) if self.locks_dir.is_dir() else None
        if lock is None:
            return  # the index is only a cache; another window is writing it, or the folder is read-only
        try:
            with contextlib.suppress(OSError):
                atomic_write_bytes(self.index_path, library.encode_index(entries), durable=False)
        finally:
            let_go(lock)

    def search(self, text: str) -> list[CaseSummary]:
        return [summary for summary in self.list_cases() if library.matches(summary, text)]

    # ------------------------------------------------------------------ migrations
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
                raise StoreError(describe_os_error(exc, "back up the library before upgrading")) from None

    # ------------------------------------------------------------------ import / export
    def export_library(
        self,
        zip_path: Path | str,
        case_ids: Sequence[str] | None = None,
        progress: Progress | None = None,
    ) -> ExportReport:
        """Write the library (or the given cases) to a zip; see exchange.export_library."""
        _board_files_travel()
        return exchange.export_library(self, Path(zip_path), case_ids, progress)

    def import_path(self, path: Path | str, progress: Progress | None = None) -> ImportReport:
        """Import a library zip or one case JSON file; see exchange.import_path."""
        _board_files_travel()
        return exchange.import_path(self, Path(path), progress)

    def companion_files(self, folder: str, case_id: str) -> list[tuple[str, bytes]]:
        """The files of a per-case companion folder (``<root>/<folder>/<case_id>/*.json``, e.g. time
        points) that travel with the case; StoreError naming the file when one cannot be read."""
        source = self.root / folder / self._check_id(case_id)
        try:
            names = sorted(os.listdir(source))
        except OSError:
            return []
        out = []
        for name in names:
            if _COMPANION_NAME.match(name) and not is_temp_name(name):
                try:
                    out.append((name, read_regular(source / name, MAX_CASE_BYTES)))
                except OSError as exc:
                    raise StoreError(
                        f"{folder} file {name} could not be read ({exc.strerror or exc})"
                    ) from None
        return out

    def add_companion(self, folder: str, case_id: str, name: str, raw: bytes) -> bool:
        """Write one imported companion file unless a file of that name is already here (False)."""
        if not _COMPANION_NAME.match(name) or not _ID_RE.match(folder):
            raise StoreError(f"{folder}/{name}: not a usable file name; skipped")
        target_dir = self.root / folder / self._check_id(case_id)
        try:
            ensure_dir(self.root / folder)  # each level private (ensure_dir's parents would not be)
            ensure_dir(target_dir)
            if (target_dir / name).exists():
                return False
            atomic_write_bytes(target_dir / name, raw)
        except OSError as exc:
            raise StoreError(describe_os_error(exc, f"import {folder}/{name}")) from None
        return True

    def _sync_each(self) -> bool:
        return not getattr(self._batch, "active", False)

    def _write_case_file(self, path: Path, data: bytes) -> None:
        """Atomic write of a case file; inside `batched_durability` the flush to disk is deferred to
        the end of the batch (one flush for the whole import instead of one per case)."""
        if self._sync_each():
            atomic_write_bytes(path, data)
            return
        atomic_write_bytes(path, data, durable=False)
        self._batch.written.append(path)

    @contextlib.contextmanager
    def batched_durability(self) -> Iterator[None]:
        """For a bulk import: each case file is still written atomically (temp + rename), but flushed
        to disk once at the end of the import instead of once per case (group commit). A power cut
        mid-import can leave a case of this import incomplete on disk: its checksum then fails, it is
        quarantined with the reason, and importing the same source again brings it back. When the
        import returns, everything it reported is on disk."""
        self._batch.active = True
        self._batch.written = []
        try:
            yield
        finally:
            self._batch.active = False
            written, self._batch.written = self._batch.written, []
            _flush_to_disk(written, [self.cases_dir])

    def case_file_ids(self) -> list[str]:
        """The id of every case file in the library folder, readable or not (export names the ones
        it cannot include instead of leaving them out silently)."""
        try:
            names = os.listdir(self.cases_dir)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(f"Could not open the library: {exc.strerror or exc}") from None
        return sorted(n[: -len(".json")] for n in names if n.endswith(".json") and not is_temp_name(n))

    @contextlib.contextmanager
    def journaled_temp(self) -> Iterator[Callable[[Path], None]]:
        """For a temp file written OUTSIDE the library (an export next to its target): yields a
        callback that records the temp's path in ``locks/temps/`` while this process holds a lock on
        the record; `sweep_temp_files` at the next start deletes temps whose writer was killed."""
        self._ensure_dirs()
        try:
            ensure_dir(self.temps_journal_dir)
        except OSError as exc:
            raise StoreError(describe_os_error(exc, "prepare the data folder")) from None
        token = uuid.uuid4().hex
        record = self.temps_journal_dir / f"{token}.path"
        lock = try_hold(self.temps_journal_dir / f"{token}.lock")

        def remember(tmp: Path) -> None:
            atomic_write_bytes(record, os.fsencode(str(tmp.resolve())), durable=False)

        try:
            yield remember
        finally:
            with contextlib.suppress(OSError):
                record.unlink()
            if lock is not None:
                let_go(lock)

    def _sweep_journaled_temps(self) -> int:
        removed = 0
        try:
            names = os.listdir(self.temps_journal_dir)
        except OSError:
            return 0
        for name in names:
            if not name.endswith(".path"):
                continue
            token = name[: -len(".path")]
            lock = try_hold(self.temps_journal_dir / f"{token}.lock")
            if lock is None:
                continue  # its writer is alive
            try:
                record = self.temps_journal_dir / name
                with contextlib.suppress(OSError):
                    tmp = Path(os.fsdecode(record.read_bytes()))
                    if is_temp_name(tmp.name):
                        with contextlib.suppress(FileNotFoundError):
                            tmp.unlink()
                            removed += 1
                with contextlib.suppress(OSError):
                    record.unlink()
            finally:
                let_go(lock)
        return removed


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


def _flush_to_disk(files: list[Path], folders: list[Path]) -> None:
    """Make written files and their renames durable: one `sync()` on POSIX (the kernel flushes in one
    go), else an fsync per file through a writable handle; then the folders."""
    if not files:
        return
    if hasattr(os, "sync"):
        os.sync()
    else:  # pragma: no cover - Windows
        for path in files:
            with contextlib.suppress(OSError), open(path, "r+b") as handle:
                os.fsync(handle.fileno())
    for folder in folders:
        with contextlib.suppress(OSError):
            fsync_dir(folder)


def _newest_first_key(item: tuple[str, library.IndexEntry]) -> float:
    return item[1].sort_key


def _trash_order(name: str) -> tuple[int, str]:
    """Sort key of a trash file: the unstamped ``<id>.json`` (the first deletion, older app versions)
    before every stamped ``<id>--<stamp>.json``, stamped ones by time."""
    stem = name[: -len(".json")]
    _, sep, rest = stem.partition("--")
    return (1, rest) if sep else (0, "")


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


def _board_files_travel() -> None:
    """The tumour board's meetings, decisions and statuses travel with the library: importing
    `core.board.exchange` registers their file kind with exchange (once)."""
    import nelm_desktop.core.board.exchange  # noqa: F401
