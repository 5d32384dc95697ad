"""How the engine's output reads to a tumour board: one place for the panel and the summary PDF.

The engine's reason texts carry catalogue ids and fact codes ("RES-7 ... type limited_bilobar ...
col A ... (AMB-16)"). A board reads the clinical sentence first; the ids stay available, second.

- ``split_reason(text) -> (sentence, codes)``: the clinical sentence (ids taken out, fact codes and
  "col A" in words, ">=" as "≥") and the catalogue ids it mentioned.
- ``one_line_reason(opt)``: the option's status in one clinical line (section 12 wording).
- ``status_label(status)`` / ``NOT_LISTED_EXPLANATION``: display labels; ``not_indicated`` reads
  "Not listed for this case" (CLINICAL-RULES section 12, rev 2); the JSON code is unchanged.
- ``ordered_options(options)``: ORDER-1 display order (status groups, then surgical -> liver-directed
  -> systemic). A display order, never a prescribed sequence (AMB-63).
- ``full_reference(key)``, ``source_keys(text)``, ``cited_keys(evaluation)``: the full reference
  behind a source key, for hover texts and the References section.
- ``evidence_lines(ids)``: evidence figures with their study context and caveat.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# The explanation said once per screen or report (section 12, rev 2) lives with the engine's labels.
from nelm_desktop.core.evaluation import NOT_LISTED_EXPLANATION as NOT_LISTED_EXPLANATION
from nelm_desktop.core.evaluation import (
    ORDER_WITHIN_STATUS,
    ROLE_LABELS,
    STATUS_LABELS,
    STATUS_SHORT,
    TIER_LABELS,
    Evaluation,
    Flag,
    OptionResult,
    display_key,
)
from nelm_desktop.core.evidence import EVIDENCE
from nelm_desktop.core.facts import DERIVED_LABELS, FACT_LABELS, fact_label
from nelm_desktop.core.sources import SOURCES

NOT_LISTED_LABEL = "Not listed for this case"
# Section 12: the note on every status line whose reason used a suggested (unconfirmed) type.
SUGGESTED_TYPE_NOTE = "distribution type suggested by the engine, not confirmed"

# ORDER-1 (rev 2): surgical, then liver-directed, then systemic, within each status group (the
# engine's order, evaluation.ORDER_WITHIN_STATUS).
ORDER_1: tuple[str, ...] = ORDER_WITHIN_STATUS

# Catalogue ids as they appear inside reason texts: "RES-7", "AMB-16", "MILAN-3", "FLAG-G3", "RES-M2".
_ID = r"(?:FLAG-[A-Z0-9-]*[A-Z0-9]|[A-Z]{2,8}-(?:M?\d+|[A-Z]\d*))"
_ID_RE = re.compile(rf"\b{_ID}\b")
# "(AMB-16)", "(AMB-7; EVAL-4)": a parenthesis of ids only.
_ID_PAREN_RE = re.compile(rf"\s*\((?:{_ID})(?:\s*[,;/]\s*(?:{_ID}))*\)")
# "MILAN-3 Primary tumor drained ...": an id heading a criterion in a list.
_LEADING_ID_RE = re.compile(rf"(?:^|(?<=[:;] )){_ID}\s+(?=[A-Za-z(])")
# "; MILAN-2 (differentiation, ki67_pct)": an id with the fact codes it lacks.
_ID_WITH_FACTS_RE = re.compile(rf"{_ID} \(([a-z0-9_, ]+)\)")
_CRITERIA_TAIL_RE = re.compile(r"\s*Criteria incomplete:.*$", re.DOTALL)
_SNAKE_RE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_COLUMN_RE = re.compile(r"\bcol(?:umn)? ([ABC])\b")

_TYPE_WORDS = {
    "limited_unilobar": "limited unilobar",
    "limited_bilobar": "limited bilobar",
}


def _fact_words(code: str) -> str:
    if code in _TYPE_WORDS:
        return _TYPE_WORDS[code]
    if code in FACT_LABELS or code in DERIVED_LABELS:
        return fact_label(code).lower().replace("(%)", "").replace("(years)", "").replace("(cm)", "").strip()
    return code.replace("_", " ")


def split_reason(text: str) -> tuple[str, list[str]]:
    """The clinical sentence of an engine reason text, and the catalogue ids it mentioned."""
    sentence, codes = _split_reason(text)
    return sentence, list(codes)


@functools.lru_cache(maxsize=2048)
def _split_reason(text: str) -> tuple[str, tuple[str, ...]]:
    # Cached: the panel, the reports and the form ask for the same reason texts again and again
    # (an edit changes a few reasons; a dozen regular-expression passes each, per row, per edit).
    codes = list(dict.fromkeys(_ID_RE.findall(text)))
    # The item-by-item criteria detail belongs to the criteria table, not to the sentence.
    sentence = _CRITERIA_TAIL_RE.sub("", text)
    sentence = _ID_PAREN_RE.sub("", sentence)

    def criteria_missing(match: re.Match[str]) -> str:
        facts = [f.strip() for f in match.group(1).split(",") if f.strip()]
        return ", ".join(_fact_words(f) for f in facts)

    sentence = _ID_WITH_FACTS_RE.sub(criteria_missing, sentence)
    sentence = _LEADING_ID_RE.sub("", sentence)
    sentence = _COLUMN_RE.sub(lambda m: f"algorithm column {m.group(1)}", sentence)
    sentence = _SNAKE_RE.sub(lambda m: _fact_words(m.group(0)), sentence)
    sentence = sentence.replace(">=", "≥").replace("<=", "≤").replace("!=", "≠")
    sentence = re.sub(r"\s{2,}", " ", sentence).strip()
    sentence = re.sub(r"\s+([.,;:])", r"\1", sentence)
    if sentence and sentence[0].islower():
        sentence = sentence[0].upper() + sentence[1:]
    return sentence, tuple(codes)


def value_text(value: Any, fact: str = "") -> str:
    """A fact's value as every surface shows it with a reason (panel, summary, CLI text): yes/no for a
    derived true/false, "not recorded" for a case fact left unknown, "unknown" for a derived fact the
    engine could not work out."""
    if value is None or value == "unknown":
        return "unknown" if fact in DERIVED_LABELS else "not recorded"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    if isinstance(value, list | tuple | set):
        return ", ".join(value_text(v) for v in value) or "none"
    if isinstance(value, str):
        return value.replace("_", " ")
    return str(value)


def facts_text(facts: Mapping[str, Any]) -> str:
    """The facts a reason used, with their values (section 12: every status line shows them)."""
    return "; ".join(f"{fact_label(k)} = {value_text(v, k)}" for k, v in facts.items())


def status_label(status: str) -> str:
    """The short display label of a status ("Not listed for this case" for not_indicated)."""
    return STATUS_SHORT.get(status, status)


def status_explanation(status: str, grade: str = "undetermined") -> str:
    """What a status group means, in section-12 words; "first line" only for G1/G2 (rev 2)."""
    if status == "not_indicated":
        return NOT_LISTED_EXPLANATION
    if status == "recommended" and grade == "NEC":
        return "the systemic treatment the sources give for high-grade tumours (outside the G1/G2 algorithm)"
    if status == "recommended" and grade == "G3 NET":
        return "listed by the sources for this case (G3 is outside the G1/G2 algorithm, applied by analogy)"
    return STATUS_LABELS.get(status, status).lower()


def deciding_reason_text(opt: OptionResult) -> str:
    """The text of the row that decided the status (the first reason when none matches)."""
    for reason in opt.reasons:
        if reason.rule == opt.rule:
            return reason.text
    return opt.reasons[0].text if opt.reasons else ""


def one_line_reason(opt: OptionResult) -> str:
    """The option's status as one clinical line (CLINICAL-RULES section 12)."""
    if opt.status == "needs_information":
        missing = ", ".join(fact_label(f) for f in opt.missing) or "facts not recorded"
        return f"Cannot be assessed: {missing}."
    sentence, _ = split_reason(deciding_reason_text(opt))
    if opt.status == "contraindicated":
        return f"{STATUS_LABELS['contraindicated']}: {sentence or 'see the rule'}"
    if not sentence:
        return STATUS_LABELS.get(opt.status, opt.status) + "."
    return sentence


