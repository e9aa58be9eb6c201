"""LibreOffice compatibility: keep-with-next chains clear of its provisional page ends.

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

Checked on `CHECKED_ON`; ``BRIEFGEN_LIBREOFFICE_COMPAT=0`` turns it off (`apply`).
tests/test_libreoffice_compat.py converts documents without it and fails once LibreOffice
no longer strands the heading: then this module can go.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from briefgen.writers import LIBREOFFICE_SWITCH

CHECKED_ON = "LibreOffice 7.4.7.2"
"""The version (``soffice --version``) the workaround was last shown to be needed on."""

SWITCH = LIBREOFFICE_SWITCH
"""Environment switch: ``0`` (or ``false``, ``no``, ``off``) leaves the body as written."""

PER_PAGE = 25
"""Paragraphs (or table rows) on a provisional page: LibreOffice's ``mnMaxParaPerPage``."""
LONG_TABLE = PER_PAGE + 10
"""A table taking the count past this is split over provisional pages of its own."""

_P, _TBL, _TR = qn("w:p"), qn("w:tbl"), qn("w:tr")
_RPR, _VANISH, _SPEC_VANISH = qn("w:rPr"), qn("w:vanish"), qn("w:specVanish")
_KEEP_NEXT, _PSTYLE, _VAL = qn("w:keepNext"), qn("w:pStyle"), qn("w:val")
_OFF = {"0", "false", "off"}


def keep_resolver(styles: Any) -> Callable[[Any], bool]:
    """Return whether a body paragraph keeps with the next one, directly or by its style
    (following ``w:basedOn``; no ``w:pStyle`` means the default paragraph style)."""
    style_id = qn("w:styleId")
    by_id = {s.get(style_id): s for s in styles.iterchildren(qn("w:style"))}
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
        keep = None if ppr is None else ppr.find(_KEEP_NEXT)
        return None if keep is None else keep.get(_VAL) not in _OFF

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
        ppr = p.find(_PPR)
        direct = own(ppr)
        if direct is not None:
            return direct
        pstyle = None if ppr is None else ppr.find(_PSTYLE)
        return style_keeps(default if pstyle is None else pstyle.get(_VAL))

    return keeps


_BR, _PPR, _PAGE_BREAK_BEFORE, _TYPE = (
    qn("w:br"),
    qn("w:pPr"),
    qn("w:pageBreakBefore"),
    qn("w:type"),
)


def _breaks_page(p: Any) -> tuple[bool, bool]:
    """Whether a paragraph starts a new page (``w:pageBreakBefore``) and whether one
    follows it (a page-break run, which LibreOffice turns into the next paragraph's)."""
    ppr = p.find(_PPR)
    before = ppr is not None and ppr.find(_PAGE_BREAK_BEFORE) is not None
    after = any(br.get(_TYPE) == "page" for br in p.iter(_BR))
    return before, after


def _page_breaks(body: Any) -> Callable[[Any], tuple[bool, bool]]:
    """`_breaks_page` for the blocks of ``body``, from one pass over its breaks (a body
    holds few; looking into every paragraph for them was most of this pass's time)."""
    before: set[Any] = set()
    after: set[Any] = set()
    for el in body.iter(_PAGE_BREAK_BEFORE):
        ppr = el.getparent()
        p = ppr.getparent() if ppr.tag == _PPR else None
        if p is not None and p.tag == _P and p.find(_PPR) is ppr:
            before.add(p)
    for br in body.iter(_BR):
        if br.get(_TYPE) == "page":
            top = br
            while (up := top.getparent()) is not None and up is not body:
                top = up
            after.add(top)
    return lambda block: (block in before, block in after)


