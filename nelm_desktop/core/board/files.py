"""The on-disk envelope of a board file, shaped like a case envelope so the same checks apply::

{"format": "nelm-desktop-board", "kind": "meeting", "format_version": 1, "app_version": "...",
 "saved_at": "...", "sha256": "<hex of the canonical record>", "record": {...}}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Final, Literal

from pydantic import BaseModel, ValidationError

from nelm_desktop import __version__
from nelm_desktop.core.board import migrations
from nelm_desktop.core.board.model import BOARD_FORMAT_VERSION, CaseBoardStatus, Decision, Meeting
from nelm_desktop.core.store.envelope import canonical_json, now_utc, payload_hash

FORMAT: Final = "nelm-desktop-board"
MAX_BOARD_BYTES: Final = 8 * 1024 * 1024  # a decision carries a full evaluation snapshot

Kind = Literal["meeting", "decision", "status"]
KINDS: tuple[Kind, ...] = ("meeting", "decision", "status")
FOLDERS: dict[str, str] = {"meeting": "meetings", "decision": "decisions", "status": "status"}
MODELS: dict[str, type[BaseModel]] = {"meeting": Meeting, "decision": Decision, "status": CaseBoardStatus}


class BoardFileError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class BoardEnvelope:
    kind: Kind
    format_version: int
    sha256: str
    record: dict[str, Any]


def record_id(kind: str, record: BaseModel) -> str:
    if isinstance(record, Meeting):
        return record.meeting_id
    if isinstance(record, Decision):
        return record.decision_id
    if isinstance(record, CaseBoardStatus):
        return record.case_id
    raise TypeError(f"not a board record: {type(record).__name__}")


def encode(kind: Kind, record: BaseModel) -> bytes:
    data = record.model_dump(mode="json")
    envelope = {
        "format": FORMAT,
        "kind": kind,
        "format_version": BOARD_FORMAT_VERSION,
        "app_version": __version__,
        "saved_at": now_utc(),
        "sha256": payload_hash(data),
        "record": data,
    }
    return (json.dumps(envelope, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def decode(raw: bytes) -> BoardEnvelope:
    """Structure and checksum of a board file (not the record's fields)."""
    if len(raw) > MAX_BOARD_BYTES:
        raise BoardFileError(f"file too large for a board file ({len(raw)} bytes)")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BoardFileError("not a text file (not UTF-8)") from None
    except (ValueError, RecursionError):
        raise BoardFileError("not valid JSON; the file is probably cut short or overwritten") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BoardFileError("not a NELM Desktop board file")
    kind = data.get("kind")
    if kind not in KINDS:
        raise BoardFileError(f"unknown board file kind {str(kind)[:40]!r}")
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BoardFileError("format_version must be a whole number")
    record, sha = data.get("record"), data.get("sha256")
    if not isinstance(record, dict) or not isinstance(sha, str):
        raise BoardFileError("record and sha256 are missing")
    if payload_hash(record) != sha.lower():
        raise BoardFileError("checksum mismatch: the content was altered or damaged after saving")
    return BoardEnvelope(kind, version, sha.lower(), record)


def parse(raw: bytes, expect_kind: str) -> tuple[BoardEnvelope, BaseModel]:
    env = decode(raw)
    if env.kind != expect_kind:
        raise BoardFileError(f"a {env.kind} file where a {expect_kind} was expected")
    if env.format_version > BOARD_FORMAT_VERSION:
        raise BoardFileError(
            f"saved by a newer NELM Desktop (board format {env.format_version}); update to open it"
        )
    data = env.record
    if env.format_version < BOARD_FORMAT_VERSION:
        # Migrated in memory (the checksum above is over the record as stored); written in the
        # current format at the next save (core/board/migrations.py).
        try:
            data = migrations.migrate(env.kind, env.record, env.format_version, BOARD_FORMAT_VERSION)
        except migrations.BoardMigrationError as exc:
            raise BoardFileError(exc.reason) from None
    try:
        record = MODELS[expect_kind].model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise BoardFileError(f"{where}: {first['msg']}") from None
    return env, record


def same_content(a: BaseModel, b: BaseModel) -> bool:
    return canonical_json(a.model_dump(mode="json")) == canonical_json(b.model_dump(mode="json"))
