"""Raw OOXML the Word writer needs where python-docx 1.2 has no API.

Fields (TOC, PAGE, NUMPAGES, SEQ), paragraph borders, shading, tabs and keeps, the
watermark shape, bookmarks, hyperlinks, alt text, settings, the custom-properties part,
``docProps/app.xml`` and a deterministic zip.
Every element is built one way: `make` and `sub` (lxml's ``makeelement`` and
``SubElement``), with tags resolved once (`tag`); property children go where the schema's
sequence puts them, from one table per property element (`PROPERTY_ORDER`).  No XML is
parsed from strings while a pack is written.  The body is written as plain lxml elements in
a `detached_body` and moved into the document at the end: it needs none of python-docx's
element classes, and python-docx's section look-ups do not walk it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any, cast

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.spec import default_content_types
from docx.oxml.ns import nsmap
from docx.oxml.settings import CT_Settings
from docx.oxml.text.run import CT_R
from docx.package import Package
from docx.shared import Pt
from lxml import etree

from briefgen.writers.direction import has_rtl, is_rtl_paragraph
from briefgen.writers.docx.zipped import write_zip

#: Every zip entry gets this timestamp, so identical input gives identical bytes.

CUSTOM_PROPS_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_PROPS_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

_EXTENDED_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_VML = {
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w10": "urn:schemas-microsoft-com:office:word",
}
_PREFIXES = {**nsmap, **_VML}


# ---------------------------------------------------------------- the one way to build


@functools.cache
def tag(name: str) -> str:
    """The Clark name of a prefixed tag or attribute (``"w:p"``); an unprefixed one as is."""
    prefix, colon, local = name.partition(":")
    return f"{{{_PREFIXES[prefix]}}}{local}" if colon else name


def _attrs(attrs: dict[str, str] | None) -> dict[str, str] | None:
    return {tag(k): v for k, v in attrs.items()} if attrs else None


_PLAIN = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
"""Makes plain lxml elements (python-docx's parser gives each its own element class)."""


def make(name: str, attrs: dict[str, str] | None = None, *, ns: tuple[str, ...] = ()) -> Any:
    """A new plain element ``name`` (``"w:p"``) with ``attrs`` (prefixed names), declaring
    its own prefix and those of ``ns`` (redundant declarations go when it joins a tree)."""
    prefixes = (name.partition(":")[0], *ns)
    return _PLAIN.makeelement(tag(name), _attrs(attrs), nsmap={p: _PREFIXES[p] for p in prefixes})


def new(near: Any, name: str, attrs: dict[str, str] | None = None) -> Any:
    """A new element ``name`` in the document of ``near``, not yet placed: for an insertion
    `sub` cannot make (no new document per element, as `make` needs)."""
    return near.makeelement(tag(name), _attrs(attrs))


def detached_body(document: Any) -> Any:
    """An empty ``w:body`` outside the document, declaring the namespaces ``document`` (its
    root element) declares: what is written into it serialises as it would in the document
    itself, into which `move_children` moves it."""
    return _PLAIN.makeelement(tag("w:body"), nsmap=document.nsmap)


def move_children(source: Any, target: Any) -> None:
    """Move every child of ``source`` to the end of ``target`` (lxml moves each subtree
    onto ``target``'s namespace declarations)."""
    target.extend(list(source))


def sub(
    parent: Any, name: str, attrs: dict[str, str] | None = None, text: str | None = None
) -> Any:
    """Append a new element ``name`` with ``attrs`` (and ``text``) to ``parent``."""
    el = etree.SubElement(parent, tag(name), _attrs(attrs))
    if text is not None:
        el.text = text
    return el


#: Property elements' children in the schema's sequence (ECMA-376 CT_PPrBase then rPr,
#: sectPr, pPrChange; CT_RPr; CT_PBdr): the one place their order is kept.
PROPERTY_ORDER: dict[str, tuple[str, ...]] = {
    "w:pPr": (
        "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
        "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
        "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
        "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
        "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
        "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
        "w:pPrChange",
    ),
    "w:rPr": (
        "w:ins", "w:del", "w:moveFrom", "w:moveTo",  # a paragraph mark's revision first
        "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
        "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
        "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
        "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
        "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
        "w:eastAsianLayout", "w:specVanish", "w:oMath",
    ),
    "w:pBdr": ("w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar"),
}  # fmt: skip
_RANK = {
    tag(parent): {tag(child): i for i, child in enumerate(children)}
    for parent, children in PROPERTY_ORDER.items()
}


def child(parent: Any, name: str) -> Any:
    """The ``name`` child of a property element ``parent`` (``w:pPr``, ``w:rPr``,
    ``w:pBdr``), added where `PROPERTY_ORDER` puts it if missing."""
    clark = tag(name)
    found = parent.find(clark)
    if found is not None:
        return found
    rank = _RANK[parent.tag]
    mine = rank[clark]
    for i, other in enumerate(parent):
        if rank.get(other.tag, -1) > mine:
            el = parent.makeelement(clark)
            parent.insert(i, el)
            return el
    return etree.SubElement(parent, clark)


def properties(element: Any, name: str) -> Any:
    """The property element ``name`` (``w:pPr``, ``w:rPr``) of a paragraph or run: its
    first child, added if missing."""
    clark = tag(name)
    first = next(element.iterchildren(), None)
    if first is not None and first.tag == clark:
        return first
    found = element.find(clark)
    if found is not None:
        return found
    el = element.makeelement(clark)
    element.insert(0, el)
    return el


def save_package(package: Package, replace: dict[str, bytes] | None = None) -> bytes:
    """Serialise ``package`` as a zip with fixed entry times: identical input, identical bytes.

    Does what python-docx's ``save`` does (content types, package and part relationships,
    parts in graph order) but compresses each part once, stores images (they do not
    deflate) and gives every entry the same timestamp.  ``replace`` swaps the bodies of
    named entries, e.g. ``docProps/app.xml``.
    """
    replace = replace or {}
    parts = list(_iter_parts(package))
    for part in parts:
        part.before_marshal()  # type: ignore[no-untyped-call]
    entries: list[tuple[str, bytes]] = [
        ("[Content_Types].xml", _content_types(parts)),
        ("_rels/.rels", rels_xml(package.rels)),
    ]
    for part in parts:
        entries.append((part.partname.membername, part.blob))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, rels_xml(part.rels)))
    return write_zip([(name, replace.get(name, body)) for name, body in entries])


