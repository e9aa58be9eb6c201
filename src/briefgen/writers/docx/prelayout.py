"""Keep-with-next chains clear of LibreOffice's provisional page ends.

A .docx carries no layout cache, so LibreOffice (``SwLayHelper``, unchanged since
OpenOffice.org) first deals the body out to provisional pages of 25 paragraphs each, a
table counting its rows, and only then lets content flow back and forth.  When a
provisional page ends with a keep-with-next paragraph (a heading) and the paragraph after
it, first on the next provisional page, cannot flow back (it does not fit), LibreOffice
never checks the keep again: the heading stays alone at the foot of the page.  Where the
body's structure would end a provisional page so, the writer puts as many empty paragraphs
with hidden marks before the chain as it has paragraphs: the chain then opens the next
provisional page, from where LibreOffice moves it back only with what it keeps with.  No
reader sees those paragraphs and they take no space; Word lays the document out as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

PER_PAGE = 25
"""Paragraphs (or table rows) on a provisional page: LibreOffice's ``mnMaxParaPerPage``."""
LONG_TABLE = PER_PAGE + 10
"""A table taking the count past this is split over provisional pages of its own."""

_P, _TBL, _TR = qn("w:p"), qn("w:tbl"), qn("w:tr")
_OFF = {"0", "false", "off"}


def keep_resolver(styles: Any) -> Callable[[Any], bool]:
    """Return whether a body paragraph keeps with the next one, directly or by its style
    (following ``w:basedOn``; no ``w:pStyle`` means the default paragraph style)."""
    by_id = {s.get(qn("w:styleId")): s for s in styles.iterchildren(qn("w:style"))}
    default = next(
        (
            s.get(qn("w:styleId"))
            for s in by_id.values()
            if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")
        ),
        None,
    )
    cache: dict[str | None, bool] = {}

    def own(ppr: Any) -> bool | None:
        keep = None if ppr is None else ppr.find(qn("w:keepNext"))
        return None if keep is None else keep.get(qn("w:val")) not in _OFF

    def style_keeps(style_id: str | None) -> bool:
        if style_id not in cache:
            seen: set[str | None] = set()
            found: bool | None = None
            current = style_id
            while found is None and current in by_id and current not in seen:
                seen.add(current)
                style = by_id[current]
                found = own(style.find(qn("w:pPr")))
                based = style.find(qn("w:basedOn"))
                current = None if based is None else based.get(qn("w:val"))
            cache[style_id] = bool(found)
        return cache[style_id]

    def keeps(p: Any) -> bool:
        ppr = p.find(qn("w:pPr"))
        direct = own(ppr)
        if direct is not None:
            return direct
        pstyle = None if ppr is None else ppr.find(qn("w:pStyle"))
        return style_keeps(default if pstyle is None else pstyle.get(qn("w:val")))

    return keeps


def _breaks_page(p: Any) -> tuple[bool, bool]:
    """Whether a paragraph starts a new page (``w:pageBreakBefore``) and whether one
    follows it (a page-break run, which LibreOffice turns into the next paragraph's)."""
    ppr = p.find(qn("w:pPr"))
    before = ppr is not None and ppr.find(qn("w:pageBreakBefore")) is not None
    after = any(br.get(qn("w:type")) == "page" for br in p.iter(qn("w:br")))
    return before, after


def provisional_starts(blocks: list[Any]) -> Iterator[int]:
    """Indices of the body blocks that open a provisional page after the first."""
    count, break_after = 0, False
    for i, block in enumerate(blocks):
        if block.tag == _P:
            count += 1
            before, after = _breaks_page(block)
        else:
            rows = len(block.findall(_TR))
            count += rows
            before, after = False, False
        if i and (count > PER_PAGE or break_after or before):
            yield i
            count = 0
        if block.tag == _TBL and count > LONG_TABLE:
            count = 0  # dealt out over pages of its own; the next block starts afresh
        break_after = after and i > 0  # the first block is placed without this check


def hidden_paragraph() -> Any:
    """An empty paragraph whose mark is hidden: no text, no height, in Word or LibreOffice."""
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:vanish"))
    rpr.append(OxmlElement("w:specVanish"))
    ppr.append(rpr)
    p.append(ppr)
    return p


def guard_keep_chains(body: Any, keeps: Callable[[Any], bool]) -> int:
    """Put hidden paragraphs before every keep-with-next chain that would end one of
    LibreOffice's provisional pages; return how many were added."""
    added = 0
    for _ in range(len(body)):  # each pass moves one chain (and shifts the rest)
        moved = _move_first_chain(body, keeps)
        if not moved:
            break
        added += moved
    return added


def _move_first_chain(body: Any, keeps: Callable[[Any], bool]) -> int:
    """Move the first chain that ends a provisional page to the next one."""
    blocks = [b for b in body if b.tag in (_P, _TBL)]
    page_start = 0
    for start in provisional_starts(blocks):
        first = start
        while first > page_start and blocks[first - 1].tag == _P and keeps(blocks[first - 1]):
            first -= 1
        if page_start < first < start:  # a whole page of keeps cannot be helped
            for _ in range(start - first):
                blocks[first].addprevious(hidden_paragraph())
            return start - first
        page_start = start
    return 0
