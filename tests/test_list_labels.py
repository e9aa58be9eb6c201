"""List labels follow one house-style definition in both editions (issue 24): the bullet
or number of each nesting level and where it stands (at the hanging indent, aligned left,
the text one list indent further in), as the theme's `ListLabels` says.  Read back from
the .docx (python-docx: the numbering level each item uses) and from the PDF
(pdfplumber: the x positions of each item's label and text)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from briefgen import tree as t
from briefgen.theme import ListLabels, Theme
from briefgen.writers import get_writer

pdfplumber = pytest.importorskip("pdfplumber")

T = t.Text
ITEMS: dict[str, tuple[int, bool, int]] = {
    "Alpha": (1, False, 1),
    "Beta": (2, False, 1),
    "Gamma": (2, True, 1),
    "Delta": (2, True, 2),
    "Epsilon": (1, True, 1),
    "Zeta": (1, True, 2),
}
"""Each item's text: how deep its list is nested, whether it is numbered, its number."""


def _item(text: str, *more: t.Block) -> t.ListItem:
    return t.ListItem((t.Paragraph((T(text),)), *more))


def _doc() -> t.Document:
    nested = (
        t.BulletList((_item("Beta"),)),
        t.OrderedList((_item("Gamma"), _item("Delta"))),
    )
    return t.Document(
        meta=t.Metadata(
            title="Lists", marking="OFFICIAL", edition=date(2026, 1, 5), organisation="Agency"
        ),
        blocks=(
            t.Paragraph((T("Body text"),)),
            t.BulletList((_item("Alpha", *nested),)),
            t.OrderedList((_item("Epsilon"), _item("Zeta"))),
        ),
    )


def _label(labels: ListLabels, text: str) -> str:
    depth, numbered, n = ITEMS[text]
    return labels.number(depth, n) if numbered else labels.bullet(depth)


def _num_pr(p: Any) -> Any:
    """The numbering properties of a paragraph: its own, else its style's."""
    style = p.style._element if p.style is not None else None
    for el in (p._p, style):
        found = el.find(f"{qn('w:pPr')}/{qn('w:numPr')}") if el is not None else None
        if found is not None:
            return found
    raise AssertionError(f"{p.text!r} is no list paragraph")


def word_levels(data: bytes) -> dict[str, dict[str, str]]:
    """For each list item: the numbering level it uses (format, text, alignment, indents)."""
    document = docx.Document(io.BytesIO(data))
    numbering = document.part.numbering_part.element
    found: dict[str, dict[str, str]] = {}
    for p in document.paragraphs:
        if p.text not in ITEMS:
            continue
        num_pr = _num_pr(p)
        ilvl = num_pr.find(qn("w:ilvl"))
        level = ilvl.get(qn("w:val")) if ilvl is not None else "0"
        num_id = int(num_pr.find(qn("w:numId")).get(qn("w:val")))
        abstract = numbering.num_having_numId(num_id).abstractNumId.val
        (lvl,) = numbering.xpath(
            f'./w:abstractNum[@w:abstractNumId="{abstract}"]/w:lvl[@w:ilvl="{level}"]'
        )
        ind = lvl.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        found[p.text] = {
            "ilvl": level,
            "fmt": lvl.find(qn("w:numFmt")).get(qn("w:val")),
            "text": lvl.find(qn("w:lvlText")).get(qn("w:val")),
            "jc": lvl.find(qn("w:lvlJc")).get(qn("w:val")),
            "left": ind.get(qn("w:left")),
            "hanging": ind.get(qn("w:hanging")),
        }
    return found


def pdf_labels(data: bytes) -> dict[str, tuple[str, float, float]]:
    """For each list item: its label, and how far right of the body text the label and the
    item's text start (points)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        lines = pdf.pages[0].extract_text_lines()
    margin = next(float(ln["x0"]) for ln in lines if ln["text"] == "Body text")
    found: dict[str, tuple[str, float, float]] = {}
    for text in ITEMS:
        (line,) = [ln for ln in lines if ln["text"].endswith(text)]
        chars = [c for c in line["chars"] if c["text"] != " "]
        start = "".join(c["text"] for c in chars).rindex(text)
        label = "".join(c["text"] for c in chars[:start])
        found[text] = (
            label,
            round(float(chars[0]["x0"]) - margin, 1),
            round(float(chars[start]["x0"]) - margin, 1),
        )
    return found


def test_word_numbering_is_the_house_style_labels() -> None:
    """The shipped reference's numbering levels say what the theme's `ListLabels` says."""
    house = Theme().style
    labels, step = house.list_labels, round(house.list_indent * 20)
    for text, level in word_levels(get_writer("docx")(_doc(), Theme()).data).items():
        depth, numbered, _n = ITEMS[text]
        assert level["ilvl"] == str(depth - 1), text
        if numbered:
            fmt, pattern = labels.numbers[depth - 1]
            assert (level["fmt"], level["text"]) == (fmt, pattern.format(f"%{depth}")), text
        else:
            assert (level["fmt"], level["text"]) == ("bullet", labels.bullet(depth)), text
        assert level["jc"] == "left", text
        assert (level["left"], level["hanging"]) == (str(step * depth), str(step)), text


def test_pdf_sets_the_house_style_labels_where_word_does() -> None:
    """Each PDF label is the level's label, left at the hanging indent; the text one list
    indent further in (before, the PDF right-aligned "•" 4 pt before the text, at every
    level, and numbered every level 1. 2. 3.)."""
    house = Theme().style
    labels, step = house.list_labels, house.list_indent
    found = pdf_labels(get_writer("pdf")(_doc(), Theme()).data)
    for text, (label, label_x, text_x) in found.items():
        depth = ITEMS[text][0]
        assert label == _label(labels, text).replace(" ", ""), text
        assert label_x == pytest.approx(step * (depth - 1), abs=0.2), f"{text!r}: {label_x}"
        assert text_x == pytest.approx(step * depth, abs=0.2), f"{text!r}: {text_x}"
    assert [found[k][0] for k in ("Beta", "Gamma", "Delta")] == ["\u2013", "(a)", "(b)"]


def test_a_theme_with_other_labels_changes_the_pdf() -> None:
    """The PDF reads its labels from the theme, not from a copy of its own."""
    from dataclasses import replace

    theme = Theme()
    labels = ListLabels(bullets=("\u25aa", "\u25e6"), numbers=(("lowerRoman", "{})"),))
    theme = replace(theme, style=replace(theme.style, list_labels=labels))
    found = pdf_labels(get_writer("pdf")(_doc(), theme).data)
    assert [found[k][0] for k in ("Alpha", "Beta", "Gamma", "Epsilon", "Zeta")] == [
        "\u25aa",
        "\u25e6",
        "i)",
        "i)",
        "ii)",
    ]