def _iter_parts(source: Any, seen: set[int] | None = None) -> Iterator[Part]:
    """Each part once, depth first along the relationships: python-docx's
    ``iter_parts``, which tests each part against a list of those it has seen."""
    seen = set() if seen is None else seen
    for rel in source.rels.values():
        if rel.is_external or id(rel.target_part) in seen:
            continue
        part = rel.target_part
        seen.add(id(part))
        yield part
        yield from _iter_parts(part, seen)


def rels_xml(rels: Any) -> bytes:
    """A ``.rels`` part: python-docx's ``Relationships.xml``, built without parsing a string
    per relationship."""
    root = etree.Element(f"{{{_RELS_NS}}}Relationships", nsmap={None: _RELS_NS})
    for rel in rels.values():
        attrs = {"Id": rel.rId, "Type": rel.reltype, "Target": rel.target_ref}
        if rel.is_external:
            attrs["TargetMode"] = "External"
        etree.SubElement(root, f"{{{_RELS_NS}}}Relationship", attrs)
    return part_xml(root)


def part_xml(root: Any) -> bytes:
    """A part's bytes: ``root`` after the declaration python-docx writes."""
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True)  # type: ignore[no-any-return]


def _content_types(parts: list[Part]) -> bytes:
    """``[Content_Types].xml``: defaults by extension where standard, overrides otherwise."""
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    overrides: dict[str, str] = {}
    for part in parts:
        ext = part.partname.ext.lower()
        if (ext, part.content_type) in default_content_types:
            defaults[ext] = part.content_type
        else:
            overrides[str(part.partname)] = part.content_type
    root = etree.Element(f"{{{_TYPES_NS}}}Types", nsmap={None: _TYPES_NS})
    for ext, ct in sorted(defaults.items()):
        etree.SubElement(root, f"{{{_TYPES_NS}}}Default", Extension=ext, ContentType=ct)
    for name, ct in sorted(overrides.items()):
        etree.SubElement(root, f"{{{_TYPES_NS}}}Override", PartName=name, ContentType=ct)
    return part_xml(root)


# ---------------------------------------------------------------- children in constant time
# lxml's len(), positive indices and slices walk the children from the first: on the body of
# a long pack, marking where the writer starts with the last child keeps each step constant.


