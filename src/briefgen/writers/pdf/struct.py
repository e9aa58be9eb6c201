"""The PDF structure tree: its model, and how it is written into a ReportLab document.

The story builder creates one `StructElem` per document-tree node, in reading
order, before layout.  While pages are drawn, the tagging canvas appends marked-content
references (`MCRef`) and annotation references (`ObjRef`) to the elements
that own what is drawn.  `write_structure` then emits StructTreeRoot, the element
objects, the ParentTree, MarkInfo, the language, DisplayDocTitle and XMP metadata.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, NoReturn
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import (
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFString,
)

from briefgen.writers.pdf.rl.fastpdf import FastArray, FastDict


@dataclass(frozen=True, slots=True)
class MCRef:
    """Marked content ``mcid`` on page ``page`` (1-based)."""

    page: int
    mcid: int


@dataclass(frozen=True, slots=True)
class ObjRef:
    """An annotation (by ReportLab annotation name) on page ``page``."""

    page: int
    annot: str


@dataclass(eq=False, slots=True)
class StructElem:
    """A structure element: a standard role, its kids in reading order, and attributes."""

    role: str
    parent: StructElem | None = None
    kids: list[StructElem | MCRef | ObjRef] = field(default_factory=list)
    alt: str | None = None
    actual_text: str | None = None
    elem_id: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)  # /A entries (with /O owner)
    links: list[tuple[str, str]] = field(default_factory=list)  # (target, text) in order
    link_pos: int = 0
    link_elems: dict[int, StructElem] = field(default_factory=dict)

    def add(self, role: str, **kw: Any) -> StructElem:
        """Create and append a child element."""
        child = StructElem(role, parent=self, **kw)
        self.kids.append(child)
        return child

    def link_for(self, target: str) -> tuple[str, StructElem]:
        """Return the text and ``Link`` child for the next link of this element to ``target``.

        Annotations arrive in drawing order; a link broken over two lines gives two
        annotations, both owned by one ``Link`` element.
        """
        for i in range(self.link_pos, len(self.links)):
            if self.links[i][0] == target:
                self.link_pos = i
                break
        else:
            i = len(self.links)
            self.links.append((target, target.lstrip("#")))
        text = self.links[i][1]
        if i not in self.link_elems:
            self.link_elems[i] = self.add("Link", alt=text)
        return text, self.link_elems[i]


def _unknown_kid(kid: NoReturn) -> NoReturn:
    """The last case of a ``match`` over an element's kids: mypy names a kind left out."""
    raise TypeError(f"{type(kid).__name__} is not a kid of a structure element: {kid!r}")


ARTIFACT = StructElem("Artifact")
"""Marks a flowable whose drawing is an artifact (for example a repeated table header)."""


class LateInt(PDFObject):  # type: ignore[misc]
    """An integer known only when the file is written (annotation StructParent keys)."""

    def __init__(self) -> None:
        self.value = 0

    def format(self, document: Any) -> bytes:
        return str(self.value).encode()


@dataclass(slots=True)
class StructTree:
    """The structure tree of one render, plus the per-page MCID and annotation owners."""

    root: StructElem = field(default_factory=lambda: StructElem("Document"))
    page_owners: dict[int, list[StructElem]] = field(default_factory=dict)  # page -> by MCID
    annots: list[tuple[PDFObjectReference, LateInt, StructElem]] = field(default_factory=list)


def _page_ref(page: int) -> PDFObjectReference:
    return PDFObjectReference(f"Page{page}")


def _measure(elem: StructElem, drawn: dict[int, bool], first: dict[int, int | None]) -> bool:
    """Whether ``elem`` or an element below it owns drawn content (noted in ``drawn``), and
    the page of its first content in reading order (noted in ``first``)."""
    found = False
    page: int | None = None
    for kid in elem.kids:
        match kid:
            case StructElem():
                found = _measure(kid, drawn, first) or found
                if page is None:
                    page = first[id(kid)]
            case MCRef() | ObjRef():
                found = True
                if page is None:
                    page = kid.page
            case _:
                _unknown_kid(kid)
    drawn[id(elem)] = found
    first[id(elem)] = page
    return found


def _visit(
    elem: StructElem, drawn: dict[int, bool], names: dict[int, str], order: list[StructElem]
) -> None:
    """Name ``elem`` and the drawn elements below it, in reading order."""
    names[id(elem)] = f"BGSE{len(order)}"
    order.append(elem)
    for kid in elem.kids:
        if isinstance(kid, StructElem) and drawn[id(kid)]:
            _visit(kid, drawn, names, order)


