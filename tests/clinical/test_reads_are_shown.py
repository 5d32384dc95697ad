"""Each table's 'Reads:' line (CLINICAL-RULES 6.1-6.16, parsed from docs/clinical-rules.md) is shown with
every reason of that table, named as the case model names it (second audit: the reason facts of a row).
The flags' and modifiers' reads are not status reads ('flags read ...', 'modifiers read ...' are cut)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.model import Case
from tests.clinical.clinical_cases import BASE, TYPE_II, TYPE_III

ROOT = Path(__file__).resolve().parents[2]
# The catalogue's derived names and shorthands as the engine shows them (section 4, EVAL-3/4/7, GRADE-0).
SHOWN_AS: dict[str, tuple[str, ...]] = {
    "differentiation_eff": ("differentiation", "grade_reported"),
    "ki67": ("ki67_pct", "ki67_liver_pct"),
    "grade": ("grade",),
    "COL": ("column",),
    "type": ("distribution_type",),
    "FEAS": ("resection_feasibility",),
    "SURG": ("surgical_route",),
    "SURG for column A": ("surgical_route",),
    "STAGED": ("staged_result",),
    "RES and STAGED results": ("resection_feasibility", "staged_result"),
    "largest_ge_5": ("largest_ge_5",),
    "any_lt_5": ("any_lt_5",),
}
NOT_A_FACT = ("the missing facts of both results", "the Milan/ENETS/UNOS verdicts")
SECTION_MODALITIES = {
    "6.1": ("resection",),
    "6.2": ("staged_resection",),
    "6.3": ("simultaneous_resection",),
    "6.4": ("debulking",),
    "6.5": ("ablation",),
    "6.6": ("tae", "tace"),
    "6.8": ("radioembolization",),
    "6.9": ("prrt",),
    "6.10": ("transplant",),
    "6.11": ("ssa",),
    "6.12": ("everolimus", "sunitinib"),
    "6.14": ("chemotherapy",),
    "6.15": ("interferon", "immunotherapy"),
}


def _reads() -> dict[str, set[str]]:
    """modality -> the case and derived fact names its status rows read, per the catalogue."""
    doc = (ROOT / "docs" / "clinical-rules.md").read_text(encoding="utf-8")
    found: dict[str, set[str]] = {}
    for number, text in re.findall(r"\n### (6\.\d+)[^\n]*\n\nReads: (.*?)\nSources:", doc, re.S):
        text = re.sub(r"\s*\([^()]*\)", "", " ".join(text.split()))
        text = re.split(r"; (?:flags|modifiers|DEB-M1) read|\. (?:EVE sites|Site =|Shorthand)", text)[0]
        names: set[str] = set()
        for part in text.rstrip(".").split(", "):
            part = part.removeprefix("and ").strip()
            if not part or part.startswith(NOT_A_FACT):
                continue
            names.update(SHOWN_AS.get(part, (part,)))
        for modality in SECTION_MODALITIES[number]:
            found[modality] = names
    return found


READS = _reads()
CASES: dict[str, dict[str, Any]] = {
    "g1-type-i": {},
    "g3-type-ii-flr-20": {"ki67_pct": 30, "lesions": TYPE_II, "flr_pct": 20},
    "nec": {"differentiation": "poorly", "ki67_pct": 50},
    "type-iii-unfit": {"lesions": TYPE_III, "hepatic_involvement_pct": 60, "fit_for_major_surgery": "no"},
    "grade-unknown": {"differentiation": "unknown", "ki67_pct": None},
}


def test_every_modality_section_has_its_reads_line() -> None:
    assert len(READS) == 16
    assert READS["resection"] >= {"differentiation", "ki67_pct", "flr_pct", "column", "surgeon_assessment"}
    assert READS["transplant"] == {"grade", "fit_for_major_surgery", "surgical_route"}


@pytest.mark.parametrize("name", list(CASES))
def test_every_reason_shows_what_its_table_reads(name: str) -> None:
    """For an NEC, the column is the one read not shown: section 12 (rev 2) 'NEC: never ... a column
    (column A/B/C) ...; no column is shown' (third audit)."""
    data = evaluate(Case(**{**BASE, **CASES[name]})).to_public_json()
    hidden = {"column"} if data["grade"] == "NEC" else set()
    for option in data["options"]:
        shown = set(option["reasons"][0]["facts"])
        expected = READS[option["modality"]] - hidden
        assert expected <= shown, (option["modality"], expected - shown)
        assert not hidden & shown, option["modality"]
