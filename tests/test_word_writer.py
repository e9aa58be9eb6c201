"""Tests of the Word writer: structure read back with python-docx, raw OOXML checks, and
independent readers (openxml-audit, Pandoc, LibreOffice)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Emu
from lxml import etree

from briefgen import tree as t
from briefgen.errors import RenderError
from briefgen.theme import Theme
from briefgen.writers import get_writer
from briefgen.writers.docx import bookmark_names, render
from briefgen.writers.pdf import heading_pages
from docx_checks import (
    actual_paragraphs,
    expected_paragraphs,
    libreoffice_convert,
    pandoc_counts,
    schema_findings,
    text_of,
)
from treesamples import MULTISCRIPT, TRICKY, sample_document, sample_image

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
VML = "urn:schemas-microsoft-com:vml"
MARKING = "OFFICIAL: Sensitive"
T = t.Text


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def draft_bytes() -> bytes:
    return render(sample_document(draft=True), Theme()).data


@pytest.fixture(scope="module")
def final_bytes() -> bytes:
    return render(sample_document(), Theme()).data


@pytest.fixture(scope="module")
def draft_doc(draft_bytes: bytes) -> Any:
    return docx.Document(io.BytesIO(draft_bytes))


def part_xml(data: bytes, name: str) -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def part_bytes(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


def doc_with(*blocks: t.Block, footnotes: tuple[t.Footnote, ...] = ()) -> t.Document:
    """A small document around ``blocks``, with the sample's metadata."""
    return replace(sample_document(paragraphs=0), blocks=blocks, footnotes=footnotes)


# ---------------------------------------------------------------- structure


def test_registry_returns_this_writer() -> None:
    assert get_writer("docx") is render


def test_styles_are_used_by_name(draft_doc: Any) -> None:
    used = {p.style.name for p in draft_doc.paragraphs}
    for name in (
        "Title",
        "Subtitle",
        "Cover Meta",
        "Draft",
        "TOC Heading",
        "toc 1",
        "toc 2",
        "Heading 1",
        "Heading 3",
        "Heading 4",
        "List Bullet",
        "List Bullet 2",
        "List Number",
        "Caption",
        "Figure",
        "Credit",
        "Callout",
        "Source",
    ):
        assert name in used, name
    # callouts are shaded paragraphs, not layout tables; the timeline is a real table
    assert [tb.style.name for tb in draft_doc.tables] == ["Briefing Table", "Briefing Table"]
    body = draft_doc.element.body
    boxed = body.xpath("./w:p[w:pPr/w:shd]")
    assert {p.xpath("string(./w:pPr/w:pStyle/@w:val)") for p in boxed} >= {
        "Heading2",
        "ListBullet",
        "Callout",
    }
    # No direct run formatting outside hyperlinks: bold and italics come from styles.
    assert not body.xpath("./w:p/w:r/w:rPr/w:b | ./w:p/w:r/w:rPr/w:i | .//w:rPr/w:color")
    runs = body.xpath(".//w:r/w:rPr/w:rStyle/@w:val")
    assert {"Strong", "Emphasis", "Hyperlink", "FootnoteReference"} <= set(runs)


def test_marking_in_every_header_and_footer(draft_doc: Any) -> None:
    assert draft_doc.settings.odd_and_even_pages_header_footer is False
    for section in draft_doc.sections:
        assert section.different_first_page_header_footer is False
        assert not section.header.is_linked_to_previous
        header = [p.text for p in section.header.paragraphs]
        footer = [p.text for p in section.footer.paragraphs]
        assert header == [MARKING, "Partner brief: Japan\tDRAFT"]
        assert footer == ["Australian Space Agency\tPage 1 of 1", MARKING]
        # the watermark: a WordArt shape in the header, as Word's Watermark command makes
        shapes = list(section.header._element.iter(f"{{{VML}}}shape"))
        shapes = [s.get("string") for e in shapes for s in e.iter(f"{{{VML}}}textpath")]
        assert shapes == ["DRAFT"]
        for p in (section.header.paragraphs[0], section.footer.paragraphs[-1]):
            assert p.style.name == "Marking"
    style = draft_doc.styles["Marking"]
    assert style.font.bold and not style.font.all_caps  # as written: "OFFICIAL: Sensitive"
    assert str(style.font.color.rgb) == "C00000"
    assert style.paragraph_format.alignment == 1  # centre


