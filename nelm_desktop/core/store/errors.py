"""The store's exceptions. Every failure the UI must handle is a `StoreError` subclass with a readable
message (``str(exc)``) and the attributes named below; nothing else escapes the public API."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nelm_desktop.core.model import Case
    from nelm_desktop.core.store.records import BackupInfo, LoadedCase


class StoreError(Exception):
    """A case could not be read or written. `str(exc)` is one sentence a clinician can act on.

    When raised by `save`, the case passed in is untouched: the edit is still in memory.
    """


class CorruptCaseError(StoreError):
    """A case file failed its checks (parse, hash, validation) and was moved to ``quarantine/``.

    Attributes: `case_id`, `reason` (readable, one line per problem joined with "; "),
    `quarantine_path` (where the damaged file now lives, or None if it could not be moved),
    `backups` (kept versions, newest first) and `good_backup` (the newest backup that loads, or None):
    offer ``store.restore_backup(case_id, good_backup.backup_id)``.
    """

    def __init__(
        self,
        case_id: str,
        reason: str,
        quarantine_path: Path | None,
        backups: list[BackupInfo],
        good_backup: BackupInfo | None,
    ) -> None:
        offer = " A saved backup can be restored." if good_backup else " No good backup was found."
        where = (
            "was set aside in quarantine"
            if quarantine_path is not None
            else "could NOT be set aside (the data folder is read-only or full); it stays where it is"
        )
        super().__init__(f"Case {case_id} is damaged and {where}: {reason}.{offer}")
        self.case_id = case_id
        self.reason = reason
        self.quarantine_path = quarantine_path
        self.backups = backups
        self.good_backup = good_backup


class ConflictError(StoreError):
    """The case file changed on disk since it was opened (another window or machine saved it).

    Attributes: `case_id`, `mine` (the case you tried to save, unchanged), `theirs` (the `LoadedCase`
    now on disk, or None if it was deleted or is unreadable), `expected_hash`, `disk_hash` (None: the
    file is gone, `deleted` is True).
    Offer: keep mine as a copy (``store.save_copy(mine)``) or reload (``theirs`` / ``store.load``); for
    a deleted case, save it again (``store.save_again(mine)``) or close it.
    """

    def __init__(
        self,
        case_id: str,
        mine: Case,
        theirs: LoadedCase | None,
        expected_hash: str,
        disk_hash: str | None,
    ) -> None:
        super().__init__(
            f"Case {case_id} was deleted by another window or program since you opened it (it may be "
            "in the trash). Save your version again, or close it without saving."
            if disk_hash is None
            else f"Case {case_id} was changed by another window or program since you opened it. "
            "Keep your version as a copy, or reload theirs."
        )
        self.case_id = case_id
        self.mine = mine
        self.theirs = theirs
        self.expected_hash = expected_hash
        self.disk_hash = disk_hash
        self.deleted = disk_hash is None


class ReadOnlyCaseError(StoreError):
    """The case file was written by a newer NELM Desktop (schema_version above ours): never rewritten.

    Attributes: `case_id`, `schema_version` (the file's), `supported` (ours).
    """

    def __init__(self, case_id: str, schema_version: int, supported: int) -> None:
        super().__init__(
            f"Case {case_id} was saved by a newer NELM Desktop (format {schema_version}, this app "
            f"understands {supported}); it is read-only here. Update NELM Desktop to edit it, or save "
            "your changes as a copy."
        )
        self.case_id = case_id
        self.schema_version = schema_version
        self.supported = supported


class WriteRefusedError(StoreError):
    """The machine refused a write (a full disk, a read-only one, no permission, a file in place of a
    folder): nothing wrong with the input. The command line exits 1 for it, not 2; an import stops at
    it (the rest would be refused too) and says so."""


def refused(exc: OSError, action: str) -> WriteRefusedError:
    """`WriteRefusedError` whose message is `describe_os_error(exc, action)`."""
    return WriteRefusedError(describe_os_error(exc, action))


def describe_os_error(exc: OSError, action: str) -> str:
    """One sentence for a failed write, saying that nothing was lost."""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        why = "the disk is full"
    elif code == errno.EFBIG:
        why = "the disk (or the file-size limit for this account) is full"
    elif code == errno.EROFS:
        why = "the data folder is on a read-only disk"
    elif isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        where = f" ({exc.filename})" if exc.filename else ""
        why = f"there is no permission to write in the data folder{where}; it may be read-only"
    elif code in (errno.EEXIST, errno.ENOTDIR):  # mkdir met a file ("File exists" said nothing useful)
        where = f"{exc.filename} (or a folder above it)" if exc.filename else "a folder of the library"
        why = f"{where} is a file, not a folder"
    else:
        why = exc.strerror or str(exc)
    return (
        # No "your edit is still open": the command line (`import`, `reevaluate`) says this too, and
        # the window adds its own line about the editor.
        f"Could not {action}: {why}. Nothing was lost: the version on disk is unchanged; free some "
        "space or fix the folder, then try again."
    )


def describe_write_error(path: Path, exc: OSError) -> str:
    """One line for an output file (a PDF, an export zip) that could not be written: the path, then the
    cause in words. The writers are atomic, so nothing half-written is left and an older file there is
    unchanged."""
    code = exc.errno
    folder = path.parent
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        why = f"the disk of {folder} is full"
    elif code == errno.EFBIG:
        why = "the file is larger than the disk or this account's file-size limit allows"
    elif code == errno.EROFS:
        why = f"{folder} is on a read-only disk"
    elif isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        why = f"no permission to write in {folder}"
    elif code in (errno.ENOTDIR, errno.ENOENT):
        why = f"{folder} is not a folder (a file, or missing)"
    else:
        why = exc.strerror or str(exc)
    return f"{path}: cannot write: {why}; nothing was written there"
