"""The engine's fast path (issue #17) gives exactly what the plain path gave.

- `tests/data/engine_generated_sha256.json` holds the sha256 of `evaluate --format json`'s exact bytes for
  2,400 generated cases (boundary values, every fact, treatment histories), written by the engine as it
  was before the performance work. Any difference is a regression; an intended change of the output
  regenerates it with `.venv/bin/python tests/engine/test_fast_path.py` (as the golden file).
- Records built without validation (`trusted`) equal what validation builds from the same data.
- Templates the engine copies (evidence, trials) and fact lists read on first use never leak from one
  evaluation into another: mutating every part of one result leaves the next evaluation unchanged.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.evaluation import Evaluation
from nelm_desktop.core.model import Case
from tests.engine.test_shown_facts import generated_cases

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "engine_generated_sha256.json"
HISTORY_MODALITIES = ("resection", "staged_resection", "ssa", "prrt", "tace", "other", "everolimus")


def _with_history(case: Case, rng: random.Random) -> Case:
    lines = []
    for _ in range(rng.randint(1, 4)):
        modality = rng.choice(HISTORY_MODALITIES)
        lines.append(
            {
                "modality": modality,
                "name": "op" if modality == "other" else rng.choice(["", "lanreotide", "x"]),
                "start": rng.choice(["", "2020-01"]),
                "end": rng.choice(["", "2021-05"]),
                "best_response": rng.choice(["progression", "stable", "progression", "not_assessed"]),
            }
        )
    return Case(**{**case.model_dump(), "treatment_history": lines})


def reference_cases() -> Iterator[Case]:
    yield from generated_cases(2000, seed=17017)
    rng = random.Random(1717)
    for case in generated_cases(400, seed=17018):
        yield _with_history(case, rng)


def cli_json_sha256(case: Case) -> str:
    """The digest of the bytes `nelm-desktop evaluate --format json` prints for the case."""
    text = json.dumps(evaluate(case).to_public_json(), indent=2, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_output_is_byte_identical_to_the_reference() -> None:
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))["sha256"]
    digests = [cli_json_sha256(case) for case in reference_cases()]
    assert len(digests) == len(reference)
    differing = [i for i, (got, want) in enumerate(zip(digests, reference, strict=True)) if got != want]
    assert not differing, f"{len(differing)} generated cases differ, first: {differing[:10]}"


def _check_trusted(record: BaseModel) -> None:
    cls = type(record)
    assert list(record.__dict__) == list(cls.model_fields), cls.__name__  # every field, in order
    assert record.model_fields_set == set(cls.model_fields)
    assert cls.model_validate(record.model_dump()) == record


def test_records_built_without_validation_equal_validated_ones() -> None:
    for case in generated_cases(300, seed=17019):
        evaluation = evaluate(case)
        for record in (evaluation.grade, evaluation.lesions, evaluation.frilling_type, evaluation):
            _check_trusted(record)
        public = evaluation.to_public_json()
        assert Evaluation.model_validate(evaluation.model_dump()).to_public_json() == public


def test_explanations_not_yet_read_survive_pickling() -> None:
    """Reports are built in another process from a pickled evaluation (facts read on first use)."""
    for case in generated_cases(50, seed=17021):
        fresh, read = evaluate(case), evaluate(case)
        expected = read.to_public_json()
        assert pickle.loads(pickle.dumps(fresh)).to_public_json() == expected
        assert pickle.loads(pickle.dumps(read)).to_public_json() == expected


def _scribble(value: Any, seen: set[int]) -> None:
    """Change every list, dict and record reachable from `value` in place."""
    if id(value) in seen or isinstance(value, str | int | float | bool | None):
        return
    seen.add(id(value))
    if isinstance(value, dict):
        for item in list(value.values()):
            _scribble(item, seen)
        value["scribbled"] = True
    elif isinstance(value, list):
        for item in list(value):
            _scribble(item, seen)
        value.append("scribbled")
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _scribble(getattr(value, name), seen)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            _scribble(getattr(value, name), seen)


def test_one_evaluation_never_leaks_into_the_next() -> None:
    cases = list(generated_cases(60, seed=17020))
    before = [json.dumps(evaluate(case).to_public_json(), sort_keys=True) for case in cases]
    for case in cases:
        evaluation = evaluate(case)
        seen: set[int] = set()
        _scribble(evaluation, seen)
        assert evaluation.fired_rules[-1] == "scribbled" and len(seen) > 100  # it reached every part
    after = [json.dumps(evaluate(case).to_public_json(), sort_keys=True) for case in cases]
    assert after == before


if __name__ == "__main__":
    digests = [cli_json_sha256(case) for case in reference_cases()]
    REFERENCE.write_text(
        json.dumps({"cases": len(digests), "sha256": digests}, indent=0) + "\n", encoding="utf-8"
    )


def test_a_table_showing_a_fact_before_it_is_settled_is_refused() -> None:
    """Facts are read when first shown: showing FEAS before the resection table has run would show the
    settled value instead of "unknown", so the engine refuses such an order at import."""
    from dataclasses import replace

    from nelm_desktop.core.engine import ALL_TABLES, CRITERIA_READS, TABLES_BEFORE_CRITERIA
    from nelm_desktop.core.rules.base import check_settled_before_shown
    from nelm_desktop.core.rules.resection import RESECTION, STAGED

    check_settled_before_shown(TABLES_BEFORE_CRITERIA, CRITERIA_READS)  # the engine's own order passes
    early = replace(STAGED, reads=(*STAGED.reads, "resection_feasibility"))
    with pytest.raises(RuntimeError, match="resection_feasibility"):
        check_settled_before_shown((early, RESECTION), ())
    with pytest.raises(RuntimeError, match="surgical_route"):
        check_settled_before_shown(ALL_TABLES[:1], ("surgical_route",))


def test_criteria_items_are_built_once_when_first_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine works out each set's verdict; its items are built when first read, once, and every
    reader (attribute, equality, pickling, the JSON) then sees the same items."""
    import copy

    from nelm_desktop.core.rules import criteria

    built: list[str] = []
    real_new_item = criteria.new_item

    def counting_new_item(*args: Any) -> Any:
        built.append(args[0])
        return real_new_item(*args)

    monkeypatch.setattr(criteria, "new_item", counting_new_item)
    for case in generated_cases(40, seed=17022):
        built.clear()
        evaluation = evaluate(case)
        assert built == []  # no item built while evaluating
        expected = evaluate(case).to_public_json()["transplant_criteria"]
        built.clear()
        for key, criteria_set in evaluation.transplant_criteria.items():
            items = criteria_set.items
            assert criteria_set.items is items  # kept: the same list for every later reader
            assert [item.model_dump() for item in items] == expected[key]["items"]
        assert len(built) == sum(len(items) for _name, items in criteria.CRITERIA_SETS.values())
        unread = evaluate(case)
        assert copy.deepcopy(unread).to_public_json()["transplant_criteria"] == expected
        assert pickle.loads(pickle.dumps(evaluate(case))) == evaluation