def write_structure(doc: Any, tree: StructTree, page_count: int) -> None:
    """Add the structure tree, ParentTree and MarkInfo to ReportLab's PDFDocument ``doc``.

    The hundreds of small objects are `FastDict` and `FastArray`: the bytes ReportLab's
    dictionaries would write, formatted without its generic dispatch.
    """
    names: dict[int, str] = {}
    order: list[StructElem] = []
    drawn: dict[int, bool] = {}  # has_content of every element, found in one pass
    first: dict[int, int | None] = {}  # the page of each element's first content
    _measure(tree.root, drawn, first)
    _visit(tree.root, drawn, names, order)
    root_ref = PDFObjectReference("BGStructTreeRoot")
    refs = {key: PDFObjectReference(name) for key, name in names.items()}
    page_refs: dict[int, PDFObjectReference] = {}

    def page_ref(page: int) -> PDFObjectReference:
        found = page_refs.get(page)
        if found is None:
            found = page_refs[page] = _page_ref(page)
        return found

    roles: dict[str, str] = {}
    struct_elem = PDFName("StructElem")
    mcr, objr = PDFName("MCR"), PDFName("OBJR")
    for elem in order:
        role = roles.get(elem.role)
        if role is None:
            role = roles[elem.role] = PDFName(elem.role)
        d: dict[str, Any] = {"Type": struct_elem, "S": role}
        d["P"] = refs[id(elem.parent)] if elem.parent else root_ref
        page = first[id(elem)]
        if page is not None:
            d["Pg"] = page_ref(page)
        kids: list[Any] = []
        for kid in elem.kids:
            match kid:
                case StructElem():
                    if drawn[id(kid)]:
                        kids.append(refs[id(kid)])
                case MCRef() if kid.page == page:
                    kids.append(kid.mcid)
                case MCRef():
                    kids.append(FastDict({"Type": mcr, "Pg": page_ref(kid.page), "MCID": kid.mcid}))
                case ObjRef():
                    obj = doc.refAnnotation(kid.annot)
                    kids.append(FastDict({"Type": objr, "Pg": page_ref(kid.page), "Obj": obj}))
                case _:
                    _unknown_kid(kid)
        d["K"] = kids[0] if len(kids) == 1 else FastArray(kids)
        if elem.alt is not None:
            d["Alt"] = PDFString(elem.alt)
        if elem.actual_text is not None:
            d["ActualText"] = PDFString(elem.actual_text)
        if elem.elem_id is not None:
            d["ID"] = PDFString(elem.elem_id)
        if elem.attrs:
            d["A"] = FastDict(dict(elem.attrs))
        doc.Reference(FastDict(d), names[id(elem)])

    nums: list[Any] = []
    for page in range(1, page_count + 1):
        owners = tree.page_owners.get(page, [])
        nums += [page - 1, FastArray([refs[id(e)] for e in owners])]
    key = page_count
    for _ref, late, elem in tree.annots:
        late.value = key
        nums += [key, refs[id(elem)]]
        key += 1
    parent_tree = FastDict({"Nums": FastArray(nums)})
    root = PDFDictionary(
        {
            "Type": PDFName("StructTreeRoot"),
            "K": refs[id(tree.root)],
            "ParentTree": doc.Reference(parent_tree, "BGParentTree"),
            "ParentTreeNextKey": key,
        }
    )
    doc.Reference(root, "BGStructTreeRoot")
    cat = doc.Catalog
    cat.StructTreeRoot = root_ref
    cat.MarkInfo = PDFDictionary({"Marked": "true"})


def _pdf_date(d: date) -> str:
    return d.isoformat() + "T00:00:00Z"


def xmp_packet(
    *,
    title: str,
    author: str,
    subject: str,
    keywords: str,
    language: str,
    edition: date,
    producer: str,
    ua: bool,
    identifier: str | None = None,
    version: str | None = None,
    pdfa: bool = False,
) -> str:
    """Return an XMP metadata packet matching the document information dictionary;
    ``pdfa`` adds the PDF/A-2u identification and the extension schema PDF/A asks for
    the PDF/UA one."""
    e = escape
    ua_ns = ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"' if ua else ""
    ua_prop = "<pdfuaid:part>1</pdfuaid:part>" if ua else ""
    if pdfa:
        ua_ns += ' xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"'
        ua_prop += "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>U</pdfaid:conformance>"
    extension = _PDFUA_EXTENSION if pdfa and ua else ""
    when = _pdf_date(edition)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        ' xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"'
        f"{ua_ns}>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(title)}</rdf:li></rdf:Alt></dc:title>'
        f"<dc:creator><rdf:Seq><rdf:li>{e(author)}</rdf:li></rdf:Seq></dc:creator>"
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(subject)}</rdf:li>'
        "</rdf:Alt></dc:description>"
        f"<dc:language><rdf:Bag><rdf:li>{e(language)}</rdf:li></rdf:Bag></dc:language>"
        + (f"<dc:identifier>{e(identifier)}</dc:identifier>" if identifier else "")
        + (f"<xmpMM:VersionID>{e(version)}</xmpMM:VersionID>" if version else "")
        + f"<pdf:Keywords>{e(keywords)}</pdf:Keywords>"
        f"<pdf:Producer>{e(producer)}</pdf:Producer>"
        f"<xmp:CreateDate>{when}</xmp:CreateDate>"
        f"<xmp:ModifyDate>{when}</xmp:ModifyDate>"
        f"<xmp:CreatorTool>{e(producer)}</xmp:CreatorTool>"
        f"{ua_prop}"
        f"</rdf:Description>{extension}</rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )


_PDFUA_EXTENSION = (
    '<rdf:Description rdf:about=""'
    ' xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
    ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"'
    ' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
    '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">'
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    '<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">'
    "<pdfaProperty:name>part</pdfaProperty:name>"
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    "<pdfaProperty:category>internal</pdfaProperty:category>"
    "<pdfaProperty:description>The part of ISO 14289 (PDF/UA) the file conforms to"
    "</pdfaProperty:description>"
    "</rdf:li></rdf:Seq></pdfaSchema:property>"
    "</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"
)
"""The PDF/A extension schema declaring ``pdfuaid:part``, which PDF/A-2 does not predefine."""


class _MetadataStream(PDFObject):  # type: ignore[misc]
    """An uncompressed metadata stream, with the EOL before ``endstream`` PDF/A asks for."""

    __RefOnly__ = 1

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        head = PDFDictionary(
            {"Type": PDFName("Metadata"), "Subtype": PDFName("XML"), "Length": len(self.data)}
        ).format(document)
        return bytes(head) + b"\nstream\n" + self.data + b"\nendstream"


def add_metadata_stream(doc: Any, packet: str) -> None:
    """Attach an XMP packet to the catalog."""
    doc.Catalog.Metadata = doc.Reference(_MetadataStream(packet.encode("utf-8")), "BGMetadata")
