"""Properties of the engine over generated cases (hypothesis)."""

from __future__ import annotations

from case_strategies import FACTS, UNKNOWN_VALUE, cases
from hypothesis import given, settings
from hypothesis import strategies as st

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.evaluation import MODALITIES
from nelm_desktop.core.model import Case

SETTINGS = settings(max_examples=400, deadline=None)


@SETTINGS
@given(cases)
def test_total_deterministic_and_complete(case: Case) -> None:
    first = evaluate(case)
    assert [o.modality for o in first.options] == list(MODALITIES)  # all 16 codes, once each
    assert evaluate(case).to_public_json() == first.to_public_json()  # deterministic
    for set_ in first.transplant_criteria.values():
        assert set_.verdict in ("met", "not_met", "incomplete")


@SETTINGS
@given(cases)
def test_every_decided_status_has_a_sourced_reason(case: Case) -> None:
    for option in evaluate(case).options:
        assert option.reasons, option.modality
        if option.status != "not_indicated":
            assert any(r.sources for r in option.reasons), (option.modality, option.rule)
        if option.status == "needs_information":
            assert option.missing, (option.modality, option.rule)


@SETTINGS
@given(cases)
def test_nec_is_never_offered_transplant(case: Case) -> None:
    evaluation = evaluate(case)
    if evaluation.grade.grade == "NEC":
        assert evaluation.option("transplant").status == "contraindicated"
    if evaluation.grade.grade in ("NEC", "G3 NET"):
        assert evaluation.option("transplant").status not in ("recommended", "option")


# `confirmed_type = none` does not make the type unknown: without a confirmation the engine uses its
# own, flagged suggestion (PATTERN-0 vs PATTERN-2..7), which may be a different type. That switch is
# pinned by test_unconfirming_the_type_switches_to_the_flagged_suggestion below.
# AMB-58 (rev 2): primary_resectable is read only while primary_resected = no is recorded ("not read
# while primary_resected is unknown (SIM-8 asks that)"), so forgetting primary_resected drops that
# question by the catalogue's design; pinned in test_amb_58_primary_resected_unknown_skips_the_question.
OBSERVED_FACTS = sorted(set(FACTS) - {"confirmed_type", "primary_resected"})
_KI67 = ("ki67_pct", "ki67_liver_pct", "grade_reported")
GRADE_SOURCES = {
    "differentiation": ("differentiation", "grade_reported"),
    "ki67_pct": _KI67,
    "ki67_liver_pct": _KI67,
    # AMB-57: not_assessed keeps the revision-1 derivation from the FLR, so the surgeon's judgement is
    # forgotten together with the FLR it would replace.
    "surgeon_assessment": ("surgeon_assessment", "flr_pct"),
    # unknown_primary makes the primary's resectability irrelevant (AMB-58); forgetting the site
    # forgets that judgement too.
    "primary_site": ("primary_site", "primary_resectable"),
}


@SETTINGS
@given(cases, st.sampled_from(OBSERVED_FACTS))
def test_unknown_never_makes_an_answer_more_confident(case: Case, fact: str) -> None:
    """Making one fact unknown never turns needs_information into a confident (unconditional) answer."""
    before = evaluate(case)
    blank = {fact: UNKNOWN_VALUE[fact]}
    if fact in GRADE_SOURCES:
        # GRADE-0/8/9 (rev 2): the grade rests on differentiation, the higher Ki-67 and, where those are
        # missing, the reported grade. Forgetting one source lets another decide (a reported NEC then
        # implies poor differentiation; the other Ki-67 grades); the property holds for forgetting what
        # the grade rests on.
        blank = {name: UNKNOWN_VALUE[name] for name in GRADE_SOURCES[fact]}
    after = evaluate(case.model_copy(update=blank))
    for old, new in zip(before.options, after.options, strict=True):
        if old.status == "needs_information":
            assert new.status == "needs_information" or new.conditional, (
                fact,
                old.modality,
                old.rule,
                new.rule,
            )


def test_unconfirming_the_type_switches_to_the_flagged_suggestion() -> None:
    """Found by the property above: a confirmed type I with Ki-67 unknown needs information (RES-6);
    without the confirmation the suggestion is type III (> 10 lesions, both lobes), whose column lists
    no surgery (RES-2). The engine says it used its suggestion, on the reason and as a flag."""
    lesions = [{"segment": "II", "size_cm": 1, "count": 1}, {"segment": "V", "size_cm": 1, "count": 1}]
    lesions += [{"segment": None, "size_cm": 1, "count": 3}] * 4
    confirmed = evaluate(Case(confirmed_type="I", differentiation="well", lesions=lesions))
    suggested = evaluate(Case(confirmed_type="none", differentiation="well", lesions=lesions))
    assert confirmed.option("resection").rule == "RES-6"
    assert (suggested.frilling_type.used, suggested.frilling_type.suggested_rule) == ("III", "PATTERN-5")
    resection = suggested.option("resection")
    assert resection.rule == "RES-2" and resection.reasons[0].uses_suggested_type
    assert "FLAG-TYPE-SUGGESTED" in {f.id for f in suggested.flags}


def test_amb_58_primary_resected_unknown_skips_the_question() -> None:
    """The catalogue's one exception to the property above (AMB-58), pinned so that it stays deliberate."""
    from engine_cases import case

    in_place = evaluate(case(primary_resected="no", primary_resectable="unknown"))
    assert in_place.option("resection").missing == ["primary_resectable"]
    not_recorded = evaluate(case(primary_resected="unknown", primary_resectable="unknown"))
    assert not_recorded.option("resection").status == "recommended"
    assert not_recorded.option("simultaneous_resection").missing == ["primary_resected"]