def test_draft_only_when_draft(final_bytes: bytes) -> None:
    document = docx.Document(io.BytesIO(final_bytes))
    header = [p.text for p in document.sections[0].header.paragraphs]
    assert header == [MARKING, "Partner brief: Japan"]
    assert not list(document.sections[0].header._element.iter(f"{{{VML}}}shape"))
    assert "DRAFT" not in actual_paragraphs(document)


def test_fields_present(draft_bytes: bytes) -> None:
    body = part_xml(draft_bytes, "word/document.xml")
    instr = [s.strip() for s in body.xpath("//w:instrText/text()", namespaces=NS)]
    assert 'TOC \\o "1-2" \\h \\z \\u' in instr
    assert "SEQ Figure \\* ARABIC" in instr and "SEQ Table \\* ARABIC" in instr
    footer = part_xml(draft_bytes, "word/footer1.xml")
    footer_instr = [s.strip() for s in footer.xpath("//w:instrText/text()", namespaces=NS)]
    assert footer_instr == ["PAGE", "NUMPAGES"]
    # Every field is balanced: begin, separate, end.
    kinds = body.xpath("//w:fldChar/@w:fldCharType", namespaces=NS)
    assert kinds.count("begin") == kinds.count("separate") == kinds.count("end") == 3
    settings = part_xml(draft_bytes, "word/settings.xml")
    assert settings.xpath("w:updateFields/@w:val", namespaces=NS) == ["true"]


def test_contents_is_prefilled_and_linked_to_heading_bookmarks(draft_doc: Any) -> None:
    doc = sample_document(draft=True)
    entries = [p for p in draft_doc.paragraphs if p.style.name.startswith("toc ")]
    wanted = [h for h in doc.iter_headings() if h.level <= 2]
    # each entry shows its page (the PDF layout's, shared by both editions) after a tab
    pages = heading_pages(doc, Theme())
    assert [p.text for p in entries] == [f"{text_of(h.children)}\t{pages[h.id]}" for h in wanted]
    assert pages["long"] > 1
    assert [p.style.name for p in entries] == [f"toc {h.level}" for h in wanted]
    body = draft_doc.element.body
    bookmarks = set(body.xpath(".//w:bookmarkStart/@w:name"))
    anchors = [p._p.xpath("./w:hyperlink/@w:anchor")[0] for p in entries]
    assert set(anchors) <= bookmarks
    names = bookmark_names(doc)
    assert anchors == [names[h.id] for h in wanted]
    # The internal link in the body targets the Agreements heading's bookmark.
    assert names["agreements"] in body.xpath("./w:p/w:hyperlink/@w:anchor")


def test_contents_pages_are_the_pdf_pages_of_the_headings() -> None:
    """The Word contents' page numbers come from a layout that draws no lines
    (``layout_only``): each is the page the heading's outline entry points at in the PDF."""
    pypdf = pytest.importorskip("pypdf")
    doc = sample_document(paragraphs=60)
    pages = heading_pages(doc, Theme())
    reader = pypdf.PdfReader(io.BytesIO(get_writer("pdf")(doc, Theme()).data))

    def flat(items: list[Any]) -> list[int]:
        out: list[int] = []
        for item in items:
            out += (
                flat(item)
                if isinstance(item, list)
                else [reader.get_destination_page_number(item) + 1]
            )
        return out

    headings = [h for h in doc.iter_headings() if h.id in pages]
    assert len(headings) >= 5 and max(pages.values()) > 2
    assert [pages[h.id] for h in headings] == flat(reader.outline)


