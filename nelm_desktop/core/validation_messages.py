"""One wording for every validation problem, whoever shows it (the form, the CLI, an import report).

pydantic's own messages ("Input should be less than or equal to 100") are developer text; every
caller turns an error into a line through `problem_text` so the screen and the command line say the
same thing: ``must be at most 100 (got 140)``. Callers add their own prefix (the field's label on
screen, the field's key on the command line).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from pydantic import BaseModel, ValidationError, ValidationInfo


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    shown = json.dumps(value, ensure_ascii=False, default=str)
    # Never hand a caller text it cannot print (a lone surrogate would crash print()).
    shown = shown.encode("utf-8", "backslashreplace").decode("utf-8")
    return shown if len(shown) <= 60 else shown[:57] + "..."


def brief(text: str, limit: int = 80) -> str:
    """`text` for a sentence about it: whole when short, else its start and its length, so a pasted
    novel is named, not laid out in a notice (2.8 MB in the options panel's notice froze the window)."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 20].rstrip()}… ({len(text):,} characters)"


def _bound(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def problem_text(error: Any) -> str:
    """The message of one pydantic error dict, without its location."""
    kind = error.get("type", "")
    ctx = {k: _bound(v) for k, v in (error.get("ctx") or {}).items()}
    value = error.get("input")
    # What was typed helps beside a value; a whole table line ({"modality": ...}) is no help to a reader.
    got = "" if isinstance(value, dict | list) else f" (got {_shown(value)})"
    if kind == "finite_number" or (isinstance(value, float) and not math.isfinite(value)):
        return f"must be a finite number{got}"  # NaN and Infinity are not "above 100" or "below 0"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}{got}"
    if kind == "less_than":
        return f"must be below {ctx.get('lt')}{got}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}{got}"
    if kind == "greater_than":
        return f"must be greater than {ctx.get('gt')}{got}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')}{got}"
    if kind == "extra_forbidden":
        return "is not a field of the case model (check the spelling; see `nelm-desktop schema`)"
    if kind in {"int_parsing", "float_parsing", "int_type", "float_type", "int_from_float"}:
        return f"must be a {'whole number' if kind.startswith('int') else 'number'}{got}"
    if kind == "string_unicode":
        return "contains a broken character (a lone surrogate) that is not text"
    if kind == "too_long":
        return f"has too many entries (at most {ctx.get('max_length')}; got {ctx.get('actual_length')})"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
    return message if "(got " in message else f"{message}{got}"


def location(error: Any) -> str:
    return ".".join(str(part) for part in error.get("loc", ())) or "case"


# At most this many lines for one input: a file with 200,000 unknown keys printed 200,000 lines, and a
# key of a million characters a line of a megabyte (each field name is now cut as `brief` does).
MAX_PROBLEM_LINES = 50


def problem_lines(exc: ValidationError) -> list[str]:
    """One ``field: message`` line per problem (the command line's and import reports' form), at most
    MAX_PROBLEM_LINES: the last one then says how many more there are."""
    errors = exc.errors()
    shown = errors if len(errors) <= MAX_PROBLEM_LINES else errors[: MAX_PROBLEM_LINES - 1]
    lines = [f"{brief(location(e))}: {problem_text(e)}" for e in shown]
    if len(shown) < len(errors):
        lines.append(f"... and {len(errors) - len(shown):,} more problems in the same input")
    return lines


# What one entry of a list field is called on screen (its table's rows are numbered from 1).
_ENTRY_WORD = {"treatment_history": "line", "lesions": "row"}


def field_problem(label: str, exc: ValidationError) -> str:
    """One line for one field on screen: ``Ki-67 index (%): must be at most 100 (got 140)``; in a
    list field the entry is named: ``Treatment history: line 2, end: end 2020-01 is before ...``."""
    texts = list(dict.fromkeys(_in_entry(e) + problem_text(e) for e in exc.errors()))
    return f"{label}: {'; '.join(texts)}"


def _in_entry(error: Any) -> str:
    """``line 2: `` / ``row 1, size cm: `` for an error inside a list field's entry, else nothing."""
    loc = error.get("loc", ())
    if len(loc) < 2 or not isinstance(loc[1], int):
        return ""
    word = _ENTRY_WORD.get(str(loc[0]), "entry")
    part = f", {str(loc[2]).replace('_', ' ')}" if len(loc) > 2 else ""
    return f"{word} {loc[1] + 1}{part}: "


def max_chars(model: type[BaseModel], field: str) -> int:
    """The longest text `model.field` accepts (its `max_length`): forms check it as the user types
    and name the field, instead of the record's validation failing on save."""
    for meta in model.model_fields[field].metadata:
        limit = getattr(meta, "max_length", None)
        if isinstance(limit, int):
            return limit
    raise KeyError(f"{model.__name__}.{field} has no max_length")


def too_long(label: str, text: str, limit: int) -> str | None:
    """One readable line when `text` (as it will be saved: stripped) is longer than `limit`; the
    forms keep the text in its field and say this, never cut it."""
    length = len(text.strip())
    if length <= limit:
        return None
    return f"{label} is {length:,} characters long; at most {limit:,} can be saved. Shorten it"


# Characters a reader cannot see as typed: C0/C1 controls and DEL, the line and paragraph separators,
# and the direction overrides / isolates that turn the text after them around on screen (U+202A-E,
# U+2066-9; the classic way to make "gpj.exe" read "exe.jpg"). Right-to-left letters, combining marks
# and emoji are text and pass.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMES = {"\t": "a tab", "\n": "a line break", "\r": "a line break", "\u202e": "a right-to-left override"}


# The same, less tabs and line breaks: what a multi-line field (notes, a rationale) may hold.
_HIDDEN_IN_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def read_as_stored(info: ValidationInfo) -> bool:
    """True when a model is validated with model.AS_STORED (a library file read back): checks that
    refuse new input (hidden characters, dates in the future) keep what the file holds instead."""
    return isinstance(info.context, dict) and bool(info.context.get("as_stored"))


def hidden_reason(text: str, multiline: bool = False) -> str | None:
    """Why `text` cannot be kept as typed ("contains an invisible control character (U+001B) at
    character 5; remove it"), or None. The case model raises it; `hidden_character` prefixes a label."""
    found = (_HIDDEN_IN_LINES if multiline else _HIDDEN).search(text)
    if found is None:
        return None
    ch = found.group()
    name = _NAMES.get(ch, "an invisible control character")
    return f"contains {name} (U+{ord(ch):04X}) at character {found.start() + 1:,}; remove it"


def hidden_character(label: str, text: str, multiline: bool = False) -> str | None:
    """One readable line when `text` holds a character that does not show as typed (tabs and line
    breaks are fine where `multiline`). Refused at entry, never stripped: what is shown is saved."""
    reason = hidden_reason(text, multiline)
    return None if reason is None else f"{label} {reason}"


def visible_line(text: str) -> str:
    """`visible` for text printed as one line of a listing: tabs and line breaks written out too. A
    label from another program's file holding "\\n  9. Fake case" printed a line of its own under
    `board show`, `board due` and `reevaluate` (and an escape in it reached the terminal)."""
    if text.isprintable():
        return text
    return _HIDDEN.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def visible(text: str) -> str:
    """`text` with each hidden character (see `hidden_character`; tabs and line breaks excepted) written
    out as ``[U+202E]``: a record read from an older file or another program is printed as it is,
    with nothing dropped or silently turning the text around."""
    if text.isprintable() or not _HIDDEN.search(text):  # isprintable: no control or format character
        return text
    return _HIDDEN.sub(lambda m: m.group() if m.group() in "\t\n\r" else f"[U+{ord(m.group()):04X}]", text)
