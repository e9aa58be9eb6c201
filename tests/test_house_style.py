"""Issue 13's acceptance test: every reference pack in both editions looks like one
professionally set brief.  The PDF is read with pdfplumber (positions, fonts), the Word
edition as LibreOffice lays it out (all packs converted in one call per session), the .docx
itself with python-docx.  Nothing here uses the writers' own code to judge their output."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import docx
import pytest

import briefgen
from briefgen import tree as t
from briefgen.theme import HouseStyle, Theme
from conftest import brief_docx

pdfplumber = pytest.importorskip("pdfplumber")

ROOT = Path(__file__).resolve().parents[1]
WS = briefgen.load_workspace(ROOT)
IDS = [ident for _, ident, _ in WS.targets()]
HOUSE = HouseStyle()
MM = 72 / 25.4
TWINS = {"LiberationSans", "Arial", "ArialMT"}  # Arial and its metric twin
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="no LibreOffice")


@cache
def document(ident: str) -> t.Document:
    return WS.pack(ident).document


# ---------------------------------------------------------------- reading a laid-out PDF


class Page:
    """One page's body lines (header and footer cut off by position) and its marking lines."""

    def __init__(self, page: Any, marking: str) -> None:
        self.height = float(page.height)
        self.top = HOUSE.margin_top_mm * MM - 2  # the text area, with a little slack
        self.bottom = self.height - HOUSE.margin_bottom_mm * MM + 2
        # the PDF's DRAFT watermark (110 pt) is no text line
        lines = page.filter(lambda o: o.get("size", 0) < 40).extract_text_lines(return_chars=True)
        self.body = [ln for ln in lines if ln["top"] >= self.top and ln["bottom"] <= self.bottom]
        self.marking_lines = [ln for ln in lines if ln["text"].strip() == marking]
        self.chars = [c for ln in self.body for c in ln["chars"]]

    @property
    def text(self) -> str:
        return "\n".join(ln["text"] for ln in self.body)

    @property
    def filled(self) -> float:
        """How far down the text area the body reaches (0 empty, 1 full)."""
        if not self.body:
            return 0.0
        return (self.body[-1]["bottom"] - self.top) / (self.bottom - self.top)


@cache
def _pages(path: str, marking: str) -> tuple[Page, ...]:
    with pdfplumber.open(path) as pdf:
        return tuple(Page(p, marking) for p in pdf.pages)


def editions(reference_editions: tuple[Path, Path], ident: str) -> dict[str, tuple[Page, ...]]:
    out, lo = reference_editions
    marking = document(ident).meta.marking
    found = {"pdf": _brief(_pages(str(out / f"{ident}.pdf"), marking))}
    if (lo / f"{ident}.pdf").exists():
        found["word"] = _brief(_pages(str(lo / f"{ident}.pdf"), marking))
    return found


def _brief(pages: tuple[Page, ...]) -> tuple[Page, ...]:
    """A bound pack's brief: its pages before the pack's contents (issue 27)."""
    texts = [" ".join(line["text"] for line in p.body) for p in pages]
    for i, text in enumerate(texts):
        if i and "Contents of the pack" in text:
            return pages[:i]
    return pages


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def headings(ident: str) -> set[str]:
    return {squash(t.plain_text(h.children)) for h in document(ident).iter_headings()}


# ---------------------------------------------------------------- page flow


