"""The PDF writer: valid files, embedded fonts, every glyph, text, navigation, determinism."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from datetime import date
from pathlib import Path

import page
import pypdf
import pytest

from briefgen import tree as t
from briefgen.errors import RenderError
from briefgen.fontfiles import font_coverage, system_fonts
from briefgen.theme import Theme
from briefgen.writers import Rendered, get_writer
from briefgen.writers.pdf import render
from conftest import tool
from treesamples import MULTISCRIPT, TRICKY, sample_document

T = t.Text
CJK = "日本語の文章です。中文简体。한국어 문장입니다."
ARABIC = "مرحبا بالعالم"


@pytest.fixture(scope="module")
def sample() -> t.Document:
    return sample_document()


@pytest.fixture(scope="module")
def rendered(sample: t.Document) -> Rendered:
    return render(sample, Theme())


@pytest.fixture(scope="module")
def pdf_path(rendered: Rendered, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    path.write_bytes(rendered.data)
    return path


@pytest.fixture(scope="module")
def reader(pdf_path: Path) -> pypdf.PdfReader:
    return pypdf.PdfReader(pdf_path)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_CHROME = re.compile(
    r"^(?:DRAFT\n)?OFFICIAL: Sensitive\n(?:Partner brief: Japan\n)?(?:DRAFT\n)?"
    r"Australian Space Agency\nPage \d+ of \d+\n\s*OFFICIAL: Sensitive\n"
)


def _content_text(reader: pypdf.PdfReader) -> str:
    """The text of every page without the page chrome (drawn first on each page)."""
    pages = []
    for pg in reader.pages:
        text = pg.extract_text()
        stripped = _CHROME.sub("", text)
        assert stripped != text, text[:200]
        pages.append(stripped)
    return "\n".join(pages)


def _tree_texts(doc: t.Document) -> list[str]:
    """The texts of the tree's blocks in reading order (what the reader must see)."""
    out: list[str] = []
    for block in t.iter_blocks(doc.blocks):
        if isinstance(block, t.Paragraph) and block.role == "marking":
            continue  # page 1's header marking, read with the chrome
        if isinstance(block, (t.Heading, t.Paragraph)):
            out.append(t.plain_text(block.children))
        elif isinstance(block, t.Timeline):
            for entry in block.entries:
                out += [entry.date, t.plain_text(entry.children)]
        elif isinstance(block, t.Table):
            out += [t.plain_text(c) for c in block.header]
            out += [t.plain_text(c) for row in block.rows for c in row]
        elif isinstance(block, t.Figure):
            out.append(block.caption)
            if block.credit:
                out.append(block.credit)
    return [x for x in out if x.strip()]


def test_registered_as_pdf_writer(rendered: Rendered) -> None:
    assert get_writer("pdf") is render
    assert rendered.data.startswith(b"%PDF-")
    assert rendered.pages and rendered.pages >= 5