def last_child(parent: Any) -> Any | None:
    """The last child of ``parent``, or None if it has none."""
    return next(parent.iterchildren(reversed=True), None)


def next_child(parent: Any, mark: Any | None) -> Any | None:
    """The child after ``mark`` (the first child if ``mark`` is None), or None."""
    return next(parent.iterchildren(), None) if mark is None else mark.getnext()


def children_after(parent: Any, mark: Any | None) -> list[Any]:
    """The children of ``parent`` after ``mark`` (all of them if ``mark`` is None)."""
    return list(parent.iterchildren() if mark is None else mark.itersiblings())


# ---------------------------------------------------------------- runs and fields


_R, _RPR, _RSTYLE, _T, _VAL = tag("w:r"), tag("w:rPr"), tag("w:rStyle"), tag("w:t"), tag("w:val")
_P, _PPR, _PSTYLE = tag("w:p"), tag("w:pPr"), tag("w:pStyle")
_B, _I, _XML_SPACE = tag("w:b"), tag("w:i"), tag("xml:space")
_INSTR = tag("w:instrText")


def new_run(parent: Any, style_id: str | None = None) -> CT_R:
    """Append a new ``w:r`` to ``parent`` (a paragraph or hyperlink), with a character style."""
    r = cast(CT_R, etree.SubElement(parent, _R))
    if style_id is not None:
        etree.SubElement(etree.SubElement(r, _RPR), _RSTYLE, {_VAL: style_id})
    return r


def text_run(
    parent: Any, text: str, style_id: str | None, bold: bool = False, italic: bool = False
) -> CT_R:
    """Append a run holding ``text``; ``bold``/``italic`` are direct formatting on top.

    Tabs and line breaks go through python-docx (``w:tab``, ``w:br``); plain text, the
    common case, is written as a single ``w:t`` directly.
    """
    r = cast(CT_R, etree.SubElement(parent, _R))
    if style_id is not None or bold or italic:
        r_pr = etree.SubElement(r, _RPR)  # children in PROPERTY_ORDER's order
        if style_id is not None:
            etree.SubElement(r_pr, _RSTYLE, {_VAL: style_id})
        if bold:
            etree.SubElement(r_pr, _B)
        if italic:
            etree.SubElement(r_pr, _I)
    if "\t" in text or "\n" in text or "\r" in text:
        r.text = text
    else:
        t = etree.SubElement(r, _T)
        t.text = text
        if text[:1].isspace() or text[-1:].isspace():
            t.set(_XML_SPACE, "preserve")
    return r


def new_paragraph(parent: Any, style_id: str) -> Any:
    """Append a ``w:p`` with the paragraph style ``style_id``."""
    p = etree.SubElement(parent, _P)
    etree.SubElement(etree.SubElement(p, _PPR), _PSTYLE, {_VAL: style_id})
    return p


def add_field(parent: Any, instr: str, result: str, style_id: str | None = None) -> None:
    """Append a complex field (begin, instruction, separate, cached result, end) to ``parent``.

    ``result`` is what viewers that never update fields show.  The five runs are built once
    per call.
    """
    sub(new_run(parent, style_id), "w:fldChar", {"w:fldCharType": "begin"})
    sub(new_run(parent, style_id), "w:instrText", {"xml:space": "preserve"}, f" {instr} ")
    sub(new_run(parent, style_id), "w:fldChar", {"w:fldCharType": "separate"})
    t = sub(new_run(parent, style_id), "w:t", None, result)
    if result[:1].isspace() or result[-1:].isspace():
        t.set(_XML_SPACE, "preserve")
    sub(new_run(parent, style_id), "w:fldChar", {"w:fldCharType": "end"})


def field_begin(parent: Any, instr: str) -> None:
    """Append the begin, instruction and separate runs of a field whose result follows."""
    sub(new_run(parent), "w:fldChar", {"w:fldCharType": "begin"})
    sub(new_run(parent), "w:instrText", {"xml:space": "preserve"}, f" {instr} ")
    sub(new_run(parent), "w:fldChar", {"w:fldCharType": "separate"})


def field_end(parent: Any) -> None:
    """Append the end run of a field opened by `field_begin`."""
    sub(new_run(parent), "w:fldChar", {"w:fldCharType": "end"})


