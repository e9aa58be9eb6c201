"""A corporate Word reference document, checked and reduced to the parts a pack uses.

A reference .docx is untrusted: it may carry an external ``attachedTemplate`` (remote
template injection), macros (a .docm renamed .docx), comments, custom XML, external links,
parts that expand to gigabytes or XML with a DOCTYPE.  `clean_reference` reads only the parts
a pack needs (styles, numbering, theme, font table, the settings that shape layout and the
page setup), each within a size limit and without any DTD, and writes them into a new
package of its own; nothing else of the original reaches an output.  The data layer calls
it at ``validate`` and the Word writer before use, so both refuse the same files.
"""

from __future__ import annotations

import functools
import io
import posixpath
import zipfile
import zlib
from typing import Any

from lxml import etree

MAX_FILE_BYTES = 32 * 1024 * 1024
"""The largest reference document read at all."""
MAX_PART_BYTES = 16 * 1024 * 1024
"""The most one part may expand to (a corporate styles.xml is well under 1 MB)."""
MAX_ENTRIES = 5000

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT = "application/vnd.openxmlformats-officedocument."
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

#: Relationship type -> (part name in the clean package, content type): the parts kept.
_KEPT: dict[str, tuple[str, str]] = {
    "styles": ("word/styles.xml", _CT + "wordprocessingml.styles+xml"),
    "numbering": ("word/numbering.xml", _CT + "wordprocessingml.numbering+xml"),
    "theme": ("word/theme/theme1.xml", _CT + "theme+xml"),
    "fontTable": ("word/fontTable.xml", _CT + "wordprocessingml.fontTable+xml"),
    "settings": ("word/settings.xml", _CT + "wordprocessingml.settings+xml"),
}


def _tags(names: str) -> frozenset[str]:
    return frozenset(f"{{{_W}}}{name}" for name in names.split())


