"""The catalogue's fact vocabulary (CLINICAL-RULES section 3) is the case JSON schema (`nelm-desktop schema`):
the same field names, the same values (plus the one unknown value each cell names), the same number ranges.
Read from docs/clinical-rules.md, so a vocabulary change in either place fails here (second audit, step 5).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from nelm_desktop.core.facts import FACT_LABELS, LESION_FACTS

ROOT = Path(__file__).resolve().parents[2]
# The unknown value of a fact, where the cell names one other than `unknown`.
UNKNOWN_BY_CELL = re.compile(r"(\w+) = (?:its unknown value|not confirmed \(the unknown value\))")
COUINAUD = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


def _vocabulary() -> dict[str, str]:
    """fact -> its values cell, from section 3's table."""
    text = (ROOT / "docs" / "clinical-rules.md").read_text(encoding="utf-8")
    section = text.split("## 3. Fact vocabulary", 1)[1].split("Migration of a revision-1 case", 1)[0]
    cells = {}
    for line in section.splitlines():
        parts = [part.strip() for part in line.strip().strip("|").split("|")]
        if len(parts) == 3 and parts[0] not in ("fact", "---") and not parts[0].startswith("-"):
            cells[parts[0].split(" (rev 2")[0]] = parts[1]
    return cells


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    """The case schema as the command line prints it."""
    out = subprocess.run(
        [sys.executable, "-m", "nelm_desktop", "schema"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    printed: dict[str, Any] = json.loads(out.stdout)
    return printed


VOCABULARY = _vocabulary()


def _listed_values(cell: str) -> set[str]:
    """The values a cell lists: the comma list before its first ':' or ';', asides in brackets dropped."""
    plain = cell
    while "(" in plain:
        plain = re.sub(r"\([^()]*\)", "", plain)
    head = re.split(r"[:;]", plain, maxsplit=1)[0]
    return {word.strip() for word in head.split(",") if re.fullmatch(r"\w+", word.strip())}


def _variants(prop: dict[str, Any]) -> list[dict[str, Any]]:
    return [prop, *prop.get("anyOf", [])]


def test_the_vocabulary_is_read_and_is_the_rule_facts_of_the_case_model(schema: dict[str, Any]) -> None:
    assert len(VOCABULARY) >= 35
    assert set(VOCABULARY) == set(FACT_LABELS) - (LESION_FACTS - {"lesions"})
    assert set(VOCABULARY) <= set(schema["properties"])


@pytest.mark.parametrize("fact", sorted(f for f, cell in VOCABULARY.items() if _listed_values(cell)))
def test_a_choice_fact_takes_exactly_the_listed_values_and_one_unknown(
    fact: str, schema: dict[str, Any]
) -> None:
    cell = VOCABULARY[fact]
    named = UNKNOWN_BY_CELL.search(cell)
    unknown = named.group(1) if named else "unknown"
    [enum] = [v["enum"] for v in _variants(schema["properties"][fact]) if "enum" in v]
    assert set(enum) == _listed_values(cell) | {unknown}, cell


@pytest.mark.parametrize(
    ("fact", "kind", "low", "high"),
    [
        ("age_years", "integer", 0, None),
        ("ki67_pct", "number", 0, 100),
        ("ki67_liver_pct", "number", 0, 100),
        ("hepatic_involvement_pct", "number", 0, 100),
        ("flr_pct", "number", 0, 100),
        ("ecog", "integer", 0, 4),
        ("months_since_primary_resection", "number", 0, None),
        ("months_stable_or_response", "number", 0, None),
    ],
)
def test_a_number_fact_has_the_catalogue_range_and_null_for_unknown(
    fact: str, kind: str, low: int, high: int | None, schema: dict[str, Any]
) -> None:
    cell = VOCABULARY[fact]
    written = re.match(r"(?:number )?(\d+)-(\d+)|number >= (\d+)|integer", cell)
    assert written, cell  # the cell states the range the test holds the schema to
    variants = _variants(schema["properties"][fact])
    assert {"type": "null"} in variants  # unknown is a value, never a default number
    [number] = [v for v in variants if v.get("type") in ("number", "integer")]
    assert number["type"] == kind and number["minimum"] == low
    if high is not None:
        assert number["maximum"] == high and f"{low}-{high}" in cell


def test_lesions_are_entries_of_segment_size_and_count_each_of_which_may_be_unknown(
    schema: dict[str, Any],
) -> None:
    assert "segment I-VIII, size_cm > 0, count >= 1" in VOCABULARY["lesions"]
    entry = schema["$defs"]["Lesion"]["properties"]
    [segments] = [v["enum"] for v in _variants(entry["segment"]) if "enum" in v]
    # Couinaud I-VIII; IVa/IVb are drawn subsegments that the rules count as IV (liver.couinaud_segment).
    assert set(segments) - set(COUINAUD) == {"IVa", "IVb"} and set(COUINAUD) <= set(segments)
    [size] = [v for v in _variants(entry["size_cm"]) if v.get("type") == "number"]
    [count] = [v for v in _variants(entry["count"]) if v.get("type") == "integer"]
    assert size["exclusiveMinimum"] == 0 and count["minimum"] == 1
    for field in ("segment", "size_cm", "count"):
        assert {"type": "null"} in _variants(entry[field])