def page_break(parent: Any) -> None:
    """Append a run holding a page break."""
    sub(new_run(parent), "w:br", {"w:type": "page"})


def page_break_before(paragraph: Any) -> None:
    """Start ``paragraph`` on a new page (``w:pageBreakBefore``)."""
    _ppr_child(paragraph, "w:pageBreakBefore")


def tab_run(parent: Any) -> CT_R:
    """Append a run holding a tab."""
    r = new_run(parent)
    sub(r, "w:tab")
    return r


# ---------------------------------------------------------------- bookmarks, links


def bookmark_start(near: Any, bookmark_id: int, name: str) -> Any:
    """Return a ``w:bookmarkStart`` element (in the document of ``near``), to be placed."""
    return new(near, "w:bookmarkStart", {"w:id": str(bookmark_id), "w:name": name})


def bookmark_end(parent: Any, bookmark_id: int) -> Any:
    """Append a ``w:bookmarkEnd`` element to ``parent``."""
    return sub(parent, "w:bookmarkEnd", {"w:id": str(bookmark_id)})


def hyperlink(parent: Any, *, r_id: str | None = None, anchor: str | None = None) -> Any:
    """Append a ``w:hyperlink`` to an external relationship ``r_id`` or a bookmark
    ``anchor`` to ``parent``."""
    attrs = {"w:history": "1"}
    if r_id is not None:
        attrs["r:id"] = r_id
    if anchor is not None:
        attrs["w:anchor"] = anchor
    return sub(parent, "w:hyperlink", attrs)


def set_alt_text(inline: Any, descr: str, title: str) -> None:
    """Set the alt text of a picture: ``wp:docPr/@descr`` and ``@title``, and ``pic:cNvPr``."""
    doc_pr = inline.docPr
    doc_pr.set("descr", descr)
    doc_pr.set("title", title)
    for c_nv_pr in inline.iter(tag("pic:cNvPr")):
        c_nv_pr.set("descr", descr)


# ---------------------------------------------------------------- paragraph properties


def _ppr_child(paragraph: Any, name: str) -> Any:
    """The ``name`` child of the paragraph's ``w:pPr``, added in schema order if missing."""
    return child(properties(paragraph, "w:pPr"), name)


def mark_rtl_paragraphs(body: Any) -> None:
    """Mark ``w:bidi`` each paragraph whose text is right to left by its first strong
    character (Word takes no direction from the text: unmarked, a Hebrew or Arabic paragraph
    is set left to right, its end punctuation on the right), as the PDF edition sets it."""
    if not has_rtl("".join(body.itertext(_T, with_tail=False))):
        return  # the common case: no right-to-left text at all
    for paragraph in body.iter(_P):
        text = "".join(paragraph.itertext(_T, with_tail=False))
        if is_rtl_paragraph(text):
            _ppr_child(paragraph, "w:bidi")


def keep_with_next(paragraph: Any) -> None:
    """Keep the paragraph on the page of the next one, and its lines together."""
    _ppr_child(paragraph, "w:keepNext")
    _ppr_child(paragraph, "w:keepLines")


def keep_lines(paragraph: Any) -> None:
    """Keep the paragraph's lines on one page (``w:keepLines``)."""
    _ppr_child(paragraph, "w:keepLines")


def set_tabs(paragraph: Any, stops: list[tuple[str, int]]) -> None:
    """Tab stops (alignment, position in twips from the left margin)."""
    tabs = _ppr_child(paragraph, "w:tabs")
    for align, pos in stops:
        sub(tabs, "w:tab", {"w:val": align, "w:pos": str(pos)})


def set_border(
    paragraph: Any, side: str, colour: str, size: int = 4, space: int = 1, style: str = "single"
) -> None:
    """A paragraph border on ``side`` (``size`` in eighths of a point, ``space`` in points)."""
    el = child(_ppr_child(paragraph, "w:pBdr"), f"w:{side}")
    el.attrib.update(
        {_VAL: style, tag("w:sz"): str(size), tag("w:space"): str(space), tag("w:color"): colour}
    )


def set_spacing_before(paragraph: Any, twips: int) -> None:
    """Space before the paragraph, over its style's."""
    _ppr_child(paragraph, "w:spacing").set(tag("w:before"), str(twips))


