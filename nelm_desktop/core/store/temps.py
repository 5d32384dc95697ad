"""Temp files left by killed writers: per case (removed under the case lock before each save), anywhere
in the library (`sweep_temp_files`), and temps written outside it (an export), journaled in
``locks/temps/`` so that the next start can remove them."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from nelm_desktop.core.fileio import atomic_write_bytes, ensure_dir, is_temp_name, read_regular, temp_prefix
from nelm_desktop.core.store.errors import StoreError
from nelm_desktop.core.store.folders import _ID_RE, StoreFolders
from nelm_desktop.core.store.locking import let_go, try_hold


class TempFiles(StoreFolders):
    """Finding and removing what killed writers left behind."""

    def _clean_case_temps(self, case_id: str, *, kept_versions_only: bool = False) -> None:
        """Remove temp files a killed writer left for this case (caller holds the case lock);
        `kept_versions_only`: in its backups folder only (no listing of the whole cases folder)."""
        prefix = temp_prefix(f"{case_id}.json")
        folders = [(self.cases_dir, prefix), (self.backups_dir / case_id, ".")]
        for folder, start in folders[1:] if kept_versions_only else folders:
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

    @contextlib.contextmanager
    def journaled_temp(self) -> Iterator[Callable[[Path], None]]:
        """For a temp file written OUTSIDE the library (an export next to its target): yields a
        callback that records the temp's path in ``locks/temps/`` while this process holds a lock on
        the record; `sweep_temp_files` at the next start deletes temps whose writer was killed."""
        try:
            self._ensure_dirs()
            ensure_dir(self.temps_journal_dir)
        except (StoreError, OSError):
            # A library on a read-only or full disk still exports (rescuing its cases is when an
            # export matters most); only a temp left by a killed export is then not swept at start.
            yield lambda _tmp: None
            return
        token = uuid.uuid4().hex
        record = self.temps_journal_dir / f"{token}.path"
        lock = try_hold(self.temps_journal_dir / f"{token}.lock")

        def remember(tmp: Path) -> None:
            with contextlib.suppress(OSError):  # (as above: the export goes on without the record)
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
                    tmp = Path(os.fsdecode(read_regular(record, 16 * 1024)))
                    if is_temp_name(tmp.name):
                        with contextlib.suppress(FileNotFoundError):
                            tmp.unlink()
                            removed += 1
                with contextlib.suppress(OSError):
                    record.unlink()
            finally:
                let_go(lock)
        return removed