def ordered_options(options: Iterable[OptionResult]) -> list[OptionResult]:
    """ORDER-1 (evaluation.display_key): status groups recommended, option, needs information,
    contraindicated, not listed; within each, surgical -> liver-directed -> systemic."""
    return sorted(options, key=display_key)


def is_offered(opt: OptionResult) -> bool:
    return opt.status in ("recommended", "option")


def role_words(opt: OptionResult) -> str:
    """ROLE-1 wording, for offered options only (section 12: 'next to every offered option')."""
    return ROLE_LABELS.get(opt.role, opt.role) if is_offered(opt) else ""


def tier_words(opt: OptionResult) -> str:
    """TIER-1 wording, next to every status (section 12)."""
    return f"Evidence tier {opt.evidence_tier}: {TIER_LABELS.get(opt.evidence_tier, '')}"


def role_and_tier(opt: OptionResult) -> str:
    """One line: 'Surgery with curative intent · Evidence tier A: outcome figures in the sources'."""
    role = role_words(opt)
    tier = tier_words(opt)
    return f"{role[0].upper()}{role[1:]} · {tier}" if role else tier


def role_tier_short(opt: OptionResult) -> str:
    """Role and tier in a narrow column ("surgery with curative intent; tier A"), with a tier legend
    printed once nearby (`TIER_LABELS`)."""
    role = role_words(opt)
    return f"{role}; tier {opt.evidence_tier}" if role else f"tier {opt.evidence_tier}"


