"""Fonts for the PDF writer: registration, glyph coverage and per-character fallback.

Every font is an embedded TrueType font.  A `FontStack` holds the theme's font
faces, then (only when the theme's faces miss a character) TrueType-outline fonts found
on the system.  `FontStack.runs` cuts text into runs, each set in the first face
whose cmap (read with fontTools, cached per file) has every character of the run.

ReportLab's ToUnicode maps send unused subset slots to U+0000, which PDF/UA and PDF/A
checkers reject; `MendedTTFont` writes maps with only the codes really used.
"""

from __future__ import annotations

import hashlib
import re
import struct
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from briefgen.errors import MissingGlyphError, RenderError
from briefgen.fontfiles import font_coverage, system_fonts
from briefgen.theme import FontFace
from briefgen.writers.pdf.rl.fastpdf import FastArray

REGULAR, BOLD, ITALIC, BOLD_ITALIC = 0, 1, 2, 3
"""Style indexes: bit 0 is bold, bit 1 is italic."""

_WHITESPACE = str.maketrans(
    {"\t": " ", "\n": " ", "\r": " ", "\f": " ", "\v": " "}
    # bidi controls and marks need no glyph (the lines are put in display order word by
    # word, see `bidi`): they are not drawn
    | dict.fromkeys("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
_CMAP_LINE = re.compile(r"^<([0-9A-F]{2})> <0000>$", re.M)


def _sized_mapping_block(lines: list[str]) -> list[str]:
    """Split bfchar lines into blocks of at most 100 (the CMap limit)."""
    out: list[str] = []
    for i in range(0, len(lines), 100):
        chunk = lines[i : i + 100]
        out += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    return out


def mend_to_unicode(cmap: str) -> str:
    """Drop the ``<xx> <0000>`` entries (unused slots, .notdef) from a ReportLab ToUnicode map."""
    head, sep, rest = cmap.partition("beginbfchar")
    if not sep:
        return cmap
    body, sep2, tail = rest.partition("endbfchar")
    kept = [ln for ln in body.strip().splitlines() if not _CMAP_LINE.match(ln)]
    head_lines = head.rstrip().splitlines()[:-1]  # drop the "N beginbfchar" count line
    return "\n".join(head_lines + _sized_mapping_block(kept)) + "\n" + tail.lstrip("\n")


class MendedTTFont(TTFont):  # type: ignore[misc]
    """A ReportLab TrueType font whose ToUnicode maps hold only the codes actually used,
    and which can take shaped glyphs whose text run began in another font."""

    def __getattr__(self, name: str) -> Any:
        # ReportLab sets ``hbAddPrivate`` only on a font it shaped with; a glyph of a run that
        # changed font mid-way (Arabic with a bracket and CJK) reaches one it did not.
        if name == "hbAddPrivate":
            self.hbFont()  # makes the HarfBuzz face and sets hbAddPrivate
            return self.__dict__["hbAddPrivate"]
        raise AttributeError(name)

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> list[Any]:  # noqa: N802
        """ReportLab's (text as runs of subset codes), without its loop over characters when
        every character of ``text`` already has a code in the first subset."""
        state = self.state.get(doc)
        if state is not None and isinstance(text, str) and text and "\xa0" not in text:
            codes = state.assignments
            if getattr(state, "_bg_known", -1) != len(codes):
                first = {c: n for c, n in codes.items() if n < 256}
                state._bg_table = first
                state._bg_chars = frozenset(map(chr, first))
                state._bg_known = len(codes)
            if state._bg_chars.issuperset(text):
                return [(0, text.translate(state._bg_table).encode("latin-1"))]
        return super().splitString(text, doc, encoding)  # type: ignore[no-any-return]

    def addObjects(self, doc: Any) -> None:  # noqa: N802 - ReportLab's name
        state = self.state.get(doc)
        names = []
        internal = []
        if state is not None:
            from reportlab.pdfbase.ttfonts import SUBSETN

            for n in range(len(state.subsets)):
                base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))
                names.append(base.decode("pdfdoc"))
                internal.append(self.getSubsetInternalName(n, doc)[1:])
        super().addObjects(doc)
        for base_name in names:
            stream = doc.idToObject.get("toUnicodeCMap:" + base_name)
            if stream is not None:
                stream.content = mend_to_unicode(stream.content)
        for name in internal:  # the glyph widths (up to 256 numbers): the same bytes, faster
            font = doc.idToObject.get(name)
            widths: Any = getattr(font, "Widths", None)
            if type(widths) is PDFArray:
                font.Widths = FastArray(list(widths.sequence))


_REGISTERED: set[str] = set()


