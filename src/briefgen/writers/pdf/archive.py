"""The archive copy: the PDF writer's file made PDF/A-2u (beside its PDF/UA-1 claim).

ReportLab writes the content; this module adds what PDF/A-2 asks of the file around it
and lets qpdf (through pikepdf) write the objects with the syntax PDF/A requires (an end
of line before ``endstream`` and ``endobj``): an sRGB output intent (the profile Pillow's
littleCMS makes, with a fixed creation date so that the bytes never change), the Print
flag on every annotation, and a refusal of anything PDF/A-2 forbids or this copy
promises not to hold (transparency, encryption, JavaScript, embedded files).  The XMP
identification (``pdfaid``, and the extension schema that declares ``pdfuaid``) is the
writer's own packet (`briefgen.writers.pdf.struct.xmp_packet`).
"""

from __future__ import annotations

import io
from functools import lru_cache

from briefgen.errors import RenderError

OUTPUT_CONDITION = "sRGB IEC61966-2.1"
PRINT = 4  # the annotation flag PDF/A requires on every annotation
_FIXED_DATE = bytes.fromhex("07d0 0001 0001 0000 0000 0000")  # 2000-01-01 00:00:00
_FORBIDDEN = ("/SMask", "/JavaScript", "/EmbeddedFiles", "/Encrypt")


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """An sRGB ICC profile (version 4), made by littleCMS, with a fixed date."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = _FIXED_DATE  # the header's creation date: today's, unless fixed
    data[84:100] = bytes(16)  # no profile id (its MD5 would cover the old date)
    return bytes(data)


def archival(data: bytes) -> bytes:
    """``data`` (a PDF whose XMP already claims PDF/A-2u) with the output intent and
    annotation flags PDF/A-2 asks for, written again by qpdf; a `RenderError` names
    what the file holds that an archive copy must not."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        _refuse(pdf)
        profile = pdf.make_stream(srgb_profile(), N=3)
        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent,
            S=pikepdf.Name.GTS_PDFA1,
            OutputConditionIdentifier=pikepdf.String(OUTPUT_CONDITION),
            Info=pikepdf.String(OUTPUT_CONDITION),
            RegistryName=pikepdf.String("http://www.color.org"),
            DestOutputProfile=profile,
        )
        pdf.Root.OutputIntents = pdf.make_indirect(pikepdf.Array([intent]))
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", pikepdf.Array()):
                annot.F = int(annot.get("/F", 0)) | PRINT
        unambiguous_ends(pdf)
        out = io.BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
            compress_streams=True,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
        )
    return out.getvalue()


def unambiguous_ends(pdf: object) -> None:
    """No stream's bytes end in a carriage return: written before qpdf's "\\nendstream",
    such a last byte reads as half of a CRLF end of line, and a PDF/A validator then counts
    the stream one byte shorter than its /Length (page-validation's
    PDFA2B-STREAM-LENGTH-001 did).  A Flate stream's last byte is its content's Adler-32
    checksum, so a content stream (page or form) gains a trailing space, which draws
    nothing; any other stream is written uncompressed when that ends otherwise."""
    import zlib

    import pikepdf

    assert isinstance(pdf, pikepdf.Pdf)
    pages = set()  # the pages' content streams (a font program has no /Type either)
    for page in pdf.pages:
        contents = page.obj.get("/Contents")
        for c in contents if isinstance(contents, pikepdf.Array) else [contents]:
            if isinstance(c, pikepdf.Stream):
                pages.add(c.objgen)
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or not obj.read_raw_bytes().endswith(b"\r"):
            continue
        flate = obj.get("/Filter") == pikepdf.Name.FlateDecode and "/DecodeParms" not in obj
        content = obj.read_bytes()
        drawn = obj.objgen in pages or obj.get("/Subtype") == pikepdf.Name.Form
        if flate and drawn:
            while zlib.compress(content).endswith(b"\r"):
                content += b" "
            obj.write(zlib.compress(content), filter=pikepdf.Name.FlateDecode)
        elif flate and not content.endswith(b"\r"):
            obj.write(content)


def _refuse(pdf: object) -> None:
    """A `RenderError` for what a PDF/A-2 archive copy must not hold (found by key)."""
    import pikepdf

    assert isinstance(pdf, pikepdf.Pdf)
    if pdf.is_encrypted:
        raise RenderError("archive copy: the PDF is encrypted; PDF/A forbids encryption")
    for obj in pdf.objects:
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            keys = set(obj.keys())
            for key in _FORBIDDEN:
                if key in keys:
                    raise RenderError(
                        f"archive copy: the PDF holds {key[1:]} (transparency, scripts or "
                        "attachments), which the archive copy leaves out; use a logo "
                        "without transparency (a JPEG, or a PNG without an alpha channel)"
                    )
            if key_value(obj, "/CA") or key_value(obj, "/ca"):
                raise RenderError(
                    "archive copy: the PDF draws with transparency, which the archive copy "
                    "leaves out"
                )


def key_value(obj: object, key: str) -> bool:
    """Whether ``obj`` sets the opacity ``key`` below 1 (a transparent fill or stroke)."""
    import pikepdf

    assert isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream))
    value = obj.get(key)
    return value is not None and float(value) < 1
