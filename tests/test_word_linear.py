"""The Word writer's work grows linearly with the pack (issue 23: a region pack of 5,000
partners took 255 s in Word against 22 s in PDF).  No timing: the work is counted, as the
Python lines the writer and python-docx run plus the children lxml walks where the writer
asks the body for its length or a child by position, for a document of N sections and one
of 2N.  A linear writer does twice the work; each quadratic step found (the pre-layout
pass over the whole body per moved chain, python-docx's scans of every relationship, image
part, numbering instance and id, lxml's len() on the body) made it three to four times."""

from __future__ import annotations

import io
import random
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.document import CT_Body
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from PIL import Image as PILImage

import briefgen.writers.docx.writer as word
from briefgen import tree as t
from briefgen.theme import Theme
from briefgen.writers.docx import render
from briefgen.writers.docx.compat.libreoffice import (
    LONG_TABLE,
    PER_PAGE,
    guard_keep_chains,
    hidden_paragraph,
)
from docx_checks import keep_paragraph as paragraph
from treesamples import sample_document

T = t.Text
WATCHED = (str(Path(word.__file__).parent), str(Path(docx.__file__).parent))
"""Where lines are counted: the Word writer's package and python-docx.  The contents'
page numbers come from the PDF writer's layout, which is not counted here."""


def _image(i: int) -> t.Image:
    buf = io.BytesIO()
    PILImage.new("RGB", (24, 16), (i * 40 % 256, i * 90 % 256, 120)).save(buf, "PNG")
    return t.Image(name=f"i{i}.png", data=buf.getvalue(), width_px=24, height_px=16)