#: Settings that shape layout or numbers; the rest (attached template, mail merge, document
#: variables, protection, revision ids, ...) is dropped.  Kept in the original's order.
_SETTINGS_KEPT = _tags(
    "mirrorMargins alignBordersAndEdges bordersDoNotSurroundHeader bordersDoNotSurroundFooter "
    "gutterAtTop defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone "
    "doNotHyphenateCaps bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets "
    "characterSpacingControl strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore "
    "compat themeFontLang clrSchemeMapping decimalSymbol listSeparator defaultTableStyle"
) | {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"}

#: Page setup a section keeps (headers, footers, printer settings and revisions go).
_SECTION_KEPT = _tags(
    "footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType pgNumType cols "
    "formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid"
)

#: Elements that only point at other parts (picture bullets, embedded fonts): dropped.
_POINTERS = _tags("numPicBullet lvlPicBulletId embedRegular embedBold embedItalic embedBoldItalic")


class ReferenceDocxError(ValueError):
    """The reference document is refused; the message says why, for the officer."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@functools.lru_cache(maxsize=8)
def clean_reference(data: bytes) -> bytes:
    """A new .docx holding only what a pack uses of reference document ``data``.

    Raises `ReferenceDocxError` for a file too large, not a Word document, damaged, with a
    part over `MAX_PART_BYTES` (checked before expanding it) or with a DOCTYPE.
    """
    if len(data) > MAX_FILE_BYTES:
        raise ReferenceDocxError(f"is larger than {MAX_FILE_BYTES // 2**20} MB")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if len(z.infolist()) > MAX_ENTRIES:
                raise ReferenceDocxError(f"holds more than {MAX_ENTRIES} parts")
            return _Reader(z).clean()
    except zipfile.BadZipFile as exc:
        raise ReferenceDocxError(f"is not a .docx (a Word document or template): {exc}") from exc


class _Reader:
    def __init__(self, z: zipfile.ZipFile) -> None:
        self.z = z
        self.names = {info.filename.lstrip("/"): info for info in z.infolist()}

    def read(self, name: str) -> bytes:
        """Part ``name``'s bytes, refused before expanding when it claims to be too large."""
        info = self.names.get(name)
        if info is None:
            raise ReferenceDocxError(
                f"is not a .docx (a Word document or template): no part {name}"
            )
        limit = MAX_PART_BYTES
        if info.file_size > limit:
            raise ReferenceDocxError(
                f"part {name} would expand to {info.file_size // 2**20} MB "
                f"(at most {limit // 2**20} MB): use a template saved by Word"
            )
        try:
            with self.z.open(info) as fh:
                body = fh.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError) as exc:
            raise ReferenceDocxError(f"is damaged ({name}: {exc})") from exc
        if len(body) > limit:  # pragma: no cover - zipfile stops at the declared size
            raise ReferenceDocxError(f"part {name} is larger than {limit // 2**20} MB")
        return body

    def xml(self, name: str) -> Any:
        """Part ``name`` parsed, refused when it holds a DOCTYPE (entities, external DTDs)."""
        body = self.read(name)
        if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
            raise ReferenceDocxError(f"part {name} holds a DOCTYPE, which Word never writes")
        try:
            root = etree.fromstring(body, _parser())
        except etree.XMLSyntaxError as exc:
            raise ReferenceDocxError(f"part {name} is not well-formed XML: {exc}") from exc
        if root.getroottree().docinfo.doctype:
            raise ReferenceDocxError(f"part {name} holds a DOCTYPE, which Word never writes")
        return root

    def rels(self, part: str) -> list[tuple[str, str]]:
        """(type, part name) of part ``part``'s internal relationships."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if rels_name not in self.names:
            return []
        out = []
        for rel in self.xml(rels_name).iterchildren(f"{{{_PKG_RELS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            out.append((rel.get("Type", "").rsplit("/", 1)[-1], posixpath.normpath(name)))
        return out

    def clean(self) -> bytes:
        main = next((n for kind, n in self.rels("") if kind == "officeDocument"), None)
        if main is None:
            raise ReferenceDocxError("is not a .docx (a Word document or template): no main part")
        found = {kind: name for kind, name in reversed(self.rels(main)) if kind in _KEPT}
        if "styles" not in found:
            raise ReferenceDocxError("is not a .docx (a Word document or template) with styles")
        parts = {_KEPT[kind][0]: self.xml(name) for kind, name in found.items()}
        if "word/settings.xml" in parts:
            _keep_children(parts["word/settings.xml"], _SETTINGS_KEPT)
        for root in parts.values():
            _drop_pointers(root)
        parts["word/document.xml"] = _document(self.xml(main))
        return _package(parts, [k for k in _KEPT if k in found])


def _keep_children(root: Any, kept: frozenset[str]) -> None:
    for child in list(root):
        if child.tag not in kept:
            root.remove(child)
    for attr in list(root.attrib):  # mc:Ignorable and the like name prefixes now unused
        if not attr.startswith(f"{{{_W}}}"):
            del root.attrib[attr]


def _drop_pointers(root: Any) -> None:
    """Remove what points at another part (which the clean package does not have)."""
    doomed = [
        el
        for el in root.iter()
        if el.tag in _POINTERS or any(a.startswith(f"{{{_R}}}") for a in el.attrib)
    ]
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)


def _document(original: Any) -> Any:
    """An empty body holding only the original's page setup (its last section)."""
    root = etree.Element(f"{{{_W}}}document", nsmap={"w": _W, "r": _R})
    body = etree.SubElement(root, f"{{{_W}}}body")
    old = original.find(f"{{{_W}}}body")
    sect = None if old is None else old.find(f"{{{_W}}}sectPr")
    if sect is not None:
        sect = etree.fromstring(etree.tostring(sect), _parser())
        _keep_children(sect, _SECTION_KEPT)
        _drop_pointers(sect)
        body.append(sect)
    return root


_CORE = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
)
_APP = '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>'


def _package(parts: dict[str, Any], kinds: list[str]) -> bytes:
    """The clean package: the kept parts, empty properties (the writer fills them) and
    relationships and content types of its own."""
    overrides = [
        ("/docProps/app.xml", _CT + "extended-properties+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/word/document.xml", _CT + "wordprocessingml.document.main+xml"),
    ] + [("/" + _KEPT[kind][0], _KEPT[kind][1]) for kind in kinds]
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{n}" ContentType="{ct}"/>' for n, ct in overrides)
        + "</Types>"
    )
    package_rels = _rels(
        [
            ("rId1", _RT + "officeDocument", "word/document.xml"),
            ("rId2", _PKG_RELS + "/metadata/core-properties", "docProps/core.xml"),
            ("rId3", _RT + "extended-properties", "docProps/app.xml"),
        ]
    )
    document_rels = _rels(
        [
            (f"rId{i}", _RT + kind, posixpath.relpath(_KEPT[kind][0], "word"))
            for i, kind in enumerate(kinds, start=1)
        ]
    )
    xml = {
        name: etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        for name, root in parts.items()
    }
    entries = [
        ("[Content_Types].xml", types.encode()),
        ("_rels/.rels", package_rels),
        ("docProps/app.xml", _APP.encode()),
        ("docProps/core.xml", _CORE.encode()),
        ("word/_rels/document.xml.rels", document_rels),
        *sorted(xml.items()),
    ]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, body in entries:
            dst.writestr(zipfile.ZipInfo(name, date_time=_ZIP_TIME), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _rels(items: list[tuple[str, str, str]]) -> bytes:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{n}"/>' for i, t, n in items)
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Relationships xmlns="{_PKG_RELS}">{body}</Relationships>'
    ).encode()