def test_qpdf_check(pdf_path: Path) -> None:
    proc = subprocess.run([tool("qpdf"), "--check", str(pdf_path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_font_embedded_and_no_base14(pdf_path: Path) -> None:
    out = subprocess.run(
        [tool("pdffonts"), str(pdf_path)], capture_output=True, text=True, check=True
    ).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    for row in rows:
        cols = row.split()
        assert cols[-5] == "yes", row  # emb
        assert not re.search(r"Helvetica|Times|Courier|Symbol|ZapfDingbats", row), row


def test_pdfa2b_profile_finds_no_missing_glyphs(pdf_path: Path) -> None:
    report = page.validate_pdf(pdf_path, profile="2b")
    glyph = [f for f in report.failures if re.search(r"NOTDEF|GLYPH|FONT", f.rule_id)]
    assert not glyph, [(f.rule_id, f.message) for f in glyph]


def test_text_reads_back_in_order(sample: t.Document, reader: pypdf.PdfReader) -> None:
    text = _content_text(reader)
    squashed = _squash(text)
    pos = 0
    for expected in _tree_texts(sample):
        found = squashed.find(_squash(expected), pos)
        assert found >= 0, f"{expected!r} missing or out of order"
        pos = found
    assert TRICKY in _collapse(text)
    assert MULTISCRIPT in _collapse(text)


def test_words_are_not_glued_at_line_breaks(reader: pypdf.PdfReader) -> None:
    text = _collapse("\n".join(p.extract_text() for p in reader.pages))
    assert "See the Agency's page and Agreements." in text
    assert "R&D;" not in text and "&amp;" not in text


def test_outline_has_an_entry_per_heading(sample: t.Document, reader: pypdf.PdfReader) -> None:
    def flatten(items: list[object]) -> list[str]:
        out: list[str] = []
        for item in items:
            out += flatten(item) if isinstance(item, list) else [item.title]  # type: ignore[attr-defined]
        return out

    titles = flatten(reader.outline)
    assert titles == [t.plain_text(h.children) for h in sample.iter_headings()]


def test_page_x_of_y_on_every_page(rendered: Rendered, reader: pypdf.PdfReader) -> None:
    assert rendered.pages == len(reader.pages)
    for number, pg in enumerate(reader.pages, 1):
        found = re.findall(r"Page (\d+) of (\d+)", pg.extract_text())
        assert found == [(str(number), str(len(reader.pages)))]


def test_marking_top_and_bottom_of_every_page(reader: pypdf.PdfReader) -> None:
    for pg in reader.pages:
        assert pg.extract_text().count("OFFICIAL: Sensitive") >= 2


def test_contents_page_numbers_match_heading_pages(
    sample: t.Document, reader: pypdf.PdfReader
) -> None:
    heading_page = {}
    for item in reader.outline:
        if not isinstance(item, list):
            heading_page[item.title] = reader.get_destination_page_number(item) + 1
    contents = reader.pages[0].extract_text()  # under the title block
    for h in sample.iter_headings():
        title = t.plain_text(h.children)
        if h.level <= 2 and title in heading_page:
            assert re.search(rf"{re.escape(title)}\s*{heading_page[title]}\b", contents), title


def test_links_external_internal_and_notes(reader: pypdf.PdfReader) -> None:
    uris, dests = [], []
    for pg in reader.pages:
        for annot in pg.get("/Annots", []) or []:
            a = annot.get_object()
            assert a["/Subtype"] == "/Link" and a.get("/Contents")
            if "/A" in a:
                uris.append(a["/A"]["/URI"])
            else:
                dests.append(a["/Dest"])
    assert "https://www.space.gov.au/" in uris
    assert "https://www.space.gov.au/international" in uris
    assert len(dests) >= 8  # contents entries, "Agreements", the footnote reference


def test_metadata(reader: pypdf.PdfReader) -> None:
    info = reader.metadata
    assert info is not None
    assert info.title == "Partner brief: Japan"
    assert info.author == "Australian Space Agency"
    assert "OFFICIAL: Sensitive" in (info.subject or "")
    assert "OFFICIAL: Sensitive" in info["/Keywords"]
    assert info["/CreationDate"].startswith("D:20261125")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-AU"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_draft_shown_on_every_page() -> None:
    data = render(sample_document(draft=True), Theme()).data
    import io

    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    for pg in pages:
        assert "DRAFT" in pg.extract_text()


def test_deterministic_bytes(sample: t.Document, rendered: Rendered) -> None:
    assert render(sample, Theme()).data == rendered.data


def _doc(*paragraphs: str) -> t.Document:
    meta = t.Metadata(
        title="Fonts", marking="OFFICIAL", edition=date(2026, 1, 2), organisation="Org"
    )
    blocks: tuple[t.Block, ...] = (t.Heading(1, "s", (T("Scripts"),)),)
    blocks += tuple(t.Paragraph((T(p),)) for p in paragraphs)
    return t.Document(meta, blocks)


def test_uncovered_character_raises_naming_it() -> None:
    with pytest.raises(RenderError, match=r"U\+E000 '\\ue000' in 'private \\ue000 use'"):
        render(_doc("private \ue000 use"), Theme())


def test_uncovered_character_warns_when_allowed(tmp_path: Path) -> None:
    theme = Theme(allow_missing_glyphs=True)
    with pytest.warns(UserWarning, match=r"U\+E000"):
        data = render(_doc("private \ue000 use"), theme).data
    path = tmp_path / "warn.pdf"
    path.write_bytes(data)
    report = page.validate_pdf(path, profile="2b")
    assert not [f for f in report.failures if "NOTDEF" in f.rule_id]


def _covered(text: str) -> bool:
    faces = [str(f.regular) for f in Theme().fonts] + list(system_fonts())
    return all(any(ord(c) in font_coverage(p) for p in faces) for c in text if not c.isspace())


def test_cjk_korean_and_arabic_use_system_fallback_fonts(tmp_path: Path) -> None:
    if not _covered(CJK + ARABIC):
        pytest.skip("no system font covers CJK and Hangul (apt-get install fonts-wqy-zenhei)")
    rendered = render(_doc(CJK, ARABIC, MULTISCRIPT), Theme())
    path = tmp_path / "scripts.pdf"
    path.write_bytes(rendered.data)
    text = pypdf.PdfReader(path).pages[0].extract_text()
    assert CJK in _collapse(text)
    assert MULTISCRIPT in _collapse(text)
    fonts = subprocess.run(
        [tool("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert len(fonts.splitlines()) - 2 >= 2  # DejaVu plus at least one system font
    report = page.validate_pdf(path, profile="2b")
    assert not [f for f in report.failures if "NOTDEF" in f.rule_id]
    assert page.validate_pdf(path, profile="ua1").is_compliant


def test_untagged_variant_is_valid_and_has_no_structure(sample: t.Document, tmp_path: Path) -> None:
    theme = dataclasses.replace(Theme(), tagged_pdf=False)
    path = tmp_path / "plain.pdf"
    path.write_bytes(render(sample, theme).data)
    assert subprocess.run([tool("qpdf"), "--check", str(path)], capture_output=True).returncode == 0
    root = pypdf.PdfReader(path).trailer["/Root"]
    assert "/StructTreeRoot" not in root
    assert b" BDC" not in b"".join(
        pg.get_contents().get_data()
        for pg in pypdf.PdfReader(path).pages  # type: ignore[union-attr]
    )


def _fonts_of_words(data: bytes) -> dict[str, set[str]]:
    """Each word of the PDF's text with the fonts it was drawn in (from the content stream)."""
    import io

    found: dict[str, set[str]] = {}

    def visit(text: str, cm: object, tm: object, font: object, size: object) -> None:
        name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
        for word in text.split():
            found.setdefault(word, set()).add(name)

    for pg in pypdf.PdfReader(io.BytesIO(data)).pages:
        pg.extract_text(visitor_text=visit)
    return found


def test_strong_and_emphasis_are_set_in_bold_and_italic_faces() -> None:
    doc = _doc("plain")
    para = t.Paragraph(
        (T("Plainword "), t.Strong((T("Boldword"),)), T(" "), t.Emphasis((T("Italicword"),)))
    )
    doc = dataclasses.replace(doc, blocks=(*doc.blocks, para))
    fonts = _fonts_of_words(render(doc, Theme()).data)
    assert all("Bold" in f for f in fonts["Boldword"]), fonts["Boldword"]
    assert all("Italic" in f for f in fonts["Italicword"]), fonts["Italicword"]
    assert not any("Bold" in f or "Italic" in f for f in fonts["Plainword"])
    assert all("LiberationSans" in f for w in fonts.values() for f in w)  # the house face