def sections_document(n: int) -> t.Document:
    """A document of ``n`` sections, each with what a pack's sections hold: a heading kept
    with its text, links (some shared), citations, tracked changes, an anchor, an ordered
    and a bullet list, a callout, a table and a picture (a new one every other section)."""
    base = sample_document(paragraphs=0)
    blocks: list[t.Block] = [base.blocks[0], t.Contents()]
    notes: list[t.Footnote] = []
    for i in range(n):
        number = len(notes) + 1
        link = t.Link(f"https://example.org/source/{i}", (T("source"),))
        notes.append(t.Footnote(f"s{i}", number, (t.Paragraph((T(f"Source {i}, "), link)),)))
        blocks += [
            t.Heading(1, f"sec-{i}", (T(f"Section {i}"),)),
            t.Heading(2, f"sub-{i}", (T("Overview"),)),
            t.Paragraph(
                (
                    T("Text with a citation"),
                    t.FootnoteRef(f"s{i}", number),
                    T(", a "),
                    t.Link(f"https://example.com/{i % 3}", (T("shared link"),)),
                    t.Inserted((T(" added"),)),
                    t.Deleted((T(" removed"),)),
                    t.Anchor(f"anchor-{i}"),
                )
            ),
            t.OrderedList(tuple(t.ListItem((t.Paragraph((T(f"Step {k}"),)),)) for k in range(2))),
            t.BulletList(tuple(t.ListItem((t.Paragraph((T(f"Point {k}"),)),)) for k in range(3))),
            t.Callout("note", (t.Paragraph((T("A note."),)),)),
            t.Table(
                header=((T("Agreement"),), (T("Status"),)),
                rows=tuple(((T(f"Agreement {k}"),), (T("In force"),)) for k in range(2)),
                align=(None, None),
                widths=(0.6, 0.4),
                caption=f"Agreements {i}",
            ),
            t.Figure(_image(i // 2), alt="A test picture", caption=f"Picture {i}"),
        ]
    blocks += [t.Heading(1, "sources", (T("Sources"),)), t.Notes()]
    meta = replace(base.meta, revision=t.Revision(author="Editor", date=date(2026, 11, 1)))
    return replace(base, blocks=tuple(blocks), footnotes=tuple(notes), meta=meta)


@contextmanager
def counted_work() -> Iterator[Counter[str]]:
    """Count the lines run in `WATCHED` files, and the children walked by ``len()`` or an
    index on a body or a paragraph (lxml walks them from the first)."""
    work: Counter[str] = Counter()
    files: dict[str, bool] = {}

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            work["lines"] += 1
        return local

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        name = frame.f_code.co_filename
        if name not in files:
            files[name] = name.startswith(WATCHED)
        return local if files[name] else None

    saved: dict[tuple[type, str], Any] = {}
    for cls in (CT_Body, CT_P):
        for dunder in ("__len__", "__getitem__"):
            original = getattr(cls, dunder)
            saved[(cls, dunder)] = cls.__dict__.get(dunder)

            def walking(self: Any, *args: Any, _original: Any = original) -> Any:
                work["children walked"] += sum(1 for _ in self.iterchildren())
                return _original(self, *args)

            setattr(cls, dunder, walking)
    sys.settrace(tracer)
    try:
        yield work
    finally:
        sys.settrace(None)
        for (cls, dunder), value in saved.items():
            if value is None:
                delattr(cls, dunder)
            else:
                setattr(cls, dunder, value)


def word_work(n: int) -> int:
    doc = sections_document(n)
    with counted_work() as work:
        render(doc, Theme())
    return sum(work.values())


def test_the_word_writer_does_twice_the_work_for_twice_the_pack() -> None:
    render(sections_document(2), Theme())  # imports and caches outside the count
    small, large = word_work(40), word_work(80)
    assert large / small < 2.15, (small, large)


def test_the_counted_document_holds_every_kind_of_content() -> None:
    data = render(sections_document(4), Theme()).data
    package = docx.Document(io.BytesIO(data))
    body = package.element.body
    assert len(body.findall(f".//{qn('w:tbl')}")) >= 4
    assert len(body.findall(f".//{qn('w:ins')}")) >= 4
    assert len(body.findall(f".//{qn('w:hyperlink')}")) >= 12
    images = [p for p in package.part.package.parts if p.partname.startswith("/word/media/")]
    assert len(images) == 2
    numbering = package.part.numbering_part.element
    assert len(numbering.findall(qn("w:num"))) >= 4


# ---------------------------------------------------------------- the pre-layout pass


def _provisional_starts(blocks: list[Any]) -> Iterator[tuple[int, bool]]:
    """Indices of the blocks that open a provisional page after the first, and whether a
    page break opened it (as the pre-layout pass was written before it became linear)."""
    count, break_after = 0, False
    for i, block in enumerate(blocks):
        if block.tag == qn("w:p"):
            count += 1
            ppr = block.find(qn("w:pPr"))
            before = ppr is not None and ppr.find(qn("w:pageBreakBefore")) is not None
            after = any(br.get(qn("w:type")) == "page" for br in block.iter(qn("w:br")))
        else:
            count += len(block.findall(qn("w:tr")))
            before, after = False, False
        if i and (count > PER_PAGE or break_after or before):
            yield i, break_after or before
            count = 0
        if block.tag == qn("w:tbl") and count > LONG_TABLE:
            count = 0
        break_after = after and i > 0


def _move_chains_one_at_a_time(body: Any, keeps: Any) -> int:
    """The pre-layout pass as it was (a chain before a page break left alone): find the
    first chain that ends a provisional page, move it, deal the whole body again."""
    added = 0
    while True:
        blocks = [b for b in body if b.tag in (qn("w:p"), qn("w:tbl"))]
        page_start, moved = 0, 0
        for start, hard in _provisional_starts(blocks):
            first = start
            while not hard and first > page_start and blocks[first - 1].tag == qn("w:p"):
                if not keeps(blocks[first - 1]):
                    break
                first -= 1
            if page_start < first < start:
                for _ in range(start - first):
                    blocks[first].addprevious(hidden_paragraph())
                moved = start - first
                break
            page_start = start
        if not moved:
            return added
        added += moved


def _random_body(rng: random.Random, size: int) -> Any:
    body = OxmlElement("w:body")
    for _ in range(size):
        roll = rng.random()
        if roll < 0.08:
            tbl = OxmlElement("w:tbl")
            for _ in range(rng.choice((1, 3, 12, 30, 40))):
                tbl.append(OxmlElement("w:tr"))
            body.append(tbl)
            continue
        p = paragraph(keep=roll < 0.4)
        if rng.random() < 0.03:
            ppr = p.find(qn("w:pPr"))
            if ppr is None:
                ppr = OxmlElement("w:pPr")
                p.append(ppr)
            ppr.append(OxmlElement("w:pageBreakBefore"))
        elif rng.random() < 0.03:
            r = OxmlElement("w:r")
            r.append(OxmlElement("w:br", {qn("w:type"): "page"}))
            p.append(r)
        body.append(p)
    return body


def _keeps(p: Any) -> bool:
    ppr = p.find(qn("w:pPr"))
    return ppr is not None and ppr.find(qn("w:keepNext")) is not None


@pytest.mark.parametrize("seed", range(40))
def test_one_pass_moves_the_chains_the_repeated_passes_moved(seed: int) -> None:
    from lxml import etree

    rng = random.Random(seed)
    body = _random_body(rng, rng.choice((30, 80, 200)))
    expected = etree.fromstring(etree.tostring(body))
    assert guard_keep_chains(body, _keeps) == _move_chains_one_at_a_time(expected, _keeps)
    assert etree.tostring(body) == etree.tostring(expected)


def test_the_pre_layout_pass_reads_each_paragraph_a_bounded_number_of_times() -> None:
    """Each provisional page is dealt again only when a chain on it moves, so the keeps
    are read less than once a block (they were read hundreds of times a block)."""
    for seed in range(3):
        body = _random_body(random.Random(seed), 4000)
        blocks = len(body)
        counted = Counter[str]()

        def keeps(p: Any, counted: Counter[str] = counted) -> bool:
            counted["keeps"] += 1
            return _keeps(p)

        assert guard_keep_chains(body, keeps) > 100  # chains were moved
        assert counted["keeps"] < blocks, counted


def test_a_chain_before_a_page_break_is_left_alone() -> None:
    """A heading kept with a paragraph that starts a new page cannot be moved off the
    page's foot: the break ends the page wherever it stands.  The passes used to move it
    again and again, adding a hidden paragraph per pass up to the body's length."""
    for breaking in ("before", "run"):
        body = OxmlElement("w:body")
        for i in range(60):
            body.append(paragraph(keep=i == 9))
        p = body[10] if breaking == "before" else body[9]
        if breaking == "before":
            ppr = OxmlElement("w:pPr")
            ppr.append(OxmlElement("w:pageBreakBefore"))
            p.append(ppr)
        else:
            r = OxmlElement("w:r")
            r.append(OxmlElement("w:br", {qn("w:type"): "page"}))
            p.append(r)
        assert guard_keep_chains(body, _keeps) == 0, breaking
        assert len(body) == 60