def set_spacing_after(paragraph: Any, twips: int) -> None:
    """Space after the paragraph, over its style's."""
    _ppr_child(paragraph, "w:spacing").set(tag("w:after"), str(twips))


BOX_INSET = 198  # twips from the accent bar to the text of a callout


def box_paragraph(
    paragraph: Any,
    fill: str,
    bar: str,
    *,
    first: bool,
    last: bool,
    left: int = 0,
    hanging: int = 0,
) -> None:
    """Make the paragraph part of a callout box: shaded, a 3 pt accent bar on the left and
    padding in the fill colour above the first and below the last paragraph; its style's
    indents (``left``, ``hanging``) move in by the box's inset."""
    set_border(paragraph, "top", fill, 4, 4 if first else 0)
    set_border(paragraph, "left", bar, 24, 8)
    set_border(paragraph, "bottom", fill, 4, 4 if last else 0)
    set_border(paragraph, "right", fill, 4, 6)
    _ppr_child(paragraph, "w:shd").attrib.update(
        {_VAL: "clear", tag("w:color"): "auto", tag("w:fill"): fill}
    )
    ind = _ppr_child(paragraph, "w:ind")
    ind.set(tag("w:left"), str(left + BOX_INSET))
    ind.set(tag("w:right"), "170")
    if hanging:
        ind.set(tag("w:hanging"), str(hanging))


_WATERMARK_FORMULAS = (
    "sum #0 0 10800", "prod #0 2 1", "sum 21600 0 @1", "sum 0 0 @2", "sum 21600 0 @3",
    "if @0 @3 0", "if @0 21600 @1", "if @0 0 @2", "if @0 @4 21600", "mid @5 @6",
    "mid @8 @5", "mid @7 @8", "mid @6 @7", "sum @6 0 @5",
)  # fmt: skip


def watermark(paragraph: Any, text: str, colour: str, font: str) -> None:
    """Append to a header paragraph the diagonal text watermark Word's Watermark command
    makes: a WordArt (VML text path) shape behind the text, centred on the page."""
    r = make("w:r", ns=("v", "o", "w10"))
    sub(sub(r, "w:rPr"), "w:noProof")
    pict = sub(r, "w:pict")
    shapetype = sub(
        pict,
        "v:shapetype",
        {
            "id": "_x0000_t136",
            "coordsize": "21600,21600",
            "o:spt": "136",
            "adj": "10800",
            "path": "m@7,l@8,m@5,21600l@6,21600e",
        },
    )
    formulas = sub(shapetype, "v:formulas")
    for eqn in _WATERMARK_FORMULAS:
        sub(formulas, "v:f", {"eqn": eqn})
    sub(
        shapetype,
        "v:path",
        {
            "textpathok": "t",
            "o:connecttype": "custom",
            "o:connectlocs": "@9,0;@10,10800;@11,21600;@12,10800",
            "o:connectangles": "270,180,90,0",
        },
    )
    sub(shapetype, "v:textpath", {"on": "t", "fitshape": "t"})
    sub(sub(shapetype, "v:handles"), "v:h", {"position": "#0,bottomRight", "xrange": "6629,14971"})
    sub(shapetype, "o:lock", {"v:ext": "edit", "text": "t", "shapetype": "t"})
    shape = sub(
        pict,
        "v:shape",
        {
            "id": "PowerPlusWaterMarkObject1",
            "o:spid": "_x0000_s1025",
            "type": "#_x0000_t136",
            "style": "position:absolute;margin-left:0;margin-top:0;width:440pt;height:130pt;"
            "rotation:315;z-index:-251657216;mso-position-horizontal:center;"
            "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
            "mso-position-vertical-relative:margin",
            "o:allowincell": "f",
            "fillcolor": f"#{colour}",
            "stroked": "f",
        },
    )
    sub(shape, "v:fill", {"opacity": ".5"})
    sub(
        shape,
        "v:textpath",
        {
            "style": f'font-family:"{font}";font-size:1pt;font-weight:bold',
            "string": text,
        },
    )
    sub(shape, "w10:wrap", {"anchorx": "margin", "anchory": "margin"})
    paragraph.append(r)


# ---------------------------------------------------------------- settings and styles