def test_bookmark_names_are_valid_and_unique() -> None:
    ids = ["key-facts", "1st", "a-b", "a_b", "x" * 60, "x" * 60 + "y", "été"]
    doc = doc_with(*(t.Heading(1, i, (T(i),)) for i in ids))
    names = bookmark_names(doc)
    assert names["key-facts"] == "key_facts"
    assert names["1st"] == "h_1st"
    assert len(set(names.values())) == len(ids)
    for name in names.values():
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", name), name
    assert bookmark_names(doc) == names  # deterministic


def test_sources_are_listed_once_and_citations_link_to_them() -> None:
    note = t.Footnote("s", 1, (t.Paragraph((T("Source text"),)),))
    other = t.Footnote("u", 2, (t.Paragraph((T("Other source"),)),))
    doc = doc_with(
        t.Heading(1, "a", (T("A"),)),
        t.Paragraph((T("One"), t.FootnoteRef("s", 1))),
        t.Paragraph((T("Two"), t.FootnoteRef("s", 1), t.FootnoteRef("u", 2))),
        t.Heading(1, "b", (T("B"),)),
        t.Paragraph((T("Three"), t.FootnoteRef("s", 1))),
        t.Heading(1, "sources", (T("Sources"),)),
        t.Notes(),
        footnotes=(note, other),
    )
    data = render(doc, Theme()).data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "word/footnotes.xml" not in z.namelist()  # no page-foot copies
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert texts[-2:] == ["1.\tSource text", "2.\tOther source"]
    body = part_xml(data, "word/document.xml")
    marks = body.xpath("//w:hyperlink[@w:anchor]", namespaces=NS)
    shown = ["".join(m.xpath(".//w:t/text()", namespaces=NS)) for m in marks]
    assert shown == ["1", "1", "2", "1"]  # one number per source throughout
    assert [m.get(qn("w:anchor")) for m in marks] == ["_Note_1"] * 2 + ["_Note_2", "_Note_1"]
    assert "Two1, 2" in texts  # several citations on one fact are separated
    names = body.xpath("//w:bookmarkStart/@w:name", namespaces=NS)
    assert {"_Note_1", "_Note_2"} <= set(names)


def test_no_footnotes_part_without_footnotes() -> None:
    data = render(doc_with(t.Paragraph((T("plain"),))), Theme()).data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "word/footnotes.xml" not in z.namelist()


def test_tables_repeat_header_and_fit_text_width(draft_doc: Any) -> None:
    table = draft_doc.tables[0]
    rows = table._tbl.tr_lst
    assert rows[0].xpath("./w:trPr/w:tblHeader")
    assert not any(row.xpath("./w:trPr/w:tblHeader") for row in rows[1:])
    section = draft_doc.sections[0]
    text_width = Emu(section.page_width - section.left_margin - section.right_margin).twips
    grid = [int(w) for w in table._tbl.xpath("./w:tblGrid/w:gridCol/@w:w")]
    assert sum(grid) == text_width
    assert [round(w / text_width, 2) for w in grid] == [0.4, 0.2, 0.2, 0.2]
    assert table._tbl.xpath("./w:tblPr/w:tblCaption/@w:val") == ["Agreements"]
    assert table._tbl.xpath("./w:tblPr/w:tblLayout/@w:type") == ["fixed"]
    header_styles = {p.style.name for c in table.rows[0].cells for p in c.paragraphs}
    assert header_styles == {"Table Heading"}
    # The date column is right-aligned, as the tree asks.
    assert table.rows[1].cells[3].paragraphs[0].alignment == 2


