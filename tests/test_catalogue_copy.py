"""docs/clinical-rules.md is the catalogue every rule id cites: present in the checkout, in step with
the shared spec, and naming every id the code cites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COPY = ROOT / "docs" / "clinical-rules.md"
SHARED = ROOT.parent / "shared" / "CLINICAL-RULES.md"
ID = re.compile(
    r"\b(?:(?:GRADE|LESION|LOBES|PATTERN|COLUMN|PORTAL|RES|STAGED|SIM|DEB|ABL|TAE|TACE|RE|PRRT|OLT|SSA|EVE|SUN|"
    r"CHE|IFN|IMM|MILAN|ENETS|UNOS|TXV|AMB|EVAL|MIG|TIER|ROLE|ORDER)-M?\d+|FLAG-[A-Z0-9]+(?:-[A-Z0-9]+)*)\b"
)


def test_catalogue_copy_is_in_the_repo() -> None:
    assert COPY.is_file()
    assert "clinical rule catalogue" in COPY.read_text(encoding="utf-8")


@pytest.mark.skipif(not SHARED.is_file(), reason="the shared spec is not beside this checkout")
def test_catalogue_copy_matches_the_shared_spec() -> None:
    assert set(ID.findall(COPY.read_text(encoding="utf-8"))) == set(
        ID.findall(SHARED.read_text(encoding="utf-8"))
    )


# The catalogue writes the sunitinib and immunotherapy tables once, as "EVE-n (SUN-n same)" and
# "IFN-n (IMM-n same)".
MIRRORS = {"SUN-": "EVE-", "IMM-": "IFN-"}


def test_every_id_the_code_cites_is_in_the_catalogue() -> None:
    catalogue = set(ID.findall(COPY.read_text(encoding="utf-8")))
    for mirror, table in MIRRORS.items():
        catalogue |= {i.replace(table, mirror) for i in catalogue if i.startswith(table)}
    cited: set[str] = set()
    for path in (ROOT / "nelm_desktop").rglob("*.py"):
        cited |= set(ID.findall(path.read_text(encoding="utf-8")))
    assert sorted(cited - catalogue) == []


# Revision 2 retires these ids: they keep their catalogue entry but must be gone from the code.
RETIRED = {"SIM-7", "FLAG-OLT-KI67"}
TABLE_ROW = re.compile(r"^\|\s*([^|]+?)\s*\|", re.M)


def _code_ids() -> set[str]:
    cited: set[str] = set()
    for path in (ROOT / "nelm_desktop").rglob("*.py"):
        cited |= set(ID.findall(path.read_text(encoding="utf-8")))
    return cited


def _row_ids(text: str) -> set[str]:
    """The ids in the first column of every table row of the catalogue (e.g. `| RES-11 (rev 2) |`)."""
    ids: set[str] = set()
    for first_cell in TABLE_ROW.findall(text):
        ids |= set(ID.findall(first_cell))
    for mirror, table in MIRRORS.items():
        ids |= {i.replace(table, mirror) for i in ids if i.startswith(table)}
    return ids


def test_every_table_row_of_the_catalogue_is_implemented() -> None:
    """Issue #11 item 3: each row id of a catalogue table is cited by the code (retired rows excepted),
    e.g. a rule row in its table, a flag in flags.py, a criteria item in criteria.py."""
    text = COPY.read_text(encoding="utf-8")
    rows = _row_ids(text) - RETIRED
    # ids that only appear in a row's first cell as a reference (an AMB note), not as a row of their own
    rows = {i for i in rows if not i.startswith(("AMB-", "EVAL-", "MIG-", "TIER-", "ROLE-", "ORDER-"))}
    assert len(rows) > 200, "the table parser found too few rows"
    assert sorted(rows - _code_ids()) == []


def test_retired_ids_are_gone_from_the_code() -> None:
    assert _row_ids(COPY.read_text(encoding="utf-8")) | set(ID.findall(COPY.read_text())) >= RETIRED
    assert sorted(RETIRED & _code_ids()) == []


def test_knowledge_base_names_revision_2() -> None:
    from nelm_desktop.core.sources import KNOWLEDGE_BASE_VERSION

    assert "revision 2" in KNOWLEDGE_BASE_VERSION
    assert "(revision 2," in COPY.read_text(encoding="utf-8").splitlines()[0]
