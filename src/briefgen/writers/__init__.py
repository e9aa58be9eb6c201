"""Writers render a :class:`briefgen.tree.Document` to a file format.

Each writer module (``word.py``, ``pdf.py``) exposes ``render(doc, theme) -> Rendered``.
Writers see only the document tree and the theme.  Modules are imported lazily, so a
command that needs no writer does not pay for python-docx or reportlab.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from briefgen.errors import BriefgenError
from briefgen.theme import Theme
from briefgen.tree import Document


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered file: its bytes and, where the writer knows it, its page count."""

    data: bytes
    pages: int | None = None


#: format name -> module implementing ``render``
WRITERS: dict[str, str] = {"docx": "briefgen.writers.word", "pdf": "briefgen.writers.pdf"}

FORMATS: tuple[str, ...] = tuple(WRITERS)


def get_writer(fmt: str) -> Callable[[Document, Theme], Rendered]:
    """Return the ``render`` function of the writer for ``fmt`` ("docx" or "pdf")."""
    try:
        module_name = WRITERS[fmt]
    except KeyError:
        raise BriefgenError(
            f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}"
        ) from None
    render: Callable[[Document, Theme], Rendered] = importlib.import_module(module_name).render
    return render
