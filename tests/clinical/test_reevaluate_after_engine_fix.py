"""`reevaluate` after a clinical fix of the engine: the knowledge base version names the fix, so a case
whose statuses the fix changed is listed as changed (the command skips cases whose facts and knowledge
base are both unchanged since their last time point)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from nelm_desktop.core.evaluation import STATUS_SHORT
from nelm_desktop.core.model import new_case
from nelm_desktop.core.sources import KNOWLEDGE_BASE_VERSION
from nelm_desktop.core.store import CaseStore
from nelm_desktop.core.timeline import TimePoints
from nelm_desktop.core.timeline.snapshot import Snapshot
from tests.clinical.clinical_cases import BASE, TYPE_III

ROOT = Path(__file__).resolve().parents[2]
# The knowledge base before the ENETS-2 fix (GRADE-0: differentiation_eff and the higher Ki-67).
BEFORE_ENETS_2_FIX = (
    "NELM-KB 2.0 (CLINICAL-RULES catalogue revision 2, 2026-12-03; review2023 Fig. 2 / Table 2)"
)


def test_the_knowledge_base_version_moved_with_the_enets_2_fix() -> None:
    assert KNOWLEDGE_BASE_VERSION != BEFORE_ENETS_2_FIX
    assert "revision 2" in KNOWLEDGE_BASE_VERSION


def test_reevaluate_lists_the_case_whose_transplant_status_the_fix_changed(tmp_path: Path) -> None:
    """A rectal G1 primary (reported grade, differentiation not recorded), diffuse disease: Milan and UNOS
    fail on portal drainage; ENETS-2 now reads the reported grade's differentiation (GRADE-0), so ENETS is
    met and transplant is an option (OLT-7), where the engine before the fix asked for differentiation."""
    data = tmp_path / "data"
    store = CaseStore(data)
    facts = {**BASE, "primary_site": "rectum", "differentiation": "unknown", "grade_reported": "G1"}
    facts.update({"ki67_pct": 5, "lesions": TYPE_III, "hepatic_involvement_pct": 30})
    case = store.save(new_case(patient_label="Rectal G1", **facts)).case
    points = TimePoints(data)
    snap = points.record(case).snapshot.to_json()
    assert snap["evaluation"]["options"]["transplant"]["status"] == "option"
    # The time point as the engine before the fix recorded it.
    snap["knowledge_base"] = BEFORE_ENETS_2_FIX
    snap["evaluation"]["options"]["transplant"]["status"] = "needs_information"
    points.record(case, snapshot=Snapshot.from_json(snap), now=datetime(2099, 1, 1, tzinfo=UTC))
    env = {**os.environ, "NELM_DESKTOP_DATA_DIR": str(data)}
    out = subprocess.run(
        [sys.executable, "-m", "nelm_desktop", "reevaluate", "--changed"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    first = out.stdout.splitlines()[0]
    assert first.startswith("Rectal G1") and "knowledge base" in first
    assert (
        f"Liver transplantation (OLT): {STATUS_SHORT['needs_information']} -> {STATUS_SHORT['option']}"
        in first
    )
