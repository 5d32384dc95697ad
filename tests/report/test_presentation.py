"""core.presentation: the board's reading of engine output (pure functions, no Qt)."""

from __future__ import annotations

from nelm_desktop.core.evaluation import MODALITIES, STATUS_ORDER, OptionResult, Reason
from nelm_desktop.core.presentation import (
    NOT_LISTED_LABEL,
    ORDER_1,
    cited_keys,
    full_reference,
    one_line_reason,
    ordered_options,
    source_keys,
    split_reason,
    status_explanation,
    status_label,
)
from nelm_desktop.core.sources import SOURCES
from tests.engine.engine_cases import ev


def test_split_reason_puts_ids_second_and_codes_in_words():
    sentence, codes = split_reason(
        "G1/G2, type limited_bilobar, FLR >= 30 %, fit: surgical line (col A: isolated resection). (AMB-16)"
    )
    assert (
        sentence
        == "G1/G2, type limited bilobar, FLR ≥ 30 %, fit: surgical line (algorithm column A: isolated resection)."
    )
    assert codes == ["AMB-16"]
    sentence, codes = split_reason(
        "Selection criteria not met: MILAN-3 Primary tumor removed; UNOS-6 No extrahepatic disease."
    )
    assert sentence == "Selection criteria not met: Primary tumor removed; No extrahepatic disease."
    assert codes == ["MILAN-3", "UNOS-6"]
    sentence, codes = split_reason(
        "Transplant cannot be assessed: Differentiation. Criteria incomplete: MILAN-2 (differentiation)."
    )
    assert sentence == "Transplant cannot be assessed: Differentiation."
    assert codes == ["MILAN-2"]


def test_every_engine_reason_reads_without_codes():
    for overrides in ({}, {"ki67_pct": 30}, {"differentiation": "poorly"}, {"flr_pct": 20}, {"lesions": []}):
        for opt in ev(**overrides).options:
            line = one_line_reason(opt)
            assert "_" not in line and "(AMB-" not in line and ">=" not in line, line


def test_not_indicated_label_and_group_wording():
    assert status_label("not_indicated") == NOT_LISTED_LABEL == "Not listed for this case"
    assert "not a contraindication" in status_explanation("not_indicated")
    assert status_explanation("recommended", "G1") == "first line of the source algorithm for this pattern"
    assert "first line" not in status_explanation("recommended", "NEC")
    assert "first line" not in status_explanation("recommended", "G3 NET")


def test_order_1_groups_then_surgical_liver_directed_systemic():
    opts = [
        OptionResult(modality=m, label=m, status=STATUS_ORDER[i % 5], rule="X-1", reasons=[])
        for i, m in enumerate(reversed(MODALITIES))
    ]
    ordered = ordered_options(opts)
    keys = [(STATUS_ORDER.index(o.status), ORDER_1.index(o.modality)) for o in ordered]
    assert keys == sorted(keys)
    assert sorted(ORDER_1) == sorted(MODALITIES)


def test_references_are_full_and_cover_every_cited_key():
    evaluation = ev()
    keys = cited_keys(evaluation)
    assert "review2023" in keys and "muttillo2022" in keys
    assert full_reference("frilling2015").startswith("Frilling A, Clift AK.")
    assert source_keys("review2023, Fig. 2; frilling2015, abstract") == ["review2023", "frilling2015"]
    assert set(keys) <= set(SOURCES)


def test_needs_information_line_names_the_facts():
    opt = OptionResult(
        modality="prrt",
        label="PRRT",
        status="needs_information",
        rule="PRRT-4",
        reasons=[Reason(rule="PRRT-4", text="PRRT cannot be assessed: sstr_imaging")],
        missing=["sstr_imaging"],
    )
    assert one_line_reason(opt) == "Cannot be assessed: SSTR imaging."
