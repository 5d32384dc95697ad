"""Turn untrusted JSON (a file, an import, a pasted value) into a `Case`, or into clear problems.

Every problem is one line that names the field, e.g. ``ki67_pct: must be at most 100 (got 140)``.
Accepted shapes: a flat case object; the store's envelope ``{"case": {...}, ...}``; or
``{"facts": {...}}`` with the catalogue's fact names. Nothing here raises anything but
`CaseInputError` for bad input.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from nelm_desktop.core.model import AS_STORED, SCHEMA_VERSION, Case
from nelm_desktop.core.validation_messages import problem_lines

MAX_CASE_BYTES = 20 * 1024 * 1024


class DuplicateKeyError(ValueError):
    """The same key twice in one JSON object: which value was meant cannot be known."""

    def __init__(self, key: str) -> None:
        super().__init__(f"{key}: appears twice in the same object; which value is meant is unclear")
        self.key = key


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKeyError(key)
        out[key] = value
    return out


def parse_json(text: str | bytes) -> Any:
    """`json.loads` that refuses duplicate keys (a file with ``"ki67_pct": 8, "ki67_pct": 80`` is not
    read as 80). Raises json.JSONDecodeError, DuplicateKeyError or RecursionError."""
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicates)
    except (json.JSONDecodeError, DuplicateKeyError):
        raise
    except ValueError:
        # Python reads integers of at most 4,300 digits and raises a bare ValueError past that, which
        # the readers did not expect: a case file holding one was left out of the listing unnamed,
        # and `export`, `evaluate` and `report` ended on a traceback. Said as the JSON error it is.
        doc = text if isinstance(text, str) else text.decode("utf-8", errors="replace")
        found = _LONG_NUMBER.search(doc)
        raise json.JSONDecodeError(
            f"a number of {len(found.group()) if found else 'too many'} digits (at most 4,300 can be read)",
            doc,
            found.start() if found else 0,
        ) from None


_LONG_NUMBER = re.compile(r"\d{4301,}")


def invalid_text_at(value: Any, where: str = "case") -> str | None:
    """The path of the first string that cannot be stored as UTF-8 (a lone surrogate such as
    ``"\\ud800"`` is valid JSON but not text), or None."""
    stack: list[tuple[str, Any]] = [(where, value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return path
        elif isinstance(item, dict):
            for key, sub in item.items():
                if invalid_text_at(key, "") is not None:
                    return f"{path}.<key>"
                stack.append((key if path == "case" else f"{path}.{key}", sub))
        elif isinstance(item, list):
            stack.extend((f"{path}[{i}]", sub) for i, sub in enumerate(item))
    return None


def invalid_text_problem(value: Any, where: str = "case") -> str | None:
    try:  # the common case in one C-speed pass; the walk below only runs to name a bad field
        json.dumps(value, ensure_ascii=False).encode("utf-8")
        return None
    except UnicodeEncodeError:
        pass
    except (TypeError, ValueError, RecursionError):
        pass  # not plain JSON data: walk it
    path = invalid_text_at(value, where)
    if path is None:
        return None
    return f"{path}: contains a broken character (a lone UTF-16 surrogate) that is not valid text"


class CaseInputError(Exception):
    """Bad case input: `problems` holds one human-readable line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def case_from_data(data: Any, warnings: list[str] | None = None, *, stored: bool = False) -> Case:
    """Validate parsed JSON into a Case; raise CaseInputError naming each bad field.

    With a `warnings` list, keys that are not fields of the case are dropped and reported there instead
    of rejected (read-only analysis such as `evaluate`); without it they are errors (storage, import).
    `stored` is for a case read back from the library (its files, drafts, time points): the date rules
    (core/dates.py) are not applied, so a file saved before them opens with its date marked instead of
    being lost. Input from outside (evaluate, import, report) is always checked in full.
    """
    if not isinstance(data, dict):
        raise CaseInputError([f"case: expected a JSON object, got {type(data).__name__}"])
    broken = invalid_text_problem(data)
    if broken is not None:
        raise CaseInputError([broken])
    if isinstance(data.get("case"), dict):
        data = data["case"]
    elif isinstance(data.get("facts"), dict):
        data = {**{k: v for k, v in data.items() if k != "facts"}, **data["facts"]}
    # No schema_version: read as today's format (the v1 spellings, e.g. fdg_pet "done", are accepted).
    version = data.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, int) and not isinstance(version, bool):
        if version > SCHEMA_VERSION:
            raise CaseInputError(
                [
                    f"schema_version: {version} is newer than this app understands ({SCHEMA_VERSION}); "
                    "update NELM Desktop"
                ]
            )
        if version < SCHEMA_VERSION:
            data = _migrated(data, version)
        elif "prior_treatments" in data and "schema_version" not in data:
            # A hand-written file without a version, in the v2 spelling: the v2 -> v3 step reads it.
            data = _migrated({**data, "schema_version": 2}, 2)
    if warnings is not None:
        extra = [key for key in data if key not in Case.model_fields]
        for key in extra:
            warnings.append(f"{key}: not a field of the case model; ignored")
        data = {k: v for k, v in data.items() if k not in extra}
    try:
        return Case.model_validate(data, context=AS_STORED if stored else None)
    except ValidationError as exc:
        raise CaseInputError(problem_lines(exc)) from None


def _migrated(data: dict[str, Any], version: int) -> dict[str, Any]:
    """An older-format case brought up to today's schema in memory (the file is never rewritten here)."""
    # Imported here: the store package imports this module, so a top-level import would be circular.
    from nelm_desktop.core.store.migrations import MigrationError, migrate

    try:
        return migrate(data, version)
    except MigrationError as exc:
        raise CaseInputError([f"schema_version: {exc.reason}"]) from None


def case_from_json_text(text: str, warnings: list[str] | None = None) -> Case:
    try:
        data = parse_json(text)
    except json.JSONDecodeError as exc:
        raise CaseInputError(
            [f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"]
        ) from None
    except DuplicateKeyError as exc:
        raise CaseInputError([str(exc)]) from None
    except RecursionError:
        raise CaseInputError(["not valid JSON: nested too deeply"]) from None
    return case_from_data(data, warnings)


def load_case_file(path: Path, warnings: list[str] | None = None) -> Case:
    """Read and validate a case file; every failure is a CaseInputError with a clear line.
    Only a regular file is read, and at most MAX_CASE_BYTES of it (a FIFO or /dev/zero never hangs)."""
    from nelm_desktop.core.fileio import NotRegularFileError, TooLargeError, read_regular

    try:
        raw = read_regular(path, MAX_CASE_BYTES)
    except FileNotFoundError:
        raise CaseInputError([f"{path}: no such file"]) from None
    except NotRegularFileError as exc:
        what = (
            "is a folder, not a case file"
            if exc.strerror == "a folder"
            else ("is not a regular file (a pipe, device or socket); give a case .json file")
        )
        raise CaseInputError([f"{path}: {what}"]) from None
    except IsADirectoryError:
        raise CaseInputError([f"{path}: is a folder, not a case file"]) from None
    except TooLargeError as exc:
        raise CaseInputError([f"{path}: too large for a case file ({exc.size} bytes)"]) from None
    except OSError as exc:
        raise CaseInputError([f"{path}: cannot read ({exc.strerror or exc})"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CaseInputError([f"{path}: not a text file (not UTF-8)"]) from None
    return case_from_json_text(text, warnings)
