"""`nelm-desktop --self-test`: prove that this installation works, from source or frozen.

Every check does the real thing on a throw-away folder: save and reload a case through the store,
evaluate it, render both PDFs (and open them again with QtPdf), create and paint the main window.
Each prints one line, ``PASS name  12 ms  detail`` or ``FAIL name  12 ms  reason``; a component
that is missing is a FAIL, never a skip. The exit code is 0 only when every check passed.

The user's data and settings are never touched: `NELM_DESKTOP_DATA_DIR` and
`NELM_DESKTOP_CONFIG_DIR` point into the temporary folder while the checks run.

Qt platform: whatever the caller chose (``QT_QPA_PLATFORM``, so ``xvfb-run nelm-desktop --self-test``
tests xcb); on Linux with neither ``DISPLAY`` nor ``WAYLAND_DISPLAY`` it defaults to ``offscreen``.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nelm_desktop import __version__
from nelm_desktop.core import paths

EXIT_OK = 0
EXIT_FAILED = 1
_NAME_WIDTH = 10


@dataclass
class _Context:
    """What the checks hand on to each other (a later check FAILs when an earlier one did)."""

    tmp: Path
    store: Any = None
    case: Any = None
    evaluation: Any = None
    pdfs: dict[str, Path] = field(default_factory=dict)
    app: Any = None


class CheckFailed(Exception):
    """A check's own verdict (as opposed to an unexpected exception)."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


# --- checks --------------------------------------------------------------------------------------


def check_versions(ctx: _Context) -> str:
    import pydantic
    import PySide6
    import reportlab
    from PySide6 import QtCore

    frozen = bool(getattr(sys, "frozen", False))
    lines = {
        "app": __version__,
        "python": f"{platform.python_version()} ({sys.executable})",
        "qt": f"{QtCore.qVersion()} (PySide6 {PySide6.__version__})",
        "pydantic": pydantic.VERSION,
        "reportlab": reportlab.Version,
        "platform": f"{platform.platform()} {platform.machine()}",
        "frozen": "yes (PyInstaller bundle)" if frozen else "no (running from source)",
        "resources": str(paths.resources_dir()),
        "qt platform": os.environ.get("QT_QPA_PLATFORM", "(Qt default)"),
    }
    for key, value in lines.items():
        print(f"  {key:<12} {value}")
    _require(QtCore.qVersion().split(".")[0] == "6", f"Qt 6 expected, found {QtCore.qVersion()}")
    return f"nelm-desktop {__version__}, Qt {QtCore.qVersion()}"


def check_resources(ctx: _Context) -> str:
    root = paths.resources_dir()
    _require(root.is_dir(), f"resources folder missing: {root}")
    icon = root / "icons" / "nelm-desktop.svg"
    _require(icon.is_file(), f"application icon missing: {icon}")
    pngs = sorted((root / "icons" / "hicolor").glob("*/nelm-desktop.png"))
    _require(len(pngs) >= 4, f"hicolor icons missing under {root / 'icons' / 'hicolor'}")
    return f"{root} (icon + {len(pngs)} sizes)"


def check_fonts(ctx: _Context) -> str:
    from reportlab.pdfbase.ttfonts import TTFont

    folder = paths.resources_dir() / "fonts"
    fonts = sorted(p for p in folder.glob("*") if p.suffix.lower() in {".ttf", ".otf"})
    _require(bool(fonts), f"no .ttf/.otf fonts in {folder}")
    for font in fonts:
        TTFont(font.stem, str(font))  # parses the file: a truncated or wrong file raises
    names = ", ".join(f.name for f in fonts[:4]) + (", ..." if len(fonts) > 4 else "")
    return f"{len(fonts)} fonts load ({names})"


def check_demo_cases(ctx: _Context) -> str:
    from nelm_desktop.core.loading import load_case_file

    folder = paths.resources_dir() / "demo"
    files = sorted(folder.glob("*.json"))
    _require(bool(files), f"no demo cases in {folder}")
    for file in files:
        case = load_case_file(file)
        _require(case.demo, f"{file.name}: demo case not marked demo")
    examples = sorted(paths.resources_dir().glob("example*.json"))
    _require(bool(examples), f"no example case (example*.json) in {paths.resources_dir()}")
    for file in examples:
        load_case_file(file)
    return f"{len(files)} demo cases + {len(examples)} example case(s) valid"


