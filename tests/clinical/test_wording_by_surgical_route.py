"""EVAL-8 and the conditional options' wording, over every audited case (walk states, blanked rows and
the seeded cases of test_unknown_facts_are_asked): the FEAS option rows say 'If the staged resection is not
pursued' exactly when one-stage resection is not feasible but a staged route is offered (SURG exists), never
'resection not feasible' then; a conditional option starts with its table's prefix (EVAL-4, or EVAL-7 for
transplant and EVE/SUN-8) and carries FLAG-RES-UNDET."""

from __future__ import annotations

from typing import Any

import pytest

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.model import Case
from tests.clinical.test_unknown_facts_are_asked import _audited_cases

# EVAL-8's rows: the FEAS option rows whose reason names the surgical situation.
FEAS_OPTION_ROWS = {
    "DEB-9",
    "TAE-7",
    "TACE-7",
    "RE-5",
    "PRRT-8",
    "SSA-6",
    "EVE-7",
    "SUN-7",
    "CHE-6",
    "IFN-6",
    "IMM-6",
}
FEAS_PREFIX = "If resection is not feasible:"
SURG_PREFIX = "If neither resection nor staged resection is feasible:"
SURG_ROWS = {"OLT-7", "EVE-8", "SUN-8"}


@pytest.mark.parametrize("facts", _audited_cases()[::2])
def test_feas_option_rows_are_worded_by_the_surgical_route(facts: dict[str, Any]) -> None:
    ev = evaluate(Case(**facts))
    by = {o.modality: o for o in ev.options}
    feasible = by["resection"].status in ("recommended", "option")
    staged_offered = by["staged_resection"].status in ("recommended", "option")
    for result in ev.options:
        text = result.reasons[0].text
        if result.conditional:
            prefix = SURG_PREFIX if result.rule in SURG_ROWS else FEAS_PREFIX
            assert text.startswith(prefix) and "FLAG-RES-UNDET" in result.flags, (result.rule, text)
            continue
        if result.rule not in FEAS_OPTION_ROWS or (
            result.rule in ("EVE-7", "SUN-7") and ev.frilling_type.column == "C"
        ):
            continue
        pursued = "staged resection is not pursued" in text.lower()
        assert not feasible
        assert pursued is staged_offered, (result.rule, text)
        if staged_offered:  # the staged route is open: the reason must not say surgery is impossible
            assert "not feasible" not in text.lower() and "not amenable to resection" not in text.lower(), (
                text
            )
