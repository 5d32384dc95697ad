"""Third clinical audit, end to end: each '(rev 2)' place and AMB-* handling of CLINICAL-RULES.md
(tests/clinical/catalogue_places.py) through `nelm-desktop evaluate --format json` and the tumour-board
summary PDF read back with pypdf: status and deciding rule, facts read, missing facts, flags (on the case
and on the option), role (ROLE-1), evidence tier (9.1), ORDER-1, the 'Not listed for this case' label,
and NEEDS-ORDER. The expectations are written from the catalogue text, not from the engine's tables."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from nelm_desktop.cli import main
from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.facts import fact_label
from nelm_desktop.core.model import Case
from nelm_desktop.core.presentation import facts_text
from nelm_desktop.core.report import ReportSettings, build_report
from tests.clinical.catalogue_places import PLACES, Place
from tests.clinical.clinical_cases import BASE

# ROLE-1 (section 6.0), written out from the catalogue's sentence.
CURATIVE = {"resection", "staged_resection", "simultaneous_resection", "transplant"}
LIVER_DIRECTED = {"ablation", "tae", "tace", "radioembolization", "prrt"}
SYSTEMIC = {"ssa", "everolimus", "sunitinib", "chemotherapy", "interferon", "immunotherapy"}
# 9.1: tier per modality.
TIERS = {**{m: "A" for m in CURATIVE | LIVER_DIRECTED | {"debulking"}}, "ssa": "B", "everolimus": "B"}
TIERS.update({"sunitinib": "B", "chemotherapy": "B", "interferon": "C", "immunotherapy": "C"})
TIER_WORDS = {
    "A": "outcome figures in the sources",
    "B": "listed in the algorithm with supporting text; no figures in the sources",
    "C": "named only; the sources give no data",
}
ROLE_WORDS = {
    "curative_surgery": "surgery with curative intent",
    "adjunct": "adjunct to surgery",
    "liver_directed": "liver-directed treatment",
    "systemic": "systemic treatment",
    "symptom_control": "symptom control",
}
# ORDER-1: status groups, then surgical -> liver-directed -> systemic.
STATUS_GROUPS = ["recommended", "option", "needs_information", "contraindicated", "not_indicated"]
WITHIN = [
    "resection", "staged_resection", "simultaneous_resection", "transplant", "debulking",
    "ablation", "tae", "tace", "radioembolization", "prrt",
    "ssa", "everolimus", "sunitinib", "chemotherapy", "interferon", "immunotherapy",
]  # fmt: skip
# NEEDS-ORDER: the group of each named fact; facts it does not name follow.
NEEDS_GROUPS = [
    {"differentiation", "ki67_pct"},
    {"lesions", "lesion_segments", "lesion_counts", "lesion_sizes", "hepatic_involvement_pct",
     "extrahepatic_disease", "primary_site", "primary_resected", "primary_resectable", "sstr_imaging", "fdg_pet"},
    {"fit_for_major_surgery"},
    {"functional_syndrome", "syndrome_refractory", "tumour_burden_symptoms", "months_stable_or_response",
     "months_since_primary_resection"},
    {"flr_pct", "lesion_near_hilum", "superficial_lesion", "prior_whipple", "portal_vein_thrombosis",
     "hepatic_insufficiency", "bilioenteric_anastomosis", "renal_function_adequate", "marrow_reserve_adequate",
     "age_years", "bilirubin_normal"},
]  # fmt: skip
STATUS_WORDS = {
    "recommended": "Recommended",
    "option": "Option",
    "needs_information": "Needs information",
    "contraindicated": "Contraindicated",
    "not_indicated": "Not listed for this case",
}
OFFERED = ("recommended", "option")


def _role(opt: dict[str, Any]) -> str:
    """ROLE-1: the role of an offered result; a result not offered keeps its modality's default."""
    modality, offered = opt["modality"], opt["status"] in OFFERED
    if modality in CURATIVE:
        return "curative_surgery"
    if modality == "debulking" or (offered and opt["rule"] == "SSA-5"):
        return "symptom_control"
    if offered and opt["rule"] in ("ABL-8", "ABL-10"):
        return "adjunct"
    return "liver_directed" if modality in LIVER_DIRECTED else "systemic"


def _needs_group(fact: str) -> int:
    return next((i for i, group in enumerate(NEEDS_GROUPS) if fact in group), len(NEEDS_GROUPS))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _case(place: Place) -> Case:
    return Case(**{**BASE, **place.facts}, patient_label="Catalogue place")


def _cli_json(case: Case, tmp_path: Path, capsys: Any) -> dict[str, Any]:
    path = tmp_path / "case.json"
    path.write_text(case.model_dump_json(), encoding="utf-8")
    assert main(["evaluate", str(path), "--format", "json"]) == 0
    return dict(json.loads(capsys.readouterr().out))


