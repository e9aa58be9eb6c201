"""Both editions order a line with right-to-left text as the Unicode Bidi Algorithm does.

The PDF is read back with pdfplumber (the words of each line, left to right) and compared
with python-bidi's display order of the same paragraph; the Word edition is read back with
python-docx (the text in logical order, a right-to-left paragraph marked ``w:bidi``), and
LibreOffice's rendering of it shows each line as the PDF does.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import docx
import pdfplumber
import pytest
from bidi import get_display
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

import briefgen.tree as t
from briefgen.theme import Theme, resource_path
from briefgen.writers import get_writer
from briefgen.writers.pdf import bidi
from briefgen.writers.pdf.flowables import TaggedParagraph
from briefgen.writers.pdf.fonts import register

# One-line paragraphs: the two lines of issue 24, then mixed numbers, punctuation at the
# ends, and left-to-right runs inside right-to-left paragraphs.
LINES = (
    "ABC שלום 123 עולם DEF",
    "שלום 10 - 20 עולם",
    "Budget 2026: שלום 1,500 עולם 3.5%",
    "שלום -5 עולם +7 ו־30%",
    "שלום עולם.",
    "(שלום) עולם!",
    "ABC שלום. DEF",
    "Partners: שלום, עולם.",
    "שלום ABC.",
    "שלום ABC DEF, GHI עולם",
    "שלום (ABC) עולם: NASA, ESA.",
    "وكالة الفضاء NASA ESA 2026 مع شركائها.",
    "שלום12 עולם",  # digits inside a word HarfBuzz shaped right to left
    "عام2026 جديد",
    "ABC x,שלום DEF",  # a word HarfBuzz took as left to right
)
_BRACKETS = str.maketrans("()[]{}", "((((((")


def _shown(text: str) -> list[str]:
    """Words as a reader sees them, left to right: Arabic presentation forms as letters,
    brackets alike (a mirrored bracket is the same mark to the reader)."""
    return unicodedata.normalize("NFKC", text).translate(_BRACKETS).split()


def _uba(text: str) -> list[str]:
    rtl = bool(bidi.base_is_rtl(text))
    return _shown(str(get_display(text, base_dir="R" if rtl else "L")))


def _document(lines: tuple[str, ...]) -> t.Document:
    meta = t.Metadata("T", "OFFICIAL", date(2026, 1, 1), "Org")
    blocks = [t.Paragraph((t.Text(line),)) for line in lines]
    return t.Document(meta, (t.Heading(1, "h", (t.Text("Heading"),)), *blocks, t.Paragraph(BROKEN)))


def _pdf_lines(path: Path) -> list[list[str]]:
    with pdfplumber.open(path) as pdf:
        lines = [line["text"] for page in pdf.pages for line in page.extract_text_lines()]
    return [_shown(line) for line in lines]


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bidi")
    doc = _document(LINES)
    for fmt in ("pdf", "docx"):
        (out / f"lines.{fmt}").write_bytes(get_writer(fmt)(doc, Theme()).data)
    return out


@pytest.mark.parametrize("text", LINES)
def test_the_pdf_shows_each_line_in_the_algorithms_order(editions: Path, text: str) -> None:
    assert _uba(text) in _pdf_lines(editions / "lines.pdf")


def test_the_word_edition_keeps_the_order_written_and_marks_the_direction(editions: Path) -> None:
    paragraphs = docx.Document(str(editions / "lines.docx")).paragraphs
    texts = [p.text for p in paragraphs]
    assert texts[1:-1] == list(LINES)
    assert texts[-1] == "ABC DEF שלום\n10 - 15 עולם GHI"
    for p in paragraphs[1:]:
        marked = p._p.pPr is not None and p._p.pPr.find(qn("w:bidi")) is not None
        assert marked == bool(bidi.base_is_rtl(p.text)), p.text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_the_word_edition_as_the_pdf(editions: Path, tmp_path: Path) -> None:
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--norestore",
            "--infilter=MS Word 2007 XML",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(editions / "lines.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    word = _pdf_lines(tmp_path / "lines.pdf")
    pdf = _pdf_lines(editions / "lines.pdf")
    for text in LINES:
        assert _uba(text) in word and _uba(text) in pdf, text
    assert _broken(word) == _broken(pdf) == BROKEN_SHOWN


# A line break inside a paragraph ends a paragraph for the algorithm, as LibreOffice has it:
# the number after it follows no Hebrew word.
BROKEN = (t.Text("ABC DEF שלום"), t.LineBreak(), t.Text("10 - 15 עולם GHI"))
BROKEN_SHOWN = [["ABC", "DEF", "םולש"], ["10", "-", "15", "םלוע", "GHI"]]


def _broken(lines: list[list[str]]) -> list[list[str]]:
    start = lines.index(["ABC", "DEF", "םולש"])
    return lines[start : start + 2]


def test_a_line_break_ends_the_algorithms_paragraph(editions: Path) -> None:
    assert _broken(_pdf_lines(editions / "lines.pdf")) == BROKEN_SHOWN


def test_a_wrapped_line_is_ordered_with_the_levels_of_its_whole_paragraph() -> None:
    # wrapped after the Hebrew word, the number opening the second line still follows it,
    # so it stays inside the Hebrew run (on its own, the line would read "10 - 15 עולם")
    font = register(resource_path("fonts", "DejaVuSans.ttf"))
    style = ParagraphStyle("body", fontName=font, fontSize=10, leading=12, shaping=1)
    para = TaggedParagraph("ABC DEF שלום 10 - 15 עולם GHI", style)
    para.wrap(stringWidth("ABC DEF שלום 10", font, 10) - 1, 1000)
    shown = [
        "".join(str(f.text) for f in line.words).split()
        for line in bidi.visual(para.blPara, rtl=False).lines
    ]
    assert shown == [["ABC", "DEF", "םולש"], ["םלוע", "15", "-", "10", "GHI"]]


def _order(tokens: list[str], rtl: bool) -> list[str]:
    return [tokens[i] for i in bidi.visual_order(tokens, rtl)]


def test_isolates_take_part_in_the_algorithm() -> None:
    # two right-to-left isolates in an English line: each is reversed on its own
    words = ["A", "\u2067שלום\u2069", "\u2067עולם\u2069", "B"]
    assert _order(words, rtl=False) == words
    # without the isolates the two Hebrew words form one run, shown right to left
    assert _order(["A", "שלום", "עולם", "B"], rtl=False) == ["A", "עולם", "שלום", "B"]
    # a left-to-right isolate in a Hebrew line keeps its words in their order
    words = ["שלום", "\u2066ABC", "123", "DEF\u2069", "עולם"]
    assert _order(words, rtl=True) == ["עולם", "\u2066ABC", "123", "DEF\u2069", "שלום"]
    # the Arabic letter mark is a right-to-left mark: it carries a number to the right
    assert _order(["ABC", "\u061c123", "DEF"], rtl=False) == ["ABC", "\u061c123", "DEF"]
    assert bidi.base_is_rtl("\u2067שלום\u2069 ABC") is False  # P2 skips isolates


def test_a_running_head_is_set_in_display_order() -> None:
    # a running head is not shaped yet: its characters come back in display order
    for text in ("שלום ABC.", "ABC שלום. DEF", "ABC שלום 123 עולם DEF", "שלום 10 - 20 עולם"):
        assert bidi.visual_line(text) == get_display(text, base_dir=_base(text)), text
    assert bidi.visual_line("Partner brief: Japan") == "Partner brief: Japan"


def _base(text: str) -> str:
    return "R" if bidi.base_is_rtl(text) else "L"


_POOL = (
    "שלום",
    "עולם.",
    "(שלום)",
    "وكالة",
    "الفضاء،",
    "شركائها.",
    "ABC",
    "DEF,",
    "10",
    "-",
    "3.5%",
    "1,500",
    "٢٠٢٦",
    "x,שלום",
    "שלום12",
    "\u2067שלום",
    "ABC\u2069",
    "\u2066DEF",
    "\u061c12",
)


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(st.sampled_from(_POOL), min_size=1, max_size=30),
    width=st.integers(min_value=40, max_value=300),
)
def test_reordering_never_loses_or_repeats_a_character(words: list[str], width: int) -> None:
    # no text vanishes: each line draws the characters it was broken with, in some order
    font = register(resource_path("fonts", "DejaVuSans.ttf"))
    style = ParagraphStyle("body", fontName=font, fontSize=10, leading=12, shaping=1)
    text = " ".join(words)
    para = TaggedParagraph(text, style)
    para.wrap(width, 10_000)
    rtl = bool(bidi.base_is_rtl(text))
    shown = bidi.visual(para.blPara, rtl)

    def chars(line: object) -> list[str]:
        return sorted("".join(str(f.text) for f in line.words).replace(" ", ""))  # type: ignore[attr-defined]

    def gaps(line: object) -> int:  # spaces between words (a control's space has no width)
        words = [(f, f.text) for f in line.words]  # type: ignore[attr-defined]
        return len(bidi._tokens(words)) - 1

    for before, after in zip(para.blPara.lines, shown.lines, strict=True):
        assert chars(after) == chars(before)
        assert gaps(after) == gaps(before)  # the same width, justified alike
        drawn = "".join(str(f.text) for f in after.words)  # type: ignore[attr-defined]
        if width >= 100:  # no word is cut to fit: the letters of each in display order
            assert set(re.findall("[\u05d0-\u05ea]+", drawn)) <= {"םולש", "םלוע"}, drawn
    line = bidi.visual_line(text)
    assert sorted(line.replace(" ", "")) == sorted(text.replace(" ", ""))
