"""A bound pack in Word: the pack's contents, the brief and each attachment in one .docx.

The parts (each a .docx this writer made) are appended with docxcompose, which carries
their styles, numbering, images and footnotes; the pack's own pages (its contents and the
tab pages, rendered as one document: `Part.elements`) are copied in as they are, as they
use nothing but paragraphs, tables and the pack's styles.  Each part starts a section of
its own on a new page, with the pack's header and footer (its marking, the highest of its parts) and
the part's running head; an attachment's section numbers its pages A-1, A-2 ... (Word
restarts the page number), the others say "Page X of Y" through the pack.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import docx
from docx.enum.section import WD_SECTION
from docx.oxml.ns import nsmap, qn

from briefgen.errors import RenderError
from briefgen.tree import Document, Metadata
from briefgen.writers.docx import xml as x
from briefgen.writers.docx.bookmarks import bookmark_names


@dataclass(frozen=True)
class Part:
    """One rendered part of a bound pack."""

    data: bytes  # a .docx written by this writer
    head: str  # the running head of its pages
    label: str = ""  # "A": its pages are numbered ...
    numbered: bool = True  # False: a tab page, whose footer gives no page number
    external: str | None = None  # a .docx named in the data: its name, for errors
    link: str | None = None  # a file beside the pack whose name its text links to
    elements: tuple[Any, ...] = ()  # instead of ``data``: body elements of a document
    # this writer made with the pack's styles and no relationships (`split`), copied in
    styles: Any = None  # ... and that document's styles element, for any the pack lacks


def split(data: bytes, doc: Document, anchors: Sequence[str]) -> list[Part] | None:
    """The body of ``data`` (``doc`` as this writer made it) cut before each heading that
    starts with the bookmark of one of ``anchors`` (heading ids), in order: one part each
    (head and label left for the caller); None when it is not so cut, or uses a
    relationship (then the parts are rendered apart)."""
    document = docx.Document(io.BytesIO(data))
    body = [e for e in document.element.body if e.tag != qn("w:sectPr")]
    named = bookmark_names(doc)
    names = [named[a] for a in anchors]
    starts = []
    for i, element in enumerate(body):
        mark = element.find(qn("w:bookmarkStart"))
        if mark is not None and mark.get(qn("w:name")) in names:
            starts.append(i)
    found = [body[i].find(qn("w:bookmarkStart")).get(qn("w:name")) for i in starts]
    if found != names or starts[:1] != [0]:
        return None
    if any(e.xpath(".//@r:id|.//w:numPr|.//w:footnoteReference") for e in body):
        return None
    styles = document.styles.element
    ends = [*starts[1:], len(body)]
    return [
        Part(b"", "", elements=tuple(body[a:b]), styles=styles)
        for a, b in zip(starts, ends, strict=True)
    ]


def bind(front: bytes, parts: Sequence[Part], meta: Metadata) -> bytes:
    """``front`` (the brief, whose header and footer every part takes) followed by
    ``parts``, one section each."""
    master = docx.Document(io.BytesIO(front))
    composer = _composer()(master)
    header = master.sections[0].header._element
    footer = master.sections[0].footer._element
    for part in parts:
        section = master.add_section(WD_SECTION.NEW_PAGE)
        if part.elements:
            _copy_in(master, part)
        else:
            composer.append(_open(part))
        _chrome(section, header, footer, part)
    for name in [p.link for p in parts if p.link is not None]:
        _link_file(master, name)
    composer.renumber_bookmarks()  # unique ids over the parts copied in too
    app = x.app_xml(meta.organisation, meta.title)
    return x.save_package(master.part.package, replace={"docProps/app.xml": app})


def _copy_in(master: Any, part: Part) -> None:
    """Put ``part``'s elements at the end of ``master``'s body (before its last section's
    properties), with any style they use that the pack lacks."""
    body = master.element.body
    at = body.index(body.sectPr) if body.sectPr is not None else len(body)
    used = {e.val for el in part.elements for e in el.xpath(_STYLED)}
    ours = {s.get(qn("w:styleId")) for s in master.styles.element.style_lst}
    for style in part.styles.style_lst if part.styles is not None else ():
        if style.get(qn("w:styleId")) in used - ours:
            master.styles.element.append(copy.deepcopy(style))
    for i, element in enumerate(part.elements):
        body.insert(at + i, copy.deepcopy(element))


def _open(part: Part) -> Any:
    """The part as a python-docx document; a file that is no Word document (a macro-enabled
    one renamed .docx included) is a `RenderError` naming it."""
    try:
        return docx.Document(io.BytesIO(part.data))
    except Exception as exc:  # python-docx raises many kinds for a bad package
        raise RenderError(
            f"{part.external}: not a Word document that can be bound in ({exc})"
        ) from None


_STYLED = ".//w:tblStyle|.//w:pStyle|.//w:rStyle"


def _composer() -> Any:
    """docxcompose's Composer, looking each style of a part up once (`_Once`); importing
    it rebinds python-docx's "cp" prefix (core properties) to custom properties, which
    would make every .docx written later in the process invalid, so the binding is put
    back."""
    core = nsmap["cp"]
    from docxcompose.composer import Composer
    from docxcompose.utils import xpath

    nsmap["cp"] = core

    class _Once(Composer):  # type: ignore[misc]
        """Composer whose `add_styles` skips an element all of whose styles it has
        already handled in this part as styles the pack has under the same id (nothing
        to copy or rename: the second pass would find and set the same things), or whose
        styles the pack has under the same id and are no list styles (docxcompose would
        find each and do nothing).  Parts
        briefgen wrote share one set of styles, so most elements are skipped; docxcompose
        otherwise lists every style of the pack once per appended element."""

        def reset_reference_mapping(self) -> None:
            super().reset_reference_mapping()
            self._kept: set[str] = set()

        def add_styles(self, doc: Any, element: Any) -> None:
            used = {e.val for e in xpath(element, _STYLED)}
            if used <= self._kept:
                return
            ours = {s.get(qn("w:styleId")) for s in self.doc.styles.element.style_lst}
            same = {
                sid
                for sid in used
                if sid in ours and self.mapped_style_id(sid) == sid and not self.preserve_styles
            }
            if used <= same and not any(_numbered(doc, sid) for sid in used - self._kept):
                self._kept |= same  # docxcompose would do nothing for them: no list style
                return
            super().add_styles(doc, element)
            self._kept |= same

    return _Once


def _numbered(doc: Any, style_id: str) -> bool:
    """Whether ``doc``'s style ``style_id`` is a list style (docxcompose maps its numbering)."""
    element = doc.styles.element.get_by_id(style_id)
    return element is not None and bool(element.xpath(".//w:numId"))