@needs_soffice
@pytest.mark.parametrize("ident", IDS)
def test_page_flow(reference_editions: tuple[Path, Path], ident: str) -> None:
    """No heading at a page's foot, no near-empty page before more pages, no tail of under
    four lines alone on the last page, the acknowledgement in one piece."""
    heads = headings(ident)
    ack = next(
        (
            b
            for b in document(ident).blocks
            if isinstance(b, t.Callout) and b.kind == "acknowledgement"
        ),
        None,
    )
    for name, pages in editions(reference_editions, ident).items():
        for number, page in enumerate(pages, 1):
            assert page.body, f"{ident} {name}: page {number} is empty"
            last = squash(page.body[-1]["text"])
            assert number == len(pages) or last not in heads, (
                f"{ident} {name}: heading {page.body[-1]['text']!r} at the foot of page {number}"
            )
            # a visit's meeting brief has a page of its own, however short (issue 26 item 5)
            meeting = page.body[0]["text"].startswith("Meeting: ")
            if number < len(pages) and not meeting:
                assert page.filled > 0.4, f"{ident} {name}: page {number} is mostly empty"
        if len(pages) > 1:
            assert len(pages[-1].body) >= 4, f"{ident} {name}: a tail of {len(pages[-1].body)}"
        if ack is not None:
            words = [t.plain_text(p.children) for p in ack.blocks if isinstance(p, t.Paragraph)]
            first, last = squash(words[0]), squash(words[-1])[-40:]
            holding = [i for i, p in enumerate(pages) if first in squash(p.text)]
            ending = [i for i, p in enumerate(pages) if last in squash(p.text)]
            assert holding and holding == ending, f"{ident} {name}: the acknowledgement splits"


@needs_soffice
@pytest.mark.parametrize("ident", IDS)
def test_marking_only_in_header_and_footer(
    reference_editions: tuple[Path, Path], ident: str
) -> None:
    for name, pages in editions(reference_editions, ident).items():
        first = pages[0]
        assert len(first.marking_lines) == 2, f"{ident} {name}: {first.marking_lines}"
        for line in first.marking_lines:  # above the text area or below it
            assert line["bottom"] < first.top or line["top"] > first.bottom, (ident, name)


@needs_soffice
@pytest.mark.parametrize("ident", IDS)
def test_same_typeface_and_page_count(reference_editions: tuple[Path, Path], ident: str) -> None:
    found = editions(reference_editions, ident)
    faces = {}
    for name, pages in found.items():
        counts = Counter(
            re.sub(r"^[A-Z]{6}\+", "", c["fontname"]).split("-")[0].split(",")[0]
            for p in pages
            for c in p.chars
        )
        faces[name] = counts.most_common(1)[0][0]
        assert faces[name] in TWINS, (ident, name, counts.most_common(3))
    assert abs(len(found["pdf"]) - len(found["word"])) <= 1, (ident, len(found["pdf"]))


def sentences(pages: tuple[Page, ...]) -> list[str]:
    """Sentences and list items of the body text (four words or more)."""
    text = " ".join(" ".join(p.text.split()) for p in pages)
    parts = re.split(r"(?<=[.!?])[\d, ]*\s+(?=[A-Z])|\s*\u2022\s*", text)
    return [p for p in (s.strip() for s in parts) if len(p.split()) >= 4]


def letters(text: str) -> str:
    """Text without spaces or digits (citation numbers sit differently in the editions)."""
    return re.sub(r"[\s\d]+", "", text)


def present(sentence: str, other: str, words: Counter[str]) -> bool:
    """In the other edition: as written, or (table cells interleave when extracted line by
    line) every one of its words."""
    if letters(sentence) in other:
        return True
    need = Counter(w for w in re.findall(r"[^\W\d_]+", sentence.lower()) if len(w) > 2)
    return all(words[w] >= n for w, n in need.items())


@needs_soffice
@pytest.mark.parametrize("ident", IDS)
def test_word_and_pdf_say_the_same(reference_editions: tuple[Path, Path], ident: str) -> None:
    found = editions(reference_editions, ident)
    for a, b in (("pdf", "word"), ("word", "pdf")):
        mine = sentences(found[a])
        other_text = " ".join(p.text for p in found[b])
        other = letters(other_text)
        words = Counter(re.findall(r"[^\W\d_]+", other_text.lower()))
        missing = [s for s in mine if not present(s, other, words)]
        allowed = max(1, int(0.05 * len(mine)))
        assert len(missing) <= allowed, (ident, a, "not in", b, missing[:5])


# ---------------------------------------------------------------- the Word files


