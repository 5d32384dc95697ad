"""Both report kinds, read back with pypdf: sections, escaping, footers, page counts, metadata."""

from __future__ import annotations

import re

import pytest
from report_helpers import (
    HOSTILE,
    SETTINGS,
    WHEN,
    evaluate,
    fake_evaluation,
    page_texts,
    read_pdf,
    text_chunks,
    typical_case,
)

from nelm_desktop.core.evaluation import MODALITIES, STATUS_ORDER
from nelm_desktop.core.loading import load_case_file
from nelm_desktop.core.model import Lesion
from nelm_desktop.core.paths import resource
from nelm_desktop.core.report import CLOSING_STATEMENT, ReportSettings, build_report
from nelm_desktop.core.report.plain_language import PLAIN_MODALITIES, PLAIN_STATUS

DEMO_FILES = sorted(resource("demo").glob("*.json"))
SEGMENT_LABELS = ("I", "II", "III", "IVa", "IVb", "V", "VI", "VII", "VIII")
SUMMARY_SECTIONS = (
    "NELM clinical summary",
    "Case facts",
    "Liver: Couinaud segments",
    "Grade and distribution type",
    "Options per the source algorithm",
    "Transplant criteria",
    "Missing facts",
    "Flags",
    "Evidence figures",
    "Abbreviations",
    "Knowledge base:",
)
HANDOUT_SECTIONS = (
    "Your liver and your treatment options",
    "About your illness",
    "Where the spots are in your liver",
    "Options your care team may talk about with you",
    "What happens next",
    "Questions you may want to ask",
    "Words you may hear",
    "Who to contact.",
)


def flat(texts: list[str]) -> str:
    """All pages as one line of text (wrapping and layout spaces removed)."""
    return " ".join(" ".join(texts).split())


def check_common(data: bytes, case, kind: str) -> list[str]:
    texts = page_texts(data)
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text, f"footer missing on page {number}"
        if kind == "summary":
            assert case.case_id in " ".join(text.split()), f"case id missing on page {number}"
        else:  # the handout never shows the case id (issue #13, item 7)
            assert case.case_id not in text, f"case id on handout page {number}"
    assert " ".join(CLOSING_STATEMENT.split()) in flat(texts[-2:])  # at the end (may wrap onto the last page)
    meta = read_pdf(data).metadata
    assert meta is not None
    if kind == "summary":
        assert case.case_id in (meta.title or "") and case.case_id in (meta.subject or "")
    else:
        assert case.case_id not in " ".join(str(v) for v in meta.values())
    assert kind in (meta.subject or "")
    assert (meta.author or "").startswith("NELM Desktop")
    if case.patient_label:
        raw_meta = " ".join(str(v) for v in meta.values())
        assert case.patient_label not in raw_meta
    if case.demo:
        assert all("DEMO" in t for t in texts)
    labels = {chunk.strip() for chunk in text_chunks(data)}
    assert set(SEGMENT_LABELS) <= labels, f"segment labels missing: {set(SEGMENT_LABELS) - labels}"
    return texts


@pytest.mark.parametrize("path", DEMO_FILES, ids=[p.stem for p in DEMO_FILES])
@pytest.mark.parametrize("kind", ["summary", "handout"])
def test_every_demo_case_both_kinds(path, kind):
    case = load_case_file(path)
    assert case.demo
    data = build_report(case, evaluate(case), kind, "a4", SETTINGS, when=WHEN)
    texts = check_common(data, case, kind)
    body = flat(texts)
    for section in SUMMARY_SECTIONS if kind == "summary" else HANDOUT_SECTIONS:
        assert section in body, f"{section!r} missing"
    if kind == "handout":
        assert 1 <= len(texts) <= 2


def test_demo_cases_are_present():
    assert len(DEMO_FILES) >= 3


def test_summary_lists_every_option_with_rule_and_status_wording():
    case = typical_case()
    ev = evaluate(case)
    data = build_report(case, ev, "summary", "a4", SETTINGS, when=WHEN)
    body = flat(check_common(data, case, "summary"))
    for opt in ev.options:
        assert f"[{opt.rule}]" in body
    assert "Milan" in body and "ENETS" in body and "UNOS" in body
    assert ev.knowledge_base in body
    for word in ("Dr Ada Test", "Test Hospital", WHEN.isoformat()):
        assert word in body


