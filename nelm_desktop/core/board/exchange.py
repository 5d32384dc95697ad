"""Board files in the library zip: a file kind registered with `core.store.exchange` (key "board").

Exported verbatim as ``board/<folder>/<id>.json`` and listed in the manifest's ``board`` list with the
checksum of their bytes. Import never overwrites: a file that is not in this library is written as it
is (keeping its audit chain); the same content is a duplicate; a different version of the same meeting
or decision stays as it is here and the import says so, one line per file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from nelm_desktop.core.board import files
from nelm_desktop.core.board.store import BoardStore
from nelm_desktop.core.fileio import atomic_write_bytes, is_temp_name
from nelm_desktop.core.store import exchange
from nelm_desktop.core.store.envelope import bytes_hash
from nelm_desktop.core.store.errors import StoreError, describe_os_error
from nelm_desktop.core.store.locking import held
from nelm_desktop.core.store.records import ImportReport

KEY = "board"
_KIND_OF_FOLDER: dict[str, files.Kind] = {files.FOLDERS[kind]: kind for kind in files.KINDS}


class BoardFiles:
    key = KEY

    def export_members(self, store: exchange.LibraryAccess) -> Iterator[tuple[str, bytes, dict[str, Any]]]:
        board = BoardStore(store.root)
        for kind in files.KINDS:
            try:
                names = sorted(os.listdir(board.folder(kind)))
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise StoreError(f"Could not read the board folder: {exc.strerror or exc}") from None
            for name in names:
                if not name.endswith(".json") or is_temp_name(name):
                    continue
                raw = board._read(board.folder(kind) / name)
                if raw is None:
                    continue
                try:
                    files.decode(raw)
                except files.BoardFileError:
                    continue  # damaged: set aside when next read, never exported
                yield f"{files.FOLDERS[kind]}/{name}", raw, {"kind": kind}

    def import_member(
        self,
        store: exchange.LibraryAccess,
        name: str,
        raw: bytes,
        entry: dict[str, Any],
        report: ImportReport,
    ) -> None:
        folder, _, file_name = name.removeprefix(f"{KEY}/").partition("/")
        kind = _KIND_OF_FOLDER.get(folder)
        if kind is None or not file_name.endswith(".json") or "/" in file_name:
            report.problems.append(f"{name}: not a board file; skipped")
            return
        if bytes_hash(raw) != str(entry.get("sha256", "")).lower():
            report.problems.append(f"{name}: content does not match the manifest's checksum; skipped")
            return
        try:
            _env, record = files.parse(raw, kind)
        except files.BoardFileError as exc:
            report.problems.append(f"{name}: {exc.reason}")
            return
        record_id = files.record_id(kind, record)
        if f"{record_id}.json" != file_name:
            report.problems.append(f"{name}: the id inside does not match the file name; skipped")
            return
        board = BoardStore(store.root)
        path = board.path(kind, record_id)
        board._ensure(kind)
        with held(board._lock(kind, record_id), f"the {kind}"):
            local = board._read(path)
            if local is None:
                try:
                    atomic_write_bytes(path, raw)
                except OSError as exc:
                    raise StoreError(describe_os_error(exc, f"import {name}")) from None
                report.board.append(name)
                return
        try:
            same = files.decode(local).sha256 == _env.sha256
        except files.BoardFileError:
            same = False
        if not same:
            report.problems.append(
                f"{name}: a different version of this {kind} is already in the library; kept the one here"
            )


if not any(kind.key == KEY for kind in exchange.EXTRA_KINDS):
    exchange.register_kind(BoardFiles())
