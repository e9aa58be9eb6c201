"""Image XObjects encoded once per process.

ReportLab's ``drawImage`` decodes an image, hashes its pixels and compresses them again
in every document that draws it.  `draw_image` does that work the first time a process
sees an image (through ReportLab's own code, so the objects written are the same bytes)
and keeps the encoded XObject; later documents get a copy of it, with no decoding.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from reportlab import rl_config
from reportlab.lib.utils import ImageReader, _digester
from reportlab.pdfbase import pdfdoc

MAX_CACHED = 32
"""Distinct images kept per process (the oldest is dropped first)."""


@dataclass(frozen=True, slots=True)
class EncodedImage:
    """An image as ReportLab encodes it: its name (a digest of its pixels) and XObject."""

    name: str
    xobject: Any  # pdfdoc.PDFImageXObject, never registered in a document itself
    smask: Any  # its soft mask (another PDFImageXObject), or None

    def copies(self) -> tuple[Any, Any]:
        """Fresh XObjects to register in one document (registration changes them)."""
        return copy.copy(self.xobject), copy.copy(self.smask) if self.smask else None


_cache: dict[tuple[bytes, bool], EncodedImage] = {}


def encode(data: bytes, mask: Any = "auto") -> EncodedImage:
    """The encoded form of the image file ``data`` (computed once per process)."""
    key = (data, bool(rl_config.useA85))
    found = _cache.get(key)
    if found is not None:
        return found
    reader = ImageReader(BytesIO(data))
    # what Canvas.drawImage does for an ImageReader, once
    rawdata = reader.getRGBData()
    smask = reader._dataA
    mdata = smask.getRGBData() if mask == "auto" and smask else str(mask)
    if isinstance(mdata, str):
        mdata = mdata.encode("utf8")
    name = _digester(rawdata + mdata)
    xobject = pdfdoc.PDFImageXObject(name, reader, mask=mask)
    xobject.name = name
    soft = getattr(xobject, "_smask", None)
    if soft is not None:
        del xobject._smask
    encoded = EncodedImage(name, xobject, soft)
    if len(_cache) >= MAX_CACHED:
        del _cache[next(iter(_cache))]
    _cache[key] = encoded
    return encoded


def draw_image(canv: Any, data: bytes, x: float, y: float, width: float, height: float) -> None:
    """Draw the image file ``data`` in the box (x, y, width, height), as
    ``canv.drawImage(ImageReader(data), x, y, width, height, mask="auto")`` would."""
    enc = encode(data)
    doc = canv._doc
    canv._currentPageHasImages = 1
    reg_name = doc.getXObjectName(enc.name)
    if not doc.idToObject.get(reg_name):
        xobject, smask = enc.copies()
        canv._setXObjects(xobject)
        doc.Reference(xobject, reg_name)
        doc.addForm(enc.name, xobject)
        if smask is not None:
            mask_name = doc.getXObjectName(smask.name)
            if not doc.idToObject.get(mask_name):
                canv._setXObjects(smask)
                xobject.smask = doc.Reference(smask, mask_name)
            else:
                xobject.smask = pdfdoc.PDFObjectReference(mask_name)
    canv.saveState()
    canv.translate(x, y)
    canv.scale(width, height)
    canv._code.append(f"/{reg_name} Do")
    canv.restoreState()
    canv._formsinuse.append(enc.name)
