"""Length budgets (``[budgets]`` in briefgen.toml): each section whose heading matches a
budget of its pack's kind ends by a page, or spans at most so many pages, as the PDF
writer lays the pack out.

A section runs from its heading to the next heading of the same or a higher level (or the
end of the pack); it ends on the page before that heading when the heading starts its page.
Its pages are those it touches, from its heading's page to its last.  The measure is the
PDF writer's layout report (`briefgen.writers.Rendered.headings`): the PDF being built, or
a layout without the file when a build writes only Word.  An overrun is a warning; under
``build --final`` it fails the pack.
"""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from briefgen.data.config import Budget
from briefgen.tree import Document
from briefgen.tree.text import plain_text

if TYPE_CHECKING:
    from briefgen.compose.pack import Pack
    from briefgen.theme import Theme
    from briefgen.writers import Rendered

PREFIX = "length budget: "
"""Starts each overrun's message: a build under ``--final`` fails a pack with one."""


def check(pack: Pack, theme: Theme, pdf: Rendered | None) -> list[str]:
    """The overruns of ``pack``'s budgets (its kind's, from briefgen.toml) on the layout of
    ``pdf`` (the PDF just rendered), else on a layout made for the purpose."""
    budgets: tuple[Budget, ...] = getattr(pack.workspace.settings().budgets, pack.kind, ())
    if not budgets:
        return []
    if pdf is None:
        from briefgen.writers.pdf import layout

        pdf = layout(pack.document, theme)
    return overruns(pack.document, pdf.headings, pdf.pages or 0, budgets, pack.kind)


def overruns(
    doc: Document,
    headings: Sequence[tuple[str, int, bool]],
    page_count: int,
    budgets: Sequence[Budget],
    kind: str,
) -> list[str]:
    """A message for each section of ``doc`` over one of ``budgets``, measured on the
    layout ``headings`` (id, page, starts its page) of ``page_count`` pages."""
    if not budgets:
        return []
    known = {h.id: h for h in doc.iter_headings()}
    laid = [(known[hid], page, top) for hid, page, top in headings if hid in known]
    out = []
    for i, (heading, page, _) in enumerate(laid):
        text = plain_text(heading.children).strip()
        matched = [b for b in budgets if fnmatchcase(text, b.heading)]
        if not matched:
            continue
        end = page_count
        for after, after_page, starts in laid[i + 1 :]:
            if after.level <= heading.level:
                end = after_page - 1 if starts else after_page
                break
        end = max(end, page)
        spans = end - page + 1
        for b in matched:
            where = f'budgets.{kind} {{ heading = "{b.heading}" }} in briefgen.toml'
            if b.by_page is not None and end > b.by_page:
                out.append(
                    f"{PREFIX}{text!r} runs to page {end}; its budget is to end by page "
                    f"{b.by_page} ({where}): shorten it, or change the budget"
                )
            if b.pages is not None and spans > b.pages:
                out.append(
                    f"{PREFIX}{text!r} spans {spans} pages ({page} to {end}); its budget is "
                    f"{b.pages} ({where}): shorten it, or change the budget"
                )
    return out


def is_overrun(warning: str) -> bool:
    """Whether a pack's warning is a length budget's overrun."""
    return warning.startswith(PREFIX)
