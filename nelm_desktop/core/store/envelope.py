"""The on-disk envelope around a case:

    {"schema_version": 1, "app_version": "0.1.0", "saved_at": "...", "sha256": "<hex>", "case": {...}}

`sha256` is taken over the canonical JSON of `case` (sorted keys, no spaces, UTF-8), so it identifies the
content whatever the indentation; the file itself is indented for people who open it in an editor.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from nelm_desktop import __version__
from nelm_desktop.core.loading import MAX_CASE_BYTES, DuplicateKeyError, invalid_text_problem, parse_json
from nelm_desktop.core.model import SCHEMA_VERSION, Case


class EnvelopeError(Exception):
    """The bytes are not a sound case envelope; `reason` says why in one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Envelope:
    """A case file as stored: the case and the envelope fields around it (version, time, hash)."""

    schema_version: int
    app_version: str
    saved_at: str
    sha256: str
    case: dict[str, Any]


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def payload_hash(case_data: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(case_data)).hexdigest()


def bytes_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def case_payload(case: Case) -> dict[str, Any]:
    return case.model_dump(mode="json")


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def encode(case: Case, *, saved_at: str | None = None) -> bytes:
    data = case_payload(case)
    envelope = {
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "saved_at": saved_at or now_utc(),
        "sha256": payload_hash(data),
        "case": data,
    }
    return (json.dumps(envelope, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def decode(raw: bytes) -> Envelope:
    """Parse and check an envelope (structure and hash, not the case's fields): EnvelopeError or data."""
    if len(raw) > MAX_CASE_BYTES:
        raise EnvelopeError(f"file too large for a case ({len(raw)} bytes)")
    if not raw.strip():
        raise EnvelopeError("file is empty")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EnvelopeError("not a text file (not UTF-8)") from None
    try:
        data = parse_json(text)
    except DuplicateKeyError as exc:
        raise EnvelopeError(str(exc)) from None
    except json.JSONDecodeError as exc:
        raise EnvelopeError(
            f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
            "the file is probably cut short or overwritten"
        ) from None
    except RecursionError:
        raise EnvelopeError("not valid JSON (nested too deeply)") from None
    if not isinstance(data, dict):
        raise EnvelopeError(f"expected a JSON object, found {type(data).__name__}")
    missing = [key for key in ("schema_version", "sha256", "case") if key not in data]
    if missing:
        raise EnvelopeError(f"not a NELM Desktop case file (missing {', '.join(missing)})")
    version = data["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise EnvelopeError(f"schema_version must be a whole number (got {json.dumps(version)[:40]})")
    case = data["case"]
    if not isinstance(case, dict):
        raise EnvelopeError("case must be a JSON object")
    broken = invalid_text_problem(case)
    if broken is not None:
        raise EnvelopeError(broken)
    sha = data["sha256"]
    if not isinstance(sha, str):
        raise EnvelopeError("sha256 must be a string")
    if payload_hash(case) != sha.lower():
        raise EnvelopeError("checksum mismatch: the case content was altered or damaged after saving")
    app_version = data.get("app_version", "")
    saved_at = data.get("saved_at", "")
    return Envelope(
        schema_version=version,
        app_version=app_version if isinstance(app_version, str) else str(app_version),
        saved_at=saved_at if isinstance(saved_at, str) else str(saved_at),
        sha256=sha.lower(),
        case=case,
    )
