"""The bound pack: a visit's brief with its attachments in one file of each format.

A visit's attachments (listed in its data, else each of its partners' briefs) are lettered
A, B ...; one naming a partner is that partner's pack, built at the same ceiling and
bound in after the brief, behind a tab page.  An attachment marked above the edition's
ceiling is left out, and the pack's contents says once that material above the ceiling is
not included.  The pack's marking is the highest of its parts.

Cost: a part rendered for its own pack in this process during the same build (`lent`
turns the store on) is taken from `_RENDERED`, not rendered again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from briefgen import tree as t
from briefgen.build.render import render
from briefgen.compose.pack import Pack, make_pack
from briefgen.compose.redact import above
from briefgen.markings import Marking, highest
from briefgen.writers import Rendered

if TYPE_CHECKING:
    from briefgen.theme import Theme

WITHHELD_NOTE = "Material marked above {ceiling} is not included in this edition."
"""What a releasable edition's contents says once when it leaves attachments out."""


@dataclass(frozen=True)
class Attachment:
    """One attachment of a pack: its letter and title, and the pack bound in for it."""

    letter: str
    title: str
    pack: Pack | None  # None: listed only (no partner), or withheld
    withheld: bool = False

    @property
    def heading(self) -> str:
        return f"Attachment {self.letter}: {self.title}"


_RENDERED: dict[tuple[str, str, str | None, int], Rendered] | None = None


@contextlib.contextmanager
def sharing() -> Iterator[None]:
    """Keep each pack rendered in this process during the ``with`` block, so that a bound
    pack takes its attachments from there instead of rendering them again."""
    global _RENDERED
    outer, _RENDERED = _RENDERED, {}
    try:
        yield
    finally:
        _RENDERED = outer


def _key(pack: Pack, fmt: str, theme: Theme) -> tuple[str, str, str | None, int]:
    ceiling = str(pack.max_marking) if pack.max_marking is not None else None
    return (pack.id, fmt, ceiling, hash((theme, pack.since.key if pack.since else None)))


def remember(pack: Pack, fmt: str, theme: Theme, rendered: Rendered) -> None:
    """Keep ``rendered`` for a bound pack of this build that attaches ``pack``."""
    if _RENDERED is not None and pack.kind == "partner" and _attached(pack):
        with contextlib.suppress(TypeError):  # an unhashable theme: nothing kept
            _RENDERED[_key(pack, fmt, theme)] = rendered


def _attached(pack: Pack) -> bool:
    """Whether some visit of the workspace attaches ``pack``'s partner."""
    for visit in pack.workspace.visits.values():
        ids = [a.partner for a in visit.attachments] or list(visit.partners)
        if pack.id in ids:
            return True
    return False


def _rendered(pack: Pack, fmt: str, theme: Theme) -> Rendered:
    if _RENDERED is not None:
        with contextlib.suppress(TypeError):
            found = _RENDERED.get(_key(pack, fmt, theme))
            if found is not None:
                return found
    return render(pack, fmt, theme)


def attachments(pack: Pack) -> list[Attachment]:
    """The pack's attachments, lettered in order (none unless it is a visit's); worked
    out once a pack."""
    found: list[Attachment] | None = pack.__dict__.get("_attachments")
    if found is None:
        found = pack.__dict__["_attachments"] = _attachments(pack)
    return found


def _attachments(pack: Pack) -> list[Attachment]:
    visit = pack.workspace.visit(pack.id) if pack.kind == "visit" else None
    if visit is None:
        return []
    ws = pack.workspace
    listed: list[tuple[str, str | None]] = [(a.title, a.partner) for a in visit.attachments]
    if not listed:
        for pid in visit.partners:
            partner = ws.partner(pid)
            if partner is not None:
                listed.append((f"{partner.display_name} partner brief", pid))
    out = []
    for i, (title, ref) in enumerate(listed):
        letter = chr(ord("A") + i) if i < 26 else str(i + 1)
        partner = ws.partner(ref) if ref is not None else None
        if partner is None:
            out.append(Attachment(letter, title, None))
        elif above(partner, pack.max_marking):
            out.append(Attachment(letter, title, None, withheld=True))
        else:
            part = make_pack(ws, partner.id, pack.max_marking, since=pack.since)
            out.append(Attachment(letter, title, part))
    return out


def pack_marking(pack: Pack) -> Marking:
    """The bound pack's marking: the highest of the brief's and its bound attachments'."""
    parts = attachments(pack)
    return highest((a.pack.marking for a in parts if a.pack is not None), pack.marking)


def render_pack(pack: Pack, fmt: str, theme: Theme) -> Rendered:
    """``pack`` as ``fmt``: bound with its attachments when it has any to bind."""
    parts = attachments(pack)
    bound = [a for a in parts if a.pack is not None]
    if not bound and not any(a.withheld for a in parts):
        rendered = render(pack, fmt, theme)
        remember(pack, fmt, theme, rendered)
        return rendered
    marking = pack_marking(pack).banner()
    brief_doc = _marked(pack.document, marking)
    brief = _render_doc(pack, brief_doc, fmt, theme)
    inner = [(a, _rendered(a.pack, fmt, theme)) for a in bound if a.pack is not None]
    for a in bound:
        assert a.pack is not None
        pack.inputs.merge(a.pack.inputs)
    meta = replace(brief_doc.meta, control=())
    withheld = any(a.withheld for a in parts)
    ceiling = str(pack.max_marking) if pack.max_marking is not None else ""
    if fmt == "pdf":
        return _bind_pdf(pack, meta, brief, inner, withheld, ceiling, theme)
    return _bind_docx(pack, meta, brief, inner, withheld, ceiling, theme)