def test_pictures_have_alt_text_and_fit(draft_bytes: bytes) -> None:
    body = part_xml(draft_bytes, "word/document.xml")
    doc_prs = body.xpath("//wp:docPr", namespaces=NS)
    assert doc_prs
    for doc_pr in doc_prs:
        assert doc_pr.get("descr") == "A red disc in a blue frame."
        assert doc_pr.get("title") == "A sample figure"
    big = t.Image("big.png", sample_image().data, width_px=6000, height_px=3000, dpi=96)
    data = render(doc_with(t.Figure(big, alt="Big", caption="Big")), Theme()).data
    extent = part_xml(data, "word/document.xml").xpath("//wp:extent", namespaces=NS)[0]
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert int(extent.get("cx")) <= section.page_width - section.left_margin - section.right_margin
    assert (
        int(extent.get("cx")) == 2 * int(extent.get("cy"))
        or abs(int(extent.get("cx")) - 2 * int(extent.get("cy"))) <= 2
    )


def test_language_and_properties(draft_bytes: bytes, draft_doc: Any) -> None:
    styles = part_xml(draft_bytes, "word/styles.xml")
    lang = styles.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val", namespaces=NS)
    assert lang == ["en-AU"]
    settings = part_xml(draft_bytes, "word/settings.xml")
    assert settings.xpath("w:themeFontLang/@w:val", namespaces=NS) == ["en-AU"]
    props = draft_doc.core_properties
    assert props.title == "Partner brief: Japan"
    assert props.subject == "Japan Aerospace Exploration Agency (JAXA)"
    assert props.keywords == "Japan; JAXA; OFFICIAL: Sensitive"
    assert props.author == "Australian Space Agency"
    assert props.language == "en-AU"
    assert props.revision == 1
    assert props.created.isoformat() == "2026-11-25T00:00:00+00:00"
    assert props.modified == props.created
    custom = part_xml(draft_bytes, "docProps/custom.xml")
    values = {
        p.get("name"): "".join(p.itertext())
        for p in custom.iter(
            "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property"
        )
    }
    assert values == {"ProtectiveMarking": "OFFICIAL: Sensitive"}
    app = part_xml(draft_bytes, "docProps/app.xml")
    assert "briefgen" in "".join(app.itertext()) and "Australian Space Agency" in "".join(
        app.itertext()
    )


def test_ordered_list_restarts_at_its_start() -> None:
    items = (t.ListItem((t.Paragraph((T("a"),)),)), t.ListItem((t.Paragraph((T("b"),)),)))
    doc = doc_with(t.OrderedList(items), t.OrderedList(items, start=7))
    data = render(doc, Theme()).data
    body = part_xml(data, "word/document.xml")
    num_ids = body.xpath("//w:p/w:pPr/w:numPr/w:numId/@w:val", namespaces=NS)
    assert len(num_ids) == 4 and num_ids[0] == num_ids[1] != num_ids[2] == num_ids[3]
    numbering = part_xml(data, "word/numbering.xml")
    start = numbering.xpath(
        f"w:num[@w:numId='{num_ids[2]}']/w:lvlOverride/w:startOverride/@w:val", namespaces=NS
    )
    assert start == ["7"]


# ---------------------------------------------------------------- text


def test_text_reads_back_exactly(draft_doc: Any) -> None:
    doc = sample_document(draft=True)
    actual = actual_paragraphs(draft_doc)
    assert actual == expected_paragraphs(doc)
    assert TRICKY in actual
    assert f"{MULTISCRIPT}\nemphasis" in actual


def test_tricky_text_everywhere() -> None:
    cell = (T(TRICKY),)
    doc = doc_with(
        t.Heading(1, "h", (T(TRICKY),)),
        t.Table(header=(cell,), rows=((cell,),), align=(None,), widths=(1.0,), caption=TRICKY),
        t.Figure(sample_image(), alt=TRICKY, caption=TRICKY, credit=MULTISCRIPT),
        t.Paragraph((t.Link("https://example.org/?a=1&b=<2>", (T(TRICKY),)),)),
    )
    document = docx.Document(io.BytesIO(render(doc, Theme()).data))
    assert actual_paragraphs(document) == expected_paragraphs(doc)
    body = document.element.body
    assert body.xpath(".//wp:docPr/@descr") == [TRICKY]
    assert document.tables[0]._tbl.xpath("./w:tblPr/w:tblCaption/@w:val") == [TRICKY]
    targets = [r.target_ref for r in document.part.rels.values() if r.reltype == RT.HYPERLINK]
    assert targets == ["https://example.org/?a=1&b=<2>"]


