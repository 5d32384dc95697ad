"""Framing a refused entry: the one place that sets the `invalid` property `style.REFUSED_ENTRY_STYLE`
selects on (the case form, the treatment table and the entry dialogs)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def mark_refused(widget: QWidget, refused: bool) -> bool:
    """Frame `widget` as refused or take the frame off; True when that changed. Qt reads a style
    sheet's property selectors when a widget is polished, so a changed property needs a repolish."""
    if bool(widget.property("invalid")) == refused:
        return False
    widget.setProperty("invalid", refused)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
    return True
