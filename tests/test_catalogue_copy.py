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
