"""Board files in the library zip: a file kind registered with `core.store.exchange` (key "board").

Exported verbatim as ``board/<folder>/<id>.json`` and listed in the manifest's ``board`` list with the
checksum of their bytes. Import never overwrites: a file that is not in this library is written as it
is (keeping its audit chain); the same content is a duplicate; a different version of the same meeting
or decision stays as it is here and the import says so, one line per file.

Cases imported as copies (their id was taken here by other content, so they came in under a new id):
a meeting that comes in with them in the same import is about the incoming cases, so its agenda items
(and its decisions, renamed ``<meeting>--<new case id>``) follow the copies; the re-pointing is an
audit revision (``action: re-pointed``, ``case_ids: {old: new}``) after the verbatim version, which
stays among the meeting's kept versions. A meeting already in this library is never re-pointed: its
agenda refers to the cases of this library. A board status is about its case alone, so the status of
a case imported as a copy always follows the copy (also an audited ``re-pointed`` revision); it is
never attached to the other content that holds the old id here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from nelm_desktop.core.board import files
from nelm_desktop.core.board.model import CaseBoardStatus, Decision, Meeting
from nelm_desktop.core.board.stamping import stamp
from nelm_desktop.core.board.store import BoardStore, Loaded
from nelm_desktop.core.fileio import atomic_write_bytes, is_temp_name
from nelm_desktop.core.store import exchange
from nelm_desktop.core.store.envelope import bytes_hash
from nelm_desktop.core.store.errors import StoreError, refused
from nelm_desktop.core.store.locking import held
from nelm_desktop.core.store.records import ImportReport

KEY = "board"
_KIND_OF_FOLDER: dict[str, files.Kind] = {files.FOLDERS[kind]: kind for kind in files.KINDS}


class BoardFiles:
    key = KEY

    def export_members(
        self, store: exchange.LibraryAccess, case_ids: frozenset[str] | None, notes: list[str]
    ) -> Iterator[tuple[str, bytes, dict[str, Any]]]:
        """Every board file for a whole-library export. For some cases only: the meetings with one of
        them on the agenda, each without the agenda items of the cases left behind (an audited
        revision of the exported copy: `action: exported-in-part`), and the decisions and statuses
        of those cases; `notes` says what was left out."""
        board = BoardStore(store.root)
        left_out: dict[str, int] = {"meeting": 0, "decision": 0, "status": 0}
        stripped = 0
        for kind in files.KINDS:
            for name, raw in _stored_files(board, kind):
                if case_ids is None:
                    yield f"{files.FOLDERS[kind]}/{name}", raw, {"kind": kind}
                    continue
                try:
                    _env, record = files.parse(raw, kind)
                except files.BoardFileError:
                    continue  # damaged: set aside when next read, never exported
                if isinstance(record, Meeting):
                    kept = [item for item in record.agenda if item.case_id in case_ids]
                    if not kept:
                        left_out[kind] += 1
                        continue
                    if len(kept) < len(record.agenda):
                        removed = len(record.agenda) - len(kept)
                        stripped += removed
                        part = record.model_copy(update={"agenda": kept})
                        raw = files.encode(
                            kind, stamp(part, record, "exported-in-part", {"agenda_items_left_out": removed})
                        )
                elif getattr(record, "case_id", None) not in case_ids:
                    left_out[kind] += 1
                    continue
                yield f"{files.FOLDERS[kind]}/{name}", raw, {"kind": kind}
        if case_ids is not None and (stripped or any(left_out.values())):
            notes.append(
                "board: only the files of the exported cases were included; left out "
                f"{left_out['meeting']} meeting(s) without an exported case, {left_out['decision']} "
                f"decision(s) and {left_out['status']} status file(s) of other cases, and "
                f"{stripped} agenda item(s) of other cases from the meetings included (recorded in "
                "each meeting's history)"
            )

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
        moved = _follows_copies(kind, record, report)
        if moved:
            _import_re_pointed(board, kind, name, raw, record, moved, report)
            return
        path = board.path(kind, record_id)
        board._ensure(kind)
        with held(board._lock(kind, record_id), f"the {kind}"):
            local = board._read(kind, path)
            if local is None:
                try:
                    atomic_write_bytes(path, raw)
                except OSError as exc:
                    raise refused(exc, f"import {name}") from None
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


def _stored_files(board: BoardStore, kind: files.Kind) -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) of each sound board file of `kind` (a damaged one is never exported)."""
    try:
        names = sorted(os.listdir(board.folder(kind)))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"Could not read the board folder: {exc.strerror or exc}") from None
    for name in names:
        if not name.endswith(".json") or is_temp_name(name):
            continue
        raw = board._read(kind, board.folder(kind) / name)
        if raw is None:
            continue
        try:
            files.decode(raw)
        except files.BoardFileError:
            continue  # damaged: set aside when next read, never exported
        yield name, raw


def _follows_copies(kind: files.Kind, record: BaseModel, report: ImportReport) -> dict[str, str]:
    """{old case id: new case id} for the cases of this import's meeting that came in as copies, or
    for the case of a status file that came in as a copy (empty when nothing moves: a decision whose
    meeting was not imported with it, or no copies)."""
    copies = dict(report.copies)
    if not copies:
        return {}
    if isinstance(record, CaseBoardStatus):
        return {record.case_id: copies[record.case_id]} if record.case_id in copies else {}
    if isinstance(record, Meeting):
        return {item.case_id: copies[item.case_id] for item in record.agenda if item.case_id in copies}
    if isinstance(record, Decision) and record.case_id in copies:
        meeting_file = f"{KEY}/{files.FOLDERS['meeting']}/{record.meeting_id}.json"
        if meeting_file in report.board:  # the meeting came in with this import (meetings go first)
            return {record.case_id: copies[record.case_id]}
    return {}


def _import_re_pointed(
    board: BoardStore,
    kind: files.Kind,
    name: str,
    raw: bytes,
    record: BaseModel,
    moved: dict[str, str],
    report: ImportReport,
) -> None:
    """Write an imported meeting, decision or status that follows case copies: the verbatim file first
    (a meeting keeps it as its previous version), then the re-pointed record as an audit revision."""
    if isinstance(record, Meeting):
        agenda = [
            item.model_copy(update={"case_id": moved.get(item.case_id, item.case_id)})
            for item in record.agenda
        ]
        target: BaseModel = record.model_copy(update={"agenda": agenda})
    else:
        assert isinstance(record, Decision | CaseBoardStatus)
        target = record.model_copy(update={"case_id": moved[record.case_id]})
    target_id = files.record_id(kind, target)
    path = board.path(kind, target_id)
    board._ensure(kind)
    with held(board._lock(kind, target_id), f"the {kind}"):
        if board._read(kind, path) is not None:
            report.problems.append(
                f"{name}: a {kind} with id {target_id} is already in the library; kept the one here"
            )
            return
        previous: Loaded[Any] | None = None
        if target_id == files.record_id(kind, record):
            try:
                atomic_write_bytes(path, raw)
            except OSError as exc:
                raise refused(exc, f"import {name}") from None
            previous = Loaded(record, bytes_hash(raw), path)
        board._write(kind, target, previous, "re-pointed", {"case_ids": moved})
    report.board.append(name)
    report.notes.append(
        f"{name}: refers to case(s) imported as copies; now refers to "
        + ", ".join(f"{new} (was {old})" for old, new in moved.items())
    )


if not any(kind.key == KEY for kind in exchange.EXTRA_KINDS):
    exchange.register_kind(BoardFiles())
