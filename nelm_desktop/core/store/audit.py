"""Audit trail: each save appends a hash-chained `Revision` to ``case.revisions``.

An entry's `hash` is the SHA-256 of the canonical JSON of the entry itself (every field except `hash`,
including `prev_hash` and any extra field such as `action`), so changing, inserting or removing an entry
in the middle breaks the chain.

The chain is anchored outside the case file: at each save the store records the head (revision count
and last hash) in ``backups/<case_id>/anchor.json``, and every backup file carries the chain up to its
time. Cutting entries off the end, or rewriting the whole chain, then no longer verifies
(`check_anchor`). It detects accidents and casual edits; it is not a signature (someone who rewrites
the anchor and the backups too is not detected).
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


def head(case: Case) -> dict[str, Any]:
    """The chain head recorded as the anchor: how many revisions, and the last one's hash."""
    return {"revisions": len(case.revisions), "head": case.revisions[-1].hash if case.revisions else ""}


def check_anchor(case: Case, anchor: dict[str, Any] | None) -> str | None:
    """Why the case's chain does not extend its recorded head, or None. The chain may have grown
    past the anchor (a save whose anchor write failed), never shrunk or changed below it."""
    if not anchor:
        return None
    count, last = anchor.get("revisions"), anchor.get("head")
    if not isinstance(count, int) or not isinstance(last, str) or count <= 0:
        return None
    if len(case.revisions) < count:
        return (
            f"the history has {len(case.revisions)} revision(s) but {count} were recorded: "
            "entries were cut off the end"
        )
    if case.revisions[count - 1].hash != last:
        return "the history differs from the one recorded at the last save: it was rewritten"
    return None
