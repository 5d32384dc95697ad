"""Right-to-left text (Hebrew, Arabic) in the reports' left-to-right lines.

ReportLab draws characters in the order they are stored; a Hebrew or Arabic name then reads backwards
on paper (and a PDF reader, which turns right-to-left runs back, copies it backwards too). Its own
bidi support needs a package the app does not ship, so `visual_order` applies the part of the
Unicode bidi algorithm a left-to-right report needs: each run of right-to-left letters (with the
spaces, punctuation and numbers between them) is laid out right to left; numbers inside it keep
their left-to-right digits, a combining mark stays on its letter, and brackets are mirrored.

Arabic letters are joined before this, in reading order (`arabic_forms`). Not done: a right-to-left
run that wraps over two lines is split where ReportLab breaks it.
"""

from __future__ import annotations

import re
import unicodedata

_RTL = frozenset({"R", "AL"})
_NUMBER = frozenset({"EN", "AN"})
_NUMBER_JOIN = frozenset({"CS", "ES", "ET"})  # 1,5 · 1.5 · 10 % inside a number
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")
# Quick test: any right-to-left letter at all (Hebrew, Arabic, Syriac, Thaana, NKo..., presentation forms).
_ANY_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")


def visual_order(text: str) -> str:
    """`text` as it must be drawn left to right (unchanged when it holds no right-to-left letter)."""
    if text.isascii() or not _ANY_RTL.search(text):  # (every report string passes here: fast path first)
        return text
    classes = [unicodedata.bidirectional(ch) for ch in text]
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if classes[i] not in _RTL:
            out.append(text[i])
            i += 1
            continue
        # The run: from this right-to-left letter to the last one before a left-to-right letter.
        end = i
        j = i
        while j < n and classes[j] != "L":
            if classes[j] in _RTL:
                end = j
            j += 1
        while end + 1 < n and classes[end + 1] == "NSM":  # the last letter's combining marks
            end += 1
        out.append(_reverse_run(text[i : end + 1], classes[i : end + 1]))
        i = end + 1
    return "".join(out)


def _reverse_run(run: str, classes: list[str]) -> str:
    """One right-to-left run reversed by units: a letter with its combining marks, or a whole number."""
    units: list[str] = []
    k = 0
    while k < len(run):
        start = k
        if classes[k] in _NUMBER:
            k += 1
            while k < len(run) and (
                classes[k] in _NUMBER
                or (classes[k] in _NUMBER_JOIN and k + 1 < len(run) and classes[k + 1] in _NUMBER)
            ):
                k += 1
            units.append(run[start:k])
            continue
        k += 1
        while k < len(run) and classes[k] == "NSM":
            k += 1
        units.append(run[start:k].translate(_MIRROR))
    return "".join(reversed(units))
