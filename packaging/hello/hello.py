"""A bare PySide6-Essentials window: the size baseline the real bundle is compared against.

Built with PyInstaller's defaults (`packaging/build-bundle.sh --hello`), no exclusions.
"""

import sys

from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv)
label = QLabel("Hello")
label.show()
if "--quit" in sys.argv:
    app.processEvents()
    raise SystemExit(0)
raise SystemExit(app.exec())
