"""Shared test set-up: offscreen Qt, and no test ever touches the real user data or settings."""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

# Before pytest-qt creates the QApplication: PySide6 6.12.0 leaks references to None/True/False on
# CPython 3.11 and the process would abort mid-run (nelm_desktop/ui/widgets/qt_compat.py).
import nelm_desktop.ui  # noqa: F401


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("NELM_DESKTOP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NELM_DESKTOP_CONFIG_DIR", str(tmp_path / "config"))
    yield


# Every widget a test hands to qtbot is kept until the end of its teardown and then deleted, in the
# reverse order of creation, with no Qt call on the stack. Left to the collector, a parentless panel
# caught in a reference cycle was collected later, inside a Qt callback of another processEvents
# (a row's size hint asked by a layout): its C++ tree was deleted under Qt's feet (a segfault), or
# its rows' attributes were cleared while Qt still sent them events (depending on the test order).
_KEPT_WIDGETS: list[Any] = []


def _keep_widgets_until_teardown() -> None:
    from pytestqt.qtbot import QtBot

    add_widget = QtBot.addWidget

    def add_widget_kept(self: Any, widget: Any, *, before_close_func: Any = None) -> None:
        _KEPT_WIDGETS.append(widget)
        add_widget(self, widget, before_close_func=before_close_func)

    QtBot.addWidget = add_widget_kept  # type: ignore[method-assign]


_keep_widgets_until_teardown()


@pytest.fixture(autouse=True)
def _widgets_deleted_in_order():
    yield  # autouse: torn down after every other fixture and after pytest-qt closed the widgets
    if not _KEPT_WIDGETS:
        return
    import shiboken6
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        app.processEvents()  # what the closing posted (threads finishing, deferred slots)
    while _KEPT_WIDGETS:
        widget = _KEPT_WIDGETS.pop()
        if shiboken6.isValid(widget):
            shiboken6.delete(widget)
