"""The bound pack: a visit's brief with its attachments in one file of each format.

A visit's attachments (listed in its data, else each of its partners' briefs) are lettered
A, B ...; one naming a partner is that partner's pack, built at the same ceiling and
bound in after the brief, behind a tab page.  An attachment marked above the edition's
ceiling is left out, and the pack's contents says once that material above the ceiling is
not included.  The pack's marking is the highest of its parts.

Cost: a part rendered for its own pack in this process during the same build (`sharing`
turns the store on) is taken from `_RENDERED`, not rendered again, and its composed pack
from `_PACKS` (its marking is not composed again); the build runs a visit and the packs it
attaches in one job, those first (`attached_ids`).  Either way a bound part is the pack as
its own file holds it (`briefgen.build.issued`: AMENDED when its record says so), so the
bound bytes do not depend on which job ran first or where.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from briefgen import deps
from briefgen import tree as t
from briefgen.build.render import render
from briefgen.compose.pack import Pack
from briefgen.compose.redact import above
from briefgen.errors import BriefgenError
from briefgen.fileio import within
from briefgen.markings import Marking, highest
from briefgen.writers import Rendered

if TYPE_CHECKING:
    from briefgen.build.sections import Section
    from briefgen.data.model import Attachment as VisitAttachment
    from briefgen.theme import Theme

WITHHELD_NOTE = "Material marked above {ceiling} is not included in this edition."
"""What a releasable edition's contents says once when it leaves attachments out."""


NOT_RECEIVED = "No pages are bound until it is received."
"""What the tab page of a brief asked for and not yet written says in place of its pages."""


@dataclass(frozen=True)
class Attachment:
    """One attachment of a pack: its letter and title, and what is bound in for it: a
    partner's pack, or a file of the workspace (``file``, with its declared marking)."""

    letter: str
    title: str
    pack: Pack | None  # None: a file, listed only (no partner or file), or withheld
    withheld: bool = False
    file: str | None = None
    marking: Marking | None = None  # a file's declared marking; a part's, as printed
    alt: str | None = None  # a picture's text alternative
    part: Section | None = None  # a brief's section or a meeting's page, out of the body
    said: str | None = None  # what the tab page says the attachment is (`describe`)
    received: bool = True  # False: a brief asked for, not yet written (only its tab page)

    @property
    def heading(self) -> str:
        return f"Attachment {self.letter}: {self.title}"

    @property
    def bound(self) -> bool:
        bound = self.pack is not None or self.file is not None or self.part is not None
        return not self.withheld and bound

    @property
    def own_marking(self) -> Marking | None:
        return self.pack.marking if self.pack is not None else self.marking

    @property
    def kind(self) -> str:
        """What is bound: "pack", "part" (of the brief's document), "pdf", "docx" or
        "image"."""
        if self.part is not None:
            return "part"
        if self.pack is not None or self.file is None:
            return "pack"
        suffix = self.file.lower().rsplit(".", 1)[-1]
        return {"pdf": "pdf", "docx": "docx"}.get(suffix, "image")


@dataclass(frozen=True)
class Inner:
    """An attachment as one format binds it: its bytes (None: only its tab page, as the
    file is bound into the other format) and pages."""

    attachment: Attachment
    data: bytes | None
    pages: int | None
    external: str | None = None  # the file's name, for a file bound as it is
    elsewhere: str | None = None  # what the tab page says when it is not bound here
    copy: str | None = None  # the copy beside the Word edition its tab page links to


_RENDERED: dict[tuple[Any, ...], Rendered] | None = None
_PACKS: dict[tuple[Any, ...], Pack] = {}
_CLEARED: Mapping[str, Mapping[str, str] | None] = {}
"""The manifest's record of each attached pack's last cleared edition, by id (`attaching`)."""


@contextlib.contextmanager
def attaching(cleared: Mapping[str, Mapping[str, str] | None] | None) -> Iterator[None]:
    """Compose each pack attached in the ``with`` block as its own job issues it, given
    the manifest's record of its last cleared edition (``cleared``, by id)."""
    global _CLEARED
    outer, _CLEARED = _CLEARED, dict(cleared or {})
    try:
        yield
    finally:
        _CLEARED = outer


def attached_ids(ws: Any, id: str) -> list[str]:
    """The ids of the packs visit ``id`` binds in (none for another pack)."""
    visit = ws.visits.get(id)
    if visit is None:
        return []
    ids = [] if visit.attachments else list(visit.partners)
    ids += [a.partner for a in visit.attachments if a.partner is not None]
    return list(dict.fromkeys(ids))


@contextlib.contextmanager
def sharing() -> Iterator[None]:
    """Keep each pack rendered in this process during the ``with`` block, so that a bound
    pack takes its attachments from there instead of rendering them again."""
    global _RENDERED, _PACKS
    outer, _RENDERED = _RENDERED, {}
    packs, _PACKS = _PACKS, {}
    try:
        yield
    finally:
        _RENDERED, _PACKS = outer, packs


def _key(pack: Pack, fmt: str, theme: Theme) -> tuple[Any, ...]:
    ceiling = str(pack.max_marking) if pack.max_marking is not None else None
    since = pack.since.key if pack.since else None
    return (pack.id, fmt, ceiling, theme, since, pack.amended)


def _pack_key(ws: Any, pid: str, ceiling: Marking | None, since: Any) -> tuple[Any, ...]:
    return ("pack", id(ws), pid, str(ceiling) if ceiling is not None else None, since)


def remember(pack: Pack, fmt: str, theme: Theme, rendered: Rendered) -> None:
    """Keep ``rendered`` (and ``pack``, composed) for a bound pack of this build that
    attaches ``pack``."""
    if _RENDERED is not None and pack.kind == "partner" and _attached(pack):
        since = pack.since.key if pack.since else None
        _PACKS[_pack_key(pack.workspace, pack.id, pack.max_marking, since)] = pack
        with contextlib.suppress(TypeError):  # an unhashable theme: nothing kept
            _RENDERED[_key(pack, fmt, theme)] = rendered


def _composed(pack: Pack, pid: str) -> Pack:
    """Partner ``pid``'s pack at ``pack``'s ceiling as its own file holds it: the one
    composed for its own file in this build when there is one (its document is not composed
    again), else one issued alike (AMENDED when the manifest's record says so)."""
    since = pack.since.key if pack.since else None
    found = _PACKS.get(_pack_key(pack.workspace, pid, pack.max_marking, since))
    if _RENDERED is not None and found is not None and found.workspace is pack.workspace:
        return found
    from briefgen.build.issued import issue

    return issue(pack.workspace, pid, pack.max_marking, pack.since, _CLEARED.get(pid)).pack


def _attached(pack: Pack) -> bool:
    """Whether some visit of the workspace attaches ``pack``'s partner."""
    ws = pack.workspace
    return any(pack.id in attached_ids(ws, vid) for vid in ws.visits)


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
    out: list[Attachment] = []
    if not visit.attachments:
        for pid in visit.partners:
            partner = ws.partner(pid)
            if partner is not None:
                item = Attachment("", f"{partner.display_name} partner brief", None)
                out.append(_partner_attachment(pack, item, pid))
    for a in visit.attachments:
        item = Attachment("", a.title, None, file=a.file, marking=a.marking, alt=a.alt)
        item = replace(item, said=describe(None, a.note))
        if a.partner is not None:
            item = _partner_attachment(pack, item, a.partner)
        elif a.brief is not None or a.meeting is not None:
            item = _part_attachment(pack, item, a)
        elif a.marking is not None and above(a, pack.max_marking):
            item = replace(item, withheld=True, file=None)  # gone from the brief
        out.append(item)
    letters = iter(map(_letter, range(len(out))))  # as the brief letters what it lists
    # a withheld attachment keeps no title and takes no letter: nothing of it is named
    return [replace(a, title="") if a.withheld else replace(a, letter=next(letters)) for a in out]


def _letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else str(i + 1)


def _partner_attachment(pack: Pack, item: Attachment, pid: str) -> Attachment:
    """``item`` bound as partner ``pid``'s pack (withheld above the pack's ceiling)."""
    ws = pack.workspace
    partner = ws.partner(pid)
    if partner is None:
        return item
    if above(partner, pack.max_marking):
        return replace(item, withheld=True)
    return replace(item, pack=_composed(pack, partner.id))


def _part_attachment(pack: Pack, item: Attachment, a: VisitAttachment) -> Attachment:
    """``item`` bound as the contributed brief or the meeting's page ``a`` names, taken out
    of the brief's document (withheld when the edition leaves it out)."""
    from briefgen.build.sections import find_section, marking_of
    from briefgen.compose.withheld import part_withheld

    visit = pack.visit
    assert visit is not None
    if part_withheld(pack.workspace, visit, a, pack.max_marking):
        return replace(item, withheld=True, said=None)
    if a.brief is not None:
        view = next((b for b in pack.briefs if b.id == a.brief), None)
        found = None
        if view is not None:
            found = find_section(pack.document, view.title, view.line or view.requested)
        what = f"brief {a.brief!r}"
    else:
        view = None
        found = find_section(pack.document, f"Meeting: {a.meeting}")
        what = f"the meeting {a.meeting!r}"
    if found is None:  # never silently lost: the data named something the pack prints
        raise BriefgenError(f"attachment {item.title!r}: {what} is not in the pack to bind")
    floor = pack.workspace.settings().marking
    marking = marking_of(found, pack.marking, floor)
    said = describe(view, item.said)
    received = view is None or bool(view.body)
    return replace(item, part=found, marking=marking, said=said, received=received)


def describe(view: Any, note: str | None) -> str | None:
    """What a tab page says its attachment is, in a line: a brief's kind, owner and state
    ("Issue brief; Science Branch; cleared by ..."; "not yet received: requested of ...");
    the data's ``note`` after it."""
    lines = []
    if view is not None and not view.body:
        lines.append(f"Not yet received: {view.requested[0].lower()}{view.requested[1:]}.")
    elif view is not None and view.line:
        lines.append(f"{view.line}.")
    if note:
        lines.append(note if note.endswith(".") else f"{note}.")
    return " ".join(lines) or None


def body_document(pack: Pack) -> t.Document:
    """The brief's document without the parts bound as attachments of their own."""
    from briefgen.build.sections import without

    parts = [a.part for a in attachments(pack) if a.part is not None and not a.withheld]
    return without(pack.document, parts)


def pack_marking(pack: Pack) -> Marking:
    """The bound pack's marking: the highest of the brief's and its bound attachments'."""
    parts = attachments(pack)
    return highest((a.own_marking for a in parts if a.bound), pack.marking)


#: the formats a pack's attachments are bound into; the HTML edition lists them
BINDS = ("docx", "pdf")


def render_pack(pack: Pack, fmt: str, theme: Theme) -> Rendered:
    """``pack`` as ``fmt``: bound with its attachments when it has any to bind (in Word and
    PDF; the HTML edition is the brief alone, its Attachments section naming them)."""
    if fmt not in BINDS:
        return render(pack, fmt, theme)
    parts = attachments(pack)
    bound = [a for a in parts if a.bound]
    if not bound and not any(a.withheld for a in parts):
        rendered = render(pack, fmt, theme)
        remember(pack, fmt, theme, rendered)
        return rendered
    marking = pack_marking(pack).banner()
    brief_doc = _marked(body_document(pack), marking)
    bare = replace(theme, page_chrome=False)  # the binding draws the pack's chrome
    brief = _render_doc(pack, brief_doc, fmt, bare if fmt == "pdf" else theme)
    meta = replace(brief_doc.meta, control=())
    inner = [_inner(pack, a, fmt, theme, meta) for a in bound]
    withheld = any(a.withheld for a in parts)
    ceiling = str(pack.max_marking) if pack.max_marking is not None else ""
    if fmt == "pdf":
        return _bind_pdf(pack, meta, brief, inner, withheld, ceiling, theme)
    return _bind_docx(pack, meta, brief, inner, withheld, ceiling, theme)


_FORMAT_NAMES = {"pdf": "PDF", "docx": "Word"}


def _inner(pack: Pack, a: Attachment, fmt: str, theme: Theme, meta: t.Metadata) -> Inner:
    """``a`` as ``fmt`` binds it; a file read here is noted among the pack's inputs."""
    if a.pack is not None:
        pack.inputs.merge(a.pack.inputs)
        r = _rendered(a.pack, fmt, theme)
        return Inner(a, r.data, r.pages)
    if a.part is not None:  # its inputs are the pack's: its document's
        if not a.received:
            return Inner(a, None, None, elsewhere=NOT_RECEIVED)
        from briefgen.build.sections import part_document

        assert a.marking is not None
        doc = part_document(pack.document, a.part, meta, a.marking)
        r = _render_doc(pack, doc, fmt, theme)
        return Inner(a, r.data, r.pages)
    assert a.file is not None and a.marking is not None
    if a.kind == "image":
        from briefgen.compose.images import read_image

        with deps.recording() as record:
            try:
                image = read_image(pack.workspace.root, a.file)
            except (OSError, ValueError) as exc:
                raise BriefgenError(f"attachment {a.file!r}: {exc}") from None
        pack.inputs.merge(record)
        figure = t.Figure(image, a.alt or a.title, a.title)
        doc = t.Document(replace(meta, marking=a.marking.banner()), (figure,))
        r = _render_doc(pack, doc, fmt, theme)
        return Inner(a, r.data, r.pages)
    data = _read(pack, a.file)  # noted even where not bound: it is copied beside
    if a.kind == "pdf" and fmt == "docx":
        name = a.file.rsplit("/", 1)[-1]
        said = (
            f"This attachment is a PDF document ({name}): it is bound into the PDF edition "
            "of this pack, and a copy is beside this file:"
        )
        return Inner(a, None, None, elsewhere=said, copy=copy_name(pack, a))
    if a.kind == fmt:
        pages = None
        if fmt == "pdf":
            from briefgen.writers.pdf.bind import page_count

            pages = page_count(data, a.file)
        return Inner(a, data, pages, external=a.file)
    name = a.file.rsplit("/", 1)[-1]
    said = (
        f"This attachment is a {_FORMAT_NAMES[a.kind]} document ({name}): it is bound into "
        f"the {_FORMAT_NAMES[a.kind]} edition of this pack."
    )
    return Inner(a, None, None, elsewhere=said)


def copy_name(pack: Pack, a: Attachment) -> str:
    """The name of the copy of the external PDF ``a`` beside the pack's Word edition:
    ``ID.attachment-B.pdf`` (``ID.releasable-official.attachment-B.pdf`` for that edition)."""
    from briefgen.build import manifest as mf
    from briefgen.compose.control import edition_slug

    slug = edition_slug(pack.max_marking) if pack.max_marking is not None else None
    return mf.file_name(pack.id, mf.companion_key("docx", companion(a)), slug)


def companion(a: Attachment) -> str:
    """The end of the name of ``a``'s copy beside the Word edition: ``attachment-B.pdf``."""
    return f"attachment-{a.letter}.pdf"


def companions(pack: Pack) -> list[tuple[str, bytes]]:
    """The files written beside the pack's Word edition, as ``(name end, bytes)``: a copy
    of each external PDF it binds (never one the edition withholds), which the Word
    edition's tab page links to; each read is noted among the pack's inputs."""
    return [
        (companion(a), _read(pack, a.file))
        for a in attachments(pack)
        if a.bound and a.kind == "pdf" and a.file is not None
    ]


def _read(pack: Pack, rel: str) -> bytes:
    """The bytes of the workspace file ``rel``, noted among the pack's inputs; never a
    file outside the workspace (the data named it: it is not trusted)."""
    root = pack.workspace.root
    if root is None or not within(root, rel):
        raise BriefgenError(f"attachment {rel!r} is outside the workspace: copy it into it")
    with deps.recording() as record:
        try:
            data = deps.read((root / rel).resolve())
        except OSError as exc:
            raise BriefgenError(f"attachment {rel!r}: cannot be read ({exc})") from None
    pack.inputs.merge(record)
    return data


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


def tab_doc(meta: t.Metadata, a: Attachment, said: str, copy: str | None = None) -> t.Document:
    """An attachment's tab page: its heading, marking and pages (or where it is bound),
    and what it is (`describe`) when the data or the brief says."""
    own = a.own_marking
    anchor = f"attachment-{a.letter.lower()}"
    text = f"Marked {own.banner()}. {said}" if own is not None else said
    blocks: tuple[t.Block, ...] = (t.Heading(1, anchor, (t.Text(a.heading),)),)
    if a.said:
        blocks += (t.Paragraph((t.Text(a.said),)),)
    if copy is not None:  # the Word writer links the name to the file (`docx.bind`)
        blocks += (t.Paragraph((t.Text(f"{text} "), t.Strong((t.Text(copy),)), t.Text("."))),)
    elif text.strip():
        blocks += (t.Paragraph((t.Text(text.strip()),)),)
    return t.Document(meta, blocks)


def _bind_pdf(
    pack: Pack,
    meta: t.Metadata,
    brief: Rendered,
    inner: list[Inner],
    withheld: bool,
    ceiling: str,
    theme: Theme,
) -> Rendered:
    import warnings

    from briefgen.writers.pdf.bind import Part, bind, split

    tab_pages = [1] * len(inner)  # each tab page's pages, as rendered (one, unless long)
    contents_pages = 1  # the contents follows the brief: its page 1 stays the pack's
    while True:  # the contents and tab pages as one document, cut into them
        rows = [(f"Brief: {meta.title}", "1")]
        at = (brief.pages or 0) + contents_pages + 1
        for i, n in zip(inner, tab_pages, strict=True):
            rows.append((i.attachment.heading, str(at)))
            at += n + (i.pages or 0)
        tabs = [
            tab_doc(meta, i.attachment, i.elsewhere or _numbered(i.attachment, i.pages or 1))
            for i in inner
        ]
        docs = [contents_doc(meta, rows, withheld, ceiling), *tabs]
        blocks: list[t.Block] = []
        for d in docs:
            blocks.extend((*([t.PageBreak()] if blocks else []), *d.blocks))
        bare = replace(theme, page_chrome=False)  # the binding draws the pack's chrome
        front = _render_doc(pack, t.Document(meta, tuple(blocks)), "pdf", bare)
        starts = _starts(front, [_first_heading(d) for d in docs])
        counts = [b - a for a, b in zip(starts, [*starts[1:], front.pages or 0], strict=True)]
        if counts == [contents_pages, *tab_pages]:
            break
        contents_pages, tab_pages = counts[0], counts[1:]
    contents, *tab_pdfs = split(front.data, starts)
    reads = theme.tagged_pdf and _reads_marking(pack.document)
    parts = [
        Part(
            brief.data, meta.title, meta.title, marking=meta.marking, bare=True, reads_marking=reads
        ),
        Part(contents, meta.title, "Contents of the pack", marking=meta.marking, bare=True),
    ]
    for i, tab in zip(inner, tab_pdfs, strict=True):
        a = i.attachment
        with_next = i.data is not None
        parts.append(
            Part(tab, a.heading, a.heading, marking=meta.marking, with_next=with_next, bare=True)
        )
        if i.data is not None:
            own = a.own_marking.banner() if a.own_marking is not None else ""
            parts.append(
                Part(i.data, a.heading, a.heading, a.letter, own, grouped=True, external=i.external)
            )
    bound = bind(parts, meta, theme)
    for name in bound.untagged:
        warnings.warn(
            f"attachment {name!r} is an untagged PDF: the bound pack {pack.id!r} makes no "
            "PDF/UA claim (bind a tagged PDF to keep it)",
            stacklevel=2,
        )
    pages = (brief.pages or 0) + (front.pages or 0) + sum(i.pages or 0 for i in inner)
    return Rendered(bound.data, pages, brief.reads, brief.headings)  # the brief comes first


def _reads_marking(doc: t.Document) -> bool:
    """Whether a tagged PDF of ``doc`` reads its marking on page 1, as content (the cover's
    marking line, which the PDF writer sets in the header's place)."""
    return any(
        isinstance(b, t.Callout)
        and b.kind == "cover"
        and any(isinstance(p, t.Paragraph) and p.role == "marking" for p in b.blocks)
        for b in t.iter_blocks(doc.blocks)
    )


def _starts(front: Rendered, anchors: list[str]) -> list[int]:
    """The page index each of ``anchors`` (heading ids, in order) starts in ``front``."""
    pages = {hid: page for hid, page, _ in front.headings}
    return [pages[a] - 1 for a in anchors]


def _numbered(a: Attachment, n: int) -> str:
    """What a tab page says of its attachment's pages."""
    pages = "1 page" if n == 1 else f"{n} pages"
    return f"{pages}, numbered {a.letter}-1 to {a.letter}-{n}."


def _first_heading(doc: t.Document) -> str:
    """The id of ``doc``'s first heading (each part of the pack's own pages starts with one)."""
    return next(iter(doc.iter_headings())).id


def _bind_docx(
    pack: Pack,
    meta: t.Metadata,
    brief: Rendered,
    inner: list[Inner],
    withheld: bool,
    ceiling: str,
    theme: Theme,
) -> Rendered:
    from briefgen.writers.docx.bind import Part, bind, split

    rows = [(f"Brief: {meta.title}", "1")]
    rows.extend((i.attachment.heading, f"{i.attachment.letter}-1" if i.data else "") for i in inner)
    contents = contents_doc(meta, rows, withheld, ceiling)
    tabs = [
        tab_doc(
            meta,
            i.attachment,
            i.elsewhere or f"Its pages are numbered {i.attachment.letter}-1 onwards.",
            i.copy,
        )
        for i in inner
    ]
    # the pack's own pages rendered as one document, cut into its parts
    front = t.Document(meta, contents.blocks + tuple(b for d in tabs for b in d.blocks))
    anchors = [_first_heading(d) for d in (contents, *tabs)]
    rendered = _render_doc(pack, front, "docx", theme)
    pieces = split(rendered.data, front, anchors)
    if pieces is None:  # not cut as expected: each rendered apart
        pieces = [Part(_render_doc(pack, d, "docx", theme).data, "") for d in (contents, *tabs)]
    parts = [replace(pieces[0], head=meta.title)]
    for i, piece in zip(inner, pieces[1:], strict=True):
        a = i.attachment
        parts.append(replace(piece, head=a.heading, numbered=False, link=i.copy))
        if i.data is not None:
            parts.append(Part(i.data, a.heading, a.letter, external=i.external))
    data = bind(brief.data, parts, meta)
    return Rendered(data, None, brief.reads)
