"""Arabic letters joined as handwriting joins them, for the reports.

ReportLab draws one glyph per character and does no shaping (that needs HarfBuzz, which the app
does not ship), so an Arabic name printed each letter in its isolated form: legible to a machine,
hard for a patient to read. Unicode's presentation forms are those shapes as characters: each letter
takes its initial, medial, final or isolated form from its neighbours, and lam followed by alef
becomes one ligature. The table is read from Unicode's own decompositions (``<initial> 0628``), so
no letter is typed in by hand here; a form the report font lacks is left as the plain letter.

A PDF reader turns the forms back into the letters (the report's ToUnicode map writes each form as
its letters, `letters_of`), so copying and searching a joined name gives what was typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

_FORM_BLOCKS = (range(0xFB50, 0xFE00), range(0xFE70, 0xFEFD))  # Presentation Forms-A and -B
_ALEF_AFTER_LAM = "\u0622\u0623\u0625\u0627"  # madda, hamza above, hamza below, plain
_LAM = "\u0644"
_TATWEEL = "\u0640"  # the joining stroke: joins on both sides, has no forms
_ZWJ = "\u200d"
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")

Forms = dict[str, str]  # form name ("isolated", "final", "initial", "medial") -> presentation character


@cache
def _tables() -> tuple[dict[str, Forms], dict[str, Forms]]:
    """Forms per letter, and the lam-alef ligatures' forms per alef, from the decompositions."""
    letters: dict[str, Forms] = {}
    lam_alef: dict[str, Forms] = {}
    for block in _FORM_BLOCKS:
        for code in block:
            tag, _, bases = unicodedata.decomposition(chr(code)).partition(" ")
            form = tag.strip("<>")
            if form not in ("isolated", "final", "initial", "medial"):
                continue
            chars = "".join(chr(int(part, 16)) for part in bases.split())
            if len(chars) == 1 and unicodedata.category(chars) == "Lo":
                letters.setdefault(chars, {}).setdefault(form, chr(code))
            elif len(chars) == 2 and chars[0] == _LAM and chars[1] in _ALEF_AFTER_LAM:
                lam_alef.setdefault(chars[1], {}).setdefault(form, chr(code))
    return letters, lam_alef


def _joins_forward(forms: Forms | None, char: str) -> bool:
    """Whether the letter connects to the letter after it (dual-joining: it has an initial form)."""
    return char in (_TATWEEL, _ZWJ) or (forms is not None and "initial" in forms)


def _joins_back(forms: Forms | None, char: str) -> bool:
    """Whether the letter connects to the letter before it (it has a final form)."""
    return char in (_TATWEEL, _ZWJ) or (forms is not None and "final" in forms)


def join_letters(text: str, has_glyph: Callable[[str], bool] = lambda _ch: True) -> str:
    """`text` (logical order) with each Arabic letter in its joined form where `has_glyph` allows."""
    if text.isascii() or not _ARABIC.search(text):  # every report string passes here: fast path first
        return text
    letters, lam_alef = _tables()
    chars = list(text)
    # Combining marks (vowel signs) sit on a letter and do not break the joining.
    bases = [i for i, ch in enumerate(chars) if unicodedata.category(ch) != "Mn"]
    out = chars[:]
    previous_joins_forward = False
    k = 0
    while k < len(bases):
        i = bases[k]
        ch = chars[i]
        forms = letters.get(ch)
        next_char = chars[bases[k + 1]] if k + 1 < len(bases) else ""
        if ch == _LAM and next_char in lam_alef:  # lam + alef: one ligature, the alef's place emptied
            ligature = lam_alef[next_char]
            form = "final" if previous_joins_forward and "final" in ligature else "isolated"
            if has_glyph(ligature[form]):
                out[i] = ligature[form]
                out[bases[k + 1]] = ""
                previous_joins_forward = False  # alef never joins the next letter
                k += 2
                continue
        next_forms = letters.get(next_char)
        back = previous_joins_forward and _joins_back(forms, ch)
        forward = _joins_forward(forms, ch) and bool(next_char) and _joins_back(next_forms, next_char)
        form = {(True, True): "medial", (True, False): "final", (False, True): "initial"}.get(
            (back, forward), "isolated"
        )
        if forms is not None and form in forms and has_glyph(forms[form]):
            out[i] = forms[form]
        previous_joins_forward = forward
        k += 1
    return "".join(out)


def letters_of(char: str) -> str:
    """The letters a presentation form stands for (itself for any other character): what a PDF
    reader should give back when the joined text is copied."""
    code = ord(char)
    if any(code in block for block in _FORM_BLOCKS):
        tag, _, bases = unicodedata.decomposition(char).partition(" ")
        if tag in ("<isolated>", "<final>", "<initial>", "<medial>"):
            return "".join(chr(int(part, 16)) for part in bases.split())
    return char
