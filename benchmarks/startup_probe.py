"""The child process of `bench_startup.py`: its source, run as ``python -c CODE MODE WATCH`` with the
tree being measured as the working folder (``-c`` puts that folder first on ``sys.path``, so the child
imports that tree's nelm_desktop). It prints ``PAINTED``, ``USABLE`` and ``LISTED`` with the wall and
CPU time at each mark; what it watches and why is said in `_PROBE` and bench_startup's docstring."""

_PROBE = r"""
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

MODE = sys.argv[1]
EXIT_AT_MARK = os.environ.get("NELM_BENCH_EXIT_AT_MARK") == "1"  # --instructions: stop at the mark
WATCH = sys.argv[2] if len(sys.argv) > 2 else "targets"  # see Probe
TARGETS = ("CaseForm", "LiverDiagram", "OptionsPanel")  # their painting makes the window usable
# A library start also watches the list's viewport: the newest case is opened once rows are painted.
WANTED = set(TARGETS) | ({"library"} if MODE == "library" else set())

def _inside(widget, cls_name):
    while widget is not None:
        if type(widget).__name__ == cls_name:
            return True
        widget = widget.parentWidget()
    return False

class Probe(QObject):
    # WATCH "targets": the probe filters the events of the main window (hooked when it is shown)
    # and, once the window is built, of the target widgets themselves (Qt paints a widget before its
    # children, in the same pass) and, once the case is shown, of the widgets inside a target that
    # was on screen before it (hook_contents: Qt does not paint a widget its opaque children cover).
    # WATCH "app" (the earlier probe): every event of the application.
    # A Python filter on the application costs the app what the bare anchor never pays: ~20,000
    # Python calls by the usable frame, and the creation of every Qt type and enum PySide had not
    # made yet as soon as an object of a class it does not know reaches the filter (~100 ms CPU).
    first = False
    painted = set()
    hooked = set()
    found = set()
    targets = []
    kept = []
    on_screen = set()  # targets on screen before a case was shown (a library start: without one)

    def watch(self, window):
        if id(window) not in self.hooked:
            self.hooked.add(id(window))
            self.window = window
            window.installEventFilter(self)

    def hook(self, window):
        if not getattr(window, "built", False) or self.found >= WANTED:
            return  # once each target is watched, no more walks over the window's widgets
        if MODE == "library" and "library" not in self.found:
            viewport = window.library.view.viewport()  # where the listed rows are painted
            self.found.add("library")
            self.hooked.add(id(viewport))
            viewport.installEventFilter(self)
        for widget in window.findChildren(QWidget):
            name = type(widget).__name__
            if name in TARGETS and id(widget) not in self.hooked:
                self.hooked.add(id(widget))
                self.found.add(name)
                self.targets.append(widget)
                widget.installEventFilter(self)

    def hook_contents(self, window):
        # Before a frame (the window's UpdateRequest) with the case and its evaluation shown: the
        # widgets inside each target not painted yet that was on screen without a case. Qt skips a widget whose dirty area its opaque
        # children cover: a case opened in panels already on screen (a library start: the list
        # shown first) repaints the options panel's rows, not the panel, and the panel itself
        # painted only a frame later (after its rows below the fold and the form's next section:
        # ~45 ms of a 10k start counted that were not needed to see the case).
        if window.document.case is None or window.document.evaluation is None:
            return
        for widget in list(self.targets):
            name = type(widget).__name__
            if name in self.on_screen and name not in self.painted:  # else its first paint is whole
                for child in widget.findChildren(QWidget):
                    if id(child) not in self.hooked:
                        self.hooked.add(id(child))
                        self.kept.append(child)  # alive: its id is not reused
                        child.installEventFilter(self)

    def eventFilter(self, obj, event):
        kind = event.type()
        if WATCH == "targets" and self.first and kind != QEvent.Type.Paint:
            if obj is self.window:
                self.hook(obj)
                if kind == QEvent.Type.UpdateRequest and self.targets:
                    self.hook_contents(obj)
            return False
        if kind != QEvent.Type.Paint or not isinstance(obj, QWidget):
            return False
        now = f"{time.time():.6f} {time.process_time():.6f}"
        if not self.first and isinstance(obj, QMainWindow):
            self.first = True
            print(f"PAINTED {now}", flush=True)
            if MODE == "bare" and EXIT_AT_MARK:
                os._exit(0)
            if MODE == "bare":
                QTimer.singleShot(0, QApplication.instance().quit)
            elif WATCH == "targets":
                poll = QTimer(self)  # also between window events (a build that paints nothing new)
                poll.timeout.connect(lambda: self.hook(obj))
                poll.start(5)
            return False
        window = obj.window()
        if MODE == "bare" or not getattr(window, "built", False):
            return False
        if WATCH == "targets":
            self.hook(window)
        if window.document.case is None and obj is window:  # a frame without a case
            self.on_screen.update(type(t).__name__ for t in self.targets if t.isVisible())
        if MODE == "upgrade":
            if _inside(obj, "LibraryPanel") and "opening" not in self.painted:
                self.painted.add("opening")
                print(f"USABLE {now}", flush=True)
            if window.library.model.total_count() and "listed" not in self.painted:
                self.painted.add("listed")
                print(f"LISTED {now}", flush=True)
                QTimer.singleShot(0, QApplication.instance().quit)
            return False
        if MODE == "library" and window.document.case is None and window.library.model.rowCount():
            listed = WATCH == "app" or obj is window.library.view.viewport()  # the rows painted
            if listed and "asked" not in self.painted:  # open the newest case once listed, as a clinician would
                self.painted.add("asked")
                newest = window.library.model.summary(0).case_id
                QTimer.singleShot(0, lambda: window.session.open_case(newest, ask=False))
            return False
        if window.document.case is None or window.document.evaluation is None:
            return False
        for name in ("CaseForm", "LiverDiagram", "OptionsPanel"):
            if _inside(obj, name):
                self.painted.add(name)
        # On a small screen the diagram sits below the fold of the form's scroll area: Qt never paints
        # a widget out of view, so there it counts as ready once the rest is painted.
        if "LiverDiagram" not in self.painted and {"CaseForm", "OptionsPanel"} <= self.painted:
            diagrams = [w for w in window.findChildren(QWidget) if type(w).__name__ == "LiverDiagram"]
            if diagrams and all(w.visibleRegion().isEmpty() for w in diagrams):
                self.painted.add("LiverDiagram")
        if {"CaseForm", "LiverDiagram", "OptionsPanel"} <= self.painted and "done" not in self.painted:
            self.painted.add("done")
            print(f"USABLE {now}", flush=True)
            if EXIT_AT_MARK:
                os._exit(0)
            QTimer.singleShot(0, QApplication.instance().quit)
        return False

app = QApplication(sys.argv[:1])
probe = Probe()
if WATCH == "targets":
    _show = QMainWindow.show

    def _watched_show(window):  # the bare window and the app's alike: hooked as they are shown
        probe.watch(window)
        _show(window)

    QMainWindow.show = _watched_show
else:
    app.installEventFilter(probe)
"""

BARE_CHILD = (
    _PROBE
    + """
window = QMainWindow()
window.resize(1440, 900)
window.show()
app.exec()
"""
)

APP_CHILD = (
    _PROBE
    + """
from nelm_desktop.ui.window.app import run_app
run_app(demo=MODE == "demo")
"""
)
