"""Relationships and pictures of the document part, each added in constant time.

python-docx finds a relationship by scanning all of the part's, numbers a new one by trying
``rId1``, ``rId2`` ... in turn, finds an image by hashing every image part, names a new one
by testing each number against a list, and numbers a picture by reading every ``id`` in the
document: each step linear in what the document already holds, so a pack with thousands of
links or pictures took quadratic time.  `PartRelations` gives the same ids and names from
maps and cursors: python-docx always takes the lowest free number and nothing is removed
while a pack is written, so a cursor that only moves up finds the same one.
"""

from __future__ import annotations

import io
from typing import Any

from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart


class PartRelations:
    """The relationships of one part (the main document) as the writer adds them."""

    def __init__(self, part: Any, body: Any = None) -> None:
        self.part = part
        self.body = body  # the body being written, when outside the part's element
        self._rids: dict[tuple[str, Any, bool], str] | None = None
        self._next_rid = 1
        self._images: dict[str, Any] | None = None  # image parts by the SHA-1 of their bytes
        self._image_numbers: set[int] = set()  # the N of every /word/media/imageN.ext
        self._next_image = 1
        self._next_shape: int | None = None

    def relate_to(self, target: Any, reltype: str, is_external: bool = False) -> str:
        """The rId of the part's relationship of ``reltype`` to ``target`` (a part, or a URL
        when ``is_external``), added if there is none: python-docx's ``Part.relate_to``."""
        if self._rids is None:
            self._rids = {}
            for rel in self.part.rels.values():
                found = rel.target_ref if rel.is_external else rel.target_part
                self._rids.setdefault((rel.reltype, found, rel.is_external), rel.rId)
        key = (reltype, target, is_external)
        rid = self._rids.get(key)
        if rid is None:
            rels = self.part.rels
            while f"rId{self._next_rid}" in rels:
                self._next_rid += 1
            rid = f"rId{self._next_rid}"
            rels.add_relationship(reltype, target, rid, is_external)
            self._rids[key] = rid
        return rid

    def picture(self, data: bytes, width: int, height: int) -> Any:
        """A ``wp:inline`` showing the image ``data`` at ``width`` x ``height`` EMU, its
        image part shared with identical images: python-docx's ``new_pic_inline``."""
        image = Image.from_file(io.BytesIO(data))
        part = self._image_part(image)
        rid = self.relate_to(part, RT.IMAGE)
        cx, cy = part.image.scaled_dimensions(width, height)
        if self._next_shape is None:
            roots = [self.part.element, *([] if self.body is None else [self.body])]
            ids = [int(v) for root in roots for v in root.xpath("//@id") if v.isdigit()]
            self._next_shape = max(ids, default=0) + 1
        shape_id = self._next_shape
        self._next_shape += 1
        return CT_Inline.new_pic_inline(shape_id, rid, part.image.filename, cx, cy)

    def _image_part(self, image: Any) -> Any:
        images = self.part.package.image_parts
        if self._images is None:
            self._images = {}
            for part in images:
                self._images.setdefault(part.sha1, part)
                self._image_numbers.add(part.partname.idx)
        part = self._images.get(image.sha1)
        if part is None:
            while self._next_image in self._image_numbers:
                self._next_image += 1
            self._image_numbers.add(self._next_image)
            name = PackURI(f"/word/media/image{self._next_image}.{image.ext}")
            part = ImagePart.from_image(image, name)
            images.append(part)
            self._images[image.sha1] = part
        return part