@pytest.mark.parametrize("ident", IDS)
def test_docx_accessibility(
    reference_editions: tuple[Path, Path], ident: str, tmp_path: Path
) -> None:
    """A title, a language, alt text on every picture, a header row on every table, no
    layout tables, headings in Word's Heading styles with no level skipped (in a bound
    pack, its brief's)."""
    out, _lo = reference_editions
    d = docx.Document(str(brief_docx(out / f"{ident}.docx", tmp_path)))
    assert d.core_properties.title == document(ident).meta.title
    assert d.core_properties.language == "en-AU"
    body = d.element.body
    for pr in body.xpath(".//wp:docPr"):
        assert (pr.get("descr") or "").strip(), pr.get("name")
    for table in d.tables:
        rows = table._tbl.tr_lst
        assert rows[0].xpath("./w:trPr/w:tblHeader"), ident  # a real table: a header row
        assert len(table.columns) >= 2 and len(rows) >= 2, ident  # not a one-cell box
    levels = [
        int(p.style.name.split()[-1])
        for p in d.paragraphs
        if re.fullmatch(r"Heading [1-9]", p.style.name or "")
    ]
    assert levels and levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert len(levels) == len(list(document(ident).iter_headings()))


# ---------------------------------------------------------------- the timeline and notes


def test_timeline_is_text_in_date_order(reference_editions: tuple[Path, Path]) -> None:
    import pypdf

    out, _lo = reference_editions
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(out / "jp.pdf").pages
    )
    start = text.index("Timeline")
    # a year-only date after that year's dated events
    order = [
        "July 2020 Space",
        "2020 Hayabusa2",
        "2023 Partnership",
        "November 2024 The Australian",
    ]
    places = [text.index(item, start) for item in order]
    assert places == sorted(places)
    d = docx.Document(str(out / "jp.docx"))
    table = next(tb for tb in d.tables if tb.rows[0].cells[0].text == "Date")
    assert [r.cells[0].text for r in table.rows[1:4]] == ["July 2020", "2020", "2023"]


@pytest.mark.parametrize("ident", ["jp", "in", "europe"])
def test_no_page_repeats_a_note_and_sources_are_listed_once(
    reference_editions: tuple[Path, Path], ident: str
) -> None:
    out, _lo = reference_editions
    doc = document(ident)
    for note in doc.footnotes:
        reference = squash(t.plain_text(note.blocks[0].children))[:60]  # type: ignore[union-attr]
        pages = _pages(str(out / f"{ident}.pdf"), doc.meta.marking)
        assert sum(squash(p.text).count(reference) for p in pages) == 1, ident
        paragraphs = [p.text for p in docx.Document(str(out / f"{ident}.docx")).paragraphs]
        assert sum(squash(p).count(reference) for p in paragraphs) == 1, ident


def test_the_logo_heads_the_title_block_in_both_editions(tmp_path: Path) -> None:
    import io

    from briefgen.writers import get_writer

    theme = Theme(logo=ROOT / "tests" / "sample.png")
    doc = document("jp")
    pdf = tmp_path / "jp.pdf"
    pdf.write_bytes(get_writer("pdf")(doc, theme).data)
    with pdfplumber.open(str(pdf)) as opened:
        first = opened.pages[0]
        (image,) = first.images
        title = next(  # the title, not the running head
            ln
            for ln in first.extract_text_lines()
            if ln["text"] == doc.meta.title and ln["chars"][0]["size"] > 15
        )
        assert image["bottom"] < title["top"]  # above the title, below the header
        assert image["top"] > HOUSE.margin_top_mm * MM - 2
    word = docx.Document(io.BytesIO(get_writer("docx")(doc, theme).data))
    body = [p for p in word.paragraphs if p.text or p._p.xpath(".//wp:docPr")]
    (pr,) = body[0]._p.xpath(".//wp:docPr")
    assert pr.get("descr") == f"Logo of {doc.meta.organisation}"
    assert body[1].style.name == "Title"
