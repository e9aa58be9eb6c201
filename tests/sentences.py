"""Sentences as a reader meets them in a built pack, read back from the files by tools that
did not write them (python-docx's XML for Word, pdfplumber for PDF): for the rule that a pack
prints each fact's sentence once."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

MIN_WORDS = 6
"""Shorter word runs (names, labels, table headings, page chrome) may repeat."""

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPLIT = re.compile(r"(?<=[.!?;])\s+")
_WORD = re.compile(r"[\w’'-]+")
_PORTION = re.compile(r"^\s*\((?:OFFICIAL|PROTECTED|SECRET|TOP SECRET|UNOFFICIAL)[^)]*\)\s*")


def docx_paragraphs(path: Path) -> list[str]:
    """Each paragraph of the body (table cells included) as plain text, without its
    footnote reference numbers."""
    import docx

    body = docx.Document(str(path)).element.body
    return [
        "".join(
            t.text or "" for r in p.iter(f"{_W}r") if not _is_note_ref(r) for t in r.iter(f"{_W}t")
        )
        for p in body.iter(f"{_W}p")
    ]


def _is_note_ref(run: object) -> bool:
    style = run.find(f"{_W}rPr/{_W}rStyle")  # type: ignore[attr-defined]
    return style is not None and style.get(f"{_W}val") == "FootnoteReference"


NOTE_SIZE = 8.0
"""Characters smaller than this (in points) in a briefgen PDF are footnote reference
numbers, raised above the line."""


def pdf_paragraphs(path: Path) -> list[str]:
    """Each page's text, its lines joined (a sentence may run over lines), without the
    footnote reference numbers."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [
            " ".join(
                (
                    page.filter(
                        lambda o: o.get("object_type") != "char" or o["size"] >= NOTE_SIZE
                    ).extract_text()
                    or ""
                ).split()
            )
            for page in pdf.pages
        ]


def repeated(paragraphs: list[str], min_words: int = MIN_WORDS) -> dict[str, int]:
    """Sentences of ``min_words`` words or more printed more than once, with their count
    (compared by their words, case and punctuation aside)."""
    seen: Counter[str] = Counter()
    for para in paragraphs:
        para = _PORTION.sub("", para)
        for sentence in _SPLIT.split(para):
            words = _WORD.findall(sentence.lower())
            if len(words) >= min_words:
                seen[" ".join(words)] += 1
    return {s: n for s, n in seen.items() if n > 1}
