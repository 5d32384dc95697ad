"""Every font in the reports is embedded (no Helvetica that a clinic's viewer would substitute), and
each PDF declares its language, shows its title instead of the file name, and carries XMP metadata.
Tagged PDF (PDF/UA) is out of ReportLab open source's reach: docs/reports.md says so."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from report_helpers import SETTINGS, WHEN, evaluate, typical_case

from nelm_desktop.core.report import build_report


def _reports() -> list[tuple[str, bytes]]:
    out = []
    for kind in ("summary", "handout"):
        for paper, demo in (("a4", False), ("letter", True)):
            case = typical_case(demo=demo)
            data = build_report(case, evaluate(case), kind, paper, SETTINGS, when=WHEN)  # type: ignore[arg-type]
            out.append((f"{kind}-{paper}-{'demo' if demo else 'real'}", data))
    return out


REPORTS = _reports()


def _fonts(font: Any) -> list[DictionaryObject]:
    font = font.get_object()
    return [font, *(d.get_object() for d in font.get("/DescendantFonts", []))]


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type0":
        return True  # judged by its descendant
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False  # a standard-14 font: never embedded
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.parametrize(("name", "data"), REPORTS, ids=[n for n, _ in REPORTS])
def test_every_font_on_every_page_is_embedded(name: str, data: bytes) -> None:
    reader = PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages, start=1):
        fonts = page["/Resources"].get_object().get("/Font", {})
        assert fonts, f"{name} p{number}: no fonts"
        for key, ref in fonts.items():
            for font in _fonts(ref):
                assert _embedded(font), f"{name} p{number}: {key} {font.get('/BaseFont')} not embedded"
                assert "Helvetica" not in str(font.get("/BaseFont")), name
        content = page.get_contents().get_data()  # type: ignore[union-attr]
        assert b"12 Tf 14.4 TL ET" not in content[:200], f"{name} p{number}: default-font preamble"


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdffonts_lists_only_embedded_fonts(tmp_path: Path) -> None:
    for name, data in REPORTS:
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        fonts = rows.splitlines()[2:]
        assert fonts and all(" yes " in line for line in fonts), rows


@pytest.mark.parametrize(("name", "data"), REPORTS, ids=[n for n, _ in REPORTS])
def test_language_title_display_and_xmp_metadata(name: str, data: bytes) -> None:
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True  # a PDF boolean, not the string
    title = reader.metadata.title if reader.metadata else None
    assert title
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"x-default": title}
    assert xmp.dc_language == ["en-GB"]
    assert xmp.dc_format == "application/pdf"
    assert reader.metadata and xmp.dc_creator == [reader.metadata.author]
