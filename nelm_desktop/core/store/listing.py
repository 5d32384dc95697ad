"""Listing the library from its index (library.py): one scandir and one stat per case file; a file
whose (mtime_ns, size) matches its row is not opened, any other is read, checked and graded; damaged
files are quarantined and unreadable ones reported, never allowed to blank the listing."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from stat import S_ISREG

from nelm_desktop.core.fileio import atomic_write_bytes, is_temp_name
from nelm_desktop.core.grading import grade_case
from nelm_desktop.core.store import library
from nelm_desktop.core.store.errors import CorruptCaseError, StoreError
from nelm_desktop.core.store.folders import _ID_RE
from nelm_desktop.core.store.locking import let_go, try_hold
from nelm_desktop.core.store.quarantine import Quarantine
from nelm_desktop.core.store.reading import _Damaged
from nelm_desktop.core.store.records import CaseSummary, UnreadableFile
from nelm_desktop.core.store.temps import TempFiles


class _Unreadable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Listing(Quarantine, TempFiles):
    """The library listing, search, and the files it could not read."""

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


def _newest_first_key(item: tuple[str, library.IndexEntry]) -> float:
    return item[1].sort_key
