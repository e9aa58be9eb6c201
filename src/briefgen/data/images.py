"""Image files named by the data: checked at load, so that ``validate`` fails what a build
would fail, with the file and field named."""

from __future__ import annotations

import io
from pathlib import Path

from briefgen.deps import read_regular

MAX_BYTES = 64 * 1024 * 1024
"""An image file larger than this is refused unread."""
MAX_PIXELS = 60_000_000
"""An image of more pixels than this is refused (a decompression bomb, or far more than a
page can show: 60 megapixels is a 9,500 x 6,300 photograph)."""


def image_problem(path: Path) -> str | None:
    """Why the image file at ``path`` cannot be used, or None when it can."""
    from PIL import Image, UnidentifiedImageError

    try:
        data = read_regular(path, MAX_BYTES)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    try:
        with Image.open(io.BytesIO(data)) as im:
            width, height = im.size
            if width * height > MAX_PIXELS:
                return (
                    f"is {width:,} x {height:,} pixels; at most {MAX_PIXELS // 1_000_000} "
                    "megapixels can be used: make it smaller"
                )
            if im.format == "JPEG":
                im.draft("RGB", (width // 8 or 1, height // 8 or 1))  # decode a little, fast
            im.load()  # a truncated or corrupt file fails here
    except Image.DecompressionBombError:
        return f"has far more pixels than {MAX_PIXELS // 1_000_000} megapixels: make it smaller"
    except UnidentifiedImageError:
        return "is not an image file briefgen can read (PNG, JPEG, WebP, GIF, TIFF, ...)"
    except (OSError, SyntaxError, ValueError) as exc:
        return f"is damaged or truncated ({exc or type(exc).__name__})"
    return None