def prepare_settings(settings: CT_Settings, language: str) -> None:
    """Ask Word to update fields on opening and set the theme language."""
    if settings.find(tag("w:updateFields")) is None:
        el = make("w:updateFields", {"w:val": "true"})
        settings.insert_element_before(el, *_successors("w:updateFields"))
    lang = settings.find(tag("w:themeFontLang"))
    if lang is None:
        lang = make("w:themeFontLang")
        settings.insert_element_before(lang, *_successors("w:themeFontLang"))
    lang.set(tag("w:val"), language)


#: The tail of the ``w:settings`` child order (ECMA-376 CT_Settings), from updateFields on.
_SETTINGS_TAIL = (
    "w:updateFields",
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def _successors(name: str) -> tuple[str, ...]:
    return _SETTINGS_TAIL[_SETTINGS_TAIL.index(name) + 1 :]


def set_default_language(styles: Any, language: str) -> None:
    """Set ``w:lang`` in the styles part's run defaults (the document language)."""
    r_pr = styles.find(f"{tag('w:docDefaults')}/{tag('w:rPrDefault')}/{tag('w:rPr')}")
    if r_pr is None:
        defaults = styles.find(tag("w:docDefaults"))
        if defaults is None:
            defaults = make("w:docDefaults")
            styles.insert(0, defaults)
        rpr_default = defaults.find(tag("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = make("w:rPrDefault")
            defaults.insert(0, rpr_default)
        r_pr = sub(rpr_default, "w:rPr")
    child(r_pr, "w:lang").set(tag("w:val"), language)


# ---------------------------------------------------------------- document properties


def set_custom_properties(package: Package, props: dict[str, str]) -> None:
    """Write ``props`` as text custom properties (docProps/custom.xml), keeping others."""
    existing: dict[str, str] = {}
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            root = etree.fromstring(rel.target_part.blob)
            for prop in root.findall(f"{{{_CUSTOM_NS}}}property"):
                value = prop.find(f"{{{_VT_NS}}}lpwstr")
                if value is not None and prop.get("name"):
                    existing[prop.get("name", "")] = value.text or ""
            del package.rels[r_id]
    existing.update(props)
    root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    for pid, (name, value) in enumerate(existing.items(), start=2):
        prop = etree.SubElement(
            root, f"{{{_CUSTOM_NS}}}property", fmtid=_PROPS_FMTID, pid=str(pid), name=name
        )
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = value
    part = Part(PackURI("/docProps/custom.xml"), CUSTOM_PROPS_CT, part_xml(root), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def app_xml(company: str, title: str) -> bytes:
    """Return ``docProps/app.xml``: the application and company, no stale statistics."""
    root = etree.Element(f"{{{_EXTENDED_NS}}}Properties", nsmap={None: _EXTENDED_NS, "vt": _VT_NS})

    def add(
        parent: Any, name: str, text: str | None = None, ns: str = _EXTENDED_NS, **attrs: str
    ) -> Any:
        el = etree.SubElement(parent, f"{{{ns}}}{name}", attrs)
        el.text = text
        return el

    add(root, "Template", "Normal.dotm")
    add(root, "Application", "briefgen")
    add(root, "DocSecurity", "0")
    add(root, "ScaleCrop", "false")
    pairs = add(add(root, "HeadingPairs"), "vector", ns=_VT_NS, size="2", baseType="variant")
    add(add(pairs, "variant", ns=_VT_NS), "lpstr", "Title", ns=_VT_NS)
    add(add(pairs, "variant", ns=_VT_NS), "i4", "1", ns=_VT_NS)
    titles = add(add(root, "TitlesOfParts"), "vector", ns=_VT_NS, size="1", baseType="lpstr")
    add(titles, "lpstr", title, ns=_VT_NS)
    add(root, "Company", company)
    add(root, "LinksUpToDate", "false")
    add(root, "SharedDoc", "false")
    add(root, "HyperlinksChanged", "false")
    add(root, "AppVersion", "16.0000")
    return part_xml(root)


def set_run_size(paragraph: Any, points: float) -> None:
    """Set every run of ``paragraph`` in ``points`` (over its style's size)."""
    half_points = str(int(Pt(points).pt * 2))  # python-docx's ST_HpsMeasure
    for run in paragraph.iter(_R):
        child(properties(run, "w:rPr"), "w:sz").set(_VAL, half_points)


def drawing_run(parent: Any, inline: Any) -> None:
    """Append a run showing a picture (a ``wp:inline``)."""
    sub(new_run(parent), "w:drawing").append(inline)
