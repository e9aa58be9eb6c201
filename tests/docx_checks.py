"""Independent checks of .docx files, shared by the Word writer and reference-pack tests."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import docx

from briefgen import tree as t


def text_of(inlines: tuple[t.Inline, ...]) -> str:
    """What python-docx reads back for inlines: footnote marks are not text."""
    out = []
    for node in inlines:
        if isinstance(node, t.Text):
            out.append(node.text)
        elif isinstance(node, (t.Strong, t.Emphasis, t.Link)):
            out.append(text_of(node.children))
        elif isinstance(node, t.LineBreak):
            out.append("\n")
    return "".join(out)


def expected_paragraphs(doc: t.Document) -> list[str]:
    """The paragraph texts the writer must produce, in reading order (body and cells)."""
    doc = t.with_portions(doc)  # portion markings lead their portions' text
    out: list[str] = []
    counters = {"Figure": 0, "Table": 0}

    def blocks(items: tuple[t.Block, ...]) -> None:
        for block in items:
            if isinstance(block, (t.Paragraph, t.Heading)):
                out.append(text_of(block.children))
            elif isinstance(block, (t.BulletList, t.OrderedList)):
                for item in block.items:
                    blocks(item.blocks)
            elif isinstance(block, t.Callout):  # the marking is in header and footer only
                blocks(tuple(b for b in block.blocks if getattr(b, "role", None) != "marking"))
            elif isinstance(block, t.Timeline):
                out.extend(["Date", "Event"])
                for entry in block.entries:
                    out.extend([entry.date, text_of(entry.children)])
            elif isinstance(block, t.Notes):
                for note in doc.footnotes:
                    for i, para in enumerate(note.blocks):
                        if isinstance(para, t.Paragraph):
                            lead = f"{note.number}.\t" if i == 0 else ""
                            out.append(lead + text_of(para.children))
            elif isinstance(block, t.Contents):
                out.append(block.title)
                out.extend(
                    text_of(h.children) for h in doc.iter_headings() if h.level <= block.depth
                )
            elif isinstance(block, t.Table):
                counters["Table"] += 1
                if block.caption:
                    out.append(f"Table {counters['Table']}: {block.caption}")
                for row in (block.header, *block.rows):
                    out.extend(text_of(cell) for cell in row)
            elif isinstance(block, t.Figure):
                counters["Figure"] += 1
                out.extend(["", f"Figure {counters['Figure']}: {block.caption}"])
                if block.credit:
                    out.append(block.credit)

    blocks(doc.blocks)
    return out


def paragraph_text(paragraph: Any) -> str:
    """A paragraph's text as a reader sees it, less citation marks (in the Footnote
    Reference style) and, in a contents entry, the page number after the tab."""
    runs = paragraph._p.xpath(".//w:r[not(w:rPr/w:rStyle/@w:val='FootnoteReference')]")
    text = "".join(docx.text.run.Run(r, paragraph).text for r in runs)
    if (paragraph.style.name or "").lower().startswith("toc "):
        text = re.sub(r"\t\d*$", "", text)
    return text


def unseen(paragraph: Any) -> bool:
    """An empty paragraph with a hidden mark: no reader sees it (the Word writer puts such
    paragraphs before a heading where LibreOffice's first layout would strand it)."""
    p = paragraph._p
    return not p.xpath("./w:r | ./w:hyperlink") and bool(p.xpath("./w:pPr/w:rPr/w:vanish"))


def actual_paragraphs(document: Any) -> list[str]:
    """Paragraph texts read back with python-docx, descending into table cells; paragraphs
    no reader sees are left out."""
    out: list[str] = []

    def walk(container: Any) -> None:
        for item in container.iter_inner_content():
            if isinstance(item, docx.text.paragraph.Paragraph):
                if not unseen(item):
                    out.append(paragraph_text(item))
            else:
                for row in item.rows:
                    for cell in row.cells:
                        walk(cell)

    walk(document)
    return out


def schema_findings(path: Path) -> list[str]:
    from openxml_audit import OpenXmlValidator

    result = OpenXmlValidator().validate(str(path))
    return [str(e) for e in result.errors if e.error_type.value == "schema"]


def pandoc_counts(data: bytes, tmp_path: Path) -> dict[str, int]:
    path = tmp_path / "brief.docx"
    path.write_bytes(data)
    out = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "json", str(path)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    counts: dict[str, int] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "t" in node:
                counts[node["t"]] = counts.get(node["t"], 0) + 1
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(out.stdout)["blocks"])
    return counts


def libreoffice_convert(files: list[Path], outdir: Path, to: str = "pdf") -> str:
    """Convert .docx files to PDF (or ``to``, e.g. "odt") in one LibreOffice call with a
    private profile; returns its output (LibreOffice exits 0 even when it fails: judge by
    the files and ``Error:``)."""
    profile = outdir / f"lo-profile-{uuid.uuid4().hex}"
    proc = subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            "--infilter=MS Word 2007 XML",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return proc.stdout + proc.stderr


def keep_paragraph(keep: bool = False) -> Any:
    """A bare ``w:p``, keeping with the next when ``keep``: pre-layout tests build bodies."""
    from docx.oxml import OxmlElement

    p = OxmlElement("w:p")
    if keep:
        ppr = OxmlElement("w:pPr")
        ppr.append(OxmlElement("w:keepNext"))
        p.append(ppr)
    return p


def stranding_document(nfill: int, path: Path, guard: Any = None) -> Path:
    """``nfill`` paragraphs filling page 1 to just above its foot (with the reference
    document's styles), then a heading and two lines of text: LibreOffice strands the
    heading at the foot unless ``guard(body, styles)`` moves its chain.  Saved at ``path``."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    from briefgen.theme import resource_path

    document = docx.Document(str(resource_path("reference.docx")))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for i in range(nfill):
        p = document.add_paragraph(f"Filler {i}")
        fmt = p.paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), Pt(640 / nfill)
    document.add_paragraph("Heading here", style="Heading 1")
    document.add_paragraph("Text that runs to two lines at least, after the heading. " * 3)
    document.add_paragraph("After.")
    if guard is not None:
        guard(body, document.styles.element)
    document.save(str(path))
    return path


def libreoffice_pdf(word: Path, tmp_path: Path) -> Path:
    """LibreOffice's PDF of ``word`` (made in ``tmp_path/lo``), which must exist; the test is
    skipped where LibreOffice is not installed."""
    import pytest

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    lo = tmp_path / "lo"
    lo.mkdir()
    libreoffice_convert([word], lo)
    laid = lo / Path(word).with_suffix(".pdf").name
    assert laid.is_file(), "LibreOffice could not lay out the .docx"
    return laid
