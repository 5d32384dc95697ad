"""The structured line of therapy: what it accepts and what it refuses (with a reason, never altered)."""

from __future__ import annotations

import pytest

from nelm_desktop.core.loading import CaseInputError, case_from_data
from nelm_desktop.core.treatments import TreatmentLine


def test_accepted_spellings():
    line = TreatmentLine.model_validate(
        {"modality": "SSA", "intent": "Symptom control", "best_response": "Progression", "start": " 2024-01 "}
    )
    assert (line.modality, line.intent, line.best_response, line.start) == (
        "ssa",
        "symptom_control",
        "progression",
        "2024-01",
    )
    resection = TreatmentLine.model_validate({"modality": "resection", "segments": "6, S7, IVb"})
    assert resection.segments == ["VI", "VII", "IV"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ({"modality": "other"}, "needs a name"),
        ({"modality": "ssa", "start": "2024-13"}, "YYYY-MM"),
        ({"modality": "ssa", "start": "March 2024"}, "YYYY-MM"),
        ({"modality": "ssa", "start": "2025-01", "end": "2024-06"}, "before start"),
        ({"modality": "ssa", "segments": ["VI"]}, "liver resection only"),
        ({"modality": "resection", "segments": ["VI", "6"]}, "twice"),
        ({"modality": "aspirin"}, "modality"),
        ({"modality": "ssa", "best_response": "better"}, "best_response"),
    ],
)
def test_refused_lines_name_the_problem(line, reason):
    with pytest.raises(CaseInputError) as info:
        case_from_data({"treatment_history": [line]})
    assert reason in "; ".join(info.value.problems)
