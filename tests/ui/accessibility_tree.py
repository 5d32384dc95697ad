"""Walk Qt's accessibility tree in-process (what the AT-SPI bridge hands to Orca) and count controls.

Used by tests/ui/test_accessibility.py; run as a script to print the figures for the closing note:
    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/ui/accessibility_tree.py
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QAccessible, QAccessibleInterface

R = QAccessible.Role
# Roles a user operates (what a screen reader lists as controls).
CONTROL_ROLES = {
    R.PushButton,
    R.CheckBox,
    R.RadioButton,
    R.ComboBox,
    R.EditableText,
    R.SpinBox,
    R.ScrollBar,
    R.Slider,
    R.List,
    R.Table,
    R.Tree,
    R.PageTab,
    R.ButtonMenu,
    R.ButtonDropDown,
    R.Link,
    R.Grouping,
    R.ToolBar,
    R.MenuBar,
}


@dataclass
class Node:
    role: Any
    name: str
    focusable: bool
    cls: str
    object_name: str
    parent_role: Any
    parent_name: str

    @property
    def is_control(self) -> bool:
        return self.role in CONTROL_ROLES or self.focusable

    def describe(self) -> str:
        return f"{self.role.name} {self.cls} {self.object_name!r} in {self.parent_role.name} {self.parent_name!r}"


def walk(root: Any, include_hidden: bool = False) -> list[Node]:
    """Every visible interface under `root` (a widget); with `include_hidden`, the hidden ones too (the
    AT-SPI bridge lists them, without the showing state)."""
    out: list[Node] = []
    seen: set[int] = set()

    def visit(iface: QAccessibleInterface | None, parent: QAccessibleInterface | None) -> None:
        if iface is None or not iface.isValid():
            return
        obj = iface.object()
        key = QAccessible.uniqueId(iface)
        if key in seen:
            return
        seen.add(key)
        state = iface.state()
        if state.invisible and not include_hidden:
            return
        out.append(
            Node(
                iface.role(),
                iface.text(QAccessible.Text.Name).strip(),
                bool(state.focusable),
                type(obj).__name__ if obj is not None else "",
                obj.objectName() if obj is not None else "",
                parent.role() if parent is not None else R.NoRole,
                parent.text(QAccessible.Text.Name).strip() if parent is not None else "",
            )
        )
        for index in range(iface.childCount()):
            visit(iface.child(index), iface)

    visit(QAccessible.queryAccessibleInterface(root), None)
    return out


def figures(nodes: list[Node]) -> dict[str, int]:
    controls = [n for n in nodes if n.is_control]
    return {
        "interfaces": len(nodes),
        "controls": len(controls),
        "unnamed controls": sum(1 for n in controls if not n.name),
        "focusable": sum(1 for n in nodes if n.focusable),
        "unnamed focusable": sum(1 for n in nodes if n.focusable and not n.name),
    }


if __name__ == "__main__":  # pragma: no cover - a measuring aid
    import os
    import sys
    import tempfile
    from pathlib import Path

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = tempfile.mkdtemp()
    os.environ["NELM_DESKTOP_DATA_DIR"] = folder
    os.environ["NELM_DESKTOP_CONFIG_DIR"] = folder + "/config"
    from PySide6.QtWidgets import QApplication

    from nelm_desktop.core.store import CaseStore
    from nelm_desktop.ui.window.main_window import MainWindow

    app = QApplication([])
    window = MainWindow(CaseStore(Path(folder)), Path(folder))
    window.resize(1366, 768)
    window.show()
    window.new_case()
    app.processEvents()
    nodes = walk(window)
    print(figures(nodes))
    for node in nodes:
        if node.is_control and not node.name:
            print("  unnamed:", node.describe(), file=sys.stdout)
