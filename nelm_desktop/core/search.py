"""How texts are compared when the user looks something up (the library's search, a case given by its
label on the command line): Unicode-composed (NFC), so "José" typed on this keyboard (é, U+00E9) finds
the "José" another program stored decomposed (e + U+0301), which looks the same and was not found;
case-folded for searches."""

from __future__ import annotations

import unicodedata


def composed(text: str) -> str:
    """`text` in composed form (NFC); the same string when it already is (any ASCII text)."""
    return unicodedata.normalize("NFC", text)


def search_key(text: str) -> str:
    """`text` as a search compares it: composed and case-folded ("JOSÉ", "josé" and "jose\u0301" agree)."""
    return composed(text).casefold()
