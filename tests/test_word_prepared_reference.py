"""The Word writer's prepared reference (issue 24, speed): the reference's styles are made
ready once per reference bytes, theme look and language, and shared by every render made
from them.  A render must never change the shared styles, and one render's theme or
language must never reach another's file."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.parts.styles import StylesPart

from briefgen.theme import Theme
from briefgen.writers.docx import render
from briefgen.writers.docx.styles import open_prepared
from treesamples import sample_document


def _styles(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/styles.xml")


def test_renders_share_one_styles_part_that_no_render_changes() -> None:
    theme = Theme()
    first, _ = open_prepared(theme, "en-AU")
    second, _ = open_prepared(theme, "en-AU")
    shared = first.part.part_related_by(RT.STYLES)
    assert second.part.part_related_by(RT.STYLES) is shared
    assert first.part is not second.part  # the rest is each render's own copy
    styles_parts = [p for p in first.part.rels.related_parts.values() if isinstance(p, StylesPart)]
    assert styles_parts == [shared]  # no stale copy left where python-docx looks parts up
    before = shared.blob
    render(sample_document(draft=True), theme)
    render(sample_document(), replace(theme, word_font="Verdana"))
    assert serialize_part_xml(shared.element) == before == shared.blob


def test_each_language_and_theme_gets_its_own_styles_in_any_order() -> None:
    doc = sample_document()
    arabic = replace(doc, meta=replace(doc.meta, language="ar"))
    looks = Theme(marking_colour="FF0000", accent_colour="004400", word_font="Verdana")
    alone = {
        name: _styles(render(d, th).data)
        for name, d, th in (("en", doc, Theme()), ("ar", arabic, Theme()), ("look", doc, looks))
    }
    for _ in range(2):  # interleaved, after each other: the same styles as each alone
        assert _styles(render(arabic, Theme()).data) == alone["ar"]
        assert _styles(render(doc, looks).data) == alone["look"]
        assert _styles(render(doc, Theme()).data) == alone["en"]
    assert b'w:val="ar"' in alone["ar"] and b'w:val="ar"' not in alone["en"]
    assert b"Verdana" in alone["look"] and b"Verdana" not in alone["en"]


def test_an_edited_reference_is_prepared_afresh(tmp_path: Path) -> None:
    shipped = Path(__file__).parents[1] / "src" / "briefgen" / "resources" / "reference.docx"
    ref = tmp_path / "corporate.docx"
    ref.write_bytes(shipped.read_bytes())
    theme = Theme(reference_docx=ref)
    before = _styles(render(sample_document(), theme).data)
    with zipfile.ZipFile(io.BytesIO(shipped.read_bytes())) as src:
        entries = [(i, src.read(i.filename)) for i in src.infolist()]
    with zipfile.ZipFile(ref, "w") as dst:  # the same name, new content: a new style
        for info, body in entries:
            if info.filename == "word/styles.xml":
                body = body.replace(b'w:styleId="Title"', b'w:styleId="CorporateTitle"')
            dst.writestr(info, body)
    after = _styles(render(sample_document(), theme).data)
    assert b"CorporateTitle" in after and b"CorporateTitle" not in before
