"""Provenance in the Word edition: each paragraph or table cell whose text is a record field's
(`briefgen.tree.Source`) lies inside a hidden bookmark, so that `briefgen absorb` can tell
which field an officer's edit belongs to.

Bookmarks survive editing in Word and a LibreOffice round trip, and python-docx and other
readers see the paragraph's text unchanged (a content control would hide it from them).
A name starting with ``_`` is hidden in Word's Bookmark dialog.  The name is ``_BG_`` and
16 hex digits of the SHA-1 of the field's key, its text and the text printed (portion
marking and all), ``_2``, ``_3`` ... added when the same field is printed again; `entries`
gives the build what each name stands for, for its manifest.  A field is marked only where
its text is printed whole (a glossary's spelling out inside it, for example, leaves it
unmarked).
"""

from __future__ import annotations

import hashlib
from typing import TypedDict

from briefgen import tree as t

PREFIX = "_BG_"


class Entry(TypedDict):
    """What a provenance bookmark stands for: the field's key, its text, and the text the
    paragraph or cell printed (the field's, with a portion marking or a note around it)."""

    key: str
    text: str
    written: str


def written(inlines: tuple[t.Inline, ...]) -> str:
    """The text a marked paragraph or cell prints, its citations aside."""
    return t.plain_text(t.uncited(inlines))


def marked(source: t.Source | None, inlines: tuple[t.Inline, ...]) -> bool:
    """Whether the writer marks ``inlines`` as ``source``'s text: the field's text printed
    whole, once, with no citation inside."""
    if source is None:
        return False
    body = t.uncited(inlines)
    text = t.plain_text(body)
    return text.count(source.text) == 1 and not any(
        isinstance(n, t.FootnoteRef) for n in t.walk_inlines(body)
    )


def base_name(source: t.Source, inlines: tuple[t.Inline, ...]) -> str:
    """The bookmark name of ``source`` printed as ``inlines`` (before any ``_2``)."""
    digest = hashlib.sha1(f"{source.key}\0{source.text}\0{written(inlines)}".encode())
    return PREFIX + digest.hexdigest()[:16]


def entries(doc: t.Document) -> dict[str, Entry]:
    """Each provenance bookmark name of ``doc``'s Word edition (before ``_2``) -> what it
    stands for."""
    out: dict[str, Entry] = {}
    for source, inlines in t.sourced(t.with_portions(doc).blocks):
        if marked(source, inlines):
            out[base_name(source, inlines)] = Entry(
                key=source.key, text=source.text, written=written(inlines)
            )
    return out


class Names:
    """The bookmark names of one render: a field printed again gets ``_2``, ``_3`` ..."""

    def __init__(self) -> None:
        self.used: dict[str, int] = {}

    def name(self, source: t.Source, inlines: tuple[t.Inline, ...]) -> str:
        base = base_name(source, inlines)
        n = self.used[base] = self.used.get(base, 0) + 1
        return base if n == 1 else f"{base}_{n}"
