"""Audit trail: each save appends a hash-chained `Revision` to ``case.revisions``.

An entry's `hash` is the SHA-256 of the canonical JSON of the entry itself (every field except `hash`,
including `prev_hash` and any extra field such as `action`), so changing, inserting or removing an entry
in the middle breaks the chain. (Cutting entries off the end, or rewriting the whole chain, needs the
attacker to recompute hashes: the trail detects accidents and casual edits, it is not a signature.)
"""

from __future__ import annotations

import getpass
import hashlib
from datetime import datetime
from typing import Any

from nelm_desktop.core.model import Case, Revision
from nelm_desktop.core.store.envelope import canonical_json

# Fields the store itself maintains: never reported as "changed" by the user.
BOOKKEEPING = frozenset({"revisions", "updated_at", "schema_version"})


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (service account, container): still save
        return ""


def entry_hash(entry: dict[str, Any]) -> str:
    body = {key: value for key, value in entry.items() if key != "hash"}
    return hashlib.sha256(canonical_json(body)).hexdigest()


def changed_fields(before: Case | None, after: Case) -> list[str]:
    """Names of the fields whose value differs, in model order. `before=None`: fields set on creation."""
    reference = before if before is not None else Case(case_id=after.case_id)
    old = reference.model_dump(mode="json")
    new = after.model_dump(mode="json")
    skip = BOOKKEEPING | ({"case_id", "created_at"} if before is None else frozenset())
    return [name for name in Case.model_fields if name not in skip and old.get(name) != new.get(name)]


def make_revision(case: Case, changed: list[str], action: str, **extra: Any) -> Revision:
    prev = case.revisions[-1].hash if case.revisions else ""
    entry: dict[str, Any] = {
        "time": datetime.now().astimezone().isoformat(timespec="seconds"),
        "user": os_user(),
        "changed": changed,
        "prev_hash": prev,
        "action": action,
        **extra,
    }
    entry["hash"] = entry_hash(entry)
    return Revision.model_validate(entry)


def verify_history(case: Case) -> bool:
    """True when every entry hashes to its `hash` and links to the one before it."""
    prev = ""
    for revision in case.revisions:
        entry = revision.model_dump(mode="json")
        if revision.prev_hash != prev or entry_hash(entry) != revision.hash:
            return False
        prev = revision.hash
    return True
