"""Linked facts (year of birth -> age, resection date -> months since) and YYYY-MM dates, at a fixed today."""

from __future__ import annotations

from datetime import date

import pytest

from nelm_desktop.core.linked_facts import conflicts, derived_updates, field_problem, year_month_problem
from nelm_desktop.core.model import new_case

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("", True),
        ("2023-11", True),
        ("2026-12", True),
        ("2027-01", False),
        ("2027-13", False),
        ("2023-1", False),
        ("Nov 2023", False),
        ("1899-05", False),
        ("2023-00", False),
    ],
)
def test_year_month_dates(text: str, ok: bool) -> None:
    assert (year_month_problem(text, TODAY) is None) is ok


def test_a_future_year_of_birth_is_a_problem() -> None:
    assert field_problem("birth_year", 2027, TODAY) is not None
    assert field_problem("birth_year", 2026, TODAY) is None


def test_year_of_birth_derives_the_age_unless_the_age_already_fits() -> None:
    assert derived_updates(new_case(), "birth_year", 1960, TODAY) == {"age_years": 66}
    assert derived_updates(new_case(age_years=65), "birth_year", 1960, TODAY) == {}
    assert derived_updates(new_case(age_years=40), "birth_year", 1960, TODAY) == {"age_years": 66}


def test_resection_date_derives_the_months() -> None:
    case = new_case()
    assert derived_updates(case, "primary_resection_date", "2024-12", TODAY) == {
        "months_since_primary_resection": 24
    }
    assert (
        derived_updates(
            new_case(months_since_primary_resection=25), "primary_resection_date", "2024-12", TODAY
        )
        == {}
    )


def test_contradicting_linked_facts_are_named_at_both_fields() -> None:
    found = conflicts(new_case(birth_year=1960, age_years=30), TODAY)
    assert set(found) == {"birth_year", "age_years"}
    found = conflicts(new_case(primary_resection_date="2023-11", months_since_primary_resection=24), TODAY)
    assert set(found) == {"primary_resection_date", "months_since_primary_resection"}
    assert (
        conflicts(new_case(primary_resection_date="2024-12", months_since_primary_resection=24), TODAY) == {}
    )
    assert set(conflicts(new_case(primary_resection_date="2027-13"), TODAY)) == {"primary_resection_date"}
