"""Pictures for the tree: workspace images read once, recorded, and made embeddable."""

from __future__ import annotations

import io
from pathlib import Path

from briefgen import deps
from briefgen import tree as t
from briefgen.fileio import within

MAX_SIDE = 4000
"""Pixels on the long side beyond which a picture is scaled down (a page shows at most
about 2,000 at 300 dpi)."""
EMBEDDABLE = {"PNG": {"1", "L", "LA", "P", "RGB", "RGBA"}, "JPEG": {"L", "RGB"}}
"""Formats and colour modes both writers embed as they are; anything else is converted."""


def read_image(root: Path | None, src: str) -> t.Image:
    """The image at workspace-relative ``src`` (a regular file inside the workspace, checked
    when the workspace was loaded), as PNG or JPEG both writers embed."""
    if root is None:
        raise ValueError(f"no workspace folder to read {src!r} from")
    path = (root / src).resolve()
    if not within(root, src):
        raise ValueError(f"{src!r} is outside the workspace")
    from PIL import Image

    data = deps.read(path)
    with Image.open(io.BytesIO(data)) as im:
        dpi = float(im.info.get("dpi", (96, 96))[0] or 96)
        if im.mode in EMBEDDABLE.get(im.format or "", ()) and max(im.size) <= MAX_SIDE:
            return t.Image(src, data, im.width, im.height, dpi)
        return _converted(src, im, dpi)


def _converted(src: str, im: object, dpi: float) -> t.Image:
    """A CMYK, WebP, TIFF, 16-bit or very large picture as an RGB JPEG (or, with
    transparency, a PNG), at most `MAX_SIDE` pixels on its long side."""
    from PIL import Image

    assert isinstance(im, Image.Image)
    if im.format == "JPEG":
        im.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode at a reduced scale: bounded memory
    alpha = "A" in im.getbands() or "transparency" in im.info
    picture = im.convert("RGBA" if alpha else "RGB")
    if max(picture.size) > MAX_SIDE:
        scale = MAX_SIDE / max(picture.size)
        dpi *= scale
        size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
        picture = picture.resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if alpha:
        picture.save(out, format="PNG", dpi=(dpi, dpi))
    else:
        picture.save(out, format="JPEG", quality=90, dpi=(round(dpi), round(dpi)))
    return t.Image(src, out.getvalue(), picture.width, picture.height, dpi)
