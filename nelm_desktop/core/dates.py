"""The date rules of a case, in one place: the model validates with them (so the command line, an
import and the form refuse the same entries with the same words), the form marks a stored bad date
with them, and the linked facts (year of birth -> age, resection month -> months since) derive from
the same parse and the same clock.

- ``primary_resection_date`` is a year and month, ``YYYY-MM`` (the day is not recorded), from 1900,
  not after this month; ``""`` is not recorded.
- ``birth_year`` is not after this year (its 1900-2100 range is the model's field constraint).

"Not in the future" depends on today. `today()` is the one clock of these rules; `frozen_today` fixes
it (tests, reproducible runs) for the current thread of control without touching the system clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

_FROZEN: ContextVar[date | None] = ContextVar("nelm_desktop_today", default=None)

_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
EARLIEST_YEAR = 1900
YEAR_MONTH_FORMAT = "a year and month, YYYY-MM"


def today() -> date:
    """Today by the rules' clock: the frozen day when one is set, else the system's local date."""
    frozen = _FROZEN.get()
    return frozen if frozen is not None else date.today()


@contextmanager
def frozen_today(day: date) -> Iterator[date]:
    """Evaluate every date rule as if today were `day` (within this context only)."""
    token = _FROZEN.set(day)
    try:
        yield day
    finally:
        _FROZEN.reset(token)


def parse_year_month(text: str) -> tuple[int, int] | None:
    """(year, month) of a well-formed ``YYYY-MM`` (month 01-12, year from 1900), else None."""
    match = _YEAR_MONTH.match(text)
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return (year, month) if 1 <= month <= 12 and year >= EARLIEST_YEAR else None


def year_month_problem(text: str, day: date) -> str | None:
    """Why `text` is not an acceptable ``YYYY-MM`` month as of `day`, or None ('' is not recorded).

    The text is checked exactly as entered (no trimming): what is shown is what is saved."""
    if text == "":
        return None
    match = _YEAR_MONTH.match(text)
    if match is None:
        return f"must be {YEAR_MONTH_FORMAT} (e.g. {day.year - 1}-11)"
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return f"must be {YEAR_MONTH_FORMAT}: month {match.group(2)} does not exist (01-12)"
    if year < EARLIEST_YEAR:
        return f"must be {YEAR_MONTH_FORMAT} from {EARLIEST_YEAR} on"
    if (year, month) > (day.year, day.month):
        return f"is in the future (this month is {day:%Y-%m})"
    return None


def birth_year_problem(year: int | None, day: date) -> str | None:
    if year is not None and year > day.year:
        return f"is in the future (this year is {day.year})"
    return None


def months_since(text: str, day: date) -> int | None:
    """Whole months from a ``YYYY-MM`` month to `day`'s month; None when the text is not a month."""
    parsed = parse_year_month(text)
    if parsed is None:
        return None
    return (day.year - parsed[0]) * 12 + day.month - parsed[1]


def date_problems(case: Any, day: date) -> dict[str, str]:
    """Field -> problem for every date of `case` that breaks the rules as of `day`.

    A case built from user input never has one (the model refuses it); a case read from a library
    file saved before these rules may: it is opened marked, never dropped (docs/case-model.md)."""
    out: dict[str, str] = {}
    problem = year_month_problem(case.primary_resection_date, day)
    if problem is not None:
        out["primary_resection_date"] = problem
    problem = birth_year_problem(case.birth_year, day)
    if problem is not None:
        out["birth_year"] = problem
    return out


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(text: str) -> date | None:
    """A day typed as YYYY-MM-DD, or None. Only that form: Python's `date.fromisoformat` also reads
    "2027-W03" (a week: 18 January) and "20270115", and a slip of the keyboard must not become a date."""
    if not _DAY.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


FOLLOW_UP_YEARS_AHEAD = 100


def follow_up_problem(day: date, today: date) -> str | None:
    """A follow-up or re-discussion date as entered: from 1900 and at most 100 years ahead. "0025-03-01"
    for 2025 or "2207-01-01" for 2027 is a slip of the keyboard: shown and refused, never kept as a
    date nobody meant (the follow-up list would call it overdue, or never due). Dates read from a file
    are not judged (they are shown as stored)."""
    if day.year < EARLIEST_YEAR:
        return f"{day.isoformat()} is before {EARLIEST_YEAR}; check the year"
    if day.year > today.year + FOLLOW_UP_YEARS_AHEAD:
        return f"{day.isoformat()} is more than {FOLLOW_UP_YEARS_AHEAD} years ahead; check the year"
    return None


def shown_time(iso: str, seconds: bool = True) -> str:
    """A stored moment as this computer's wall-clock time, ``YYYY-MM-DD HH:MM:SS`` (without ``:SS``
    when not `seconds`): a backup's time is kept in UTC and an audit entry or a case's last edit with
    the offset of the computer that saved it, and cutting the offset off showed another clock's time
    as this one's. ``—`` when empty; text that is not a moment is shown as is."""
    if not iso:
        return "—"
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
