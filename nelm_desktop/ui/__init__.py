"""The PySide6 user interface. Importing it first protects the interpreter from a PySide6 6.12.0
reference-count bug on CPython 3.11 and keeps raster painting on the GUI thread (see qt_compat),
and makes PySide's per-module import check cheaper (see pyside_feature_scan); every Qt entry point
imports this package."""

from nelm_desktop.ui.widgets import pyside_feature_scan
from nelm_desktop.ui.widgets.qt_compat import paint_in_one_thread, protect_singletons

protect_singletons()
paint_in_one_thread()
pyside_feature_scan.install()
