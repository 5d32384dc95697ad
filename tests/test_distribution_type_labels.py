"""One label vocabulary for the distribution type (issue #11, item 5): engine, screen, PDF and combo box
take their words from core.distribution_types, and no module spells a type's description itself."""

from __future__ import annotations

import re
from pathlib import Path

from nelm_desktop.core import distribution_types as vocabulary
from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.model import Case
from nelm_desktop.core.report import summary_case, synopsis

ROOT = Path(__file__).resolve().parents[1] / "nelm_desktop"
TYPE_III = [{"segment": s, "size_cm": 1.5, "count": 2} for s in ("II", "III", "IV", "V", "VI", "VII", "VIII")]


def test_every_place_uses_the_core_vocabulary() -> None:
    from nelm_desktop.ui.liver import liver_facts

    assert summary_case.TYPE_LABELS is vocabulary.TYPE_LABELS
    assert {v: vocabulary.type_words(v) for v in vocabulary.TYPE_LABELS} == synopsis.TYPE_WORDS
    assert liver_facts.TYPE_LABELS == vocabulary.TYPE_LABELS
    assert dict(liver_facts.CONFIRM_CHOICES[1:]) == vocabulary.TYPE_LABELS


def test_engine_text_uses_the_vocabulary() -> None:
    evaluation = evaluate(Case(confirmed_type="I", lesions=TYPE_III))
    [flag] = [f for f in evaluation.flags if f.id == "FLAG-TYPE-OVERRIDE"]
    assert vocabulary.TYPE_LABELS["I"] in flag.text and vocabulary.TYPE_LABELS["III"] in flag.text


def test_no_module_spells_a_type_description_itself() -> None:
    """'Type III (disseminated)' next to 'Type III (diffuse)' was the drift this guards against."""
    # a label table of its own ("III": "Type III ...") or the old PDF wording
    spelled = re.compile(r'"(?:I|II|III|limited_bilobar)": "[^"]*[Tt]ype|\(disseminated\)')
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if path.name != "distribution_types.py" and spelled.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
