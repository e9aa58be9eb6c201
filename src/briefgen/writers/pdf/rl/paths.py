"""The writer's ways into the replicas, each left to plain ReportLab when the gate is shut
(`briefgen.writers.pdf.rl.fast`)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from reportlab.lib.utils import ImageReader

from briefgen.writers.pdf.rl import fast


def draw_paragraph(para: Any, canv: Any, x: float, y: float, _sW: float, *, spaced: bool) -> bool:
    """Draw ``para`` with `fastdraw` if the gate is open and it can; ``False`` leaves the
    drawing to ReportLab.  A layout that writes no PDF (the Word contents' page numbers,
    ``RenderState.layout_only``) draws no lines: the pages are known without them."""
    state = getattr(canv, "bg_state", None)
    if state is not None and state.layout_only:
        return True
    if not fast():
        return False
    from briefgen.writers.pdf.rl import fastdraw  # imported only once the gate has checked it

    return fastdraw.draw(para, canv, x, y, _sW, spaced=spaced)


def draw_image(canv: Any, data: bytes, x: float, y: float, width: float, height: float) -> None:
    """Draw the image file ``data`` in the box: encoded once per process by `images` with
    the gate open, by ReportLab's ``drawImage`` in each document with it shut."""
    if fast():
        from briefgen.writers.pdf.rl import images

        images.draw_image(canv, data, x, y, width, height)
        return
    canv.drawImage(ImageReader(BytesIO(data)), x, y, width, height, mask="auto")
