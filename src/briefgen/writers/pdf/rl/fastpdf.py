"""PDF dictionaries and arrays that serialise fast, byte for byte as ReportLab's do.

A tagged pack has hundreds of small dictionaries (structure elements, marked-content
references, link annotations).  ReportLab formats each through generic dispatch: a
`PDFName` call per key, `isinstance` chains per value.  `FastDict` and `FastArray`
hold plain Python values and write the same bytes as `PDFDictionary` and `PDFArray`
(with ReportLab's default ``pdfMultiLine = 0``; with it set, or the gate shut, they are
formatted by ReportLab's own ``PDFDictionary`` and ``PDFArray``).

Values may be: ``int``, ``float``, ``str`` (written as is, so a name is ``"/Name"``),
``bytes``, `Ref` (an object named in the document), `FastDict`, `FastArray`, or any
ReportLab `PDFObject` (formatted by ReportLab).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFObject, PDFObjectReference

from briefgen.writers.pdf.rl import fast


@lru_cache(maxsize=512)
def _key(name: str) -> bytes:
    """``/Name `` as ReportLab writes a dictionary key."""
    encoded: bytes = pdfdoc.pdfdocEnc(pdfdoc.PDFName(name))
    return encoded + b" "


@lru_cache(maxsize=256)
def _layout(names: tuple[str, ...]) -> tuple[tuple[str, bytes], ...]:
    """A dictionary's keys in the order ReportLab writes them (sorted), with their bytes."""
    return tuple((name, _key(name)) for name in sorted(names))


Ref = PDFObjectReference
"""A reference to an object registered in the document under a name."""


_NOT_PDFDOC = re.compile("[\x18-\x1f]")
"""ASCII characters PDFDocEncoding does not map to themselves."""


def _fmt(value: Any, document: Any) -> bytes:
    kind = type(value)
    if kind is int:
        return str(value).encode()
    if kind is str:
        if value.isascii() and _NOT_PDFDOC.search(value) is None:
            return str.encode(value)  # what PDFDocEncoding gives for the rest of ASCII
        return pdfdoc.pdfdocEnc(value)  # type: ignore[no-any-return]
    if kind is Ref:
        return b"%d %d R" % document.idToObjectNumberAndVersion[value.name]
    if kind is FastDict or kind is FastArray:
        return value.format(document)  # type: ignore[no-any-return]
    if kind is float:
        return fp_str(value).encode()  # type: ignore[no-any-return]
    if kind is bytes:
        return value  # type: ignore[no-any-return]
    return pdfdoc.format(value, document)  # type: ignore[no-any-return]


class FastDict(PDFObject):  # type: ignore[misc]
    """A PDF dictionary of plain values (keys sorted, as ReportLab sorts them)."""

    __slots__ = ("dict",)

    def __init__(self, entries: dict[str, Any]) -> None:
        self.dict = entries

    def __setitem__(self, name: str, value: Any) -> None:
        self.dict[name] = value

    def __getitem__(self, name: str) -> Any:
        return self.dict[name]

    def __contains__(self, name: object) -> bool:
        return name in self.dict

    def format(self, document: Any) -> bytes:
        if rl_config.pdfMultiLine or not fast():
            return PDFDictionary(self.dict).format(document)  # type: ignore[no-any-return]
        d = self.dict
        keys = _layout(tuple(d))
        items = [key + _fmt(d[name], document) for name, key in keys]
        for i in reversed(range(6, len(items), 6)):  # ReportLab breaks every 6 entries
            items.insert(i, b"\n ")
        return b"<<\n" + b" ".join(items) + b"\n>>"


class FastArray(PDFObject):  # type: ignore[misc]
    """A PDF array of plain values."""

    __slots__ = ("sequence",)

    def __init__(self, sequence: list[Any]) -> None:
        self.sequence = sequence

    def format(self, document: Any) -> bytes:
        if rl_config.pdfMultiLine or not fast():
            return PDFArray(self.sequence).format(document)  # type: ignore[no-any-return]
        items = [_fmt(v, document) for v in self.sequence]
        if len(items) > 10:  # ReportLab breaks every 10 elements
            for i in reversed(range(10, len(items), 10)):
                items.insert(i, b"\n ")
        return b"[ " + b" ".join(items) + b" ]"


class FormattedOnce(PDFObject):  # type: ignore[misc]
    """A ReportLab object written in several places of one document (a link destination
    many annotations share), formatted the first time only."""

    __slots__ = ("target", "formatted")

    def __init__(self, target: Any) -> None:
        self.target = target
        self.formatted: bytes | None = None

    def format(self, document: Any) -> bytes:
        if self.formatted is None:
            self.formatted = pdfdoc.format(self.target, document)
        return self.formatted