def _self_test_case() -> Any:
    """A fully described case, built in code so this check does not depend on resources."""
    from nelm_desktop.core.model import Lesion, new_case

    return new_case(
        patient_label="SELFTEST-1",
        age_years=58,
        primary_site="small_intestine",
        primary_resected="yes",
        differentiation="well",
        ki67_pct=4,
        functional_syndrome="no",
        lesions=[Lesion(segment="VI", size_cm=3.2, count=1), Lesion(segment="VII", size_cm=1.5, count=2)],
        extrahepatic_disease="none",
        sstr_imaging="positive",
        ecog=0,
        fit_for_major_surgery="yes",
        notes="Self-test case: Ünïcödé µ ≥ 5 cm — ok.",
    )


def _facts(case: Any) -> dict[str, Any]:
    from nelm_desktop.core.model import CLINICAL_FACTS

    keys = (*CLINICAL_FACTS, "case_id", "patient_label", "notes")
    return {key: getattr(case, key) for key in keys}


def check_store(ctx: _Context) -> str:
    from nelm_desktop.core.store import CaseStore

    case = _self_test_case()
    store = CaseStore(ctx.tmp / "data")
    saved = store.save(case)
    loaded = store.load(case.case_id)
    _require(_facts(loaded.case) == _facts(case), "reloaded case differs from the saved one")
    _require(
        case.case_id in {summary.case_id for summary in store.list_cases()},
        "saved case missing from list_cases()",
    )
    archive = ctx.tmp / "library.zip"
    exported = store.export_library(archive)
    _require(exported.complete, f"export_library was incomplete: {exported.problems}")
    _require(archive.is_file() and archive.stat().st_size > 0, "export_library wrote no zip")
    other = CaseStore(ctx.tmp / "restored")
    report = other.import_path(archive)
    _require(case.case_id in report.imported, f"import did not take the case: {report.lines()}")
    _require(_facts(other.load(case.case_id).case) == _facts(case), "export + import changed the case")
    _require(saved.path.is_file() and saved.path.is_relative_to(store.root), "case file not in the store")
    _require(store.check_history(case.case_id) == [], "the audit trail of a fresh save does not verify")
    # The anchor must catch a history cut short (what a truncated tail looks like on disk).
    again = store.save(loaded.case.model_copy(update={"notes": "second save"}), loaded.file_hash)
    cut = again.case.model_copy(update={"revisions": again.case.revisions[:1]})
    _require(store.check_history(case.case_id, cut) != [], "a truncated audit trail was not detected")
    ctx.store, ctx.case = store, again.case
    return "saved, listed, reloaded, exported and re-imported; audit trail anchored"


def check_engine(ctx: _Context) -> str:
    from nelm_desktop.core.engine import evaluate
    from nelm_desktop.core.evaluation import MODALITIES, STATUS_ORDER

    _require(ctx.case is not None, "no case (store check failed)")
    result = evaluate(ctx.case)
    statuses = result.statuses()
    _require(set(statuses) == set(MODALITIES), f"options missing: {sorted(set(MODALITIES) - set(statuses))}")
    _require(all(s in STATUS_ORDER for s in statuses.values()), "unknown option status")
    _require(result.to_public_json() == evaluate(ctx.case).to_public_json(), "evaluation not deterministic")
    ctx.evaluation = result
    shown = sum(1 for s in statuses.values() if s in {"recommended", "option"})
    return f"{len(statuses)} options, {shown} recommended/option, grade {result.grade.grade}"


def check_qt(ctx: _Context) -> str:
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["nelm-desktop", "--self-test"])
    ctx.app = app
    name = app.platformName()
    _require(bool(name), "QApplication has no platform")
    return f"QApplication on platform '{name}'"


def check_reports(ctx: _Context) -> str:
    from PySide6.QtPdf import QPdfDocument

    from nelm_desktop.core import report

    _require(ctx.case is not None and ctx.evaluation is not None, "no evaluated case (checks above failed)")
    details = []
    for kind in ("summary", "handout"):
        out = ctx.tmp / f"{kind}.pdf"
        report.write_report(ctx.case, ctx.evaluation, kind=kind, paper="a4", path=out)
        _require(out.is_file() and out.read_bytes()[:5] == b"%PDF-", f"{kind}: not a PDF")
        doc = QPdfDocument()
        doc.load(str(out))
        _require(doc.status() == QPdfDocument.Status.Ready, f"{kind}: QtPdf cannot open it ({doc.error()})")
        pages = doc.pageCount()
        _require(pages >= 1, f"{kind}: no pages")
        doc.close()
        ctx.pdfs[kind] = out
        details.append(f"{kind} {pages} p")
    return ", ".join(details) + " (opened with QtPdf)"


