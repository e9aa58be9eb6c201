"""Every reference pack as PDF, checked with tools that did not write it: qpdf, pdffonts,
the PDF/UA-1 and PDF/A glyph profiles of page-validation, the pdfua checker, pypdf's text
read-back, outline and page numbers."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import page
import pdfua
import pypdf
import pytest

import briefgen
from briefgen import tree as t
from conftest import bound, tool

ROOT = Path(__file__).resolve().parents[1]
WS = briefgen.load_workspace(ROOT)
IDS = [ident for _, ident, _ in WS.targets()]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reference-pdf")
    report = WS.build(out, formats=("pdf",), jobs=2)
    assert not report.failed, [r.error for r in report.failed]
    return out


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def tree_texts(doc: t.Document) -> list[str]:
    """The text of each block the reader must see, in reading order."""
    out: list[str] = []
    for block in t.iter_blocks(doc.blocks):
        if isinstance(block, t.Paragraph) and block.role == "marking":
            continue  # printed in the header and footer only
        if isinstance(block, (t.Heading, t.Paragraph)):
            out.append(t.plain_text(block.children))
        elif isinstance(block, t.Timeline):
            out += [x for e in block.entries for x in (e.date, t.plain_text(e.children))]
        elif isinstance(block, t.Notes):
            out += [
                t.plain_text(p.children)
                for n in doc.footnotes
                for p in n.blocks
                if isinstance(p, t.Paragraph)
            ]
        elif isinstance(block, t.Table):
            out += [t.plain_text(c) for row in (block.header, *block.rows) for c in row]
        elif isinstance(block, t.Figure):
            out += [block.caption, block.credit or ""]
    return [x for x in out if x.strip()]


@pytest.mark.parametrize("ident", IDS)
def test_structure_fonts_and_accessibility(built: Path, ident: str) -> None:
    path = built / f"{ident}.pdf"
    qpdf = subprocess.run([tool("qpdf"), "--check", str(path)], capture_output=True, text=True)
    assert qpdf.returncode == 0, qpdf.stdout + qpdf.stderr
    fonts = subprocess.run(
        [tool("pdffonts"), str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(row.split()[-5] == "yes" for row in fonts), fonts
    assert not [r for r in fonts if re.search(r"Helvetica|Times|Courier|Symbol|Dingbats", r)]
    glyphs = page.validate_pdf(path, profile="2b")
    assert not [f.rule_id for f in glyphs.failures if re.search("NOTDEF|GLYPH", f.rule_id)]
    ua = page.validate_pdf(path, profile="ua1")
    assert ua.is_compliant, [(f.rule_id, f.message) for f in ua.failures]
    checker = pdfua.validate(str(path))
    assert not checker.findings, [(f.rule_id, f.message) for f in checker.findings]


@pytest.mark.parametrize("ident", IDS)
def test_text_outline_and_pages(built: Path, ident: str) -> None:
    doc = WS.pack(ident).document
    reader = pypdf.PdfReader(built / f"{ident}.pdf")
    pages = [pg.extract_text() for pg in reader.pages]
    body: list[str] = []
    for content in pages:  # the page chrome comes first on each page: drop it
        budget = {doc.meta.marking: 2, doc.meta.title: 1, doc.meta.organisation: 1, "DRAFT": 2}
        lines = content.splitlines()
        while lines:
            line = lines[0].strip()
            if re.fullmatch(r"Page \d+ of \d+", line) and "page" not in budget:
                budget["page"] = 0
            elif budget.get(line, 0) > 0:
                budget[line] -= 1
            else:
                break
            lines.pop(0)
        body += lines
    text = squash("\n".join(body))
    pos = 0
    for expected in tree_texts(doc):  # every block, in reading order
        found = text.find(squash(expected), pos)
        assert found >= 0, f"{expected!r} missing or out of order"
        pos = found
    for number, content in enumerate(pages, 1):  # chrome on every page
        assert re.findall(r"Page (\d+) of (\d+)", content) == [(str(number), str(len(pages)))]
        assert content.count(doc.meta.marking) >= 2
    assert reader.metadata is not None and reader.metadata.title == doc.meta.title
    assert doc.meta.marking in (reader.metadata.get("/Keywords") or "")

    def flatten(items: list[object]) -> list[str]:
        out: list[str] = []
        for item in items:
            out += flatten(item) if isinstance(item, list) else [item.title]  # type: ignore[attr-defined]
        return out

    outline = reader.outline
    if bound(ident):  # a bound pack (issue 27): the brief's bookmark holds its headings
        assert outline[0].title == doc.meta.title  # type: ignore[union-attr]
        outline = outline[1]  # type: ignore[assignment]
    assert flatten(outline) == [t.plain_text(h.children) for h in doc.iter_headings()]
