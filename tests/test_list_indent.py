"""The house style's list indent is one value in both editions (issue 24 item 4): where a
list item's text starts, at each nesting level, read back from the .docx (its style and
list numbering definitions, by python-docx) and from the PDF (pdfplumber's x positions),
and the same as the theme says."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from briefgen import tree as t
from briefgen.theme import Theme
from briefgen.writers import get_writer

pdfplumber = pytest.importorskip("pdfplumber")

T = t.Text
ITEMS = {"Bullet item": 1, "Nested item": 2, "Numbered item": 1}
"""The text of each list item in the sample and how deep it is nested."""


def _doc() -> t.Document:
    def item(text: str, *more: t.Block) -> t.ListItem:
        return t.ListItem((t.Paragraph((T(text),)), *more))

    nested = t.BulletList((item("Nested item"),))
    return t.Document(
        meta=t.Metadata(
            title="Lists", marking="OFFICIAL", edition=date(2026, 1, 5), organisation="Agency"
        ),
        blocks=(
            t.Paragraph((T("Body text"),)),
            t.BulletList((item("Bullet item", nested),)),
            t.OrderedList((item("Numbered item"),)),
        ),
    )


def _twips(el: Any, name: str) -> int | None:
    """The value of indent attribute ``name`` of ``el``'s ``w:pPr/w:ind``, if set."""
    ind = el.find(f"{qn('w:pPr')}/{qn('w:ind')}") if el is not None else None
    value = ind.get(qn(f"w:{name}")) if ind is not None else None
    return None if value is None else int(value)


def word_indents(data: bytes) -> dict[str, set[float]]:
    """For each list item: every text indent (points) the .docx gives it, from the
    paragraph, its style and the numbering level it uses; one value when they agree."""
    document = docx.Document(io.BytesIO(data))
    numbering = document.part.numbering_part.element
    found: dict[str, set[float]] = {}
    for p in document.paragraphs:
        if p.text not in ITEMS:
            continue
        style = p.style._element if p.style is not None else None
        values = {_twips(p._p, "left"), _twips(style, "left")}
        num_pr = next(
            (
                el.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
                for el in (p._p, style)
                if el is not None and el.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
            ),
            None,
        )
        assert num_pr is not None, f"{p.text!r} is no list paragraph"
        num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
        ilvl = num_pr.find(qn("w:ilvl"))
        level = ilvl.get(qn("w:val")) if ilvl is not None else "0"
        abstract = numbering.num_having_numId(int(num_id)).abstractNumId.val
        (lvl,) = numbering.xpath(
            f'./w:abstractNum[@w:abstractNumId="{abstract}"]/w:lvl[@w:ilvl="{level}"]'
        )
        values.add(_twips(lvl, "left"))
        found[p.text] = {v / 20 for v in values if v is not None}
    return found


def pdf_indents(data: bytes) -> dict[str, float]:
    """For each list item: how far right of the body text its text starts (points)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        lines = pdf.pages[0].extract_text_lines()
    x = {ln["text"]: float(ln["x0"]) for ln in lines}
    margin = x["Body text"]
    found: dict[str, float] = {}
    for text in ITEMS:
        (line,) = [k for k in x if k.endswith(text)]
        chars = [c for ln in lines if ln["text"] == line for c in ln["chars"] if c["text"] != " "]
        start = "".join(c["text"] for c in chars).rindex(text.replace(" ", ""))
        found[text] = round(float(chars[start]["x0"]) - margin, 1)
    return found


def test_list_indent_is_one_value_in_both_editions() -> None:
    theme = Theme()
    step = theme.style.list_indent
    word = word_indents(get_writer("docx")(_doc(), theme).data)
    pdf = pdf_indents(get_writer("pdf")(_doc(), theme).data)
    for text, depth in ITEMS.items():
        assert word[text] == {step * depth}, f"Word: {text!r} at {word[text]} pt"
        assert pdf[text] == pytest.approx(step * depth, abs=0.2), f"PDF: {text!r} at {pdf[text]}"
        assert {pdf[text]} == word[text], f"{text!r}: Word {word[text]} pt, PDF {pdf[text]} pt"