def _marked(doc: t.Document, marking: str) -> t.Document:
    return replace(doc, meta=replace(doc.meta, marking=marking))


def _render_doc(pack: Pack, doc: t.Document, fmt: str, theme: Theme) -> Rendered:
    """``doc`` (a tree of ``pack``'s) rendered as ``fmt``, errors naming the pack."""
    from briefgen.build.render import render_document

    return render_document(pack, doc, fmt, theme)


def contents_doc(
    meta: t.Metadata,
    rows: list[tuple[str, str]],
    withheld: bool,
    ceiling: str,
) -> t.Document:
    """The contents of the pack: each part and the page it starts on."""
    blocks: list[t.Block] = [t.Heading(1, "pack-contents", (t.Text("Contents of the pack"),))]
    blocks.append(
        t.Table(
            header=((t.Text("Part"),), (t.Text("Page"),)),
            rows=tuple(((t.Text(name),), (t.Text(page),)) for name, page in rows),
            align=("left", "right"),
            widths=(0.85, 0.15),
            name="Contents of the pack",
        )
    )
    if withheld:
        note = WITHHELD_NOTE.format(ceiling=ceiling)
        blocks.append(t.Paragraph((t.Text(note),)))
    return t.Document(meta, tuple(blocks))


def tab_doc(meta: t.Metadata, a: Attachment, pages: str) -> t.Document:
    """An attachment's tab page: its heading, marking and pages."""
    assert a.pack is not None
    anchor = f"attachment-{a.letter.lower()}"
    text = f"Marked {a.pack.marking.banner()}. {pages}"
    blocks = (t.Heading(1, anchor, (t.Text(a.heading),)), t.Paragraph((t.Text(text),)))
    return t.Document(meta, blocks)


def _bind_pdf(
    pack: Pack,
    meta: t.Metadata,
    brief: Rendered,
    inner: list[tuple[Attachment, Rendered]],
    withheld: bool,
    ceiling: str,
    theme: Theme,
) -> Rendered:
    from briefgen.writers.pdf.bind import Part, bind

    tabs = [tab_doc(meta, a, _numbered(a, r.pages or 1)) for a, r in inner]
    tab_pdfs = [_render_doc(pack, d, "pdf", theme) for d in tabs]
    contents_pages = 1
    while True:
        at = contents_pages + 1
        rows = [(f"Brief: {meta.title}", str(at))]
        at += brief.pages or 0
        for (a, r), tab in zip(inner, tab_pdfs, strict=True):
            rows.append((a.heading, str(at)))
            at += (tab.pages or 0) + (r.pages or 0)
        contents = _render_doc(pack, contents_doc(meta, rows, withheld, ceiling), "pdf", theme)
        if (contents.pages or 1) == contents_pages:
            break
        contents_pages = contents.pages or 1
    parts = [
        Part(contents.data, meta.title, "Contents of the pack", marking=meta.marking),
        Part(brief.data, meta.title, meta.title, marking=meta.marking),
    ]
    for (a, r), tab in zip(inner, tab_pdfs, strict=True):
        assert a.pack is not None
        parts.append(Part(tab.data, a.heading, a.heading, marking=meta.marking, with_next=True))
        own = a.pack.marking.banner()
        parts.append(Part(r.data, a.heading, a.heading, a.letter, own, grouped=True))
    data = bind(parts, meta, theme)
    pages = sum(r.pages or 0 for r in (contents, brief, *tab_pdfs, *(r for _, r in inner)))
    reads = tuple(dict.fromkeys(x for r in (brief, *(r for _, r in inner)) for x in r.reads))
    return Rendered(data, pages, reads)


def _numbered(a: Attachment, n: int) -> str:
    """What a tab page says of its attachment's pages."""
    pages = "1 page" if n == 1 else f"{n} pages"
    return f"{pages}, numbered {a.letter}-1 to {a.letter}-{n}."


def _bind_docx(
    pack: Pack,
    meta: t.Metadata,
    brief: Rendered,
    inner: list[tuple[Attachment, Rendered]],
    withheld: bool,
    ceiling: str,
    theme: Theme,
) -> Rendered:
    from briefgen.writers.docx.bind import Part, bind

    rows = [(f"Brief: {meta.title}", "2")]
    rows.extend((a.heading, f"{a.letter}-1") for a, _ in inner)
    tree = contents_doc(meta, rows, withheld, ceiling)
    laid = _render_doc(pack, tree, "pdf", theme).pages or 1  # Word's pages are the PDF's
    if laid != 1:
        rows[0] = (rows[0][0], str(laid + 1))
        tree = contents_doc(meta, rows, withheld, ceiling)
    contents = _render_doc(pack, tree, "docx", theme)
    parts = [Part(brief.data, meta.title)]
    for a, r in inner:
        assert a.pack is not None
        said = f"Its pages are numbered {a.letter}-1 onwards."
        tab = _render_doc(pack, tab_doc(meta, a, said), "docx", theme)
        parts.append(Part(tab.data, a.heading, numbered=False))
        parts.append(Part(r.data, a.heading, a.letter))
    data = bind(contents.data, parts, meta)
    return Rendered(data, None, brief.reads)
