"""The Word reference document and its styles: read once per content, resolved to style ids.

Like Pandoc's reference-doc: the body of the shipped ``reference.docx`` (or the theme's
``reference_docx``) is discarded and its styles, numbering, page setup and theme are kept.
A style a corporate template lacks is copied from the shipped one.
"""

from __future__ import annotations

import copy
import functools
import io
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.parts.styles import StylesPart

from briefgen.errors import RenderError
from briefgen.refdocx import ReferenceDocxError, clean_reference
from briefgen.theme import Theme, resource_path
from briefgen.writers.docx.xml import set_default_language

#: Style key -> (style type, style name as stored in styles.xml, matched case-insensitively).
STYLE_NAMES: dict[str, tuple[str, str]] = {
    "normal": ("paragraph", "Normal"),
    "title": ("paragraph", "Title"),
    "subtitle": ("paragraph", "Subtitle"),
    "cover_meta": ("paragraph", "Cover Meta"),
    "marking": ("paragraph", "Marking"),
    "draft": ("paragraph", "Draft"),
    **{f"h{n}": ("paragraph", f"heading {n}") for n in range(1, 5)},
    "toc_heading": ("paragraph", "TOC Heading"),
    **{f"toc{n}": ("paragraph", f"toc {n}") for n in range(1, 4)},
    "caption": ("paragraph", "caption"),
    "figure": ("paragraph", "Figure"),
    "credit": ("paragraph", "Credit"),
    "callout": ("paragraph", "Callout"),
    "acknowledgement": ("paragraph", "Acknowledgement"),
    "table_text": ("paragraph", "Table Text"),
    "table_heading": ("paragraph", "Table Heading"),
    "source": ("paragraph", "Source"),
    "header": ("paragraph", "header"),
    "footer": ("paragraph", "footer"),
    **{
        f"list_{kind}{n}": ("paragraph", f"List {kind.title()}" + ("" if n == 1 else f" {n}"))
        for kind in ("bullet", "number", "continue")
        for n in range(1, 4)
    },
    "footnote_ref": ("character", "footnote reference"),
    "hyperlink": ("character", "Hyperlink"),
    "strong": ("character", "Strong"),
    "emphasis": ("character", "Emphasis"),
    "table": ("table", "Briefing Table"),
}


def _reference_bytes(path: Path | None) -> bytes:
    """The bytes of the reference document as it is now: the shipped one as it is, a
    theme's reduced to the parts a pack uses (`clean_reference`)."""
    p = Path(path) if path is not None else resource_path("reference.docx")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise RenderError(f"cannot read Word reference document {p}: {exc}") from exc
    if path is None:
        return data
    try:
        return clean_reference(data)
    except ReferenceDocxError as exc:
        raise RenderError(f"the Word reference document {p} {exc}") from exc


class _SharedStyles(StylesPart):
    """The styles part of a prepared reference (`open_prepared`): one object shared by every
    render made from it, never changed once prepared, so its bytes are serialised once."""

    def __init__(self, part: Any) -> None:
        super().__init__(part.partname, part.content_type, part.element, part.package)
        self._bytes: bytes = part.blob

    @property
    def blob(self) -> bytes:
        return self._bytes


def open_prepared(theme: Theme, language: str) -> tuple[Any, dict[str, str]]:
    """A python-docx document of the theme's reference with its styles made ready for a
    pack in ``language`` (`resolve_styles`, `apply_looks`, the default language), and the
    style ids: a copy of the one prepared when these reference bytes, this theme's fonts
    and colours and this language were first seen.  The styles part is shared by the copies
    (the writer only reads it), so it is neither copied nor serialised again per render."""
    data = _reference_bytes(theme.reference_docx)
    shipped = theme.reference_docx is None
    looks = (theme.word_font, theme.marking_colour, theme.accent_colour)
    try:
        base, sid = _prepared(data, shipped, looks, language)
        shared = base.part.part_related_by(RT.STYLES)
        memo = {id(shared): shared} if isinstance(shared, _SharedStyles) else {}
        return copy.deepcopy(base, memo), dict(sid)
    except (ValueError, KeyError) as exc:
        where = theme.reference_docx
        raise RenderError(f"cannot use Word reference document {where}: {exc}") from exc


