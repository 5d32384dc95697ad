"""Section 12 (rev 2) on the patient handout, third audit: 'plain words, short sentences (reading level
about school grade 6), never you should', and the status headings in words that hold for the case's
grade, on every demo case and the example case, every option ticked so that every text is printed.

Reading level is estimated with the Flesch-Kincaid grade formula (syllables counted by vowel groups). The
estimator is held against the catalogue's own opening paragraphs, which are what section 12 calls about
grade 6: they score 3-5 here and their longest sentence has 20 words."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.evaluation import MODALITIES
from nelm_desktop.core.loading import load_case_file
from nelm_desktop.core.model import Case
from nelm_desktop.core.report import ReportSettings, build_report
from nelm_desktop.core.report.plain_language import (
    GLOSSARY,
    NEXT_STEPS,
    PLAIN_MODALITIES,
    QUESTIONS,
    WHAT_DECIDES,
    WHERE_INTRO,
    opening,
)
from tests.clinical.clinical_cases import BASE
from tests.clinical.test_surfaces_agree import _catalogue_openings

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "nelm_desktop" / "resources"
CASE_FILES = sorted((RESOURCES / "demo").glob("*.json")) + sorted(RESOURCES.glob("example*.json"))
LONGEST_SENTENCE = 20  # words: the longest sentence of the catalogue's handout paragraphs
ABOUT_GRADE_6 = 7.0  # Flesch-Kincaid grade below 7 ('about school grade 6')


def _syllables(word: str) -> int:
    word = re.sub(r"[^a-z]", "", word.lower())
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", word)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", re.sub(r"^y", "", word))))


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if re.search(r"[A-Za-z]", s)]


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'-]*", text)


def fk_grade(text: str) -> float:
    words = _words(text)
    syllables = sum(_syllables(w) for w in words)
    return 0.39 * len(words) / len(_sentences(text)) + 11.8 * syllables / len(words) - 15.59


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_estimator_reads_the_catalogue_paragraphs_as_about_grade_6() -> None:
    openings = _catalogue_openings()
    assert len(openings) == 4
    for key, paragraph in openings.items():
        paragraph = paragraph.replace("{1 / 2}", "2")
        assert 2.0 <= fk_grade(paragraph) < 6.0, key
        assert max(len(_words(s)) for s in _sentences(paragraph)) <= LONGEST_SENTENCE, key
    # a dense clinical sentence reads far above it
    assert fk_grade("Cytoreductive hepatectomy necessitates multidisciplinary perioperative evaluation.") > 12


HANDOUT_TEXTS: dict[str, str] = {
    "what decides": WHAT_DECIDES,
    "where intro": WHERE_INTRO,
    **{f"{m}: what": p.what for m, p in PLAIN_MODALITIES.items()},
    **{f"{m}: involves": p.involves for m, p in PLAIN_MODALITIES.items()},
    **{f"next step {i}": t for i, t in enumerate(NEXT_STEPS)},
    **{f"question {i}": t for i, t in enumerate(QUESTIONS)},
    **{f"glossary {w}": f"{w} means {m}" for w, m in GLOSSARY},
}


@pytest.mark.parametrize("name", sorted(HANDOUT_TEXTS))
def test_every_handout_sentence_is_short(name: str) -> None:
    """Short sentences: none longer than the longest of the catalogue's own paragraphs; a semicolon
    joining two sentences counts as one sentence."""
    for sentence in _sentences(HANDOUT_TEXTS[name]):
        assert len(_words(sentence)) <= LONGEST_SENTENCE, sentence


def _handout(case: Case) -> str:
    data = build_report(
        case, evaluate(case), "handout", "a4", ReportSettings(), MODALITIES, when=date(2026, 12, 4)
    )
    return _norm(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.name for p in CASE_FILES])
def test_demo_handout_reads_at_about_grade_6_with_every_option(path: Path) -> None:
    case = load_case_file(path)
    text = _handout(case)
    grade = evaluate(case).grade.grade
    assert opening(grade) in text
    assert fk_grade(text) < ABOUT_GRADE_6, (path.name, round(fk_grade(text), 1))
    assert "should" not in text.lower()


@pytest.mark.parametrize(
    "overrides",
    [
        {"ki67_pct": 30, "functional_syndrome": "yes", "syndrome_refractory": "no"},  # G3 NET
        {"differentiation": "poorly", "ki67_pct": 50},  # NEC
    ],
    ids=["G3 NET", "NEC"],
)
def test_g3_and_nec_handouts_never_say_the_published_guide_lists_their_options(overrides: dict) -> None:
    """The G3 opening says the treatment guide was written for grade 1 and 2 (Fig. 2 covers G1/G2 only,
    section 12): no heading may then say an option is listed, or not listed, in that guide."""
    text = _handout(Case(**{**BASE, **overrides}, patient_label="Guide"))
    ev = evaluate(Case(**{**BASE, **overrides}))
    assert {o.status for o in ev.options} >= {"option", "not_indicated"}
    assert "published treatment guide" not in text and "published guide" not in text
    assert "Other possibilities named in the medical papers used here" in text
    assert "Not listed for your situation in the medical papers used here" in text


def test_not_listed_heading_is_explained_as_not_a_warning_and_not_only_by_pattern() -> None:
    """Section 12 (rev 2): not_indicated means outside the case's branch (pattern, grade, primary site or
    resectability) and is not a contraindication. A resectable G1 case has TAE outside its branch because
    resection is feasible (TAE-3), not because of its pattern."""
    case = Case(**BASE, patient_label="Not listed")
    assert next(o for o in evaluate(case).options if o.modality == "tae").rule == "TAE-3"
    text = _handout(case)
    assert "for the pattern of your disease" not in text
    assert "Not listed for your situation in the published treatment guide" in text
    assert "this does not mean they are unsafe for you" in text