def test_every_status_present_both_kinds():
    case = typical_case()
    ev = fake_evaluation(case)
    assert {o.status for o in ev.options} == set(STATUS_ORDER)
    summary = flat(page_texts(build_report(case, ev, "summary", "a4", SETTINGS, when=WHEN)))
    for wording in (
        "First line of the source algorithm for this pattern.",
        "Listed alternative.",
        "Not listed for this case",
        "A stated contraindication is present:",
        "Cannot be assessed: Future liver remnant (%).",
        "distribution type suggested by the engine, not confirmed",
    ):
        assert wording in summary
    handout = build_report(case, ev, "handout", "a4", SETTINGS, MODALITIES, when=WHEN)
    body = flat(page_texts(handout))
    for status in STATUS_ORDER:
        assert PLAIN_STATUS[status] in body
    for modality in MODALITIES:
        assert PLAIN_MODALITIES[modality].title in body


@pytest.mark.parametrize("kind", ["summary", "handout"])
def test_hostile_markup_prints_literally(kind):
    case = typical_case(patient_label=HOSTILE, notes="a < b && c > d <i>not italic</i> <para>x</para>")
    settings = ReportSettings(
        clinician_name=HOSTILE, institution="<font size=40>Big</font>", contact_line="&amp;"
    )
    data = build_report(case, evaluate(case), kind, "a4", settings, when=WHEN)
    body = flat(check_common(data, case, kind))
    assert HOSTILE in body
    assert "<font size=40>Big</font>" in body
    if kind == "handout":
        assert "&amp;" in body
    if kind == "summary":
        assert "a < b && c > d <i>not italic</i> <para>x</para>" in body


@pytest.mark.parametrize("kind", ["summary", "handout"])
def test_non_latin_names(kind):
    names = "Müller, Łukasz, Ελένη, Ōtsuka"
    case = typical_case(patient_label=names)
    settings = ReportSettings("Dr Ελένη Ōtsuka", "Klinikum Müller", "Łukasz +48 1")
    data = build_report(case, evaluate(case), kind, "a4", settings, when=WHEN)
    body = flat(check_common(data, case, kind))
    for name in (names, "Dr Ελένη Ōtsuka", "Klinikum Müller"):
        assert name in body
    assert ("Łukasz +48 1" in body) == (kind == "handout")  # the contact line is for patients


@pytest.mark.parametrize("kind", ["summary", "handout"])
def test_no_lesions(kind):
    case = typical_case(lesions=None)
    data = build_report(case, evaluate(case), kind, "a4", SETTINGS, when=WHEN)
    body = flat(check_common(data, case, kind))
    expected = "No lesions recorded" if kind == "summary" else "has not yet marked the spots"
    assert expected in body


@pytest.mark.parametrize("kind", ["summary", "handout"])
def test_forty_lesions(kind):
    lesions = [Lesion(segment=SEGMENT_LABELS[i % 9], size_cm=0.5 + (i % 7), count=1) for i in range(40)]
    case = typical_case(lesions=lesions)
    data = build_report(case, evaluate(case), kind, "a4", SETTINGS, when=WHEN)
    texts = check_common(data, case, kind)
    if kind == "handout":
        assert "recorded 40 spots in segments I, II, III, IVa, IVb, V, VI, VII and VIII" in flat(texts)
        assert "Segment IV has an upper part (IVa) and a lower part (IVb)." in flat(texts)
        assert len(texts) <= 2
    else:
        assert flat(texts).count("Segment Size (cm) Count") >= 1


