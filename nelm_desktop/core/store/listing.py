"""Listing the library from its index (library.py, index_format.py): one scandir and one stat per case file; a file
whose (mtime_ns, size, ctime_ns) matches its row is not opened, any other is read, checked and graded;
damaged files are quarantined and unreadable ones reported, never allowed to blank the listing.
`cached_listing` gives the index's rows unchecked, for a window to show at once while `list_cases`
checks them (stale-while-revalidate).

The library as last listed or checked is kept in memory (`listed_index`): a save in this window puts
its one row there (`note_saved`: one stat and one read of the file just written, no listing) and the
window writes the index from it (`index_writing`) once the folder is checked (`index_matches_files`)."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Generator
from pathlib import Path
from stat import S_ISREG
from typing import Any, NamedTuple

from nelm_desktop.core.fileio import LOOSE, atomic_write_bytes, is_shared, is_temp_name, tighten_entry
from nelm_desktop.core.grading import grade_case
from nelm_desktop.core.store import envelope, index_format, library
from nelm_desktop.core.store.errors import CorruptCaseError, StoreError
from nelm_desktop.core.store.folders import _ID_RE
from nelm_desktop.core.store.locking import let_go, try_hold
from nelm_desktop.core.store.quarantine import Quarantine
from nelm_desktop.core.store.reading import _Damaged
from nelm_desktop.core.store.records import CaseSummary, LoadedCase, UnreadableFile
from nelm_desktop.core.store.temps import TempFiles


class SavedRow(NamedTuple):
    """A saved case's row in the listed index (`Listing.note_saved`)."""

    before: int | None  # its place before the save, None for a new case
    now: int  # its place in `index` (-1: removed, `note_removed`)
    summary: CaseSummary | None
    listed: library.CachedIndex  # the listed index with it


