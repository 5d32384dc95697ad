"""Section 12 (rev 2) in the board pack's case pages (third audit): options in ORDER-1 (transplant with
the surgical group, before the liver-directed options), the evidence tier next to every status and the
role next to every offered option, 'Not listed for this case' explained once per pack, and every flag with
its locator ('outside-sources' for the precautions outside the seeds). Read back with pypdf."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

from pypdf import PdfReader

from nelm_desktop.core.board.model import AgendaItem, Meeting
from nelm_desktop.core.board.synopsis import BoardPack, PackItem
from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.model import Case
from nelm_desktop.core.presentation import ordered_options
from nelm_desktop.core.report.board import build_board_document
from tests.clinical.clinical_cases import BASE, TYPE_III

CASES = {
    "Diffuse G1": {**BASE, "lesions": TYPE_III, "hepatic_involvement_pct": 30},
    "Carcinoid": {
        **BASE,
        "functional_syndrome": "yes",
        "syndrome_type": "carcinoid",
        "syndrome_refractory": "no",
    },
}


def _pack_text() -> tuple[str, dict[str, Case]]:
    cases = {label: Case(**facts, patient_label=label) for label, facts in CASES.items()}
    items = [AgendaItem(case_id=c.case_id, question="Options?", presenter="Dr Cut") for c in cases.values()]
    meeting = Meeting(starts_at=datetime(2026, 12, 10, 16, 0), agenda=items)
    pack = BoardPack(
        meeting,
        [
            PackItem(n, item, case, evaluate(case), None, "to_prepare")
            for n, (item, case) in enumerate(zip(items, cases.values(), strict=True), start=1)
        ],
    )
    data = build_board_document("pack", pack, when=date(2026, 12, 4))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text), cases


def test_board_pack_case_pages_keep_order_1_tiers_roles_and_locators() -> None:
    text, cases = _pack_text()
    assert text.count("this is not a contraindication") == 1
    assert "Evidence tier on the case pages: A = outcome figures in the sources" in text
    page = text.split("1. Diffuse G1", 1)[1].split("2. Carcinoid", 1)[0]
    ev = evaluate(cases["Diffuse G1"])
    assert next(o for o in ev.options if o.modality == "transplant").rule == "OLT-7"
    positions = [page.index(o.label) for o in ordered_options(ev.options)]
    assert positions == sorted(positions)  # transplant before TAE, as on the panel and the summary
    assert page.index("Liver transplantation (OLT)") < page.index("Transarterial embolization (TAE)")
    assert "surgery with curative intent; tier A" in page and "systemic treatment; tier B" in page
    for flag in ev.flags:
        assert f"({flag.source}) [{flag.id}]" in page, flag.id
    carcinoid = text.split("2. Carcinoid", 1)[1]
    assert "(outside-sources) [FLAG-OUT-CARCINOID-HEART]" in carcinoid