def test_long_notes_flow_over_pages():
    paragraph = "Long clinical note with details of the course and imaging. " * 40
    notes = "\n\n".join(f"Note {i}: {paragraph}" for i in range(12)) + "\nEND-OF-NOTES"
    word = "X" * 3000  # one unbreakable word must still wrap, not overflow or crash
    case = typical_case(notes=notes + " " + word)
    plain = typical_case()
    short = build_report(plain, evaluate(plain), "summary", "a4", SETTINGS, when=WHEN)
    data = build_report(case, evaluate(case), "summary", "a4", SETTINGS, when=WHEN)
    texts = check_common(data, case, "summary")
    assert len(texts) >= len(page_texts(short)) + 2
    assert "END-OF-NOTES" in flat(texts)


@pytest.mark.parametrize("kind", ["summary", "handout"])
def test_handout_has_no_codes_and_summary_does(kind):
    case = typical_case()
    data = build_report(case, evaluate(case), kind, "a4", SETTINGS, when=WHEN)
    pages = page_texts(data)
    # Footers carry the case reference; the body is everything above the footer line.
    body = flat([t.split("Patient information ·")[0] if kind == "handout" else t for t in pages])
    body = body.replace(case.patient_label, "")
    codes = re.findall(r"\b[A-Z]{2,}(?:-[A-Z0-9]+)*-\d+\b", body)
    if kind == "handout":
        assert codes == []
        for abbreviation in ("NELM", "OLT", "PRRT", "TACE", "Ki-67", "SSA", "review2023"):
            assert abbreviation not in body
    else:
        assert codes


def test_handout_body_type_is_at_least_12_pt():
    case = typical_case()
    data = build_report(case, evaluate(case), "handout", "a4", SETTINGS, when=WHEN)
    small: list[tuple[str, float]] = []
    for page in read_pdf(data).pages:

        def visit(text, cm, tm, font, size):
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5
            effective = size * scale * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            footer = tm[5] * cm[3] + cm[5] < 40  # the footer line at the page bottom
            if text.strip() and not footer and effective < 11.9:
                small.append((text, effective))

        page.extract_text(visitor_text=visit)
    assert small == []


def test_letter_paper_and_a4():
    case = typical_case()
    ev = evaluate(case)
    letter = read_pdf(build_report(case, ev, "summary", "letter", SETTINGS, when=WHEN)).pages[0]
    a4 = read_pdf(build_report(case, ev, "summary", "a4", SETTINGS, when=WHEN)).pages[0]
    assert round(float(letter.mediabox.width)) == 612 and round(float(letter.mediabox.height)) == 792
    assert round(float(a4.mediabox.width)) == 595 and round(float(a4.mediabox.height)) == 842


def test_default_handout_options_are_recommended_and_option():
    case = typical_case()
    ev = fake_evaluation(case)
    body = flat(page_texts(build_report(case, ev, "handout", "a4", SETTINGS, when=WHEN)))
    for opt in ev.options:
        shown = PLAIN_MODALITIES[opt.modality].title in body
        assert shown == (opt.status in {"recommended", "option"}), opt.modality


def test_handout_respects_ticked_options():
    case = typical_case()
    ev = fake_evaluation(case)
    body = flat(page_texts(build_report(case, ev, "handout", "a4", SETTINGS, ["ablation"], when=WHEN)))
    assert PLAIN_MODALITIES["ablation"].title in body
    assert PLAIN_MODALITIES["resection"].title not in body
    empty = flat(page_texts(build_report(case, ev, "handout", "a4", SETTINGS, [], when=WHEN)))
    assert "once all the results are in" in empty


def test_recorded_none_is_not_shown_as_not_recorded() -> None:
    """`extrahepatic_disease = none` is a finding (no extrahepatic disease), not a missing fact."""
    from report_helpers import page_texts, typical_case

    from nelm_desktop.core.engine import evaluate as run_engine
    from nelm_desktop.core.report import build_report

    case = typical_case(extrahepatic_disease="none")
    text = " ".join(page_texts(build_report(case, run_engine(case), "summary", settings=SETTINGS))).replace(
        "\n", " "
    )
    assert "Extrahepatic disease none" in text
    unknown_case = typical_case(extrahepatic_disease="unknown")
    text = " ".join(
        page_texts(build_report(unknown_case, run_engine(unknown_case), "summary", settings=SETTINGS))
    )
    assert "Extrahepatic disease not recorded" in text.replace("\n", " ")
