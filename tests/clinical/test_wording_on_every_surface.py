"""Section 12's wording on every surface, for every published case and surface case (second audit,
step 4): the command line's text, the tumour-board summary and the patient handout (read back with pypdf)
never word an option as an order, never give NEC a first line or a column, say 'first line' only for a
G1/G2 recommended option, show G3's column as applied by analogy, and end with the closing sentence."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader

from nelm_desktop.cli import main
from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.model import Case
from nelm_desktop.core.report import ReportSettings, build_report
from tests.clinical.test_published_cases import CASES
from tests.clinical.test_surfaces_agree import SURFACE_CASES

ORDERS = ("you should", "we recommend", "the patient should", "best treatment for this patient")
CLOSING = (
    "The clinician and the multidisciplinary tumour board decide. This summary lists options from the cited "
    "sources and does not replace clinical judgement."
)
ALL_CASES: dict[str, Case] = {
    **{c.name: c.case() for c in CASES},
    **{f"surface-{name}": Case(**facts) for name, facts in SURFACE_CASES.items()},
}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _pdf(case: Case, kind: str) -> str:
    data = build_report(case, evaluate(case), kind, settings=ReportSettings(), when=date(2026, 12, 4))
    return _norm(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def _cli_text(case: Case, tmp_path: Any, capsys: Any) -> str:
    path = tmp_path / "case.json"
    path.write_text(case.model_dump_json(), encoding="utf-8")
    assert main(["evaluate", str(path)]) == 0
    return _norm(capsys.readouterr().out)


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_every_surface_keeps_the_section_12_wording(name: str, tmp_path: Any, capsys: Any) -> None:
    case = ALL_CASES[name]
    ev = evaluate(case)
    surfaces = {
        "cli": _cli_text(case, tmp_path, capsys),
        "summary": _pdf(case, "summary"),
        "handout": _pdf(case, "handout"),
    }
    grade = ev.grade.grade
    g12_recommended = grade in ("G1", "G2") and any(o.status == "recommended" for o in ev.options)
    for surface, text in surfaces.items():
        lower = text.lower()
        for order in ORDERS:
            assert order not in lower, (surface, order)
        if grade == "NEC":
            # "algorithm column (fig. 2) = a": the column among the facts read (third audit)
            nec_banned = ("first line", "listed first", "first choice", "column a", "column b", "column c")
            for banned in (*nec_banned, "algorithm column"):
                assert banned not in lower, (surface, banned)
        if surface != "handout" and not g12_recommended:
            assert "first line of the source algorithm" not in lower, surface
    for surface in ("cli", "summary"):
        if g12_recommended:
            assert "first line of the source algorithm for this pattern" in surfaces[surface], surface
        if grade == "G3 NET" and ev.frilling_type.column:
            assert "(the G1/G2 algorithm's column applied by analogy; G3 is outside it)" in surfaces[surface]
    for surface in ("summary", "handout"):  # the last words before the last page's running footer
        assert re.search(re.escape(CLOSING) + r" [^.]*Page (\d+) of \1\s*$", surfaces[surface]), surface
