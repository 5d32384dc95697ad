"""Facts that depend on each other: year of birth -> age, primary resection date -> months since.

Pure functions of (case, today) so the form, the CLI and tests agree. The command line cannot ask,
so `evaluate` and `report` warn on stderr (one line per contradiction) and go on: a months-since
value goes stale as time passes, and the file is still a valid case. The form derives the dependent
fact when the user enters the source fact, and shows a conflict at BOTH fields when the user then
enters a dependent value that does not fit (a conflict blocks Save: the case never holds two facts
that contradict each other). The dates themselves follow core/dates.py, the rules the model applies.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from nelm_desktop.core.dates import date_problems, months_since
from nelm_desktop.core.facts import fact_label
from nelm_desktop.core.model import stored_text_problems

# The month of a date is known, the day is not: one month either way is the same fact.
MONTHS_TOLERANCE = 1


def age_from_birth_year(birth_year: int, today: date) -> tuple[int, int]:
    """The two possible ages (birthday not yet / already this year)."""
    return today.year - birth_year - 1, today.year - birth_year


def derived_updates(case: Any, field: str, value: Any, today: date) -> dict[str, Any]:
    """Fields to set with an accepted edit of `field` (the dependent fact follows its source)."""
    if field == "birth_year" and isinstance(value, int):
        ages = age_from_birth_year(value, today)
        if case.age_years not in ages and 0 <= ages[1] <= 120:
            return {"age_years": ages[1]}
    if field == "primary_resection_date" and isinstance(value, str):
        months = months_since(value, today)
        current = case.months_since_primary_resection
        if months is not None and months >= 0:
            if current is None or abs(current - months) > MONTHS_TOLERANCE:
                return {"months_since_primary_resection": months}
            return {}
    return {}


def conflicts(case: Any, today: date) -> dict[str, str]:
    """Field -> message for every pair of linked facts that contradict each other (both named)."""
    # A date that breaks the rules (only a case read back from an older file can hold one) is named
    # first; no pair is compared against it.
    out: dict[str, str] = dict(date_problems(case, today))
    for field, reason in stored_text_problems(case).items():
        out.setdefault(field, reason)  # a hidden character a stored file holds: shown, never stripped
    if "birth_year" not in out and case.birth_year is not None and case.age_years is not None:
        ages = age_from_birth_year(case.birth_year, today)
        if case.age_years not in ages:
            text = (
                f"does not fit: year of birth {case.birth_year} gives age {ages[0]} or {ages[1]}, "
                f"the age says {case.age_years}"
            )
            out["birth_year"] = out["age_years"] = text
    date_problem = out.get("primary_resection_date")
    months = months_since(case.primary_resection_date, today)
    stated = case.months_since_primary_resection
    fits = months is None or stated is None or abs(stated - months) <= MONTHS_TOLERANCE
    if date_problem is None and not fits:
        text = (
            f"does not fit: resection in {case.primary_resection_date} is {months} months ago, "
            f"the months field says {stated:g}"
        )
        out["primary_resection_date"] = out["months_since_primary_resection"] = text
    return out


def conflict_lines(case: Any, today: date) -> list[str]:
    """One line per contradiction, naming every field it concerns ("Year of birth / Age: ...")."""
    fields_of: dict[str, list[str]] = {}
    for field, message in conflicts(case, today).items():
        fields_of.setdefault(message, []).append(fact_label(field))
    return [f"{' / '.join(labels)}: {message}" for message, labels in fields_of.items()]