def register(path: Path | str, index: int = 0) -> str:
    """Register a TrueType file with ReportLab once and return its font name."""
    key = f"{Path(path).resolve()}#{index}"
    name = "BG" + hashlib.sha1(key.encode()).hexdigest()[:10]
    if name not in _REGISTERED:
        try:
            font = MendedTTFont(name, str(path), subfontIndex=index)
        except (TTFError, KeyError, ValueError, IndexError, struct.error, OSError) as exc:
            why = f"{type(exc).__name__}: {exc}" if isinstance(exc, KeyError) else str(exc)
            raise RenderError(f"cannot use the font {path}: {why}") from exc
        pdfmetrics.registerFont(font)
        _REGISTERED.add(name)
    return name


@dataclass(frozen=True, slots=True)
class _Face:
    """One face of the stack: a ReportLab font name and coverage per style."""

    names: tuple[str, str, str, str]
    coverage: tuple[frozenset[int], frozenset[int], frozenset[int], frozenset[int]]


def _face_from_theme(face: FontFace) -> _Face:
    paths = (
        face.regular,
        face.bold or face.regular,
        face.italic or face.regular,
        face.bold_italic or face.bold or face.italic or face.regular,
    )
    names = tuple(register(p) for p in paths)
    cover = tuple(font_coverage(str(p)) for p in paths)
    return _Face(names, cover)  # type: ignore[arg-type]


def _face_from_file(path: str) -> _Face:
    name = register(path)
    cover = font_coverage(path)
    return _Face((name, name, name, name), (cover, cover, cover, cover))


class FontStack:
    """The fonts of one render: the theme's faces, then system fallbacks found on demand."""

    def __init__(self, faces: tuple[FontFace, ...], *, allow_missing: bool = False) -> None:
        if not faces:
            raise RenderError("the theme has no fonts")
        self._faces = [_face_from_theme(f) for f in faces]
        self._files = [
            str(p) for f in faces for p in (f.regular, f.bold, f.italic, f.bold_italic) if p
        ]
        self._allow_missing = allow_missing
        self._choice: dict[tuple[int, int], str | None] = {}
        self._system_tried: set[str] = set()

    def files(self) -> tuple[str, ...]:
        """The font files this stack has loaded so far (theme faces, system fallbacks used)."""
        return tuple(dict.fromkeys(self._files))

    def font(self, style: int = REGULAR) -> str:
        """The ReportLab name of the primary face in ``style``."""
        return self._faces[0].names[style]

    def names(self) -> Iterator[str]:
        """Every ReportLab font name this stack may use."""
        for face in self._faces:
            yield from dict.fromkeys(face.names)

    def covers(self, text: str, style: int = REGULAR) -> bool:
        """Whether the primary face in ``style`` has every character of ``text``."""
        return self._faces[0].coverage[style].issuperset(map(ord, text))

    def runs(self, text: str, style: int = REGULAR) -> list[tuple[str, str]]:
        """Cut ``text`` into ``(font name, text)`` runs, each char in the first face that has it.

        Raises RenderError for a character no face covers (a warning when allowed); such a
        character is then shown as U+FFFD.
        """
        text = text.translate(_WHITESPACE)
        first = self._faces[0]
        if first.coverage[style].issuperset(map(ord, text)):
            return [(first.names[style], text)] if text else []
        out: list[tuple[str, str]] = []
        for i, ch in enumerate(text):
            name = self._font_for(ord(ch), style, text, i)
            if name is None:
                ch = "\ufffd"
                name = self._font_for(0xFFFD, style, text, i) or first.names[style]
            if out and out[-1][0] == name:
                out[-1] = (name, out[-1][1] + ch)
            else:
                out.append((name, ch))
        return out

    def _font_for(self, cp: int, style: int, context: str, at: int) -> str | None:
        key = (cp, style)
        if key in self._choice:
            return self._choice[key]
        name = self._find(cp, style)
        if name is None and cp != 0xFFFD:
            start, end = max(0, at - 20), at + 20  # the words around this character
            shown = ("..." if start else "") + context[start:end]
            shown += "..." if end < len(context) else ""
            msg = f"no font covers U+{cp:04X} {chr(cp)!r} in {shown!r}"
            if not self._allow_missing:
                raise MissingGlyphError(msg, chr(cp))
            warnings.warn(msg, stacklevel=4)
        self._choice[key] = name
        return name

    def _find(self, cp: int, style: int) -> str | None:
        for face in self._faces:
            if cp in face.coverage[style]:
                return face.names[style]
        for face in self._faces:  # a bold or italic file may lack what regular has
            if cp in face.coverage[REGULAR]:
                return face.names[REGULAR]
        for path in system_fonts():
            if path in self._system_tried or cp not in font_coverage(path):
                continue
            self._system_tried.add(path)
            try:
                face = _face_from_file(path)
            except Exception:  # ReportLab cannot load it (e.g. CFF outlines): skip
                continue
            self._faces.append(face)
            self._files.append(path)
            return face.names[style]
        return None
