"""Walk the NELM Desktop window through AT-SPI (pyatspi, system Python) and print the figures."""

import collections
import os
import subprocess
import sys
import time

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


def walk(node, rows, nodes, depth=0, parent=None):
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
        nodes.append((node, parent))
        for index in range(node.childCount):
            walk(node.getChildAtIndex(index), rows, nodes, depth + 1, node)
    except Exception:  # a node that vanished mid-walk (noqa: BLE001 style: a measuring aid)
        return


def text_of(node):
    """The node's text interface content, or None when it has none."""
    try:
        text = node.queryText()
    except NotImplementedError:
        return None
    return text.getText(0, text.characterCount)


def criteria_cells(nodes):
    cells = [n for n, _ in nodes if (n.name or "").split(" ", 1)[0] in {"Milan", "ENETS", "UNOS"}]
    cells = [n for n in cells if "," in n.name and ":" in n.name]
    with_text = [n for n in cells if text_of(n)]
    return cells, with_text


def radio_groups(nodes):
    """How the Yes/No/Unknown choices read: "question, choice, k of n"."""
    out = []
    for node, parent in nodes:
        if node.getRoleName() == "radio button" and node.name in {"Yes", "No", "Unknown", "None"}:
            attributes = dict(a.split(":", 1) for a in node.getAttributes() if ":" in a)
            out.append(
                (
                    parent.getRoleName() if parent else "",
                    parent.name if parent else "",
                    node.name,
                    node.description,
                    attributes.get("posinset"),
                    attributes.get("setsize"),
                    node.getState().contains(pyatspi.STATE_CHECKED),
                )
            )
    return out


def edit_through_the_bridge(nodes):
    """Listen for text changes (as Orca does), then press a few choices: every label the edit rewrites
    sends a text event, which Qt can only pass on for an object with a text interface."""
    from gi.repository import GLib

    events = collections.Counter()

    def on_event(event):
        role = event.source.getRoleName() if event.source else ""
        events[(event.type, role)] += 1
        interesting = "focus" in event.type or "expanded" in event.type
        if os.environ.get("VERBOSE") and interesting and event.detail1:
            print(f"    {event.type}: {role} {event.source.name!r}", flush=True)

    pyatspi.Registry.registerEventListener(on_event, "object:text-changed", "object:state-changed", "focus:")
    groups = []
    for node, parent in nodes:
        if node.getRoleName() == "radio button" and parent is not None and parent not in groups:
            groups.append(parent)
    context = GLib.MainContext.default()

    def pump(seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not context.iteration(False):
                time.sleep(0.02)

    pump(1.0)
    # Real key presses from the X server (xdotool) into the group the bridge focused.
    for group in groups[: int(os.environ.get("EDITS", "3"))]:
        print(f"  focus {group.name!r}, then Right, Right, Ctrl+Z", flush=True)
        group.queryComponent().grabFocus()
        pump(0.5)
        for key in ("Right", "Right", "ctrl+z"):
            subprocess.run(["xdotool", "key", key], check=False)
            pump(1.0)
    # More keys, as a keyboard user would press them (KEYS="F6 Tab space ..."; "type:TEXT" types).
    for key in os.environ.get("KEYS", "").split():
        if key.startswith("type:"):
            subprocess.run(["xdotool", "type", key[5:]], check=False)
        else:
            subprocess.run(["xdotool", "key", key], check=False)
        if os.environ.get("VERBOSE"):
            print(f"   key {key}", flush=True)
        pump(0.4)
    pump(1.0)
    print("  events received:", dict(events), flush=True)


def main() -> int:
    app = find_app()
    if app is None:
        print("NELM Desktop not found on the accessibility bus")
        return 1
    rows = []
    nodes = []
    walk(app, rows, nodes)
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
    loose = [(r[0], r[1], r[4]) for r in rows if r[1] in {"Yes", "No", "Unknown"} and r[0] != "radio button"]
    if loose:
        print("  yes/no/unknown not a radio button:", loose)
    if os.environ.get("EDITS"):
        edit_through_the_bridge(nodes)
    cells, with_text = criteria_cells(nodes)
    print({"criteria cells": len(cells), "criteria cells with a text interface": len(with_text)})
    print(collections.Counter(r[0] for r in controls if not r[1].strip()).most_common(12))
    verbose = bool(os.environ.get("VERBOSE"))
    for role, _name, shown, _focusable, parent in controls:
        if not _name.strip() and (shown or verbose):
            print(f"  unnamed{', showing' if shown else ''}: {role} in {parent!r}")
    groups = radio_groups(nodes)
    checked = [g for g in groups if g[-1]]
    for group in checked[:3]:
        print("  a checked choice:", group)
    if verbose:
        for cell in cells:
            print(f"  criteria cell {cell.getRoleName()}: {cell.name!r} text={text_of(cell)!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