def _chrome(section: Any, header: Any, footer: Any, part: Part) -> None:
    """Give ``section`` the pack's header and footer with ``part``'s running head and, for
    an attachment, its own page numbers restarting at 1."""
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    _fill(section.header._element, header)
    _fill(section.footer._element, footer)
    for para in section.header._element.findall(qn("w:p")):
        style = para.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        texts = para.findall(".//" + qn("w:t"))
        if style is not None and style.get(qn("w:val")) == "Header" and texts:
            texts[0].text = part.head  # the running head: the line under the marking
    if not part.numbered:
        _attachment_numbers(section.footer._element, "")
    elif part.label:
        _attachment_numbers(section.footer._element, part.label)
        pg = section._sectPr.find(qn("w:pgNumType"))
        if pg is None:
            pg = section._sectPr.makeelement(qn("w:pgNumType"), {})
            cols = section._sectPr.find(qn("w:cols"))
            if cols is not None:
                cols.addprevious(pg)
            else:
                section._sectPr.append(pg)
        pg.set(qn("w:start"), "1")


def _link_file(master: Any, name: str) -> None:
    """Make each run of the body that reads ``name`` (a file beside the pack, e.g.
    ``esa-visit.attachment-B.pdf``) a hyperlink to it: an external relationship whose
    target is the bare name, so Word opens it from the folder the pack is in."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    runs = [
        r
        for r in master.element.body.iter(qn("w:r"))
        if "".join(t.text or "" for t in r.iter(qn("w:t"))) == name
    ]
    if not runs:
        raise RenderError(f"the tab page names no {name!r} to link")
    r_id = master.part.relate_to(name, RT.HYPERLINK, is_external=True)
    for run in runs:
        link = run.makeelement(qn("w:hyperlink"), {qn("r:id"): r_id, qn("w:history"): "1"})
        run.addprevious(link)
        link.append(run)
        props = run.find(qn("w:rPr"))
        if props is None:
            props = run.makeelement(qn("w:rPr"), {})
            run.insert(0, props)
        style = props.find(qn("w:rStyle"))
        if style is None:
            style = props.makeelement(qn("w:rStyle"), {})
            props.insert(0, style)
        style.set(qn("w:val"), _hyperlink_style(master))


def _hyperlink_style(master: Any) -> str:
    """The style id of the pack's Hyperlink character style (Word's built-in name)."""
    for s in master.styles.element.style_lst:
        name = s.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")) == "Hyperlink":
            return str(s.get(qn("w:styleId")))
    return "Hyperlink"


def _fill(target: Any, source: Any) -> None:
    """Replace ``target``'s paragraphs with copies of ``source``'s."""
    for child in list(target):
        target.remove(child)
    for child in source:
        target.append(copy.deepcopy(child))


def _attachment_numbers(footer: Any, label: str) -> None:
    """Turn the footer's "Page X of Y" into "A-X": the pages of an attachment (no
    ``label``: no page number at all)."""
    for para in footer.findall(qn("w:p")):
        runs = para.findall(qn("w:r"))
        for i, run in enumerate(runs):
            t = run.find(qn("w:t"))
            if t is not None and t.text == "Page " and not label:
                for r in runs[i:]:
                    para.remove(r)
                break
            if t is not None and t.text == "Page ":
                t.text = f"{label}-"
            elif t is not None and t.text == " of ":
                for r in runs[i:]:  # " of " and the NUMPAGES field after it
                    para.remove(r)
                break
