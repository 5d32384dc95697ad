"""What the engine decides is what the user sees: for a set of cases, the CLI `evaluate --format json`
and `--format text`, the options panel rows, the tumour-board summary PDF and the patient handout PDF
(read back with pypdf) show the same statuses, deciding rules, facts and sources, in ORDER-1
(CLINICAL-RULES section 12: every status line shows the rule id, the facts used with their values and
the locator; tier next to every status, role next to every offered option)."""

from __future__ import annotations

import html
import io
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.evaluation import STATUS_ORDER, STATUS_SHORT, Evaluation
from nelm_desktop.core.facts import fact_label
from nelm_desktop.core.model import Case
from nelm_desktop.core.presentation import facts_text, ordered_options, role_and_tier
from nelm_desktop.core.report import ReportSettings, build_report
from nelm_desktop.core.report.plain_language import PLAIN_MODALITIES, plain_status
from tests.clinical.clinical_cases import BASE, LIMITED_BILOBAR, TYPE_II, TYPE_III

ROOT = Path(__file__).resolve().parents[2]
SURFACE_CASES: dict[str, dict[str, Any]] = {
    # Staged route recommended, the alternatives worded by EVAL-8, transplant after the surgical group.
    "type-ii-staged": {**BASE, "lesions": TYPE_II, "flr_pct": 20, "primary_site": "pancreas"},
    # Transplant option (OLT-7) next to liver-directed and systemic options: ORDER-1 puts it first.
    "type-iii-transplant": {**BASE, "lesions": TYPE_III, "hepatic_involvement_pct": 30},
    # NEC: chemotherapy recommended without "first line" (section 12), PRRT asks the FDG result.
    "nec": {**BASE, "differentiation": "poorly", "ki67_pct": 40, "fdg_pet": "done_result_unknown"},
    # Grade undetermined: needs information in NEEDS-ORDER, nothing offered.
    "grade-unknown": {**BASE, "differentiation": "unknown", "ki67_pct": None, "flr_pct": None},
    # Conditional options (EVAL-4) with an unconfirmed suggested type.
    "conditional": {**BASE, "lesions": LIMITED_BILOBAR, "extrahepatic_disease": "unknown"},
    # Second audit, from published cases: criss2024 Fig. 1 (age 55 fails every set, OLT-5 with the grade
    # unknown); carcinoid syndrome (the outside-sources precaution on offered options only); column A
    # without a surgical route (EVE-8 / SUN-8, muttillo2022).
    "criss2024-age-55": {"age_years": 55, "primary_site": "small_intestine", "differentiation": "well"},
    "carcinoid-outside-sources": {
        **BASE,
        "functional_syndrome": "yes",
        "syndrome_type": "carcinoid",
        "syndrome_refractory": "no",
        "surgeon_assessment": "unresectable",
    },
    "column-a-no-surgical-route": {**BASE, "primary_site": "pancreas", "fit_for_major_surgery": "no"},
}
WHEN = date(2026, 12, 4)


