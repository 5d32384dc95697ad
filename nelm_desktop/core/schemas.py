"""The published JSON Schemas (2020-12): the case, the saved envelope and the export manifest.

`nelm-desktop schema [--kind case|envelope|manifest]` prints them; docs/schemas/*.json are copies kept
equal by a test. Each has `$schema` and an `$id` (a URN: the app is offline and owns no web address).
Timestamps the app writes are RFC 3339 (`format: date-time`); a case made elsewhere may leave its
created/updated times empty.
"""

from __future__ import annotations

import copy
from typing import Any

from nelm_desktop.core.model import SCHEMA_VERSION, Case
from nelm_desktop.core.store.exchange import FORMAT as LIBRARY_FORMAT
from nelm_desktop.core.store.exchange import FORMAT_VERSION as LIBRARY_FORMAT_VERSION

DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_PREFIX = "urn:nelm-desktop:schema:"
KINDS = ("case", "envelope", "manifest")

_DATE_TIME = {"type": "string", "format": "date-time"}
_SHA256 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
_VERSION = {"type": "string", "minLength": 1}


def _date_time_or_empty(title: str) -> dict[str, Any]:
    return {"title": title, "default": "", "anyOf": [_DATE_TIME, {"const": ""}]}


def _case_body() -> dict[str, Any]:
    """Case.model_json_schema() with the timestamps typed as date-time."""
    schema = Case.model_json_schema()
    props = schema["properties"]
    props["created_at"] = _date_time_or_empty("Created at (RFC 3339)")
    props["updated_at"] = _date_time_or_empty("Updated at (RFC 3339)")
    props["primary_resection_date"]["description"] = (
        "Year and month of the primary's resection, YYYY-MM (from 1900, not after the current month); "
        "empty = not recorded"
    )
    props["primary_resection_date"]["pattern"] = "^$|^[0-9]{4}-(0[1-9]|1[0-2])$"
    revision = schema.get("$defs", {}).get("Revision")
    if revision is not None:
        revision["properties"]["time"] = {"title": "Time (RFC 3339)", **_DATE_TIME}
    return schema


def case_schema() -> dict[str, Any]:
    body = _case_body()
    return {"$schema": DIALECT, "$id": f"{ID_PREFIX}case:{SCHEMA_VERSION}", **body}


def envelope_schema() -> dict[str, Any]:
    """A case file as the store saves it: the case plus its version, the app's version, time and hash."""
    body = _case_body()
    defs = body.pop("$defs", {})
    defs["Case"] = body
    return {
        "$schema": DIALECT,
        "$id": f"{ID_PREFIX}envelope:{SCHEMA_VERSION}",
        "title": "NELM Desktop saved case (envelope)",
        "description": "sha256 is the hex SHA-256 of the case object as canonical JSON (sorted keys, no "
        "spaces, UTF-8).",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema_version", "app_version", "saved_at", "sha256", "case"],
        "properties": {
            "schema_version": {"type": "integer", "const": SCHEMA_VERSION},
            "app_version": _VERSION,
            "saved_at": _DATE_TIME,
            "sha256": _SHA256,
            "case": {"$ref": "#/$defs/Case"},
        },
        "$defs": defs,
    }


def manifest_schema() -> dict[str, Any]:
    """`manifest.json` inside a library export (.nelmlib / .zip)."""
    return {
        "$schema": DIALECT,
        "$id": f"{ID_PREFIX}manifest:{LIBRARY_FORMAT_VERSION}",
        "title": "NELM Desktop library export manifest",
        "type": "object",
        "required": ["format", "format_version", "app_version", "schema_version", "exported_at", "cases"],
        "properties": {
            "format": {"const": LIBRARY_FORMAT},
            "format_version": {"type": "integer", "const": LIBRARY_FORMAT_VERSION},
            "app_version": _VERSION,
            "schema_version": {"type": "integer", "minimum": 1},
            "exported_at": _DATE_TIME,
            "cases": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["case_id", "file", "sha256", "schema_version"],
                    "properties": {
                        "case_id": {"type": "string", "minLength": 1},
                        "file": {"type": "string", "minLength": 1},
                        "sha256": _SHA256,
                        "schema_version": {"type": "integer", "minimum": 1},
                    },
                },
            },
        },
    }


def schema_for(kind: str) -> dict[str, Any]:
    makers = {"case": case_schema, "envelope": envelope_schema, "manifest": manifest_schema}
    return copy.deepcopy(makers[kind]())