def _summary(case: Case) -> str:
    data = build_report(case, evaluate(case), "summary", settings=ReportSettings(), when=date(2026, 12, 4))
    return _norm(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


@pytest.mark.parametrize("place", PLACES, ids=[p.place for p in PLACES])
def test_catalogue_place_through_cli_json_and_summary_pdf(place: Place, tmp_path: Path, capsys: Any) -> None:
    case = _case(place)
    out = _cli_json(case, tmp_path, capsys)
    options = {o["modality"]: o for o in out["options"]}
    flags = {f["id"]: f for f in out["flags"]}

    # What the catalogue place states.
    if place.grade:
        assert (out["grade"], out["grade_detail"]["rule"]) == place.grade
    for modality, expected in place.opts.items():
        opt = options[modality]
        assert (opt["status"], opt["rule"]) == expected, modality
        deciding = next(r for r in opt["reasons"] if r["rule"] == opt["rule"])
        for fact, value in place.reads.get(modality, {}).items():
            assert deciding["facts"].get(fact) == value, (modality, fact)
        if modality in place.starts:
            assert deciding["text"].startswith(place.starts[modality]), (modality, deciding["text"])
    for modality, missing in place.missing.items():
        assert options[modality]["missing"] == missing, modality
    for modality, line in place.lines.items():
        assert line in [r["rule"] for r in options[modality]["reasons"]], modality
    for modality in place.conditional:
        assert options[modality]["conditional"] and options[modality]["status"] == "option", modality
    assert place.flags <= flags.keys(), place.flags - flags.keys()
    assert not place.no_flags & flags.keys(), place.no_flags & flags.keys()
    for modality, attached in place.on.items():
        assert attached <= set(options[modality]["flags"]), (modality, options[modality]["flags"])
        assert attached <= flags.keys()
    items = {i["id"]: i["result"] for s in out["transplant_criteria"].values() for i in s["items"]}
    for item_id, result in place.items.items():
        assert items[item_id] == result, item_id
    if place.needs is not None:
        assert out["needs_information"] == place.needs
    for modality, ids in place.evidence.items():
        assert ids <= set(options[modality]["evidence"]), modality
    for key, value in place.lesions.items():
        assert out["lesion_summary"][key] == value, key
    if place.suggested:
        assert out["frilling_type"]["suggested"] == place.suggested

    # What holds for every result (ROLE-1, 9.1, ORDER-1, NEEDS-ORDER, section 8's outside-sources key).
    for opt in out["options"]:
        assert opt["role"] == _role(opt), opt["modality"]
        assert opt["evidence_tier"] == TIERS[opt["modality"]], opt["modality"]
    rank = {m: i for i, m in enumerate(WITHIN)}
    order = sorted(out["options"], key=lambda o: (STATUS_GROUPS.index(o["status"]), rank[o["modality"]]))
    assert out["display_order"] == [o["modality"] for o in order]
    groups = [_needs_group(f) for f in out["needs_information"]]
    assert groups == sorted(groups), out["needs_information"]
    for flag in flags.values():
        assert flag["outside_sources"] == (flag["source"] == "outside-sources"), flag["id"]
        assert flag["outside_sources"] == flag["id"].startswith("FLAG-OUT-"), flag["id"]
    nec = out["grade"] == "NEC"
    if nec:  # section 12 (rev 2): no column is shown for NEC, not even among the facts read
        for opt in out["options"]:
            assert not [r["rule"] for r in opt["reasons"] if "column" in r["facts"]], opt["modality"]

    # The summary PDF shows the same.
    text = _summary(case)
    detail = text.split("Basis: rule, reason, facts, source", 1)[1].split(
        "Transplant criteria (review2023", 1
    )[0]
    shown = re.findall(r"\[([A-Z]+-M?[0-9]+)\]", detail)
    assert [r for r in shown if r in {o["rule"] for o in order}][: len(order)] == [o["rule"] for o in order]
    for opt in order:
        status_cell = f"{STATUS_WORDS[opt['status']]} [{opt['rule']}]"
        assert status_cell in detail, opt["modality"]
        after = _norm(detail.split(status_cell, 1)[1][:400]).lstrip()
        tier = f"Evidence tier {opt['evidence_tier']}: {TIER_WORDS[opt['evidence_tier']]}"
        if opt["status"] in OFFERED:
            role = ROLE_WORDS[opt["role"]]
            assert after.startswith(f"{role[0].upper()}{role[1:]} · {tier}"), (opt["modality"], after[:120])
        else:
            assert after.startswith(tier), (opt["modality"], after[:120])
    for modality in place.opts:
        opt = options[modality]
        deciding = next(r for r in opt["reasons"] if r["rule"] == opt["rule"])
        if deciding["facts"]:
            assert _norm(facts_text(deciding["facts"])) in detail, modality
    # Section 12 (rev 2): 'Not listed for this case' is explained once per report.
    not_listed = any(o["status"] == "not_indicated" for o in order)
    assert text.count("this is not a contraindication") == (1 if not_listed else 0)
    if nec:
        assert "Algorithm column" not in text
    evidence = text.split("Evidence figures (study context", 1)[1]
    for ids in place.evidence.values():
        for ident in ids:
            assert f"[{ident}]" in evidence, ident
    if "EV-OLT-2" in evidence:
        assert "their direction looks inverted" in _norm(evidence)
    needs = text.split("Missing facts (needs information)", 1)[1].lstrip()
    if out["needs_information"]:
        assert needs.startswith(", ".join(fact_label(f) for f in out["needs_information"]) + ".")
    else:
        assert needs.startswith("None:")
    flag_part = text.split("Flags (grey zones and tumour-board prompts)", 1)[1]
    for flag in flags.values():
        if flag["outside_sources"]:
            assert f"[{flag['id']}] Source: outside-sources." in flag_part, flag["id"]
        else:
            assert f"[{flag['id']}" in flag_part, flag["id"]
        assert _norm(flag["text"])[:50] in flag_part, flag["id"]
