"""One pack rendered by one writer, with errors that name the pack and the data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefgen import gcpolicy
from briefgen.errors import BriefgenError, MissingGlyphError
from briefgen.writers import Rendered, get_writer

if TYPE_CHECKING:
    from briefgen.compose.pack import Pack
    from briefgen.theme import Theme
    from briefgen.tree import Document


def theme_of(pack: Pack) -> Theme:
    """The theme of the pack's workspace."""
    from briefgen.data.config import make_theme

    return make_theme(pack.workspace.config, pack.workspace.root)


def render(pack: Pack, fmt: str, theme: Theme | None = None) -> Rendered:
    """Render ``pack`` as ``fmt`` (one of `briefgen.writers.FORMATS`) in memory."""
    return render_document(pack, pack.document, fmt, theme)


def render_document(pack: Pack, doc: Document, fmt: str, theme: Theme | None = None) -> Rendered:
    """Render ``doc`` (a tree made for ``pack``) as ``fmt``, errors naming the pack."""
    try:
        with gcpolicy.burst():
            return get_writer(fmt)(doc, theme or theme_of(pack))
    except MissingGlyphError as exc:
        where = "; ".join(pack.fields_holding(exc.char)) or "template text"
        raise MissingGlyphError(f"pack {pack.id!r}: {exc} (in {where})", exc.char) from None
    except BriefgenError as exc:
        raise type(exc)(f"pack {pack.id!r}: {exc}") from None
