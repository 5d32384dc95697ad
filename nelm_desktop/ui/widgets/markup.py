"""`escape`: plain text made safe inside the rich text (HTML subset) of Qt labels.

The same replacements as the standard library's ``html.escape(text)`` (quotes included). ``import
html`` builds its table of 2,231 named entities for ``unescape`` (~8M instructions, imported before
the window is usable: issue #17); the labels only ever need these five.
"""

from __future__ import annotations


def escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )
