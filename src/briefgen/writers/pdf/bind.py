"""A bound pack: rendered PDFs (the pack's contents, the brief, each attachment's tab page and
the attachment itself) joined into one tagged PDF with one set of page chrome.

Nothing is rendered again: each part's pages are merged with pikepdf, its structure tree
grafted under the pack's (an attachment's under a ``Part`` element titled with its tab),
its bookmarks nested under one per part. The pack's own pages (contents and tab pages) come
as one render, cut by page (`split`). Each part's own chrome (the ``Pagination`` artifacts:
header, footer, page numbers) is taken out of its pages (a part rendered ``bare`` has none)
and the pack's drawn instead by `layout.Chrome`, as an artifact: the pack's marking (the
highest of its parts) at the top and bottom of every page, the part's running head, and
page numbers through the pack with the attachment's own ("A-2 · Page 7 of 12"). Page labels
say the same to a PDF viewer."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from reportlab.lib.units import mm

from briefgen.errors import RenderError
from briefgen.theme import Theme
from briefgen.tree import Metadata
from briefgen.writers.pdf.fonts import REGULAR, FontStack
from briefgen.writers.pdf.layout import Chrome, make_styles, page_size
from briefgen.writers.pdf.rl.canvas import BriefCanvas, RenderState


@dataclass(frozen=True)
class Part:
    """One rendered part of a bound pack."""

    data: bytes | pikepdf.Pdf  # a PDF: written by this writer (tagged), or ``external``;
    # or one opened already (a piece of `split`)
    head: str  # the running head of its pages
    bookmark: str  # its bookmark's title
    label: str = ""  # "A": its pages are numbered ... as well as through the pack
    marking: str = ""  # its own marking: page 1's readable marking stays when it is the pack's
    grouped: bool = False  # its structure goes under a Part element (an attachment)
    with_next: bool = False  # its bookmark holds the next part's (a tab page and its attachment)
    external: str | None = None  # a file named in the data: its name; its pages are
    # scaled into the frame between the pack's header and footer, not stripped
    bare: bool = False  # rendered without header and footer (`Theme.page_chrome`): none
    # to strip; with ``reads_marking`` its page 1 holds the pack's marking as content
    reads_marking: bool = False


@dataclass
class _Placed:
    part: Part
    first: int  # index of its first page in the bound pack
    count: int
    kept_marking: bool  # page 1's tagged marking left in place
    outline: list[tuple[str, int, Any]] = field(default_factory=list)
    tagged: bool = True


@dataclass(frozen=True)
class Bound:
    """A bound PDF and the names of its untagged external parts (none: it claims PDF/UA)."""

    data: bytes
    untagged: tuple[str, ...]


def bind(parts: Sequence[Part], meta: Metadata, theme: Theme) -> Bound:
    """The bound PDF of ``parts``, in order, under ``meta`` (the pack's title, marking and
    organisation): the first part's catalog (language, XMP) is the pack's.  An untagged
    external part drops the pack's PDF/UA identification: never a false claim."""
    base = _open(parts[0])
    placed: list[_Placed] = []
    root = base.Root.StructTreeRoot
    doc_elem = root.K
    kids = doc_elem.K if isinstance(doc_elem.K, pikepdf.Array) else pikepdf.Array([doc_elem.K])
    doc_elem.K = kids
    first_kept = _own_chrome(base, list(base.pages), parts[0], meta.marking)
    placed.append(
        _Placed(parts[0], 0, len(base.pages), first_kept, _outline(base, list(base.pages), 0))
    )
    for part in parts[1:]:
        placed.append(_graft(base, part, meta.marking, theme))
    pages = list(base.pages)
    _stamp(base, pages, placed, meta, theme)
    _bookmarks(base, placed)
    _labels(base, placed)
    untagged = tuple(p.part.external or "" for p in placed if not p.tagged)
    if untagged:
        _drop_ua_claim(base)
    out = io.BytesIO()
    base.remove_unreferenced_resources()
    base.save(out, deterministic_id=True, compress_streams=True, object_stream_mode=_OBJSTREAMS)
    return Bound(out.getvalue(), untagged)


_OBJSTREAMS = pikepdf.ObjectStreamMode.generate


def _drop_ua_claim(pdf: pikepdf.Pdf) -> None:
    """Take the PDF/UA identification out of the XMP packet (as the writer leaves it out
    of an untagged file)."""
    stream = pdf.Root.Metadata
    xmp = stream.read_bytes()
    xmp = xmp.replace(b' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"', b"")
    xmp = xmp.replace(b"<pdfuaid:part>1</pdfuaid:part>", b"")
    stream.write(xmp)


def page_count(data: bytes, name: str) -> int:
    """The number of pages of an external PDF (a `RenderError` naming it when it cannot be
    bound in)."""
    with _open(Part(data, "", "", external=name)) as pdf:
        return len(pdf.pages)


def split(data: bytes, starts: Sequence[int]) -> list[pikepdf.Pdf]:
    """``data`` (a tagged PDF this writer made) cut into parts, one starting at each page
    index of ``starts`` (the first 0): each with its own pages, the structure elements on
    them, their entries of the parent tree and their bookmarks.  The pack's own pages (its
    contents and tab pages) are rendered as one document and cut so, not rendered apart."""
    with pikepdf.open(io.BytesIO(data)) as whole:
        count = len(whole.pages)
    bounds = [*starts, count]
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        pdf = pikepdf.open(io.BytesIO(data))
        pages = list(pdf.pages)
        kept = pages[a:b]
        on = {p.obj.objgen for p in kept}
        keys = {int(p.obj.StructParents) for p in kept if "/StructParents" in p.obj}
        keys |= {
            int(annot.StructParent)
            for p in kept
            for annot in p.obj.get("/Annots", ())
            if "/StructParent" in annot
        }
        root = pdf.Root.StructTreeRoot
        doc = root.K
        kids = list(doc.K) if isinstance(doc.K, pikepdf.Array) else [doc.K]
        doc.K = pikepdf.Array([k for k in kids if _page_of(k) in on])
        pairs = [(k, v) for k, v in _nums(root.ParentTree) if k in keys]
        root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=_flat(pairs)))
        with pdf.open_outline() as outline:
            items = [
                item
                for item in outline.root
                if isinstance(item.destination, pikepdf.Array) and item.destination[0].objgen in on
            ]
            outline.root.clear()
            outline.root.extend(items)
        for i in reversed(range(count)):
            if not a <= i < b:
                del pdf.pages[i]
        out.append(pdf)
    return out


def _page_of(elem: Any) -> Any:
    """The page (its object id) a structure element's first content is on, if any."""
    stack = [elem]
    while stack:
        item = stack.pop(0)
        if not isinstance(item, pikepdf.Dictionary):
            continue
        if "/Pg" in item:
            return item.Pg.objgen
        k = item.get("/K")
        if isinstance(k, pikepdf.Array):
            stack[:0] = list(k)
        elif k is not None:
            stack.insert(0, k)
    return None


def _open(part: Part) -> pikepdf.Pdf:
    if isinstance(part.data, pikepdf.Pdf):
        return part.data
    try:
        pdf = pikepdf.open(io.BytesIO(part.data))
    except (pikepdf.PdfError, pikepdf.PasswordError) as exc:
        raise RenderError(f"{part.external}: not a PDF that can be bound in ({exc})") from None
    if pdf.is_encrypted and part.external:
        raise RenderError(f"{part.external}: an encrypted PDF cannot be bound in")
    return pdf


def _is_tagged(pdf: pikepdf.Pdf) -> bool:
    mark = pdf.Root.get("/MarkInfo")
    marked = mark is not None and bool(mark.get("/Marked", False))
    return marked and "/StructTreeRoot" in pdf.Root


def _graft(base: pikepdf.Pdf, part: Part, marking: str, theme: Theme) -> _Placed:
    """Append ``part``'s pages to ``base`` with its structure tree and outline."""
    other = _open(part)
    first = len(base.pages)
    other_pages = list(other.pages)
    if part.external:
        kept = False
        for page in other_pages:
            _fit(other, page, theme)
    else:
        kept = _own_chrome(other, other_pages, part, marking)
    outline = _outline(other, other_pages, first)
    tagged = _is_tagged(other)
    root = base.Root.StructTreeRoot
    offset = int(root.ParentTreeNextKey)
    for page in other_pages:
        base.pages.append(page)
    new_pages = list(base.pages)[first:]
    if not tagged:
        for page in new_pages:
            for name in ("/StructParents", "/Tabs"):
                if name in page.obj:
                    del page.obj[name]
        return _Placed(part, first, len(other_pages), kept, outline, tagged=False)
    oroot = other.Root.StructTreeRoot
    nums = _nums(oroot.ParentTree) if "/ParentTree" in oroot else []
    for page in new_pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annot in page.obj.get("/Annots", ()):
            if "/StructParent" in annot:
                annot.StructParent = int(annot.StructParent) + offset
    all_nums = _nums(root.ParentTree)
    for number, value in nums:
        all_nums.append((number + offset, _copy(base, value)))
    root.ParentTree = base.make_indirect(pikepdf.Dictionary(Nums=_flat(all_nums)))
    top = max((k for k, _ in nums), default=-1) + 1
    root.ParentTreeNextKey = offset + max(int(oroot.get("/ParentTreeNextKey", 0)), top)
    for name in ("/RoleMap", "/ClassMap"):
        theirs = oroot.get(name)
        if theirs is None:
            continue
        ours = root.get(name)
        if ours is None:
            root[name] = ours = pikepdf.Dictionary()
        for key, value in dict(theirs).items():
            if key not in ours:
                ours[key] = _copy(base, value)
    parent = root.K
    if part.grouped:
        holder = base.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem,
                S=pikepdf.Name.Part,
                T=pikepdf.String(part.head),
                P=parent,
                K=pikepdf.Array(),
            )
        )
        lang = other.Root.get("/Lang")
        if lang is not None:  # a new string: older pikepdf refuses the other file's object
            holder.Lang = pikepdf.String(str(lang))
        parent.K.append(holder)
        parent = holder
    for kid in _top_kids(oroot):
        copied = _copy(base, kid)
        if isinstance(copied, pikepdf.Dictionary):
            copied.P = parent
        parent.K.append(copied)
    return _Placed(part, first, len(other_pages), kept, outline)


def _top_kids(oroot: Any) -> list[Any]:
    """The elements under a structure tree's root: a single Document element's kids."""
    k = oroot.get("/K")
    items = list(k) if isinstance(k, pikepdf.Array) else ([] if k is None else [k])
    if len(items) == 1 and isinstance(items[0], pikepdf.Dictionary):
        only = items[0]
        if only.get("/S") == pikepdf.Name.Document and "/K" in only:
            inner = only.K
            return list(inner) if isinstance(inner, pikepdf.Array) else [inner]
    return items


def _fit(pdf: pikepdf.Pdf, page: pikepdf.Page, theme: Theme) -> None:
    """Scale an external page, turned as it is shown (``/Rotate``), into the frame between
    the pack's header and footer (never enlarged), centred on a page of the pack's size:
    the pack's chrome covers nothing."""
    w, h = page_size(theme)
    house = theme.style
    top, bottom = house.margin_top_mm * mm, house.margin_bottom_mm * mm
    box = [float(v) for v in page.obj.get("/CropBox", page.obj.MediaBox)]
    x0, x1 = sorted((box[0], box[2]))
    y0, y1 = sorted((box[1], box[3]))
    turn = int(page.obj.get("/Rotate", 0)) % 360
    # the content as shown, with its lower-left corner at the origin: (a, b, c, d, e, f)
    turned = {
        0: (1.0, 0.0, 0.0, 1.0, -x0, -y0),
        90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
        180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
        270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
    }.get(turn, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
    pw, ph = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    if turn in (90, 270):
        pw, ph = ph, pw
    scale = min(1.0, w / pw, (h - top - bottom) / ph)
    tx = (w - pw * scale) / 2
    ty = bottom + (h - top - bottom - ph * scale) / 2
    a, b, c, d, e, f = turned
    code = f"q {scale:.6f} 0 0 {scale:.6f} {tx:.4f} {ty:.4f} cm "
    code += f"{a:g} {b:g} {c:g} {d:g} {e:.4f} {f:.4f} cm\n"
    page.contents_add(pdf.make_stream(code.encode()), prepend=True)
    page.contents_add(pdf.make_stream(b"\nQ\n"), prepend=False)
    page.obj.MediaBox = pikepdf.Array([0, 0, w, h])
    for key in ("/CropBox", "/TrimBox", "/BleedBox", "/ArtBox", "/Rotate"):
        if key in page.obj:
            del page.obj[key]

    def at(x: float, y: float) -> tuple[float, float]:
        u, v = a * x + c * y + e, b * x + d * y + f
        return u * scale + tx, v * scale + ty

    for annot in page.obj.get("/Annots", ()):
        if "/Rect" in annot:
            r = [float(v) for v in annot.Rect]
            corners = [at(r[0], r[1]), at(r[2], r[3]), at(r[0], r[3]), at(r[2], r[1])]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            annot.Rect = pikepdf.Array([min(xs), min(ys), max(xs), max(ys)])


def _copy(base: pikepdf.Pdf, obj: Any) -> Any:
    """``obj`` of another file in ``base`` (direct arrays element by element)."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return base.copy_foreign(obj)
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_copy(base, item) for item in obj])
    return obj


def _nums(tree: Any) -> list[tuple[int, Any]]:
    """The pairs of a number tree, its kids' included."""
    pairs: list[tuple[int, Any]] = []
    if "/Nums" in tree:
        n = tree.Nums
        pairs.extend((int(n[i]), n[i + 1]) for i in range(0, len(n), 2))
    for kid in tree.get("/Kids", ()):
        pairs.extend(_nums(kid))
    return pairs


def _flat(pairs: list[tuple[int, Any]]) -> pikepdf.Array:
    out = pikepdf.Array()
    for key, value in sorted(pairs, key=lambda kv: kv[0]):
        out.append(key)
        out.append(value)
    return out


def _is_chrome(operands: Any) -> bool:
    """Whether a BDC opens page chrome: a header or footer (a draft's watermark stays)."""
    if len(operands) != 2 or operands[0] != pikepdf.Name.Artifact:
        return False
    props = operands[1]
    return (
        isinstance(props, pikepdf.Dictionary)
        and props.get("/Type") == pikepdf.Name.Pagination
        and props.get("/Subtype") in (pikepdf.Name.Header, pikepdf.Name.Footer)
    )


def _own_chrome(pdf: pikepdf.Pdf, pages: list[pikepdf.Page], part: Part, marking: str) -> bool:
    """Take the part's own chrome out of its pages (none when it was rendered ``bare``);
    whether its page 1's readable marking stayed."""
    if part.bare:
        return part.reads_marking and part.marking == marking
    return _strip_part(pdf, pages, part, marking)


def _strip_part(pdf: pikepdf.Pdf, pages: list[pikepdf.Page], part: Part, marking: str) -> bool:
    """Take the part's own chrome out of its pages; page 1's readable marking goes too
    unless it is the pack's (its structure element with it).  Whether that marking stayed."""
    keep = part.marking == marking
    found = False
    for i, page in enumerate(pages):
        mcid = _strip(pdf, page, marking=i == 0, drop_marking=not keep)
        if mcid is not None:
            found = True
            if not keep:
                _drop_elem(pdf, page, mcid)
    return found and keep


_BDC, _BMC, _EMC = pikepdf.Operator("BDC"), pikepdf.Operator("BMC"), pikepdf.Operator("EMC")


def _strip(
    pdf: pikepdf.Pdf, page: pikepdf.Page, *, marking: bool, drop_marking: bool
) -> int | None:
    """Remove the page's chrome.  With ``marking`` (page 1), the MCID of the tagged
    sequence drawn before the header (the marking's readable instance), if any, removed
    too with ``drop_marking``."""
    ops = pikepdf.parse_content_stream(page)
    kept: list[Any] = []
    depth = 0  # inside removed content: its nesting of marked content
    found: int | None = None
    seen_header = False
    for item in ops:
        operands, operator = item.operands, item.operator
        if depth:
            if operator in (_BDC, _BMC):
                depth += 1
            elif operator == _EMC:
                depth -= 1
            continue
        if operator == _BDC and _is_chrome(operands):
            seen_header = seen_header or operands[1].get("/Subtype") == pikepdf.Name.Header
            depth = 1
            continue
        if (
            operator == _BDC
            and marking
            and found is None
            and not seen_header
            and isinstance(operands[1], pikepdf.Dictionary)
            and "/MCID" in operands[1]
        ):
            found = int(operands[1].MCID)
            if drop_marking:
                depth = 1
                continue
        kept.append(item)
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
    return found


def _drop_elem(pdf: pikepdf.Pdf, page: pikepdf.Page, mcid: int) -> None:
    """Remove the structure element that owns marked content ``mcid`` of ``page``."""
    root = pdf.Root.StructTreeRoot
    stack = [root.K]
    while stack:
        elem = stack.pop()
        kids = elem.get("/K")
        if kids is None:
            continue
        items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for kid in items:
            owns = (isinstance(kid, int) and kid == mcid) or (
                isinstance(kid, pikepdf.Dictionary)
                and kid.get("/Type") == pikepdf.Name.MCR
                and int(kid.MCID) == mcid
            )
            if owns and elem.get("/Pg", page.obj) == page.obj:
                parent = elem.P
                siblings = parent.K
                if isinstance(siblings, pikepdf.Array):
                    parent.K = pikepdf.Array(k for k in siblings if k != elem)
                for key, arr in _nums(root.ParentTree):
                    if key == int(page.obj.get("/StructParents", -1)) and mcid < len(arr):
                        arr[mcid] = pikepdf.Object.parse(b"null")
                return
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                stack.append(kid)


def _outline(pdf: pikepdf.Pdf, pages: list[pikepdf.Page], offset: int) -> list[Any]:
    """The part's bookmarks as (title, page index in the bound pack, children)."""
    index = {p.obj.objgen: i for i, p in enumerate(pages)}

    def walk(items: Any) -> list[tuple[str, int, Any]]:
        out = []
        for item in items:
            dest = item.destination
            if dest is None and item.action is not None:
                dest = item.action.get("/D")
            at = 0
            if isinstance(dest, pikepdf.Array) and len(dest):
                at = index.get(dest[0].objgen, 0)
            out.append((str(item.title), at + offset, walk(item.children)))
        return out

    return walk(pdf.open_outline().root)  # read only: not written back


def _bookmarks(pdf: pikepdf.Pdf, placed: list[_Placed]) -> None:
    """One bookmark a part (its own bookmarks under it); a tab page's holds its attachment's."""

    def items(tree: list[Any]) -> list[pikepdf.OutlineItem]:
        out = []
        for title, at, kids in tree:
            item = pikepdf.OutlineItem(title, at)
            item.children.extend(items(kids))
            out.append(item)
        return out

    with pdf.open_outline() as outline:
        outline.root.clear()
        holder: pikepdf.OutlineItem | None = None
        for p in placed:
            mine = items(p.outline)
            if holder is not None:
                holder.children.extend(mine)
                holder = None
                continue
            top = pikepdf.OutlineItem(p.part.bookmark, p.first)
            top.children.extend(mine)
            outline.root.append(top)
            if p.part.with_next:
                holder = top


def _labels(pdf: pikepdf.Pdf, placed: list[_Placed]) -> None:
    """Page labels: the pack's pages by number, an attachment's as A-1, A-2 ..."""
    nums = pikepdf.Array()
    for p in placed:
        if p.part.label:
            label = pikepdf.Dictionary(S=pikepdf.Name.D, P=pikepdf.String(f"{p.part.label}-"))
        else:
            label = pikepdf.Dictionary(S=pikepdf.Name.D, St=p.first + 1)
        nums.append(p.first)
        nums.append(label)
    pdf.Root.PageLabels = pikepdf.Dictionary(Nums=nums)


def page_numbers(placed_counts: Sequence[tuple[str, int]]) -> list[str]:
    """Each page's number as printed: ``Page 7 of 12``, or ``A-2 · Page 7 of 12`` in an
    attachment labelled A (``placed_counts``: each part's label and page count)."""
    total = sum(n for _, n in placed_counts)
    out, at = [], 0
    for label, count in placed_counts:
        for i in range(count):
            at += 1
            own = f"{label}-{i + 1} \u00b7 " if label else ""
            out.append(f"{own}Page {at} of {total}")
    return out


def _stamp(
    pdf: pikepdf.Pdf,
    pages: list[pikepdf.Page],
    placed: list[_Placed],
    meta: Metadata,
    theme: Theme,
) -> None:
    """Draw the pack's chrome on every page, as an artifact before its content (read
    first, as the writer's own chrome is; it covers nothing)."""
    numbers = page_numbers([(p.part.label, p.count) for p in placed])
    heads: list[tuple[str, bool]] = []
    for p in placed:
        heads.extend((p.part.head, i == 0 and p.kept_marking) for i in range(p.count))
    overlay = pikepdf.open(io.BytesIO(_chrome_pages(meta, theme, heads, numbers)))
    for page, chrome in zip(pages, overlay.pages, strict=True):
        form = pdf.copy_foreign(chrome.as_form_xobject())
        name = page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name("/BgChrome"))
        code = (
            b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC q "
            + bytes(name.unparse())
            + b" Do Q EMC\n"
        )
        page.contents_add(pdf.make_stream(code), prepend=True)  # read first, as the writer's


def _chrome_pages(
    meta: Metadata, theme: Theme, heads: list[tuple[str, bool]], numbers: list[str]
) -> bytes:
    """A PDF whose page i holds the chrome of the bound pack's page i, and nothing else."""
    fonts = FontStack(theme.fonts, allow_missing=True)
    styles = make_styles(fonts, theme)
    chrome = Chrome(meta, fonts, styles)
    out = io.BytesIO()
    w, h = page_size(theme)
    canv = BriefCanvas(
        out,
        state=RenderState(tagged=False),
        pagesize=(w, h),
        invariant=1,
        initialFontName=fonts.font(),  # never Helvetica, which is not embedded
        initialFontSize=10,
        initialLeading=12,
    )
    size = styles.house.footer.size
    for (head, marking_shown), number in zip(heads, numbers, strict=True):

        def page_number(c: BriefCanvas, x: float, y: float, number: str = number) -> None:
            chrome._text(c, x, y, number, size, REGULAR, "right")  # grey, as the organisation

        chrome.head(canv, w, h, head, marking=not marking_shown)
        chrome.foot(canv, w, page_number, 55 * mm)  # "A-10 · Page 100 of 100" on the right
        canv.showPage()
    canv.save()
    return out.getvalue()