def tier_legend(tiers: Iterable[str] = ("A", "B", "C")) -> str:
    """What the short 'tier A' means, said once near the options ("A = outcome figures in the sources; ...")."""
    return "; ".join(f"{t} = {TIER_LABELS[t]}" for t in tiers)


def split_flags(flags: Iterable[Flag]) -> tuple[list[Flag], list[Flag]]:
    """(sourced flags, precautions from outside the sources): the second are shown apart (AMB-64)."""
    flags = list(flags)
    return [f for f in flags if not f.outside_sources], [f for f in flags if f.outside_sources]


OUTSIDE_SOURCES_HEADING = "Precautions from outside the cited sources (verify against your local guideline)"


# ------------------------------------------------------------------------------ sources


def source_keys(text: str) -> list[str]:
    """The source keys a locator string names ("review2023, Fig. 2; frilling2015, abstract")."""
    keys = []
    for part in text.split(";"):
        key = part.strip().split(",")[0].strip()
        if key in SOURCES and key not in keys:
            keys.append(key)
    return keys


def full_reference(key: str) -> str:
    """The full reference of a source key (authors, title, journal, year), or the key itself."""
    return SOURCES.get(key, key)


def cited_keys(evaluation: Evaluation) -> list[str]:
    """Every source key the evaluation cites, in the order of SOURCES."""
    seen: set[str] = set()
    for opt in evaluation.options:
        for reason in opt.reasons:
            seen.update(s.key for s in reason.sources)
        for ev_id in opt.evidence:
            if ev_id in EVIDENCE:
                seen.update(source_keys(EVIDENCE[ev_id][1]))
    seen.update(s.key for s in evaluation.grade.sources)
    for flag in [*evaluation.flags, *evaluation.eltr_factors]:
        seen.update(source_keys(flag.source))
    for cs in evaluation.transplant_criteria.values():
        seen.update(source_keys(cs.source))
    for entry in [*evaluation.evidence, *evaluation.trials]:
        source = entry.get("source") or ""
        seen.update(source_keys("; ".join(source) if isinstance(source, list) else str(source)))
    return [k for k in SOURCES if k in seen]


# ------------------------------------------------------------------------------ evidence


@dataclass(frozen=True)
class EvidenceLine:
    """A figure from the sources behind an option, with its source and caveat."""

    id: str
    text: str
    source: str
    caveat: str


def evidence_lines(ids: Sequence[str]) -> list[EvidenceLine]:
    """The figures behind evidence ids, with source and caveat (unknown ids are skipped)."""
    return [EvidenceLine(i, *EVIDENCE[i]) for i in ids if i in EVIDENCE]


EVIDENCE_NOTE = "study figures with their context, not a prediction for this patient"


# ------------------------------------------------------------------------------ fact values

# Words for coded values where the code does not read as a word (reports; the form has its own).
VALUE_LABELS: dict[str, dict[str, str]] = {
    "surgeon_assessment": {
        "one_stage": "one-stage resection possible",
        "two_stage_only": "two stages only",
        "unresectable": "unresectable",
        "not_assessed": "not assessed",
    },
    "fdg_pet": {
        "positive": "positive",
        "negative": "negative",
        "done_result_unknown": "done, result not recorded",
        "not_done": "not done",
    },
    "grade_reported": {"G1": "G1", "G2": "G2", "G3": "G3 NET", "NEC": "NEC"},
    "syndrome_type": {"carcinoid": "carcinoid syndrome", "vipoma": "VIPoma"},
    "extrahepatic_disease": {"none": "none", "resectable": "resectable", "unresectable": "unresectable"},
    "sstr_imaging": {"not_done": "not done"},
    "differentiation": {"well": "well differentiated", "poorly": "poorly differentiated"},
}


def value_words(fact: str, value: object) -> str:
    """A recorded value in words ("not recorded" for unknown)."""
    if value is None or value == "unknown":
        return "not recorded"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return VALUE_LABELS.get(fact, {}).get(value, value.replace("_", " "))
    return str(value)


def column_words(grade: str, column: str | None) -> str:
    """The algorithm column as section 12 allows it: none for NEC, 'by analogy' for G3 (rev 2)."""
    if grade == "NEC" or not column:
        return ""
    if grade == "G3 NET":
        return (
            f"algorithm column {column} (the G1/G2 algorithm's column applied by analogy; G3 is outside it)"
        )
    return f"algorithm column {column} (review2023, Fig. 2)"
