"""Writers render a `briefgen.tree.Document` to a file format.

Each writer package (``docx``, ``pdf``, ``html``) exposes ``render(doc, theme) -> Rendered``.
Writers see only the document tree and the theme.  Modules are imported lazily, so a
command that needs no writer does not pay for python-docx or reportlab.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass

from briefgen.errors import BriefgenError
from briefgen.theme import Theme
from briefgen.tree import Document


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered file: its bytes, where the writer knows it its page count, and the files
    the writer read (fonts, the reference document) for the build's dependency record;
    where the writer lays out pages (PDF), ``headings``: each heading's id, the page it
    lands on and whether it starts that page, in document order (for length budgets)."""

    data: bytes
    pages: int | None = None
    reads: tuple[str, ...] = ()
    headings: tuple[tuple[str, int, bool], ...] = ()


#: format name -> module implementing ``render``
WRITERS: dict[str, str] = {
    "docx": "briefgen.writers.docx",
    "pdf": "briefgen.writers.pdf",
    "html": "briefgen.writers.html",
}

FORMATS: tuple[str, ...] = tuple(WRITERS)

DEFAULT_FORMATS: tuple[str, ...] = ("docx", "pdf")
"""The formats a build writes when none is named; the HTML edition is written when asked
for (``build --format html``)."""

RL_FAST_SWITCH = "BRIEFGEN_RL_FAST"
"""Environment switch of the PDF writer's ReportLab replicas (`briefgen.writers.pdf.rl`)."""
LIBREOFFICE_SWITCH = "BRIEFGEN_LIBREOFFICE_COMPAT"
"""Environment switch of the Word writer's LibreOffice workaround
(`briefgen.writers.docx.compat.libreoffice`)."""


def switches() -> dict[str, str | None]:
    """The writers' environment switches as set now: they may change a file's bytes, so a
    build counts them among its options."""
    return {name: os.environ.get(name) for name in (RL_FAST_SWITCH, LIBREOFFICE_SWITCH)}


def get_writer(fmt: str) -> Callable[[Document, Theme], Rendered]:
    """Return the ``render`` function of the writer for ``fmt`` (one of `FORMATS`)."""
    try:
        module_name = WRITERS[fmt]
    except KeyError:
        raise BriefgenError(
            f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}"
        ) from None
    render: Callable[[Document, Theme], Rendered] = importlib.import_module(module_name).render
    return render
