"""Names spelt out at their first mention in a pack: one transform of the document tree.

"JAXA" first reads "Japan Aerospace Exploration Agency (JAXA)", then "JAXA".  The names
come from the data: a partner agency's ``name`` and ``acronym``, and the glossary
(data/glossary.yaml).  Body text only: headings, the title line, the marking and the
document control lines are left as they are (a spelt-out name in a heading reads badly and
a heading is not where a reader meets a term first), as are the footnotes.

The home organisation's short form ("the Agency", from "Australian Space Agency") is
spelt out at its first mention too, or, in a pack about another agency (the European
Space Agency, say), never used: each "the Agency" reads "the Australian Space Agency".
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefgen import tree as t
from briefgen.data.model import Term
from briefgen.tree.nodes import Inlines
from briefgen.tree.walk import kept, map_blocks, map_inlines, rewrite_inlines

_SKIPPED_ROLES = ("title", "marking", "meta", "draft")
"""Paragraph roles whose text is not body text."""


@dataclass(frozen=True)
class Spelling:
    """An acronym, its name in full, and the sources that state the name."""

    acronym: str
    name: str
    sources: tuple[str, ...] = ()
    article: str | None = None  # "the", put before the name in full where none stands


def spellings(
    agencies: Iterable[tuple[str, str | None, Sequence[str]]], terms: Iterable[Term]
) -> list[Spelling]:
    """The names a pack may spell out: its agencies' (name, acronym, sources) first, then
    the glossary's terms; one per acronym."""
    out: dict[str, Spelling] = {}
    for name, acronym, sources in agencies:
        if acronym and acronym != name:
            out.setdefault(acronym, Spelling(acronym, name, tuple(sources)))
    for term in terms:
        out.setdefault(term.acronym, Spelling(term.acronym, term.name, term.sources, term.article))
    return list(out.values())


def pattern(found: Sequence[Spelling]) -> re.Pattern[str] | None:
    """A pattern matching any of the acronyms as a whole word, with an optional possessive."""
    if not found:
        return None
    words = sorted((re.escape(s.acronym) for s in found), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(words) + r")\b(['\u2019]s)?")


def mentioned(found: Sequence[Spelling], texts: Iterable[str]) -> list[Spelling]:
    """The spellings whose acronym occurs in any of ``texts``, in ``found``'s order."""
    rx = pattern(found)
    if rx is None:
        return []
    # one search of the texts joined by NUL, which no acronym holds (XML-illegal, refused
    # in data): no match spans two texts, and each text's edges stay word boundaries
    seen = {m.group(1) for m in rx.finditer("\x00".join(texts))}
    return [s for s in found if s.acronym in seen]


def short_form(org_name: str) -> str:
    """The short form a text uses for the organisation: "the Agency" for "Australian Space
    Agency"."""
    return f"the {org_name.split()[-1]}"


def spell_out(
    doc: t.Document, found: Sequence[Spelling], org_name: str, avoid_short: bool
) -> t.Document:
    """``doc`` with each acronym of ``found`` spelt out at its first mention in body text,
    and the organisation's short form spelt out at its first mention (or, with
    ``avoid_short``, replaced by the organisation's name everywhere)."""
    by_acronym = {s.acronym: s for s in found}
    rx = pattern(found)
    short = short_form(org_name)
    short_rx = re.compile(r"\b([Tt])" + re.escape(short[1:]) + r"\b")
    defined: set[str] = set()

    def text(value: str) -> str:
        if rx is not None:
            value = rx.sub(lambda m: acronym(m, by_acronym, defined), value)
        return short_rx.sub(lambda m: organisation(m, org_name, defined, avoid_short), value)

    def node(inline: t.Inline) -> tuple[t.Inline, ...]:
        if isinstance(inline, t.Text):
            new = text(inline.text)
            return (inline,) if new == inline.text else (t.Text(new),)
        return (inline,)

    def run(inlines: Inlines) -> Inlines:
        # a link's own text is left alone (an address, or a label pointing elsewhere); the
        # text around it is body text like any other
        out: list[t.Inline] = []
        for i in inlines:
            out += (i,) if isinstance(i, t.Link) else rewrite_inlines(node, (i,))
        return kept(inlines, out)

    def block(b: t.Block) -> t.Block:
        if isinstance(b, t.Heading):
            return b
        if isinstance(b, t.Paragraph) and b.role in _SKIPPED_ROLES:
            return b
        if isinstance(b, (t.Paragraph, t.Table, t.Timeline)):
            return map_inlines(run, (b,))[0]
        return b  # a callout or list: its blocks are already done

    return dataclasses.replace(doc, blocks=map_blocks(block, doc.blocks))


def acronym(m: re.Match[str], by_acronym: dict[str, Spelling], defined: set[str]) -> str:
    """The replacement of one mention of an acronym: spelt out the first time."""
    word, possessive = m.group(1), m.group(2) or ""
    if word in defined:
        return m.group(0)
    defined.add(word)
    s = by_acronym[word]
    before, after = m.string[: m.start()], m.string[m.end() :]
    if before.endswith(f"{s.name} (") or after.startswith(f" ({s.name}"):
        return m.group(0)  # the text spells it out already
    name = s.name
    if name.lower().startswith("the ") and before.lower().endswith("the "):
        name = name[4:]
    elif s.article and not re.search(rf"\b{s.article} $", before, re.IGNORECASE):
        opens = not before.strip() or before.rstrip().endswith((".", "!", "?", ":"))
        name = f"{s.article.capitalize() if opens else s.article} {name}"
    return f"{name}{possessive} ({word}{possessive})"


def organisation(m: re.Match[str], org_name: str, defined: set[str], avoid: bool) -> str:
    """The replacement of one "the Agency": the organisation's name (always, with
    ``avoid``), defined the first time otherwise."""
    the = m.group(1) + "he"
    if avoid:
        return f"{the} {org_name}"
    if "\0short" in defined:
        return m.group(0)
    defined.add("\0short")
    return f"{the} {org_name} ({m.group(0)[0].lower()}{m.group(0)[1:]})"
