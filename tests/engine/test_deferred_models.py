"""The engine's own pydantic models are built on first use, not when the engine is imported (#17).

The engine makes them with `trusted` (never validated), so their schema, validator and serializer
were built at import for nothing: ~45M instructions of every start before the first case showed.
They are built the first time they are dumped or validated, with the same result (the engine's
golden output and the schema tests hold the JSON to the byte)."""

from __future__ import annotations

import json
import subprocess
import sys

_PROBE = """
import json
from nelm_desktop.core import evaluation
from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.model import new_case

models = (evaluation.GradeResult, evaluation.LesionSummary, evaluation.FrillingType, evaluation.Evaluation)
result = evaluate(new_case(primary_site="pancreas", differentiation="well", ki67_pct=12, lesions=[{"segment": "VI", "size_cm": 3}]))
shown = (result.grade.grade, result.lesions.segments, result.frilling_type.used, len(result.options))
before = [m.__pydantic_complete__ for m in models]
public = result.to_public_json()
after_json = [m.__pydantic_complete__ for m in models]
again = evaluation.Evaluation.model_validate(result.model_dump())
print(json.dumps({"before": before, "after_json": after_json, "after_validate": [m.__pydantic_complete__ for m in models],
                  "same": again == result and again.to_public_json() == public, "shown": shown}))
"""


def test_the_engines_models_are_built_when_first_dumped_or_validated_not_at_import() -> None:
    run = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    seen = json.loads(run.stdout.splitlines()[-1])
    # Evaluated and read, nothing built yet (all four were built at import before).
    assert seen["before"] == [False, False, False, False]
    assert seen["shown"] == ["G2", ["VI"], "I", 16]
    # The public JSON dumps the three parts (built then); the whole evaluation is built when validated.
    assert seen["after_json"] == [True, True, True, False]
    assert seen["after_validate"] == [True, True, True, True]
    assert seen["same"] is True


def test_the_model_modules_hand_pydantic_their_annotations_as_objects_not_strings() -> None:
    """Without `from __future__ import annotations` the field types are made once with the class;
    with it, pydantic compiled each field's annotation string again (~14M instructions a start)."""
    from pydantic import BaseModel

    from nelm_desktop.core import evaluation, model, treatments

    classes = [
        obj
        for module in (model, treatments, evaluation)
        for obj in vars(module).values()
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == module.__name__
    ]
    assert {c.__name__ for c in classes} >= {"Case", "Lesion", "Revision", "TreatmentLine", "Evaluation"}
    strings = [
        f"{c.__name__}.{name}" for c in classes for name, a in c.__annotations__.items() if isinstance(a, str)
    ]
    assert strings == []
