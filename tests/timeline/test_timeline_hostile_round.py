"""Time points kept by code other than the dialog (which refuses first): a hidden character in a
label was stripped silently, so the point kept another label than the one given."""

from __future__ import annotations

from pathlib import Path

import pytest

from nelm_desktop.core.model import new_case
from nelm_desktop.core.timeline.points import TimePointError, TimePoints


def test_a_hidden_character_in_a_label_is_refused_not_stripped(tmp_path: Path) -> None:
    points = TimePoints(tmp_path)
    case = new_case(patient_label="T")
    with pytest.raises(TimePointError, match=r"U\+001B"):
        points.record(case, label="after\x1bPRRT")
    assert points.points(case.case_id) == []
    kept = points.record(case, label="after PRRT\tcycle 2")  # a tab is text, as before
    assert kept.label == "after PRRT\tcycle 2"
