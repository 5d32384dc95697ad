"""Walk the NELM Desktop window through AT-SPI (pyatspi, system Python) and print the figures."""

import collections
import sys

import pyatspi

CONTROL = {
    "push button", "toggle button", "check box", "radio button", "combo box", "text", "entry",
    "spin button", "scroll bar", "list", "table", "tree table", "page tab", "slider", "link",
    "password text", "tree",
}  # fmt: skip


def find_app():
    desk = pyatspi.Registry.getDesktop(0)
    for index in range(desk.childCount):
        app = desk.getChildAtIndex(index)
        if app is not None and "nelm" in (app.name or "").lower():
            return app
    return None


def walk(node, rows, depth=0, parent=None):
    if node is None or depth > 60:
        return
    try:
        state = node.getState()
        rows.append(
            (
                node.getRoleName(),
                node.name or "",
                state.contains(pyatspi.STATE_SHOWING),
                state.contains(pyatspi.STATE_FOCUSABLE),
                parent.name if parent is not None else "",
            )
        )
        for index in range(node.childCount):
            walk(node.getChildAtIndex(index), rows, depth + 1, node)
    except Exception:  # a node that vanished mid-walk (noqa: BLE001 style: a measuring aid)
        return


def main() -> int:
    app = find_app()
    if app is None:
        print("NELM Desktop not found on the accessibility bus")
        return 1
    rows = []
    walk(app, rows)
    controls = [r for r in rows if r[0] in CONTROL or r[3]]
    showing = [r for r in controls if r[2]]
    choices = [r for r in rows if r[1] in {"Yes", "No", "Unknown"} and r[0] != "combo box"]
    print(
        {
            "objects": len(rows),
            "controls": len(controls),
            "unnamed": sum(1 for r in controls if not r[1].strip()),
            "showing controls": len(showing),
            "showing unnamed": sum(1 for r in showing if not r[1].strip()),
            "yes/no/unknown as radio button": sum(1 for r in choices if r[0] == "radio button"),
            "yes/no/unknown as check box or button": sum(1 for r in choices if r[0] != "radio button"),
        }
    )
    print(collections.Counter(r[0] for r in controls if not r[1].strip()).most_common(12))
    for role, _name, shown, _focusable, parent in controls:
        if not _name.strip() and shown:
            print(f"  unnamed, showing: {role} in {parent!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
