"""Pictures for the tree: workspace images read once, recorded, and the drawn timeline."""

from __future__ import annotations

import io
from pathlib import Path

from briefgen import deps
from briefgen import tree as t


def read_image(root: Path | None, src: str) -> t.Image:
    """The image at workspace-relative ``src``: a regular file inside the workspace."""
    if root is None:
        raise ValueError(f"no workspace folder to read {src!r} from")
    path = (root / src).resolve()
    if not path.is_relative_to(root.resolve()):
        raise ValueError(f"{src!r} is outside the workspace")
    from PIL import Image as PILImage

    data = deps.read(path)
    with PILImage.open(io.BytesIO(data)) as im:
        w, h = im.size
        dpi = float(im.info.get("dpi", (96, 96))[0] or 96)
    return t.Image(src, data, w, h, dpi)
