"""Golden case files of every schema version evaluate the same (second clinical audit, step 5).

Each file under tests/data/golden/case-v*.json, as the command line reads it, as the library loads it
(migrated on read) and once saved in today's format and loaded again, gives one and the same evaluation;
and that evaluation (status, deciding rule, missing facts per modality; grade; type; transplant verdicts)
is pinned in tests/data/golden_case_evaluations.json with the knowledge-base version that produced it.
An intended clinical change regenerates the pin (`.venv/bin/python tests/clinical/
test_golden_cases_evaluate_the_same.py`) together with a knowledge-base version bump, so `reevaluate` sees
it; the diff of the pin then shows exactly which old cases the change moves.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.evaluation import Evaluation
from nelm_desktop.core.loading import load_case_file
from nelm_desktop.core.sources import KNOWLEDGE_BASE_VERSION
from nelm_desktop.core.store import CaseStore, envelope

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "data" / "golden"
PIN = ROOT / "tests" / "data" / "golden_case_evaluations.json"
FILES = sorted(p.name for p in GOLDEN.glob("case-v*.json"))


def _summary(evaluation: Evaluation | dict[str, Any]) -> dict[str, Any]:
    """What a board reads off an evaluation, from the engine's object or its public JSON."""
    data = evaluation.to_public_json() if isinstance(evaluation, Evaluation) else evaluation
    return {
        "grade": [data["grade"], data["grade_detail"]["rule"]],
        "type": data["frilling_type"]["used"],
        "options": {
            o["modality"]: [o["status"], o["rule"], o["conditional"], o["missing"]] for o in data["options"]
        },
        "criteria": {key: s["verdict"] for key, s in data["transplant_criteria"].items()},
        "needs_information": data["needs_information"],
    }


def _pin() -> dict[str, Any]:
    pinned: dict[str, Any] = json.loads(PIN.read_text(encoding="utf-8"))
    return pinned


def test_every_golden_case_file_is_pinned_with_this_knowledge_base() -> None:
    pinned = _pin()
    assert sorted(pinned["cases"]) == FILES
    assert {int(name.split("-v")[1][0]) for name in FILES} == {1, 2, 3}
    assert pinned["knowledge_base"] == KNOWLEDGE_BASE_VERSION, "regenerate the pin with the version bump"


@pytest.mark.parametrize("name", FILES)
def test_golden_case_evaluates_as_pinned(name: str) -> None:
    assert _summary(evaluate(load_case_file(GOLDEN / name))) == _pin()["cases"][name]


@pytest.mark.parametrize("name", FILES)
def test_cli_library_and_resaved_file_evaluate_alike(name: str, tmp_path: Path) -> None:
    golden = GOLDEN / name
    before = golden.read_bytes()
    out = subprocess.run(
        [sys.executable, "-m", "nelm_desktop", "evaluate", str(golden), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    expected = _summary(evaluate(load_case_file(golden)))
    assert _summary(json.loads(out.stdout)) == expected
    store = CaseStore(tmp_path / "data")
    case_id = envelope.decode(before).case["case_id"]
    store.cases_dir.mkdir(parents=True)
    shutil.copy(golden, store.case_path(case_id))
    loaded = store.load(case_id)
    assert _summary(evaluate(loaded.case)) == expected
    saved = store.save(loaded.case.model_copy(update={"notes": "re-saved"}), loaded.file_hash)
    assert envelope.decode(saved.path.read_bytes()).schema_version == 3
    assert _summary(evaluate(store.load(case_id).case)) == expected
    assert golden.read_bytes() == before


def _pin_text() -> str:
    """The pin, one line per modality, so its diff names each moved result."""
    lines = ["{", f' "knowledge_base": {json.dumps(KNOWLEDGE_BASE_VERSION)},', ' "cases": {']
    for index, name in enumerate(FILES):
        summary = _summary(evaluate(load_case_file(GOLDEN / name)))
        options = summary.pop("options")
        lines.append(f"  {json.dumps(name)}: {{")
        lines += [f"   {json.dumps(key)}: {json.dumps(value)}," for key, value in summary.items()]
        lines.append('   "options": {')
        rows = [f"    {json.dumps(modality)}: {json.dumps(value)}" for modality, value in options.items()]
        lines.append(",\n".join(rows))
        lines.append("   }")
        lines.append("  }" + ("," if index < len(FILES) - 1 else ""))
    lines += [" }", "}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    PIN.write_text(_pin_text(), encoding="utf-8")
