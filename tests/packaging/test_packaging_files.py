"""The committed packaging files agree with each other and with the app's version (no build needed)."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINUX = REPO / "packaging" / "linux"
VERSION = re.search(r'__version__ = "(.+)"', (REPO / "nelm_desktop" / "__init__.py").read_text())[1]


def test_desktop_entry_points_at_the_command_and_the_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(LINUX / "nelm-desktop.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"].split()[0] == "nelm-desktop"
    assert desktop["Icon"] == "nelm-desktop"
    assert desktop["Terminal"] == "false"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_entry_validates() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(LINUX / "nelm-desktop.desktop")], capture_output=True, text=True
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_metainfo_id_file_name_launchable_and_release_match() -> None:
    (path,) = LINUX.glob("*.metainfo.xml")
    root = ET.parse(path).getroot()
    assert root.findtext("id") == path.name.removesuffix(".metainfo.xml")
    assert root.findtext("launchable") == "nelm-desktop.desktop"
    releases = [r.get("version") for r in root.iter("release")]
    assert releases[0] == VERSION, "add a <release> for the new version"


def test_debian_changelog_and_inno_script_carry_the_app_version() -> None:
    first = (LINUX / "changelog").read_text().splitlines()[0]
    assert first.startswith(f"nelm-desktop ({VERSION}) "), first
    iss = (REPO / "packaging" / "windows" / "nelm-desktop.iss").read_text()
    assert f'#define AppVersion "{VERSION}"' in iss


def test_windows_uninstaller_deletes_no_user_data() -> None:
    iss = (REPO / "packaging" / "windows" / "nelm-desktop.iss").read_text()
    sections = re.findall(r"^\[(\w+)\]", iss, flags=re.MULTILINE)
    assert "UninstallDelete" not in sections
    assert "PrivilegesRequired=admin" in iss  # per machine
    assert "{autoprograms}" in iss  # Start-menu entry


def test_file_types_are_the_apps_own_on_every_system() -> None:
    """Linux claims the two MIME types it defines (never all JSON/zip); Windows and macOS register
    the same extensions, each opening `nelm-desktop FILE`."""
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(LINUX / "nelm-desktop-mime.xml").getroot()
    defined = {t.get("type"): t.find("m:glob", ns).get("pattern") for t in mime.findall("m:mime-type", ns)}  # type: ignore[union-attr]
    assert defined == {
        "application/x-nelm-desktop-library": "*.nelmlib",
        "application/x-nelm-desktop-case": "*.nelmcase",
    }
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(LINUX / "nelm-desktop.desktop", encoding="utf-8")
    claimed = set(filter(None, entry["Desktop Entry"]["MimeType"].split(";")))
    assert claimed == set(defined)
    assert entry["Desktop Entry"]["Exec"] == "nelm-desktop %f"
    assert "usr/share/mime/packages/nelm-desktop.xml" in (LINUX / "build-deb.sh").read_text()

    iss = (REPO / "packaging" / "windows" / "nelm-desktop.iss").read_text()
    assert "ChangesAssociations=yes" in iss
    for ext, progid in ((".nelmlib", "NELMDesktop.Library"), (".nelmcase", "NELMDesktop.Case")):
        assert (
            f'Subkey: "Software\\Classes\\{ext}"; ValueType: string; ValueName: ""; ValueData: "{progid}"'
            in iss
        )
        assert (
            f'{progid}\\shell\\open\\command"; ValueType: string; ValueName: ""; ValueData: """{{app}}\\nelm-desktop.exe"" ""%1"""'
            in iss
        )
    registry = [
        line for line in iss.split("[Registry]")[1].split("[Run]")[0].splitlines() if line.startswith("Root:")
    ]
    assert len(registry) == 12 and not any(".json" in line or ".zip" in line for line in registry)

    spec = (REPO / "packaging" / "nelm-desktop.spec").read_text()
    for ext in ("nelmlib", "nelmcase"):
        assert f'"public.filename-extension": ["{ext}"]' in spec


def test_minimum_systems_are_the_honest_ones() -> None:
    """PySide6-Essentials 6.12 has macOS wheels for 14.0+ only; Qt 6 needs Windows 10 1809 (17763)."""
    spec = (REPO / "packaging" / "nelm-desktop.spec").read_text()
    assert '"LSMinimumSystemVersion": "14.0"' in spec
    iss = (REPO / "packaging" / "windows" / "nelm-desktop.iss").read_text()
    assert re.search(r"^MinVersion=10\.0\.17763$", iss, flags=re.MULTILINE)
    clinic = (REPO / "docs" / "clinic-it.md").read_text()
    assert "Windows 10 version 1809" in clinic and "macOS 14" in clinic
    assert "macOS 12" not in clinic


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_hicolor_icons_have_the_size_their_folder_says() -> None:
    icons = sorted((REPO / "nelm_desktop" / "resources" / "icons" / "hicolor").glob("*/nelm-desktop.png"))
    assert {p.parent.name for p in icons} >= {"16x16", "32x32", "48x48", "64x64", "128x128", "256x256"}
    for png in icons:
        n = int(png.parent.name.split("x")[0])
        assert _png_size(png) == (n, n), png
    icons_dir = REPO / "nelm_desktop" / "resources" / "icons"
    assert (icons_dir / "nelm-desktop.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (icons_dir / "nelm-desktop.icns").read_bytes()[:4] == b"icns"


@pytest.mark.parametrize("script", sorted((REPO / "packaging").rglob("*.sh")), ids=lambda p: p.name)
def test_shell_scripts_are_executable_and_parse(script: Path) -> None:
    assert os.access(script, os.X_OK), f"chmod +x {script}"
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_spec_keeps_only_the_qt_modules_we_use() -> None:
    spec = (REPO / "packaging" / "nelm-desktop.spec").read_text()
    kept = re.search(r"QT_MODULES = \[(.*?)\]", spec, flags=re.DOTALL)[1]
    assert re.findall(r'"(\w+)"', kept) == [
        "QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtPdf", "QtPdfWidgets",
    ]  # fmt: skip
    used = set()
    for source in (REPO / "nelm_desktop").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", source.read_text(encoding="utf-8")))
    assert used <= set(re.findall(r'"(\w+)"', kept)), f"the app imports {sorted(used)}: update the spec"


def test_spec_lists_only_plugins_this_qt_has() -> None:
    """Every Linux plugin the spec keeps exists in the installed PySide6 (the Windows list is proven
    by the Wine build, which fails on a listed plugin it does not find)."""
    import PySide6

    plugins = Path(PySide6.__file__).parent / "Qt" / "plugins"
    keys = {f"{p.parent.name}/{p.name.split('.')[0].removeprefix('lib')}" for p in plugins.glob("*/*.so")}
    filters = _spec_filters(is_linux=True)
    kept = filters["QT_PLUGINS_KEPT"]
    assert isinstance(kept, set) and kept <= keys, sorted(kept - keys)  # type: ignore[operator]


def _spec_filters(is_linux: bool) -> dict[str, object]:
    """The spec's file filters (the part between the plugin lists and the Analysis), run on their own."""
    spec = (REPO / "packaging" / "nelm-desktop.spec").read_text()
    block = spec[spec.index("QT_PLUGINS_LINUX = {") : spec.index("datas = collect_data_files")]
    namespace: dict[str, object] = {
        "Path": Path,
        "os": os,
        "re": re,
        "IS_LINUX": is_linux,
        "IS_WIN": not is_linux,
        "IS_MAC": False,
    }
    exec(block, namespace)
    return namespace