def check_window(ctx: _Context) -> str:
    from PySide6.QtGui import QImage

    from nelm_desktop.ui.window.main_window import MainWindow

    _require(ctx.app is not None, "no QApplication (qt check failed)")
    _require(ctx.store is not None and ctx.case is not None, "no stored case (store check failed)")
    window = MainWindow(ctx.store, ctx.store.root)
    try:
        window.load_library()
        _require(window.session.open_case(ctx.case.case_id, ask=False), "the window did not open the case")
        window.resize(1200, 800)
        window.show()
        ctx.app.processEvents()
        image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        _require(not image.isNull() and image.width() >= 600, "window painted nothing")
        step = 5
        colours = {
            image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)
        }
        _require(len(colours) > 8, "window painted a blank image")
        title = window.windowTitle()
    finally:
        # hide(), not close(): closing may ask about unsaved work, which would wait for a click.
        window.hide()
        window.deleteLater()
        ctx.app.processEvents()
    return f"case opened, '{title}' painted {image.width()}x{image.height()}, {len(colours)} colours sampled"


CHECKS: list[tuple[str, Callable[[_Context], str]]] = [
    ("versions", check_versions),
    ("resources", check_resources),
    ("fonts", check_fonts),
    ("demo", check_demo_cases),
    ("store", check_store),
    ("engine", check_engine),
    ("qt", check_qt),
    ("reports", check_reports),
    ("window", check_window),
]


# --- runner --------------------------------------------------------------------------------------


def _choose_qt_platform() -> None:
    has_display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    if sys.platform.startswith("linux") and not has_display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# Harmless messages of the offscreen platform plugin; anything else Qt warns about is shown.
_QT_NOISE = {"This plugin does not support propagateSizeHints()"}


def _install_qt_message_handler() -> None:
    """Turn a fatal Qt message (e.g. no usable platform plugin) into a FAIL line and exit code 1."""
    try:
        from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    except ImportError:
        return  # the versions check reports it

    def handler(kind: Any, _context: Any, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            text = " ".join(message.split())
            print(f"FAIL {'qt':<{_NAME_WIDTH}} fatal Qt error: {text}", flush=True)
            print("self-test: FAILED (Qt aborted)", flush=True)
            os._exit(EXIT_FAILED)
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg) and message not in _QT_NOISE:
            print(f"qt: {message}", file=sys.stderr)

    qInstallMessageHandler(handler)


@contextmanager
def _isolated_dirs(tmp: Path) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in (paths.DATA_DIR_ENV, paths.CONFIG_DIR_ENV)}
    os.environ[paths.DATA_DIR_ENV] = str(tmp / "user-data")
    os.environ[paths.CONFIG_DIR_ENV] = str(tmp / "user-config")
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _reason(exc: BaseException) -> str:
    if isinstance(exc, CheckFailed):
        return str(exc)
    where = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    at = f" at {Path(where[0].filename).name}:{where[0].lineno}" if where else ""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}{at}"


def _tolerant_output() -> None:
    """A report line must never crash on a character the console cannot show (e.g. cp1252 pipes)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def run_self_test(checks: list[tuple[str, Callable[[_Context], str]]] | None = None) -> int:
    started = time.perf_counter()
    _tolerant_output()
    _choose_qt_platform()
    _install_qt_message_handler()
    print(f"NELM Desktop {__version__} self-test")
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="nelm-selftest-") as tmp_name:
        tmp = Path(tmp_name)
        ctx = _Context(tmp=tmp)
        with _isolated_dirs(tmp):
            for name, check in CHECKS if checks is None else checks:
                t0 = time.perf_counter()
                try:
                    detail = check(ctx)
                    ok = True
                except Exception as exc:  # a broken component must not stop the other checks
                    detail, ok = _reason(exc), False
                ms = (time.perf_counter() - t0) * 1000
                print(f"{'PASS' if ok else 'FAIL'} {name:<{_NAME_WIDTH}} {ms:6.0f} ms  {detail}", flush=True)
                if not ok:
                    failed.append(name)
        ctx.app = None
    total = time.perf_counter() - started
    n = len(CHECKS if checks is None else checks)
    if failed:
        print(f"self-test: FAILED {len(failed)} of {n} checks ({', '.join(failed)}) in {total:.2f} s")
        return EXIT_FAILED
    print(f"self-test: all {n} checks passed in {total:.2f} s")
    return EXIT_OK