@functools.lru_cache(maxsize=8)
def _prepared(
    data: bytes, shipped: bool, looks: tuple[str, str, str], language: str
) -> tuple[Any, dict[str, str]]:
    """The reference ``data`` opened and its styles prepared: never changed, only copied."""
    document = copy.deepcopy(_opened(data))
    styles = document.styles.element
    sid = resolve_styles(styles, None if shipped else shipped_styles())
    if shipped:
        apply_looks(styles, *looks)
    set_default_language(styles, language)
    part = document.part.part_related_by(RT.STYLES)
    if not len(part.rels):  # a styles part with relationships of its own is copied per render
        rels = document.part.rels
        shared = _SharedStyles(part)
        for rid, rel in list(rels.items()):
            if not rel.is_external and rel.target_part is part:  # replaced in place: the
                rels.add_relationship(rel.reltype, shared, rid)  # same rId, same order
    return document, sid


@functools.lru_cache(maxsize=4)
def _opened(data: bytes) -> Any:
    """The reference document ``data`` opened: never changed, only copied."""
    return docx.Document(io.BytesIO(data))


@functools.lru_cache(maxsize=1)
def shipped_styles() -> Any:
    """The shipped reference's styles element: the source of styles a template lacks."""
    with zipfile.ZipFile(io.BytesIO(_reference_bytes(None))) as z:
        return parse_xml(z.read("word/styles.xml"))


def resolve_styles(styles: Any, fallback: Any | None) -> dict[str, str]:
    """Map every key of `STYLE_NAMES` to a style id, in one pass over ``styles``.

    A style the document lacks is copied from ``fallback`` (the shipped reference, without
    list numbering); with no fallback a missing style is a `RenderError`.
    """
    index: dict[tuple[str, str], str] = {}
    name_tag, type_tag, val_tag, id_tag = qn("w:name"), qn("w:type"), qn("w:val"), qn("w:styleId")
    for style in styles.iterchildren(qn("w:style")):
        name = style.find(name_tag)
        if name is not None:
            found = (style.get(type_tag), name.get(val_tag, "").lower())
            index.setdefault(found, style.get(id_tag))
    ids: dict[str, str] = {}
    for key, (kind, name) in STYLE_NAMES.items():
        style_id = index.get((kind, name.lower()))
        if style_id is None:
            if fallback is None:
                raise RenderError(f"the Word reference document has no {kind} style {name!r}")
            style_id = _copy_style(styles, fallback, kind, name)
            index[(kind, name.lower())] = style_id
        ids[key] = style_id
    return ids


def _copy_style(styles: Any, source: Any, kind: str, name: str) -> str:
    """Copy style ``name`` from ``source`` into ``styles``; return its (maybe new) id."""
    taken = {str(s.get(qn("w:styleId"))) for s in styles.iterchildren(qn("w:style"))}
    for style in source.iterchildren(qn("w:style")):
        el = style.find(qn("w:name"))
        if style.get(qn("w:type")) == kind and el is not None and el.get(qn("w:val")) == name:
            clone = copy.deepcopy(style)
            for num_pr in clone.iter(qn("w:numPr")):
                num_pr.getparent().remove(num_pr)
            style_id = str(style.get(qn("w:styleId")))
            if style_id in taken:
                style_id = "Briefgen" + style_id
                clone.set(qn("w:styleId"), style_id)
            clone.attrib.pop(qn("w:default"), None)
            styles.append(clone)
            return style_id
    raise RenderError(f"no {kind} style {name!r} to copy")  # pragma: no cover


def apply_looks(styles: Any, word_font: str, marking_colour: str, accent_colour: str) -> None:
    """Apply a theme's font and colours to the shipped styles (which carry the defaults)."""
    default = _default_theme()
    if word_font != default.word_font:
        for fonts in styles.iter(qn("w:rFonts")):
            for attr in ("w:ascii", "w:hAnsi", "w:cs"):
                if fonts.get(qn(attr)) == default.word_font:
                    fonts.set(qn(attr), word_font)
    colours = {
        default.marking_colour.upper(): marking_colour.upper(),
        default.accent_colour.upper(): accent_colour.upper(),
    }
    if any(k != v for k, v in colours.items()):
        for colour in styles.iter(qn("w:color")):
            value = colour.get(qn("w:val"), "").upper()
            if value in colours:
                colour.set(qn("w:val"), colours[value])


@functools.lru_cache(maxsize=1)
def _default_theme() -> Theme:
    return Theme()
