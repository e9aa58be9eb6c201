"""The HTML writer: a document tree to one self-contained, accessible web page.

``render(doc, theme)`` writes a UTF-8 page with its style sheet inline and its images as
``data:`` URIs, so the one file is the whole edition.  Landmarks (a header and a footer
banner carrying the protective marking, the main content after a skip link), headings,
lists, tables and figures follow WCAG 2.2 AA; printed, the page is A4 in the house style
with the marking at the top and bottom of every page.  Same tree and theme, same bytes.
"""

from __future__ import annotations

from markupsafe import Markup

from briefgen.theme import Theme
from briefgen.tree import Document, check, with_portions
from briefgen.writers import Rendered
from briefgen.writers.html.body import Body
from briefgen.writers.html.markup import el, lines
from briefgen.writers.html.style import page_chrome, stylesheet

GENERATOR = "briefgen"
"""The page's generator: how a build knows a page in its output folder is its own."""


def render(doc: Document, theme: Theme) -> Rendered:
    """Render ``doc`` as an HTML page."""
    check(doc)
    doc = with_portions(doc)  # each portion's marking leads its text
    meta = doc.meta
    body = Body(doc, theme)
    main = body.blocks(doc.blocks)
    banner = el("p", {"class": "marking"}, meta.marking)
    head = lines(
        [
            el("meta", {"charset": "utf-8"}),
            el("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
            el("title", None, f"{meta.title} ({meta.marking})"),
            el("meta", {"name": "generator", "content": GENERATOR}),
            el("meta", {"name": "author", "content": meta.author or meta.organisation}),
            el("meta", {"name": "dcterms.date", "content": meta.edition.isoformat()}),
            el("meta", {"name": "dcterms.accessRights", "content": meta.marking}),
            el("meta", {"name": "keywords", "content": ", ".join(meta.keywords)})
            if meta.keywords
            else Markup(""),
            el("meta", {"name": "dcterms.identifier", "content": meta.reference})
            if meta.reference
            else Markup(""),
            el("style", None, Markup(stylesheet(theme))),
            el(
                "style",
                None,
                Markup(page_chrome(theme, meta.title, meta.marking, meta.organisation, meta.draft)),
            ),
        ]
    )
    page = lines(
        [
            Markup("<!DOCTYPE html>"),
            Markup('<html lang="{}">').format(meta.language),
            el("head", None, Markup("\n"), head, Markup("\n")),
            Markup("<body>"),
            el("a", {"class": "skip", "href": "#bg-main"}, "Skip to main content"),
            el("header", {"class": "banner", "aria-label": "Protective marking"}, banner),
            el("main", {"id": "bg-main", "tabindex": "-1"}, Markup("\n"), main, Markup("\n")),
            el(
                "footer",
                {"class": "banner", "aria-label": "Protective marking and publisher"},
                banner,
                el("p", {"class": "org"}, meta.organisation),
            ),
            Markup("</body>"),
            Markup("</html>"),
        ]
    )
    logo = (str(theme.logo),) if theme.logo is not None else ()
    return Rendered((page + "\n").encode("utf-8"), None, logo)