class _Dealer:
    """LibreOffice's provisional pagination, one block at a time: ``deal`` says whether a
    block opens a provisional page (the body's first block never does), and ``hard``
    whether a page break opened it (not the count)."""

    __slots__ = ("count", "break_after", "started", "hard", "breaks")

    def __init__(self, breaks: Callable[[Any], tuple[bool, bool]] = _breaks_page) -> None:
        self.count, self.break_after, self.started = 0, False, False
        self.hard = False
        self.breaks = breaks

    def state(self) -> tuple[int, bool, bool]:
        return self.count, self.break_after, self.started

    def restore(self, state: tuple[int, bool, bool]) -> None:
        self.count, self.break_after, self.started = state

    def deal(self, block: Any) -> bool:
        if block.tag == _P:
            self.count += 1
            before, after = self.breaks(block)
        else:
            self.count += len(block.findall(_TR))
            before, after = False, False
        self.hard = self.started and (self.break_after or before)
        opens = self.hard or (self.started and self.count > PER_PAGE)
        if opens:
            self.count = 0
        if block.tag == _TBL and self.count > LONG_TABLE:
            self.count = 0  # dealt out over pages of its own; the next block starts afresh
        self.break_after = after and self.started  # the first block is placed without this
        self.started = True
        return opens


def provisional_starts(blocks: list[Any]) -> Iterator[int]:
    """Indices of the body blocks that open a provisional page after the first."""
    dealer = _Dealer()
    for i, block in enumerate(blocks):
        if dealer.deal(block):
            yield i


def hidden_paragraph(near: Any | None = None) -> Any:
    """An empty paragraph whose mark is hidden: no text, no height, in Word or LibreOffice
    (made in the document of ``near`` when given)."""
    p = OxmlElement("w:p") if near is None else near.makeelement(_P)
    rpr = etree.SubElement(etree.SubElement(p, _PPR), _RPR)
    etree.SubElement(rpr, _VANISH)
    etree.SubElement(rpr, _SPEC_VANISH)
    return p


def guard_keep_chains(body: Any, keeps: Callable[[Any], bool]) -> int:
    """Put hidden paragraphs before every keep-with-next chain that would end one of
    LibreOffice's provisional pages; return how many were added.

    One pass over the body: where a provisional page would end on a chain (some, not all,
    of the page's last paragraphs keeping with the next), hidden paragraphs go before the
    chain and only that page is dealt again (what comes before it is unchanged), so the
    cost is linear in the body: moving chains one at a time from the top and dealing the
    whole body again after each gives the same result.  A chain before a page break (a
    ``w:pageBreakBefore`` or a page-break run) is left alone: the break ends its page
    wherever the chain stands, and hidden paragraphs before it would only pile up.
    """
    added = 0
    dealer = _Dealer(_page_breaks(body))
    page: list[Any] = []  # the blocks of the current provisional page, its opener first
    opened = dealer.state()  # the dealer's state just after the page's opener
    queue: deque[Any] = deque()  # blocks to deal (again) before the rest of the body
    rest = (b for b in list(body) if b.tag in (_P, _TBL))
    while True:
        block = queue.popleft() if queue else next(rest, None)
        if block is None:
            return added
        if not dealer.deal(block):
            page.append(block)
            if len(page) == 1:  # the body's first block
                opened = dealer.state()
            continue
        chain = 0  # a page break ends the page wherever the chain stands: nothing to move
        while not dealer.hard and chain < len(page):
            if page[-1 - chain].tag != _P or not keeps(page[-1 - chain]):
                break
            chain += 1
        if 0 < chain < len(page):  # a whole page of keeps cannot be helped
            first = page[-chain]
            hidden = [hidden_paragraph(first) for _ in range(chain)]
            for h in hidden:
                first.addprevious(h)
            added += chain
            replay = [*page[1:-chain], *hidden, *page[-chain:], block]
            queue.extendleft(reversed(replay))
            page = page[:1]
            dealer.restore(opened)
            continue
        page = [block]
        opened = dealer.state()


def enabled() -> bool:
    """Whether the workaround is on (it is unless ``BRIEFGEN_LIBREOFFICE_COMPAT=0``)."""
    return os.environ.get(SWITCH, "1").strip().lower() not in ("0", "false", "no", "off")


def apply(body: Any, styles: Any) -> int:
    """Guard the body's keep-with-next chains (`guard_keep_chains`, one linear pass) unless
    switched off; return how many hidden paragraphs were added."""
    if not enabled():
        return 0
    return guard_keep_chains(body, keep_resolver(styles))