def test_text_word_cannot_store_is_refused() -> None:
    with pytest.raises(RenderError, match="cannot store"):
        render(doc_with(t.Paragraph((T("bad \x0b char"),))), Theme())


# ---------------------------------------------------------------- refusals


@dataclass(frozen=True)
class Mystery:
    pass


def test_unknown_block_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="Mystery"):
        render(doc_with(Mystery()), Theme())  # type: ignore[arg-type]


def test_link_to_unknown_heading_is_refused() -> None:
    with pytest.raises(RenderError, match="nowhere"):
        render(doc_with(t.Paragraph((t.Link("#nowhere", (T("x"),)),))), Theme())


def test_reference_to_missing_footnote_is_refused() -> None:
    with pytest.raises(RenderError, match="ghost"):
        render(doc_with(t.Paragraph((t.FootnoteRef("ghost", 1),))), Theme())


# ---------------------------------------------------------------- determinism, speed


def test_byte_identical_output(draft_bytes: bytes) -> None:
    again = render(sample_document(draft=True), Theme()).data
    assert again == draft_bytes
    with zipfile.ZipFile(io.BytesIO(again)) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        names = z.namelist()
    assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
    assert len(names) == len(set(names))


# ---------------------------------------------------------------- templates and themes


def test_corporate_template_styles_are_used_and_gaps_filled(tmp_path: Path) -> None:
    # python-docx's own default template stands in for a corporate one: it has Heading 1
    # and List Bullet, but no Marking, Callout Box or Briefing Table styles.
    template = Path(docx.__file__).parent / "templates" / "default.docx"
    data = render(sample_document(), Theme(reference_docx=template)).data
    out = tmp_path / "corporate.docx"
    out.write_bytes(data)
    document = docx.Document(str(out))
    assert "Heading 1" in {p.style.name for p in document.paragraphs}
    assert document.sections[0].header.paragraphs[0].style.name == "Marking"
    assert actual_paragraphs(document) == expected_paragraphs(sample_document())
    assert schema_findings(out) == []


def test_missing_reference_docx_is_a_render_error(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="reference"):
        render(sample_document(), Theme(reference_docx=tmp_path / "missing.docx"))


