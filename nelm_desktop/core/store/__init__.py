"""The case store (issue #3). Public API; the implementation lives in the modules of this package.

Contract used by the UI and the command line (keep these names stable):

    store = CaseStore(root)                       # root = paths.data_dir() unless told otherwise
    store.list_cases() -> list[CaseSummary]       # newest edit first; fast for 10,000 cases (index)
    store.search(text) -> list[CaseSummary]       # label / primary / grade / id, case-insensitive
    store.load(case_id) -> LoadedCase             # raises CorruptCaseError (file quarantined) or StoreError
    store.save(case, expected_hash=None) -> LoadedCase
        # atomic + backup + audit revision; raises ConflictError when the file on disk changed since
        # expected_hash; raises StoreError (disk full, read-only...) leaving the in-memory case intact;
        # raises ReadOnlyCaseError for a file whose schema_version is newer than the app's
    store.save_copy(case) -> LoadedCase           # "keep mine as a copy": new case_id
    store.delete(case_id) -> None                 # moves to trash/
    store.trash() / store.restore_from_trash(case_id) / store.empty_trash()
    store.backups(case_id) -> list[BackupInfo]; store.restore_backup(case_id, backup_id) -> LoadedCase
    store.history(case_id) -> list[Revision]; store.verify_history(case) -> bool
    store.quarantined() -> list[QuarantineInfo]
    store.export_library(zip_path, case_ids=None, progress=None) -> ExportReport  # names what it left out
    store.import_path(path, progress=None) -> ImportReport
    store.unreadable() -> list[UnreadableFile]    # case files the last listing could not read

Also: `store.load_backup(case_id, backup_id)` (read-only preview of a kept version),
`store.sweep_temp_files()` (remove what killed writers left; `list_cases` does it when it sees any),
`export_library(zip_path, case_ids=[...])` to export some cases only. See docs/store.md.
"""

from nelm_desktop.core.store.errors import (
    ConflictError,
    CorruptCaseError,
    ReadOnlyCaseError,
    StoreError,
    WriteRefusedError,
)
from nelm_desktop.core.store.records import (
    BackupInfo,
    CaseSummary,
    ExportReport,
    ImportReport,
    LoadedCase,
    QuarantineInfo,
    UnreadableFile,
)
from nelm_desktop.core.store.store import CaseStore

__all__ = [
    "BackupInfo",
    "CaseStore",
    "CaseSummary",
    "ConflictError",
    "CorruptCaseError",
    "ExportReport",
    "ImportReport",
    "LoadedCase",
    "QuarantineInfo",
    "ReadOnlyCaseError",
    "StoreError",
    "UnreadableFile",
    "WriteRefusedError",
]
