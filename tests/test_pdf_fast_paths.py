"""The PDF writer's per-process caches and fast paths change no byte of the output."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

import briefgen
from briefgen.writers.pdf import images

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def reference_pack() -> briefgen.Pack:
    ws = briefgen.load_workspace(REPO)
    pid = next(iter(ws.partners))
    return ws.pack(pid)


def _png(mode: str) -> bytes:
    image = Image.linear_gradient("L").resize((40, 30)).convert(mode)
    buf = BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


@pytest.mark.parametrize("mode", ["RGB", "L", "RGBA", "LA", "P"])
def test_cached_image_draws_the_bytes_drawimage_draws(mode: str) -> None:
    data = _png(mode)

    def page(draw: Callable[[Canvas], object]) -> bytes:
        out = BytesIO()
        canv = Canvas(out, invariant=1)
        draw(canv)
        canv.showPage()
        canv.save()
        return out.getvalue()

    reader = images.ImageReader(BytesIO(data))
    plain = page(lambda c: c.drawImage(reader, 10, 20, 40, 30, mask="auto"))
    images._cache.clear()
    first = page(lambda c: images.draw_image(c, data, 10, 20, 40, 30))
    again = page(lambda c: images.draw_image(c, data, 10, 20, 40, 30))  # from the cache
    assert first == plain
    assert again == plain


def test_pdf_is_the_same_with_warm_and_cold_caches(reference_pack: briefgen.Pack) -> None:
    images._cache.clear()
    cold = reference_pack.render("pdf").data
    warm = reference_pack.render("pdf").data
    assert cold == warm
    assert len(PdfReader(BytesIO(warm)).pages) >= 2


def test_fast_dictionaries_write_reportlabs_bytes() -> None:
    from reportlab.pdfbase.pdfdoc import (
        PDFArray,
        PDFDictionary,
        PDFDocument,
        PDFName,
        PDFObjectReference,
        PDFString,
    )

    from briefgen.writers.pdf.fastpdf import FastArray, FastDict

    doc = PDFDocument(invariant=1)
    doc.Reference(PDFDictionary({}), "Target")
    ref = PDFObjectReference("Target")
    values = {
        "Type": PDFName("StructElem"),
        "S": PDFName("P"),
        "Weird Name#1": 3,
        "F": 1.25,
        "Alt": PDFString("Ünïcode (text) \\ ok"),
        "P": ref,
    }
    for n in range(15):
        values[f"K{n}"] = n
    ours = FastDict(
        {**values, "A": FastDict({"O": "/Table"}), "K": FastArray([*range(23), ref, -4])}
    )
    theirs = PDFDictionary(
        {**values, "A": PDFDictionary({"O": "/Table"}), "K": PDFArray([*range(23), ref, -4])}
    )
    assert ours.format(doc) == theirs.format(doc)