def _case(name: str) -> Case:
    return Case(**SURFACE_CASES[name], patient_label=f"Surface {name}")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _cli(tmp_path: Path, case: Case, *args: str) -> str:
    path = tmp_path / "case.json"
    path.write_text(case.model_dump_json(), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "nelm_desktop", "evaluate", str(path), *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def _pdf_text(data: bytes) -> str:
    return _norm("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


@pytest.mark.parametrize("name", list(SURFACE_CASES))
def test_cli_json_is_the_engine_output(name: str, tmp_path: Path) -> None:
    case = _case(name)
    data = json.loads(_cli(tmp_path, case, "--format", "json"))
    assert data == json.loads(json.dumps(evaluate(case).to_public_json()))


@pytest.mark.parametrize("name", list(SURFACE_CASES))
def test_cli_text_shows_every_status_with_rule_facts_sources_in_order_1(name: str, tmp_path: Path) -> None:
    case = _case(name)
    ev = evaluate(case)
    text = _cli(tmp_path, case)
    lines = text.splitlines()
    shown: list[tuple[str, str, str]] = []
    status = ""
    headings = {f"{STATUS_SHORT[s]}:": s for s in STATUS_ORDER}
    for line in lines:
        for prefix, st in headings.items():
            if line.startswith(prefix):
                status = st
        match = re.match(r"  - (.+) \[([A-Z0-9-]+)\] \((.+)\)$", line)
        if match:
            shown.append((status, match.group(1), match.group(2)))
    expected = [(o.status, o.label, o.rule) for o in ordered_options(ev.options)]
    assert shown == expected
    for opt in ev.options:
        assert f"  - {opt.label} [{opt.rule}] ({role_and_tier(opt)})" in lines
        for reason in opt.reasons:
            assert f"({reason.source})" in text
            if reason.facts:
                assert f"        Facts: {facts_text(reason.facts)}" in lines
    if ev.needs_information:
        assert f"Needs information: {', '.join(fact_label(f) for f in ev.needs_information)}" in lines
    if any(o.status == "not_indicated" for o in ev.options):
        assert text.count("this is not a contraindication") == 1  # explained once (section 12)
    if ev.grade.grade == "NEC":
        assert "first line" not in text.lower()


def _summary_text(case: Case, ev: Evaluation) -> str:
    return _pdf_text(build_report(case, ev, "summary", settings=ReportSettings(), when=WHEN))


@pytest.mark.parametrize("name", list(SURFACE_CASES))
def test_summary_pdf_shows_the_same_statuses_rules_facts_and_needs(name: str) -> None:
    case = _case(name)
    ev = evaluate(case)
    text = _summary_text(case, ev)
    detail = text.split("Basis: rule, reason, facts, source", 1)[1].split(
        "Transplant criteria (review2023", 1
    )[0]
    rules = re.findall(r"\[([A-Z]+-[0-9]+)\]", detail)
    assert rules == [o.rule for o in ordered_options(ev.options)]
    for opt in ev.options:
        assert f"{STATUS_SHORT[opt.status]} [{opt.rule}]" in detail
        deciding = next(r for r in opt.reasons if r.rule == opt.rule)
        if deciding.facts:
            assert _norm(facts_text(deciding.facts)) in detail, opt.modality
        for source in deciding.sources:
            assert source.key in detail
    needs = text.split("Missing facts (needs information)", 1)[1]
    if ev.needs_information:
        assert needs.lstrip().startswith(", ".join(fact_label(f) for f in ev.needs_information) + ".")
    else:
        assert needs.lstrip().startswith("None:")
    # Every figure a row promises "(figures below)" is printed in the Evidence section.
    figures = text.split("Evidence figures (study context", 1)[1]
    for promised in re.findall(r"Evidence: ((?:EV-[A-Z0-9-]+(?:, )?)+) \(figures below\)", detail):
        for ident in promised.split(", "):
            assert f"[{ident}]" in figures, ident
    for set_key, criteria in ev.transplant_criteria.items():
        for item in criteria.items:
            assert f"[{item.id}]" in text, (set_key, item.id)


@pytest.mark.parametrize("name", list(SURFACE_CASES))
def test_handout_pdf_lists_the_offered_options_by_status_in_order_1(name: str) -> None:
    case = _case(name)
    ev = evaluate(case)
    text = _pdf_text(build_report(case, ev, "handout", settings=ReportSettings(), when=WHEN))
    assert not re.search(r"\b(?:RES|STAGED|TAE|PRRT|OLT|CHE|SSA|ABL|FLAG)-[0-9A-Z]", text)  # no codes
    offered = [o for o in ordered_options(ev.options) if o.status in ("recommended", "option")]
    body = text.split("talk about with you", 1)[1].split("What happens next", 1)[0]
    positions = []
    for opt in offered:
        title = _norm(PLAIN_MODALITIES[opt.modality].title)
        heading = _norm(plain_status(opt.status, ev.grade.grade))
        assert title in body, opt.modality
        assert body.index(heading) < body.index(title), opt.modality
        positions.append(body.index(title))
    assert positions == sorted(positions)  # ORDER-1
    if not offered:
        assert "once all the results are in" in body


@pytest.mark.parametrize("name", list(SURFACE_CASES))
def test_cli_text_and_summary_show_every_flag_with_its_text_and_locator(name: str, tmp_path: Path) -> None:
    """Section 8: each flag shows its text and locator; one that names options rides on them."""
    case = _case(name)
    ev = evaluate(case)
    text = _cli(tmp_path, case)
    summary = _summary_text(case, ev)
    for flag in ev.flags:
        assert f"  {flag.id}: {flag.text} ({flag.source})" in text.splitlines(), flag.id
        assert _norm(flag.text)[:60] in summary, flag.id
    for opt in ev.options:
        if opt.flags:
            assert f"      Flags: {', '.join(opt.flags)}" in text.splitlines(), opt.modality


@pytest.mark.parametrize("name", ["type-ii-staged", "nec", "conditional", "carcinoid-outside-sources"])
def test_options_panel_rows_show_the_engine_result(qtbot: Any, name: str) -> None:
    from PySide6.QtCore import Qt

    from nelm_desktop.ui.options.option_row import OptionRow, status_line
    from nelm_desktop.ui.options.options_panel import OptionsPanel
    from nelm_desktop.ui.options.status_badge import status_text

    ev = evaluate(_case(name))
    panel = OptionsPanel()
    qtbot.addWidget(panel)
    panel.resize(520, 900)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_evaluation(ev)
    panel.fill_rest()
    layout = panel.options_box.layout()
    rows = [layout.itemAt(i).widget() for i in range(layout.count())]
    rows = [w for w in rows if isinstance(w, OptionRow)]
    assert [(r.result().status, r.modality, r.result().rule) for r in rows] == [
        (o.status, o.modality, o.rule) for o in ordered_options(ev.options)
    ]
    for row in rows:
        opt = row.result()
        assert opt == next(o for o in ev.options if o.modality == row.modality)
        assert row.badge.text() == status_text(opt.status)
        assert row.meta_label.text() == role_and_tier(opt)
        assert status_line(opt).startswith(row.status_label.text()[:20])
    # Expanded by a real click: the reasons show the deciding rule, the facts used with their values in
    # the summary's and the CLI's words, and the sources.
    row = next(r for r in rows if r.modality == "resection")
    qtbot.mouseClick(row.toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(row.is_expanded)
    details = _norm(html.unescape(re.sub(r"<[^>]+>", " ", row.details.text())))
    opt = row.result()
    deciding = next(r for r in opt.reasons if r.rule == opt.rule)
    assert opt.rule in details
    for pair in facts_text(deciding.facts).split("; "):
        assert pair in details, pair
    for source in deciding.sources:
        assert source.key in details
    # A flag that names an option is shown, with its text, when that row is opened (section 8).
    texts = {flag.id: _norm(flag.text) for flag in ev.flags}
    for row in [r for r in rows if r.result().flags and r.modality != "resection"]:
        qtbot.mouseClick(row.toggle, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(row.is_expanded)
        details = _norm(html.unescape(re.sub(r"<[^>]+>", " ", row.details.text())))
        for flag_id in row.result().flags:
            assert flag_id in details and texts[flag_id] in details, (row.modality, flag_id)


def _catalogue_openings() -> dict[str, str]:
    """Section 12's handout openings, verbatim from the catalogue (the '>' quoted paragraphs)."""
    catalogue = (ROOT / "docs" / "clinical-rules.md").read_text(encoding="utf-8")
    section = catalogue.split("The opening paragraph depends on the grade:", 1)[1].split(
        "- Every report ends", 1
    )[0]
    openings: dict[str, str] = {}
    for block in re.split(r"\n  - ", section)[1:]:
        head = block.split("(", 1)[0].split(":", 1)[0].strip()
        quoted = " ".join(line.strip()[2:] for line in block.splitlines() if line.strip().startswith("> "))
        openings[head] = _norm(quoted)
    return openings


@pytest.mark.parametrize(
    ("overrides", "key", "number"),
    [
        ({}, "G1 or G2", "1"),
        ({"ki67_pct": 10}, "G1 or G2", "2"),
        ({"ki67_pct": 30}, "G3 NET", ""),
        ({"differentiation": "poorly", "ki67_pct": 40}, "NEC", ""),
        ({"ki67_pct": None}, "Grade not yet known", ""),  # GRADE-7
        ({"ki67_pct": None, "grade_reported": "NEC"}, "Grade not yet known", ""),  # GRADE-9
    ],
)
def test_handout_opening_is_the_catalogue_paragraph_for_the_grade(
    overrides: dict[str, Any], key: str, number: str
) -> None:
    """Section 12 (rev 2): the opening paragraph by grade, word for word."""
    case = Case(**{**BASE, **overrides}, patient_label="Opening")
    ev = evaluate(case)
    expected = _catalogue_openings()[key].replace("{1 / 2}", number)
    assert len(expected) > 200 and "{" not in expected
    text = _pdf_text(build_report(case, ev, "handout", settings=ReportSettings(), when=WHEN))
    assert expected in text
