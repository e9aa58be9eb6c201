"""The canvas of the PDF writer: marked content, artifacts, late forms and tagged links.

`BriefCanvas` is given to platypus as ``canvasmaker``.  Flowables call
`BriefCanvas.begin_content` / `BriefCanvas.end_content` around what they draw
(a marked-content sequence with an MCID owned by a structure element) and page chrome
and decorations run inside `BriefCanvas.artifact`.  Modes nest: a container such
as a table marks its own rules and backgrounds as an artifact, and each cell opens its own
sequence, after which the artifact resumes.  Painting operators drawn outside any mode
raise `UntaggedContentError`, so no flowable can slip through untagged.

Forms named with `BriefCanvas.late_form` are referenced while pages are drawn and
filled in just before saving, when page numbers are known ("Page X of Y", the contents).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfdoc import LinkAnnotation, PDFDictionary, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas

from briefgen.errors import RenderError
from briefgen.writers.pdf.rl.fastpdf import FastArray, FastDict, FormattedOnce
from briefgen.writers.pdf.struct import ARTIFACT, LateInt, MCRef, ObjRef, StructElem, StructTree

_PAINT = re.compile(r"(?<![\w/])(?:Tj|TJ|Do|f\*?|F|S|s|B\*?|b\*?|sh|BI)(?![\w*])")
_TEXT = re.compile(r"(?<![\w/])(?:Tj|TJ)(?![\w*])")


class UntaggedContentError(RenderError):
    """Something was drawn outside any tagged content or artifact (a writer bug)."""


@dataclass(frozen=True, slots=True)
class Artifact:
    """An artifact mode: ``kind`` is a /Type such as Pagination; containers may not show text."""

    kind: str | None = None
    subtype: str | None = None
    container: bool = False


Mode = StructElem | Artifact


@dataclass(slots=True)
class RenderState:
    """State shared by the canvas and the flowables during one render."""

    tagged: bool
    tree: StructTree = field(default_factory=StructTree)
    late_forms: dict[str, Callable[[Canvas, int], None]] = field(default_factory=dict)
    heading_pages: dict[str, int] = field(default_factory=dict)
    heading_tops: set[str] = field(default_factory=set)  # headings that start their page
    before_save: list[Callable[[Canvas], None]] = field(default_factory=list)
    page_count: int = 0
    marking_elem: StructElem | None = None  # the structure element of page 1's marking
    change_bar_x: float = 0.0  # where change bars are drawn, from the page's left edge
    layout_only: bool = False  # lay the pages out and stop: no PDF is written


_LINK_STYLE = ("thickness", "color", "dashArray")
"""``linkRect`` options that draw a border (briefgen's links have none)."""


class BriefCanvas(Canvas):  # type: ignore[misc]
    """A ReportLab canvas that writes marked content and records the structure tree."""

    def __init__(self, *args: Any, state: RenderState, **kw: Any) -> None:
        self.bg_state = state
        self._modes: list[Mode] = []
        self._open: tuple[Mode, int] | None = None
        self._unmarked_from = 0
        self._page_owners: list[StructElem] = []
        self._link_target: str | None = None
        self._link_dests: dict[str, FormattedOnce] = {}  # destination name -> its /Dest
        super().__init__(*args, **kw)

    # ----------------------------------------------------------- marked content

    def begin_content(self, elem: StructElem) -> None:
        """Start drawing content owned by ``elem`` (or an artifact for `ARTIFACT`)."""
        self._push(Artifact() if elem is ARTIFACT else elem)

    def end_content(self) -> None:
        """End what `begin_content` started."""
        self._pop()

    def begin_artifact(self, kind: str | None = None, *, container: bool = False) -> None:
        """Start drawing an artifact (page chrome, decoration)."""
        self._push(Artifact(kind, "Header" if kind == "Pagination" else None, container))

    @contextmanager
    def artifact(self, kind: str | None = None, subtype: str | None = None) -> Iterator[None]:
        """Draw the body of the ``with`` block as an artifact."""
        self._push(Artifact(kind, subtype))
        try:
            yield
        finally:
            self._pop()

    def _push(self, mode: Mode) -> None:
        if not self.bg_state.tagged:
            return
        self._close()
        self._modes.append(mode)
        self._start()

    def _pop(self) -> None:
        if not self.bg_state.tagged:
            return
        self._close()
        self._modes.pop()
        self._start()

    def _start(self) -> None:
        code = self._code
        if not self._modes:
            self._unmarked_from = len(code)
            return
        mode = self._modes[-1]
        if isinstance(mode, StructElem):
            mcid = len(self._page_owners)
            self._page_owners.append(mode)
            mode.kids.append(MCRef(self._pageNumber, mcid))
            code.append(f"/{mode.role} <</MCID {mcid}>> BDC")
        elif mode.kind:
            sub = f" /Subtype /{mode.subtype}" if mode.subtype else ""
            code.append(f"/Artifact <</Type /{mode.kind}{sub}>> BDC")
        else:
            code.append("/Artifact BMC")
        self._open = (mode, len(code))

    def _close(self) -> None:
        if self._open is None:
            self._check_unmarked()
            return
        mode, start = self._open
        self._open = None
        code = self._code
        if len(code) == start:  # nothing drawn: drop the empty sequence
            del code[start - 1]
            if isinstance(mode, StructElem):
                self._page_owners.pop()
                mode.kids.pop()
            return
        if isinstance(mode, Artifact) and mode.container:
            for op in code[start:]:
                if _TEXT.search(op):
                    raise UntaggedContentError(
                        f"text drawn as decoration of a container: {op[:60]!r}"
                    )
        code.append("EMC")

    def _check_unmarked(self) -> None:
        code = self._code
        for op in code[self._unmarked_from :]:
            if _PAINT.search(op):
                raise UntaggedContentError(
                    f"untagged content drawn on page {self._pageNumber}: {op[:80]!r}"
                )
        self._unmarked_from = len(code)

    def current_owner(self) -> StructElem | None:
        """The structure element whose content is being drawn, if any."""
        for mode in reversed(self._modes):
            if isinstance(mode, StructElem):
                return mode
        return None

    # ----------------------------------------------------------- pages and forms

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        state = self.bg_state
        number = self._pageNumber
        if state.tagged:
            if self._modes:
                raise UntaggedContentError(f"marked content left open on page {number}")
            self._check_unmarked()
            state.tree.page_owners[number] = self._page_owners
            self._page_owners = []
        super().showPage()
        state.page_count = number
        page = self._doc.Pages.pages[-1]
        if state.tagged:
            page.StructParents = number - 1
            page.Tabs = PDFName("S")
            page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
        self._unmarked_from = 0

    def late_form(self, name: str, fill: Callable[[Canvas, int], None]) -> None:
        """Draw form ``name`` here; ``fill(canvas, page_count)`` draws it before saving."""
        self.bg_state.late_forms.setdefault(name, fill)
        self.doForm(name)

    def save(self) -> None:
        if len(self._code):
            self.showPage()
        state = self.bg_state
        if state.layout_only:  # the pages and their headings are known: nothing to write
            return
        total = state.page_count
        tagged, state.tagged = state.tagged, False  # forms hold no marked content
        for name in sorted(state.late_forms):
            self.beginForm(name, lowerx=-400, lowery=-20, upperx=400, uppery=40)
            state.late_forms[name](self, total)
            self.endForm()
        state.tagged = tagged
        for hook in state.before_save:
            hook(self)
        super().save()

    def drawText(self, aTextObject: Any) -> None:  # noqa: N802, N803 - ReportLab's names
        super().drawText(aTextObject)
        # a paragraph's text object holds a method bound to itself: a cycle per paragraph
        aTextObject.__dict__.pop("_do_line", None)

    # ----------------------------------------------------------- links

    def linkRect(  # noqa: N802 - ReportLab's name
        self,
        contents: str,
        destinationname: str,
        Rect: Any = None,  # noqa: N803
        addtopage: int = 1,
        name: str | None = None,
        relative: int = 1,
        *a: Any,
        **kw: Any,
    ) -> Any:
        styled = any(kw.get(k) for k in _LINK_STYLE) or set(kw) - set(_LINK_STYLE)
        if a or styled:
            self._link_target = "#" + destinationname
            return super().linkRect(
                contents, destinationname, Rect, addtopage, name, relative, *a, **kw
            )
        self.link_to(destinationname, self._absRect(Rect, relative), name, addtopage)

    def link_to(
        self, destination: str, rect: Any, name: str | None = None, addtopage: int = 1
    ) -> None:
        """What ``linkRect`` makes of a borderless link to ``destination`` over ``rect`` (in
        page space, crop-mark shift included): ReportLab's LinkAnnotation dictionary, without
        its generic checks (Border and Contents are set in `_addAnnotation`, as for every
        link)."""
        self._link_target = "#" + destination
        dest = self._link_dests.get(destination)
        if dest is None:  # the links to one place share its destination, formatted once
            dest = self._link_dests[destination] = FormattedOnce(
                self._bookmarkReference(destination)
            )
        annotation = FastDict(
            {"Type": "/Annot", "Subtype": "/Link", "Rect": FastArray(list(rect)), "Dest": dest}
        )
        self._addAnnotation(annotation, name, addtopage)

    def linkURL(self, url: str, rect: Any, *a: Any, **kw: Any) -> Any:  # noqa: N802
        self._link_target = url
        return super().linkURL(url, rect, *a, **kw)

    def _addAnnotation(self, annotation: Any, name: str | None = None, addtopage: int = 1) -> None:  # noqa: N802
        if isinstance(annotation, LinkAnnotation):
            annotation = annotation.Dict()
        target, self._link_target = self._link_target, None
        if isinstance(annotation, (PDFDictionary, FastDict)) and target is not None:
            annotation["F"] = 4  # print
            annotation["Border"] = "[0 0 0]"
            owner = self.current_owner()
            text = target.lstrip("#")
            if owner is not None:
                text, link = owner.link_for(target)
            annotation["Contents"] = PDFString(text)
            if self.bg_state.tagged and owner is not None:
                self._annotationCount += 1
                name = name or f"BGLink{self._annotationCount}"
                late = LateInt()
                annotation["StructParent"] = late
                link.kids.append(ObjRef(self._pageNumber, name))
                tree = self.bg_state.tree
                tree.annots.append((self._doc.refAnnotation(name), late, link))
            elif self.bg_state.tagged:
                raise UntaggedContentError(f"link to {target!r} outside tagged content")
        if type(annotation) is PDFDictionary:  # the same bytes, formatted faster
            annotation = FastDict(annotation.dict)
        super()._addAnnotation(annotation, name, addtopage)
