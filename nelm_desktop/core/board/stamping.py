"""A board record's audit revision and the checks it passes before it reaches the disk.

`stamp` appends one hash-chained revision (`store.audit`) and validates the whole record: the pydantic
model's own rules, then no hidden character in any text the user typed (`BoardRecordError`, one line
each). Used by `BoardStore` for every write and by the board's import for re-pointed records.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from nelm_desktop.core.board import decisions as rules
from nelm_desktop.core.model import Revision
from nelm_desktop.core.store import audit
from nelm_desktop.core.store.errors import StoreError
from nelm_desktop.core.validation_messages import hidden_character

R = TypeVar("R", bound=BaseModel)


class BoardRecordError(StoreError):
    """A decision (or another record) breaks a rule; `problems` has one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def stamp(record: R, previous: R | None, action: str, extra: dict[str, Any]) -> R:
    """`record` with one more audit revision (hash-chained to its last one), validated; not written."""
    revisions: list[Revision] = list(getattr(record, "revisions", []))
    entry: dict[str, Any] = {
        "time": rules.now_local(),
        "user": audit.os_user(),
        "changed": _changed(previous, record),
        "prev_hash": revisions[-1].hash if revisions else "",
        "action": action if previous is not None or action != "edited" else "created",
        **extra,
    }
    entry["hash"] = audit.entry_hash(entry)
    return _validated(record.model_copy(update={"revisions": [*revisions, Revision.model_validate(entry)]}))


def _changed(before: BaseModel | None, after: BaseModel) -> list[str]:
    new = after.model_dump(mode="json")
    old = before.model_dump(mode="json") if before is not None else {}
    return [
        name for name in type(after).model_fields if name != "revisions" and old.get(name) != new.get(name)
    ]


def _validated(record: R) -> R:
    """`model_copy` does not validate: check the whole record before it reaches the disk."""
    try:
        checked = type(record).model_validate(record.model_dump(mode="json"))
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"])
            message = str(error["msg"]).removeprefix("Value error, ")
            lines.append(f"{where}: {message}" if where else message)
        raise BoardRecordError(lines) from None
    hidden = _hidden_characters(checked.model_dump(mode="json", exclude={"snapshot", "revisions"}))
    if hidden:
        raise BoardRecordError(hidden)
    return checked


# Free texts that run over several lines in the decision form (a tab or line break in them is text).
_MULTILINE = frozenset({"rationale", "dissent"})


def _hidden_characters(value: Any, where: str = "") -> list[str]:
    """A control character or direction override in any text the user typed is refused on the way
    to the disk (the forms name it first); files read from disk are shown, never changed on load."""
    if isinstance(value, str):
        multiline = where.rsplit(".", 1)[-1] in _MULTILINE
        problem = hidden_character(where or "text", value, multiline=multiline)
        return [problem] if problem else []
    if isinstance(value, dict):
        return [
            p for key, item in value.items() for p in _hidden_characters(item, f"{where}.{key}".strip("."))
        ]
    if isinstance(value, list):
        return [
            p for i, item in enumerate(value) for p in _hidden_characters(item, f"{where}.{i}".strip("."))
        ]
    return []
