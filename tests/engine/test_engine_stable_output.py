"""The engine's full output for the bundled cases stays exactly as committed (performance work guard).

tests/data/engine_stable_output.json holds `Evaluation.to_public_json()` of every demo case and the
example case. An intended change of the output regenerates it with
`.venv/bin/python tests/engine/test_engine_stable_output.py`; any other difference is a regression.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.loading import load_case_file

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "nelm_desktop" / "resources"
GOLDEN = ROOT / "tests" / "data" / "engine_stable_output.json"
CASES = [
    *sorted(p.relative_to(RESOURCES).as_posix() for p in RESOURCES.glob("demo/*.json")),
    "example-case.json",
]


def _output(name: str) -> dict[str, Any]:
    return evaluate(load_case_file(RESOURCES / name)).to_public_json()


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GOLDEN.read_text(encoding="utf-8"))
    return data


def test_golden_covers_the_bundled_cases(golden: dict[str, Any]) -> None:
    assert sorted(golden) == sorted(CASES)


@pytest.mark.parametrize("name", CASES)
def test_output_unchanged(name: str, golden: dict[str, Any]) -> None:
    assert _canonical(_output(name)) == _canonical(golden[name])


if __name__ == "__main__":
    outputs = {name: _output(name) for name in CASES}
    GOLDEN.write_text(
        json.dumps(outputs, sort_keys=True, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