class _Unreadable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Listing(Quarantine, TempFiles):
    """The library listing, search, and the files it could not read."""

    def cached_listing(self) -> library.CachedIndex | None:
        """The listing as the index last recorded it, newest edit first, WITHOUT looking at the case
        files (None when there is no usable index). For showing a large library at once, while
        `list_cases(index=…)` checks it against the files; never for anything else."""
        return index_format.read_index(self.index_path, self.cases_dir)

    def index_head(self) -> index_format.IndexHead | None:
        """The newest rows as the index records them (its head: ~1 ms to read, whatever the
        library's size) and how many rows it has in all; None without a usable head. For a window to
        show its first screen of rows at once; `index_rest` gives the whole index after."""
        return index_format.read_index_head(self.index_path, self.cases_dir)

    def index_rest(self, head: index_format.IndexHead) -> Generator[None, None, library.CachedIndex | None]:
        """The whole index whose `head` a window shows, in steps (see index_format.read_index_rest): None
        when it is not to be trusted or the file is no longer the one the head came from."""
        return index_format.read_index_rest(self.index_path, self.cases_dir, head)

    def list_cases(
        self, progress: Callable[[int], None] | None = None, index: library.CachedIndex | None = None
    ) -> list[CaseSummary]:
        """Every case in the library, newest edit first. Damaged files are quarantined (see
        `quarantined()`), never allowed to break the listing. `progress(files_read)` is called every
        250 files that had to be read (an index rebuild: the first start after an upgrade).

        `index`: from `cached_listing()` (else the index is read here). When every file matches it,
        the very list `index.summaries()` is returned: a caller that showed it knows nothing changed."""
        cached = index if index is not None else index_format.read_index(self.index_path, self.cases_dir)
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(f"The library folder {self.root} is a file, not a folder")
        self.private_modes()
        try:
            scanner = os.scandir(self.cases_dir)
        except FileNotFoundError:
            self._unreadable = []
            return []
        except NotADirectoryError:
            raise StoreError(f"The library's cases folder {self.cases_dir} is a file, not a folder") from None
        except OSError as exc:
            raise StoreError(f"Could not open the library: {exc.strerror or exc}") from None
        position = (cached.positions() if cached is not None else {}).get
        columns = cached.columns if cached is not None else {}
        mtimes, sizes, ctimes = (columns.get(name, []) for name in ("mtime_ns", "size", "ctime_ns"))
        checks_ctime = library.CHECKS_CTIME
        kept: list[int] = []
        new_rows: list[tuple[Any, ...]] = []
        unreadable: list[UnreadableFile] = []
        temps = False
        read = 0
        with scanner:
            # The warm path runs once per case file: one stat, one dict look-up, three comparisons.
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
                if st.st_mode & LOOSE and tighten_entry(item.path, st):
                    # Made private before its row is taken: the chmod moved its ctime.
                    with contextlib.suppress(OSError):
                        st = os.stat(item.path, follow_symlinks=False)
                i = position(name[:-5])  # the case id: the name without .json
                if (
                    i is not None
                    and mtimes[i] == st.st_mtime_ns
                    and sizes[i] == st.st_size
                    and (not checks_ctime or ctimes[i] == st.st_ctime_ns)
                ):
                    kept.append(i)
                    continue
                read += 1
                if progress is not None and read % 250 == 0:
                    progress(read)
                try:
                    row = self._index_file(Path(item.path), name[: -len(".json")], st)
                except _Unreadable as exc:
                    unreadable.append(UnreadableFile(name, Path(item.path), exc.reason))
                    continue
                except Exception as exc:  # one strange file must never blank the whole library
                    unreadable.append(UnreadableFile(name, Path(item.path), f"could not be read ({exc!r})"))
                    continue
                if row is not None:
                    new_rows.append(row)
        self._unreadable = sorted(unreadable, key=lambda u: u.name)
        if temps:
            self.sweep_temp_files()
        if cached is not None and not new_rows and len(kept) == len(cached):
            if cached.format != library.INDEX_FORMAT:  # the index of the version before
                self._write_index(
                    index_format.index_file(list(index_format.encoded_columns(columns)), columns)
                )
            self._remember(cached, index)
            return cached.summaries()  # every file as the index has it
        rows = new_rows
        if kept:
            every = list(zip(*columns.values(), strict=True))
            rows = [every[i] for i in kept] + rows
        rows.sort(key=library.newest_first_key, reverse=True)
        listed = library.CachedIndex(index_format.columns_of(rows), self.cases_dir)
        if rows or cached is not None:
            self._write_index(
                index_format.index_file(list(index_format.encoded_columns(listed.columns)), listed.columns)
            )
        self._remember(listed, index)
        return listed.summaries()

    def _remember(self, listed: library.CachedIndex, given: library.CachedIndex | None) -> None:
        # A listing from a given index (a window's background check) does not replace a listed
        # index that a save changed meanwhile: the window checks that one again.
        with self._listed_lock:
            if given is None or self._listed is None or self._listed is given:
                self._listed = listed

    def listed_index(self) -> library.CachedIndex | None:
        """The library as this store last listed it, or checked it against the files (rows newest
        edit first, with each file's stat), plus the saves `note_saved` put in; None before any."""
        listed: library.CachedIndex | None = self._listed
        return listed

    def note_saved(self, loaded: LoadedCase) -> SavedRow | None:
        """Puts a case this store has just saved (`save`, `save_copy`) into `listed_index`, without
        listing the library: its row from the case in memory, the stat of its file, and one read of
        the file to be sure it is still what was saved. None when there is no listed index or the
        file is no longer what was saved (then list the library). The index file is written by
        `index_writing`."""
        if self._listed is None or loaded.read_only:
            return None
        try:
            st = os.stat(loaded.path)  # before the read: a later change shows in the next check
            raw = self._read(loaded.path)
        except (OSError, StoreError):
            return None
        if raw is None or not S_ISREG(st.st_mode) or envelope.bytes_hash(raw) != loaded.file_hash:
            return None
        case = loaded.case
        row = library.row_for(case, grade_case(case)[0].grade, st, False)
        with self._listed_lock:
            listed: library.CachedIndex | None = self._listed
            if listed is None:
                return None
            before = listed.positions().get(case.case_id)
            updated, now = listed.with_row(row)
            self._listed = updated
        return SavedRow(before, now, updated.summaries()[now], updated)

    def note_removed(self, case_id: str) -> SavedRow | None:
        """Takes a case this store has just moved to the trash out of `listed_index`, without
        listing the library: `SavedRow(before, -1, None, listed)`. None when there is no listed
        index, the case is not in it, or its file is still there (then list the library)."""
        try:
            os.stat(self.case_path(case_id))
        except FileNotFoundError:
            pass
        except OSError:
            return None
        else:
            return None
        with self._listed_lock:
            listed: library.CachedIndex | None = self._listed
            before = listed.positions().get(case_id) if listed is not None else None
            if listed is None or before is None:
                return None
            updated = listed.without_row(before)
            self._listed = updated
        return SavedRow(before, -1, None, updated)

    def index_writing(
        self, index: library.CachedIndex, chunk: int = 20_000
    ) -> Generator[str | None, None, None]:
        """Writes `index` (a checked `listed_index`) as the library's index file in steps, a GUI
        thread running them between events: each a `json.dumps` of up to `chunk` values of one
        column (<= ~5 ms at 50,000 rows). It yields "write" before the rest: joining the parts,
        the checksum and the file (~25 ms at 50,000 rows, mostly copies of 8.5 MB, hashing and the
        system's write: a thread can take it, the GIL let go for most of it). The file is the very
        bytes `list_cases` writes for these rows (`index_format.encode_index`)."""
        lines = []
        for name, _ in library.COLUMNS:
            values, parts = index.columns[name], [b"["]
            for start in range(0, len(values), chunk):
                text = json.dumps(values[start : start + chunk], allow_nan=False, separators=(",", ":"))
                parts.append(f"{',' if start else ''}{text[1:-1]}".encode("ascii"))
                yield None
            parts.append(b"]")
            lines.append(b"".join(parts))
        yield "write"
        self._write_index(index_format.index_file(lines, index.columns))

    def index_matches_files(
        self, index: library.CachedIndex, every: int = 100
    ) -> Generator[None, None, bool]:
        """Checks `index` (from `cached_listing`) against the case files without reading any: returns
        True when the folder holds exactly the files it records, each with its (mtime_ns, size,
        ctime_ns), and nothing else to attend to. Yields after every `every` files, so a GUI thread can
        check between events. False at the first difference (a file changed, added, removed, not
        regular, unreadable, a temp file left): `list_cases(index=index)` then reads what changed."""
        if self.root.exists() and not self.root.is_dir():
            return False
        if self.private_modes(sweep=False):
            return False  # a loose library (a copy, an unzip): the listing thread makes it private
        try:
            scanner = os.scandir(self.cases_dir)
        except OSError:
            return False
        position = index.positions().get
        mtimes, sizes, ctimes = (index.columns[name] for name in ("mtime_ns", "size", "ctime_ns"))
        checks_ctime = library.CHECKS_CTIME
        seen = 0
        with scanner:
            for count, item in enumerate(scanner, 1):
                if count % every == 0:
                    yield
                name = item.name
                if not name.endswith(".json"):
                    if is_temp_name(name):
                        return False  # left by a killed writer: list_cases sweeps it
                    continue
                i = position(name[:-5])  # the case id: the name without .json
                if i is None:
                    return False
                try:
                    st = item.stat()
                except OSError:
                    return False
                if (
                    not S_ISREG(st.st_mode)
                    # Readable by others: listed again, and made private (a linked file is left as is).
                    or (st.st_mode & LOOSE and not is_shared(item.path, st))
                    or mtimes[i] != st.st_mtime_ns
                    or sizes[i] != st.st_size
                    or (checks_ctime and ctimes[i] != st.st_ctime_ns)
                ):
                    return False
                seen += 1
        if seen != len(index):
            return False
        self._unreadable = []
        with self._listed_lock:
            self._listed = index
        return True

    def unreadable(self) -> list[UnreadableFile]:
        """Case files the last `list_cases` could not read or set aside (no permission, not a regular
        file, too large, damaged on a read-only or full disk), each with its reason. They are not in
        the listing, and `export_library` names them."""
        return list(self._unreadable)

    def _index_file(self, path: Path, case_id: str, st: os.stat_result) -> library.IndexRow | None:
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
        return library.row_for(loaded.case, grade_case(loaded.case)[0].grade, st, loaded.read_only)

    def _write_index(self, data: bytes) -> None:
        lock = try_hold(self._library_lock()) if self.locks_dir.is_dir() else None
        if lock is None:
            return  # the index is only a cache; another window is writing it, or the folder is read-only
        try:
            with contextlib.suppress(OSError, ValueError):
                atomic_write_bytes(self.index_path, data, durable=False)
            # An index temp here is a killed writer's (writers hold this lock): every patient's label,
            # left for good, since the sweep at listing only looks when cases/ holds a temp file.
            with contextlib.suppress(OSError):
                prefix = f".{self.index_path.name}."
                for name in os.listdir(self.root):
                    if name.startswith(prefix) and is_temp_name(name):
                        os.unlink(self.root / name)
        finally:
            let_go(lock)

    def search(self, text: str) -> list[CaseSummary]:
        return [summary for summary in self.list_cases() if library.matches(summary, text)]
