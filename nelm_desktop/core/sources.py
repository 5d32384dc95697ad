"""The five clinical sources (../shared/seeds; keys as in its README) and the knowledge-base version."""

from __future__ import annotations

from nelm_desktop.core.evaluation import SourceRef

# The version moves with every change of what the engine gives a case, catalogue revision or engine fix:
# `reevaluate` skips a case whose facts and knowledge base both match its last time point. 2.0.1: ENETS-2
# reads GRADE-0 (differentiation_eff, the higher Ki-67), which can change transplant's status (OLT-6/7).
# 2.0.2: debulking's reasons show the differentiation, reported grade and Ki-67 its rows read (6.4 Reads;
# DEB-1 decides on differentiation_eff); no status changes. 2.0.3: an NEC's reasons no longer show the
# algorithm column among the facts read (section 12, rev 2: no column is shown for NEC); no status changes.
# 2.0.4: a reason carries the note that the distribution type was the engine's suggestion only when the row
# that decided read the type (section 12: "(when used)"); no status changes.
KNOWLEDGE_BASE_VERSION = (
    "NELM-KB 2.0.4 (CLINICAL-RULES catalogue revision 2, 2026-12-03; review2023 Fig. 2 / Table 2)"
)
# Not a seed: marks the precautions that are not in the encoded sources (section 2, AMB-64).
OUTSIDE_SOURCES = "outside-sources"

SOURCES: dict[str, str] = {
    "frilling2015": "Frilling A, Clift AK. Therapeutic strategies for neuroendocrine liver metastases. "
    "Cancer 2015;121(8):1172-1186 (abstract)",
    "frilling2010": "Frilling A, et al. Multimodal management of neuroendocrine liver metastases. "
    "HPB (Oxford) 2010;12(6):361-379 (abstract and figure captions)",
    "review2023": "Currently available treatment options for neuroendocrine liver metastases (review, 2023)",
    "criss2024": "Criss CR, et al. Liver-directed locoregional therapies for NELM: recent advances and "
    "management. Curr Oncol 2024;31(4):2076-2091 (abstract)",
    "muttillo2022": "Muttillo EM, et al. Treatment strategies for NELM: a systematic review. "
    "HPB (Oxford) 2022;24(11):1832-1843 (abstract)",
}


def ref(key: str, locator: str) -> SourceRef:
    if key not in SOURCES:
        raise KeyError(f"unknown source key {key}")
    return SourceRef(key=key, locator=locator)


FIG2 = ref("review2023", "Fig. 2")
TABLE2 = ref("review2023", "Table 2")
