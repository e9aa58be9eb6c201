"""The PDF writer: a document tree to a tagged PDF/UA-1 file, laid out in one pass.

``render(doc, theme)`` builds a platypus story (`briefgen.writers.pdf.story`) with the
structure tree beside it, lays it out once on a `BriefCanvas` and returns the bytes.

One layout pass: the contents lists a known number of headings, so its height is known
before layout.  Its page numbers, and the "of Y" of every footer, are form XObjects drawn
where they belong during layout and filled in just before the file is saved, when every
heading's page and the page count are known.  No ``multiBuild``.

The output is deterministic: ReportLab's invariant mode, with the edition date as the
document date.  With ``theme.tagged_pdf`` false the same file is written without marked
content or structure tree.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

from reportlab import Version as RL_VERSION
from reportlab import rl_config
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfdoc import PDFName, PDFString

from briefgen.theme import Theme
from briefgen.tree import Document, check, with_portions
from briefgen.writers import Rendered
from briefgen.writers.pdf.fonts import FontStack
from briefgen.writers.pdf.layout import BriefDocTemplate, Chrome, change_bar_x, make_styles
from briefgen.writers.pdf.rl import internals, shaping
from briefgen.writers.pdf.rl.canvas import BriefCanvas, RenderState
from briefgen.writers.pdf.story import StoryBuilder
from briefgen.writers.pdf.struct import StructElem, add_metadata_stream, write_structure, xmp_packet

PRODUCER = f"briefgen (ReportLab {RL_VERSION})"


def _timestamp(day: date) -> TimeStamp:
    """A ReportLab timestamp at midnight UTC of ``day``."""
    ts = TimeStamp(invariant=1)
    ts.YMDhms = (day.year, day.month, day.day, 0, 0, 0)
    ts.dhh = ts.dmm = 0
    return ts


def render(doc: Document, theme: Theme) -> Rendered:
    """Render ``doc`` to PDF bytes (raises RenderError for a character no font covers)."""
    check(doc)
    return build(doc, theme)


def heading_pages(doc: Document, theme: Theme) -> dict[str, int]:
    """The page of each heading (by id) in this writer's layout of ``doc``: the Word
    writer's contents shows them, as the editions share the house style and metrics.  A
    character no font has is no concern of the Word edition: it is laid out as empty."""
    return {hid: page for hid, page, _ in layout(doc, theme).headings}


def layout(doc: Document, theme: Theme) -> Rendered:
    """This writer's layout of ``doc`` without the file: its page count and `headings`
    (see `Rendered`), for a build that writes no PDF.  A character no font has is laid
    out as empty."""
    import warnings

    state = RenderState(tagged=False, layout_only=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        build(doc, replace(theme, tagged_pdf=False, allow_missing_glyphs=True), state=state)
    return Rendered(b"", state.page_count, headings=_headings(doc, state))


def _headings(doc: Document, state: RenderState) -> tuple[tuple[str, int, bool], ...]:
    """Each heading's id, page and whether it starts its page, as laid out into ``state``."""
    from briefgen.writers.pdf.story import heading_keys

    keys = heading_keys(doc)
    out = []
    for h in doc.iter_headings():
        key = keys.get(h.id, "")
        if key in state.heading_pages:
            out.append((h.id, state.heading_pages[key], key in state.heading_tops))
    return tuple(out)


def build(
    doc: Document,
    theme: Theme,
    extra: list[Any] | None = None,
    state: RenderState | None = None,
) -> Rendered:
    """Render ``doc``; ``extra`` flowables are appended to the story (for tests)."""
    doc = with_portions(doc)  # each portion's marking leads its text
    fonts = FontStack(theme.fonts, allow_missing=theme.allow_missing_glyphs)
    styles = make_styles(fonts, theme)
    state = state or RenderState(tagged=theme.tagged_pdf, change_bar_x=change_bar_x(theme))
    meta = doc.meta
    out = io.BytesIO()
    keywords = ", ".join(dict.fromkeys((*meta.keywords, meta.marking)))
    subject = " - ".join(x for x in (meta.subtitle, meta.marking) if x)
    template = BriefDocTemplate(
        out,
        theme=theme,
        chrome=Chrome(meta, fonts, styles, bare=not theme.page_chrome),
        title=meta.title,
        author=meta.author or meta.organisation,
        subject=subject,
        keywords=keywords,
        creator=PRODUCER,
        producer=PRODUCER,
        invariant=1,
        pageCompression=1,
        initialFontName=fonts.font(),
        initialFontSize=10,
        initialLeading=12,
        lang=meta.language,
        displayDocTitle=1,
    )
    story = StoryBuilder(
        doc, fonts, styles, state, (template.frame_width, template.frame_height), theme
    ).build()
    story += extra or []

    def finish(canv: Any) -> None:
        pdoc = internals.pdf_document(canv)
        internals.set_document_date(canv, _timestamp(meta.edition))
        canv.setViewerPreference("DisplayDocTitle", "true")
        pdoc.Catalog.Lang = PDFString(meta.language)
        packet = xmp_packet(
            title=meta.title,
            author=meta.author or meta.organisation,
            subject=subject,
            keywords=keywords,
            language=meta.language,
            edition=meta.edition,
            producer=PRODUCER,
            ua=state.tagged,
            identifier=meta.reference,
            version=meta.version,
            pdfa=theme.archive,
        )
        add_metadata_stream(pdoc, packet)
        if state.tagged:
            write_structure(pdoc, state.tree, state.page_count)
        pdoc.Catalog.PageMode = PDFName("UseOutlines")

    state.before_save.append(finish)
    with _rl_settings(useA85=0), shaping.by_font():
        template.build(story, canvasmaker=lambda *a, **kw: BriefCanvas(*a, state=state, **kw))
    _let_go(template, state)
    logo = (str(theme.logo),) if theme.logo is not None else ()
    data = out.getvalue()
    if theme.archive and not state.layout_only:
        from briefgen.writers.pdf.archive import archival

        data = archival(data)
    headings = _headings(doc, state)
    return Rendered(data, state.page_count, fonts.files() + logo, headings)


def _let_go(template: Any, state: RenderState) -> None:
    """Break the reference cycles a render leaves (the structure tree's parent links,
    the document template, its canvas and PDF document, which hold each other, and the
    render's hooks, closures over its state), so the written render is freed as soon as
    it is dropped, not by a pass of the garbage collector."""
    state.before_save.clear()
    state.late_forms.clear()
    stack = [state.tree.root]
    while stack:
        elem = stack.pop()
        elem.parent = None
        stack.extend(kid for kid in elem.kids if isinstance(kid, StructElem))
    canvas = getattr(template, "canv", None)
    if canvas is not None:
        internals.release(canvas)
    for page_template in template.pageTemplates:
        page_template.__dict__.clear()
    template.__dict__.clear()


@contextmanager
def _rl_settings(**settings: Any) -> Iterator[None]:
    """Change ReportLab settings for one build and restore them (binary streams: no ASCII85)."""
    saved = {k: getattr(rl_config, k) for k in settings}
    for k, v in settings.items():
        setattr(rl_config, k, v)
    try:
        yield
    finally:
        for k, v in saved.items():
            setattr(rl_config, k, v)
