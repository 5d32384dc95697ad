"""Where a library keeps its files, and how one is read: folders, case ids, lock files, the bounded
read of a case-sized file, and the lists of a case's kept and trashed versions (file names only).

Layout of the data folder::

    cases/<id>.json              the current version of each case (the source of truth)
    backups/<id>/<stamp>.json    earlier versions, thinned (backups.py)
    backups/_library/            whole-library zips taken before a schema migration
    trash/<id>--<stamp>.json     deleted cases, until the trash is emptied
    quarantine/<id>--<stamp>.json (+ .reason.txt)   files that failed their checks
    locks/                       lock files (per case; library)
    index.json                   cache for fast listing (library.py, index_format.py), never the truth
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import Any

from nelm_desktop.core.fileio import (
    NotRegularFileError,
    TooLargeError,
    ensure_dir,
    is_temp_name,
    read_regular,
    tighten_dir,
    tighten_tree,
)
from nelm_desktop.core.loading import MAX_CASE_BYTES
from nelm_desktop.core.paths import data_dir
from nelm_desktop.core.store import backups
from nelm_desktop.core.store.errors import StoreError, refused
from nelm_desktop.core.store.records import BackupInfo, UnreadableFile

ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]{0,127}"
_ID_RE = re.compile(f"^{ID_PATTERN}\\Z")  # \Z: "$" would also let a final line break through


_BACKUP_ID_RE = re.compile(r"^[0-9]{8}T[0-9]{6}\.[0-9]{6}Z(-[0-9]+)?$")


ANCHOR_NAME = "anchor.json"


def read_library_file(
    path: Path, too_large: str = "too large", root: Path | None = None, name: str = ""
) -> bytes | None:
    """The bytes of a case-sized regular file of a library (a case, a board record), None when absent;
    StoreError with one line otherwise. Bounded, and a FIFO or device is never opened for a blocking
    read (it would hang the reader); a file found group/world readable is made private. `root`: the
    library folder, named when a part of the path is a file; `name`: how the file is named in a message
    (default: its file name)."""
    name = name or path.name
    try:
        return read_regular(path, MAX_CASE_BYTES, private=True)
    except FileNotFoundError:
        return None
    except NotRegularFileError:
        raise StoreError(
            f"Could not read {name}: it is not a regular file (a pipe, device or socket)"
        ) from None
    except TooLargeError as exc:
        raise StoreError(f"Could not read {name}: {too_large} ({exc.size} bytes)") from None
    except NotADirectoryError as exc:
        if root is None:
            raise StoreError(f"Could not read {name}: {exc.strerror or exc}") from None
        raise StoreError(
            f"Could not read {name}: a part of the library folder {root} is a file, not a folder"
        ) from None
    except OSError as exc:
        raise StoreError(f"Could not read {name}: {exc.strerror or exc}") from None


class StoreFolders:
    """The paths of one library folder (default: `paths.data_dir()`); the base of `CaseStore`."""

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
        self._listed: Any = None  # the library as last listed or checked (listing.Listing.listed_index)
        self._listed_lock = threading.Lock()  # a window's listing thread and its GUI thread
        self._batch = threading.local()
        self._tightened = False
        self._modes_checked = False  # `private_modes` has looked at the library's top level
        self._sweep_due = False  # a loose folder was found there: every path below is checked

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
            raise refused(exc, "prepare the data folder") from None
        if not self._tightened:
            # A library folder made group/world readable (a copy, an unzip, a shared drive) is made
            # private again: patient data is for this account only.
            self._tightened = True
            for folder in (self.root, self.cases_dir, self.backups_dir, self.locks_dir):
                tighten_dir(folder)

    def private_modes(self, sweep: bool = True) -> bool:
        """Makes the library private again where a copy, an unzip or a shared drive loosened it: the
        folder itself and what is directly in it (index.json, cases/, backups/, board/, ...), once per
        process and at the cost of one stat each. A loose folder there means the whole tree may be
        loose: with `sweep`, every path below is checked then (`tighten_tree`, symbolic links never
        followed), else that is left due for the next call with `sweep` (a listing thread).
        True when something was loose. Case files are also checked as the listing stats them."""
        changed = False
        if not self._modes_checked:
            self._modes_checked = True
            changed = tighten_dir(self.root)
            changed = tighten_tree(self.root, depth=1) > 0 or changed
            self._sweep_due = self._sweep_due or changed
        if sweep and self._sweep_due:
            self._sweep_due = False
            changed = bool(tighten_tree(self.root)) or changed
        return changed

    def ensure_dirs(self) -> None:
        """Create the library folders (private); StoreError when that is impossible."""
        self._ensure_dirs()

    def _case_lock(self, case_id: str) -> Path:
        return self.locks_dir / f"{case_id}.lock"

    def _library_lock(self) -> Path:
        return self.locks_dir / "library.lock"

    def _read(self, path: Path) -> bytes | None:
        """The bytes of a case-sized regular file, None when absent (see `read_library_file`)."""
        return read_library_file(path, "too large for a case file", self.root)

    def _anchor_path(self, case_id: str) -> Path:
        return self.backups_dir / case_id / ANCHOR_NAME

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

    def _trash_paths(self) -> list[Path]:
        try:
            names = os.listdir(self.trash_dir)
        except OSError:
            return []
        return [self.trash_dir / n for n in names if n.endswith(".json") and not is_temp_name(n)]


def _trash_order(name: str) -> tuple[int, str]:
    """Sort key of a trash file: the unstamped ``<id>.json`` (the first deletion, older app versions)
    before every stamped ``<id>--<stamp>.json``, stamped ones by time."""
    stem = name[: -len(".json")]
    _, sep, rest = stem.partition("--")
    return (1, rest) if sep else (0, "")