@pytest.mark.parametrize(
    ("dest", "src", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", "", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "", False),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", "", True),
        ("PySide6/Qt/translations/qtbase_de.qm", "", False),
        ("PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6", "", False),
        ("PySide6/Qt/lib/libQt6Pdf.so.6", "", True),
        ("libxcb.so.1", "/usr/lib/x86_64-linux-gnu/libxcb.so.1", False),  # left to Depends
        ("libpython3.11.so.1.0", "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", True),
        ("lib-dynload/_ssl.so", "/usr/lib/python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so", True),
        ("nelm_desktop/resources/fonts/DejaVuSans.ttf", "", True),
    ],
)
def test_spec_filters_on_linux(dest: str, src: str, kept: bool) -> None:
    keep = _spec_filters(is_linux=True)["_keep"]
    assert keep((dest, src, "BINARY")) is kept  # type: ignore[operator]


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        (str(Path("PySide6/plugins/platforms/qwindows.dll")), True),
        (str(Path("PySide6/plugins/platforms/qdirect2d.dll")), False),
        (str(Path("PySide6/plugins/styles/qwindowsvistastyle.dll")), False),  # not in Qt 6.12
        (str(Path("PySide6/plugins/styles/qmodernwindowsstyle.dll")), True),
        (str(Path("PySide6/translations/qtbase_fr.qm")), False),
        (str(Path("PySide6/Qt6OpenGL.dll")), True),  # not pruned where it was not checked
    ],
)
def test_spec_filters_on_windows_layout(dest: str, kept: bool) -> None:
    # (Qt 6 has no Windows print-support plugin: QtPrintSupport prints by itself.)
    keep = _spec_filters(is_linux=False)["_keep"]
    assert keep((dest, "", "BINARY")) is kept  # type: ignore[operator]


def test_lintian_overrides_have_no_wildcards_and_each_is_explained() -> None:
    lines = [
        line
        for line in (LINUX / "lintian-overrides").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    notes = (LINUX / "lintian-notes.md").read_text()
    assert lines
    for line in lines:
        assert "*" not in line and "?" not in line, line
        package, _, rest = line.partition(": ")
        assert package == "nelm-desktop", line
        tag = rest.split()[0]
        assert f"`{tag}`" in notes, f"{tag} is not explained in lintian-notes.md"


def test_pre_commit_runs_ruff_ruff_format_and_mypy() -> None:
    config = (REPO / ".pre-commit-config.yaml").read_text()
    hook_ids = re.findall(r"^\s+- id: ([\w-]+)$", config, flags=re.MULTILINE)
    assert hook_ids == ["ruff", "ruff-format", "mypy"]
    assert "entry: .venv/bin/mypy" in config  # the project's mypy with its plugins and settings


def test_workflow_runs_scripts_test_on_three_systems_and_keeps_the_builds() -> None:
    workflow = (REPO / ".github" / "workflows" / "build.yml").read_text()
    assert "os: [ubuntu-latest, windows-latest, macos-latest]" in workflow
    assert "run: scripts/test" in workflow
    for job in ("linux:", "windows:", "macos:"):
        assert f"\n  {job}\n" in workflow, job
    assert 'python-version: "3.11"' not in workflow  # bundles and tests use 3.12
    assert workflow.count(".cdx.json") >= 3  # an SBOM beside each installer
