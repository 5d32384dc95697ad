"""The published JSON Schemas: well-formed 2020-12 schemas with $schema/$id, equal to the copies in
docs/schemas/, and true of what the app really writes (a saved case file, an export manifest)."""

from __future__ import annotations

import json
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from nelm_desktop.cli import main
from nelm_desktop.core import paths
from nelm_desktop.core.loading import load_case_file
from nelm_desktop.core.model import SCHEMA_VERSION, new_case
from nelm_desktop.core.schemas import DIALECT, KINDS, schema_for
from nelm_desktop.core.store import CaseStore

DOCS = Path(__file__).resolve().parents[1] / "docs" / "schemas"
formats = FormatChecker(formats=())


@formats.checks("date-time", raises=ValueError)
def _rfc3339(value: object) -> bool:
    """RFC 3339 date-time: a date, 'T', a time and an offset (jsonschema checks it only with extras)."""
    if not isinstance(value, str):
        return True
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return "T" in value and parsed.tzinfo is not None


def _validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(schema_for(kind), format_checker=formats)


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_2020_12_with_an_id_and_matches_the_published_copy(kind: str) -> None:
    schema = schema_for(kind)
    assert schema["$schema"] == DIALECT
    assert schema["$id"].startswith("urn:nelm-desktop:schema:")
    Draft202012Validator.check_schema(schema)
    published = json.loads((DOCS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert published == schema, (
        f"docs/schemas/{kind}.schema.json is stale: .venv/bin/nelm-desktop schema --kind {kind} "
        f"> docs/schemas/{kind}.schema.json"
    )


def test_cli_prints_each_schema(capsys: Any) -> None:
    for kind in KINDS:
        assert main(["schema", "--kind", kind]) == 0
        assert json.loads(capsys.readouterr().out) == schema_for(kind)
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["$id"] == schema_for("case")["$id"]


def test_the_bundled_cases_read_as_today_are_valid_cases() -> None:
    """Older files are migrated on read; what they become (what the app saves) fits today's schema."""
    validator = _validator("case")
    files = [paths.resource("example-case.json"), *paths.resource("demo").glob("*.json")]
    assert len(files) >= 7
    for path in files:
        data = load_case_file(path).model_dump(mode="json")
        assert data["schema_version"] == SCHEMA_VERSION
        errors = list(validator.iter_errors(data))
        assert not errors, (path.name, [e.message for e in errors])


def test_a_saved_case_file_and_an_export_manifest_are_valid(tmp_path: Path) -> None:
    store = CaseStore(tmp_path / "library")
    case_id = store.save(new_case(patient_label="SCHEMA-1", ki67_pct=4)).case.case_id
    saved = [
        data
        for f in (tmp_path / "library").rglob("*.json")
        if isinstance(data := json.loads(f.read_text(encoding="utf-8")), dict) and "sha256" in data
    ]
    assert [d["case"]["case_id"] for d in saved] == [case_id]
    envelope = saved[0]
    errors = [e.message for e in _validator("envelope").iter_errors(envelope)]
    assert not errors, errors
    assert list(_validator("envelope").iter_errors({**envelope, "saved_at": "yesterday"}))
    assert list(_validator("envelope").iter_errors({**envelope, "extra": 1}))

    exported = tmp_path / "lib.nelmlib"
    store.export_library(exported)
    with zipfile.ZipFile(exported) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    errors = [e.message for e in _validator("manifest").iter_errors(manifest)]
    assert not errors, errors
    assert list(_validator("manifest").iter_errors({**manifest, "exported_at": "2026-12-03"}))
    assert list(_validator("manifest").iter_errors({**manifest, "format": "something-else"}))
