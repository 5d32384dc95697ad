"""One label vocabulary for the Frilling distribution types (issue #11, item 5): the engine's texts, the
options panel, the liver editor's combo and the PDF reports all name a type with these words.

review2023 Fig. 1 names the types; Fig. 2's column headers call type III "Diffuse" (the Fig. 1 caption
says "Disseminated metastatic spread"): the app says "diffuse" everywhere.
"""

from __future__ import annotations

# Short names (combo boxes, tables).
TYPE_NAMES: dict[str, str] = {
    "I": "Type I",
    "limited_unilobar": "Limited unilobar",
    "limited_bilobar": "Limited bilobar",
    "II": "Type II",
    "III": "Type III",
}

# Names with their one-line description (engine texts, suggestion line, reports).
TYPE_LABELS: dict[str, str] = {
    "I": "Type I (single metastasis)",
    "limited_unilobar": "Limited unilobar (several lesions in one lobe)",
    "limited_bilobar": "Limited bilobar",
    "II": "Type II (complex pattern: bulk with smaller deposits, both lobes)",
    "III": "Type III (diffuse)",
}


def type_words(value: str) -> str:
    """The described label for use inside a sentence ("type III (diffuse)")."""
    label = TYPE_LABELS[value]
    return label[0].lower() + label[1:]
