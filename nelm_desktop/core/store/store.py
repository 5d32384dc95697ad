"""`CaseStore`: one envelope file per case under ``<root>/cases/<case_id>.json`` (layout: folders.py).

The class is assembled from one module per concern, each a layer over `StoreFolders`:
reading (bytes to a case), quarantine (load; damaged files set aside), versions (kept versions),
history (audit anchor), durability (when writes reach the disk), temps (what killed writers left),
saving (every write of a case file), trash, listing (the index). This module adds what import and
export (exchange.py) use: the `LibraryAccess` methods, and the board's files travelling along.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from nelm_desktop.core.fileio import atomic_write_bytes, ensure_dir, is_temp_name, read_regular
from nelm_desktop.core.loading import MAX_CASE_BYTES
from nelm_desktop.core.store import exchange
from nelm_desktop.core.store.errors import StoreError, refused
from nelm_desktop.core.store.exchange import Progress
from nelm_desktop.core.store.folders import _ID_RE
from nelm_desktop.core.store.listing import Listing
from nelm_desktop.core.store.reading import DamagedFileError
from nelm_desktop.core.store.records import ExportReport, ImportReport
from nelm_desktop.core.store.saving import Saving
from nelm_desktop.core.store.trash import Trash

_COMPANION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.json$")


class CaseStore(Listing, Trash, Saving):
    """The case library in one data folder (default: `paths.data_dir()`). Safe across processes."""

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
        """Import a library zip or one case JSON file; see exchange.import_path. The board's files
        travel only in a zip: a case file is imported without loading the board's modules."""
        return exchange.import_path(self, Path(path), progress, before_zip=_board_files_travel)

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
            raise refused(exc, f"import {folder}/{name}") from None
        return True

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


def _board_files_travel() -> None:
    """The tumour board's meetings, decisions and statuses travel with the library: importing
    `core.board.exchange` registers their file kind with exchange (once)."""
    import nelm_desktop.core.board.exchange  # noqa: F401


__all__ = ["CaseStore", "DamagedFileError"]