def test_dotx_template_is_accepted(tmp_path: Path) -> None:
    shipped = Path(__file__).parents[1] / "src" / "briefgen" / "resources" / "reference.docx"
    dotx = tmp_path / "corporate.dotx"
    with zipfile.ZipFile(shipped) as src, zipfile.ZipFile(dotx, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "[Content_Types].xml":
                body = body.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(info, body)
    data = render(sample_document(), Theme(reference_docx=dotx)).data
    assert b"template.main+xml" not in part_bytes(data, "[Content_Types].xml")
    assert actual_paragraphs(docx.Document(io.BytesIO(data))) == expected_paragraphs(
        sample_document()
    )


def test_not_a_docx_reference_is_a_render_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.docx"
    bogus.write_text("not a zip")
    with pytest.raises(RenderError, match="not a .docx"):
        render(sample_document(), Theme(reference_docx=bogus))


def test_theme_colours_and_font_reach_the_shipped_styles() -> None:
    theme = Theme(marking_colour="FF0000", accent_colour="004400", word_font="Verdana")
    document = docx.Document(io.BytesIO(render(sample_document(), theme).data))
    assert str(document.styles["Marking"].font.color.rgb) == "FF0000"
    assert str(document.styles["Heading 1"].font.color.rgb) == "004400"
    fonts = document.styles.element.xpath("w:docDefaults//w:rFonts/@w:ascii")
    assert fonts == ["Verdana"]


def test_shipped_reference_is_reproducible(tmp_path: Path) -> None:
    script = Path(__file__).parents[1] / "tools" / "make_reference_docx.py"
    shipped = Path(__file__).parents[1] / "src" / "briefgen" / "resources" / "reference.docx"
    out = tmp_path / "reference.docx"
    subprocess.run([sys.executable, str(script), str(out)], check=True, capture_output=True)
    assert out.read_bytes() == shipped.read_bytes()


# ---------------------------------------------------------------- independent tools


@pytest.mark.parametrize("draft", [True, False])
def test_openxml_audit_has_no_schema_errors(
    tmp_path: Path, draft: bool, draft_bytes: bytes, final_bytes: bytes
) -> None:
    path = tmp_path / "brief.docx"
    path.write_bytes(draft_bytes if draft else final_bytes)
    assert schema_findings(path) == []


def test_shipped_reference_is_fully_valid() -> None:
    from openxml_audit import OpenXmlValidator

    path = Path(__file__).parents[1] / "src" / "briefgen" / "resources" / "reference.docx"
    assert [str(e) for e in OpenXmlValidator().validate(str(path)).errors] == []


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed")
def test_pandoc_reads_headings_tables_notes_images(draft_bytes: bytes, tmp_path: Path) -> None:
    counts = pandoc_counts(draft_bytes, tmp_path)
    headings = len(list(sample_document().iter_headings()))
    assert counts.get("Header", 0) == headings + 1  # plus "Contents"
    assert counts.get("Table", 0) >= 1
    assert counts.get("Note", 0) == 0  # sources are listed once, not as page-foot notes
    assert counts.get("Table", 0) == 2  # the agreements and the timeline; no layout table
    assert counts.get("Image", 0) == 1
    assert counts.get("OrderedList", 0) == 1 and counts.get("BulletList", 0) >= 2


@pytest.fixture(scope="module")
def libreoffice_pdf(tmp_path_factory: pytest.TempPathFactory, draft_bytes: bytes) -> Any:
    """Convert the draft sample once per session; return (pdf path, stderr)."""
    work = tmp_path_factory.mktemp("lo")
    src = work / "brief.docx"
    src.write_bytes(draft_bytes)
    output = libreoffice_convert([src], work)
    return work / "brief.pdf", output


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_converts(libreoffice_pdf: Any) -> None:
    pdf, output = libreoffice_pdf
    assert "Error:" not in output
    assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-"
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(pdf))
    assert len(reader.pages) >= 5
    for page in reader.pages:
        text = page.extract_text()
        assert text.count(MARKING) >= 2  # header and footer of every page
    assert "Relationship overview" in reader.pages[0].extract_text()  # the contents


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_contents_page_numbers_agree_with_libreoffice_layout(
    libreoffice_pdf: Any, draft_doc: Any
) -> None:
    """The contents' pre-filled page numbers are where LibreOffice sets each heading."""
    pdfplumber = pytest.importorskip("pdfplumber")
    pdf, _output = libreoffice_pdf
    shown = dict(
        p.text.rsplit("\t", 1) for p in draft_doc.paragraphs if p.style.name.startswith("toc ")
    )
    found: dict[str, int] = {}
    with pdfplumber.open(str(pdf)) as doc:
        for number, pg in enumerate(doc.pages, 1):
            for line in pg.extract_text_lines():
                size = line["chars"][0]["size"]
                if 12.5 < size < 40 and line["text"] in shown:  # a heading, not its entry
                    found.setdefault(line["text"], number)
    assert found.keys() >= {k for k in shown if k != "Key facts"}
    assert {k: int(v) for k, v in shown.items() if k in found} == found


def test_a_character_no_pdf_font_has_does_not_stop_the_word_contents() -> None:
    doc = sample_document()
    odd = t.Paragraph((T("private \ue000 use"),))
    doc = replace(doc, blocks=(*doc.blocks[:3], odd, *doc.blocks[3:]))
    data = render(doc, Theme()).data  # the contents' page numbers come from a PDF layout
    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    entries = [p.text for p in paragraphs if p.style.name.startswith("toc ")]
    assert entries and all(re.search(r"\t\d+$", e) for e in entries)
