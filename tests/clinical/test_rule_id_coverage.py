"""Every non-retired id of the catalogue is exercised by at least one test case or golden case.

- Ids the engine emits (rule rows and modifiers, GRADE/PATTERN/PORTAL rows, criteria items, verdicts,
  flags, evidence, trials) must come out of an evaluation: of the clinical test cases, the criteria
  cells, the boundary rows, the bundled demo and golden cases, or 3,000 seeded generated cases.
- Conventions and derived-fact ids the engine does not emit (EVAL, LESION, LOBES, COLUMN, GRADE-0,
  ROLE/TIER/ORDER, NEEDS-ORDER, MIG, AMB) must be cited by a test that checks them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.evaluation import Evaluation
from nelm_desktop.core.loading import load_case_file
from nelm_desktop.core.model import Case
from tests.clinical.clinical_cases import case
from tests.clinical.test_catalogue_boundaries import GRADE_ROWS
from tests.clinical.test_published_cases import CASES
from tests.clinical.test_transplant_criteria_items import CELLS
from tests.engine.test_shown_facts import generated_cases

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = (ROOT / "docs" / "clinical-rules.md").read_text(encoding="utf-8")
RETIRED = {"SIM-7", "FLAG-OLT-KI67"}
FAMILIES = (
    "GRADE|LESION|LOBES|PATTERN|COLUMN|PORTAL|RES|STAGED|SIM|DEB|ABL|TAE|TACE|RE|PRRT|OLT|SSA|EVE|SUN|CHE|IFN|"
    "IMM|MILAN|ENETS|UNOS|TXV|EVAL|ROLE|TIER|ORDER|MIG|AMB|TRIAL"
)
NOT_EMITTED = (
    "EVAL-",
    "LESION-",
    "LOBES-",
    "COLUMN-",
    "ROLE-",
    "TIER-",
    "ORDER-",
    "MIG-",
    "AMB-",
    "NEEDS-ORDER",
)


def catalogue_ids() -> set[str]:
    ids = set(re.findall(rf"\b(?:{FAMILIES})-(?:M?\d+|C)\b", CATALOGUE))
    ids |= set(re.findall(r"\bFLAG-[A-Z0-9]+(?:-[A-Z0-9]+)*\b", CATALOGUE))
    ids |= set(re.findall(r"\bEV-[A-Z]+(?:-\d+)?\b", CATALOGUE))
    ids |= {"NEEDS-ORDER"} if "NEEDS-ORDER" in CATALOGUE else set()
    # "id (SUN-n same)", "id (IMM-n same)": the mirrored tables carry the same rows.
    ids |= {i.replace("EVE-", "SUN-") for i in ids if i.startswith("EVE-")}
    ids |= {i.replace("IFN-", "IMM-") for i in ids if i.startswith("IFN-")}
    return ids - RETIRED


def _corpus() -> Iterator[Case]:
    for published in CASES:
        yield published.case()
    for _item, _set, overrides, _result, _missing in CELLS:
        yield case(**overrides)
    for overrides, *_rest in GRADE_ROWS:
        yield case(**overrides)
    resources = ROOT / "nelm_desktop" / "resources"
    for path in [*sorted((resources / "demo").glob("*.json")), resources / "example-case.json"]:
        yield load_case_file(path)
    for path in sorted((ROOT / "tests" / "data" / "golden").glob("case-v*.json")):
        yield load_case_file(path)
    yield from generated_cases(3000, seed=2026_12_03)


def _emitted(evaluation: Evaluation) -> set[str]:
    found = set(evaluation.fired_rules)
    found |= {f.id for f in evaluation.flags}
    found |= {item.id for s in evaluation.transplant_criteria.values() for item in s.items}
    found |= {e["id"] for e in evaluation.evidence}
    found |= {t["id"] for t in evaluation.trials}
    for option in evaluation.options:
        found |= {r.rule for r in option.reasons} | set(option.flags)
    return found


def _test_texts() -> str:
    here = Path(__file__).resolve()
    return "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("*.py") if p != here)


def test_the_catalogue_still_retires_what_this_test_skips() -> None:
    assert "SIM-7 (FLR < 30 % -> contraindicated) is retired" in CATALOGUE
    assert "| FLAG-OLT-KI67 | retired in revision 2 |" in CATALOGUE


def test_every_emitted_catalogue_id_comes_out_of_a_test_case() -> None:
    ids = {i for i in catalogue_ids() if not i.startswith(NOT_EMITTED) and i not in ("GRADE-0", "ABL-0")}
    assert len(ids) > 240
    seen: set[str] = set()
    for c in _corpus():
        seen |= _emitted(evaluate(c))
    assert sorted(ids - seen) == []


def test_every_convention_and_ambiguity_id_is_cited_by_a_test() -> None:
    ids = {i for i in catalogue_ids() if i.startswith(NOT_EMITTED) or i in ("GRADE-0", "ABL-0")}
    texts = _test_texts()
    uncited = sorted(i for i in ids if not re.search(rf"(?<![A-Z0-9-]){re.escape(i)}(?![0-9])", texts))
    assert uncited == []


def test_the_id_pattern_finds_each_kind() -> None:
    """The coverage above can fail: it finds rows, modifiers, flags, items, evidence, trials, AMB."""
    ids = catalogue_ids()
    for example in (
        "RES-M3",
        "RE-C",
        "STAGED-11",
        "SUN-8",
        "IMM-6",
        "UNOS-8",
        "FLAG-DUAL-TRACER",
        "EV-POOL",
        "EV-OLT-2",
        "TRIAL-8",
        "AMB-66",
        "MIG-4",
        "NEEDS-ORDER",
        "TXV-3",
        "GRADE-9",
    ):
        assert example in ids, example
    assert not RETIRED & ids
