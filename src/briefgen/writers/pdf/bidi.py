"""Right-to-left lines in display order, line by line, as the Unicode Bidi Algorithm orders
them.

ReportLab (without its unavailable ``rlbidi``) lays every line out left to right in the
order of the text.  Paragraphs are therefore broken into lines in logical order, as
written, and each line is reordered for display only when it is drawn.  The embedding
levels come from python-bidi (Rust's unicode-bidi) for the whole paragraph, as Word and
LibreOffice resolve them, so both editions show a line alike; each line is then reordered
on its own (rules L1-L2).  HarfBuzz has already shaped each word (an Arabic or Hebrew word's
glyphs stand right to left): a word is moved whole, and split only where the algorithm puts
its parts at different levels (the full stop after a Hebrew word in an English sentence, a
number inside an Arabic word), each glyph cluster staying whole.  Breaking first and
reordering per line keeps a wrapped Arabic or Hebrew paragraph reading from its first line
down, which reordering before breaking cannot.  Bidi controls (isolates U+2066-U+2069, marks
such as U+061C) take part in the algorithm and are drawn where they stand (they have no
width).
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bidi import get_display
from bidi.mirror import MIRRORED

from briefgen.errors import RenderError
from briefgen.writers.direction import RTL, base_is_rtl, has_rtl

__all__ = ["RTL", "base_is_rtl", "has_rtl", "levels", "visual", "visual_line", "visual_order"]

_LEVEL = re.compile(rb"Level\(\s*(\d+)")
_PUA = re.compile("[\ue000-\uf8ff]")
#: paragraph separators (bidi class B): inside a word they do not end its paragraph
_ONE_PARAGRAPH = re.compile("[\n\r\x1c-\x1e\x85\u2029]")
_SIMPLE = 0x7FFFFFFF  # ReportLab's cluster for a character added to a shaped string
#: characters set back to the paragraph's level at the end of a line (rule L1)
_LINE_END = frozenset(("WS", "FSI", "LRI", "RLI", "PDI", "BN", "S"))


def levels(text: str, rtl: bool) -> list[int]:
    """The embedding level of each character of ``text`` (paragraphs set in direction
    ``rtl``, a paragraph separator between them) by rules X1-I2 of the Unicode Bidi
    Algorithm, from python-bidi."""
    if not text:
        return []
    size = len(text.encode())
    info = str(get_display(text, base_dir="R" if rtl else "L", debug=True)).encode()
    per_byte = [int(n) for n in _LEVEL.findall(info[info.rfind(b"levels: [") :])][:size]
    if len(per_byte) != size:  # python-bidi gives a level per UTF-8 byte
        raise RenderError("python-bidi gave no embedding levels (an unsupported version?)")
    out, at = [], 0
    for ch in text:
        out.append(per_byte[at])
        at += len(ch.encode())
    return out


def _visual_positions(line_levels: list[int]) -> list[int]:
    """The indexes of a line's characters in display order, from their levels (rule L2)."""
    order = list(range(len(line_levels)))
    top = max(line_levels, default=0)
    lowest_odd = min((lv for lv in line_levels if lv % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if line_levels[order[i]] < level:
                i += 1
                continue
            j = i
            while j < len(order) and line_levels[order[j]] >= level:
                j += 1
            order[i:j] = order[i:j][::-1]
            i = j
    return order


def _local_clusters(piece: str, shaped: bool) -> tuple[list[int], bool]:
    """The clusters of one piece's characters (their places in the text HarfBuzz shaped)
    and whether it was shaped right to left."""
    data = getattr(piece, "__shapeData__", None)
    if data is None or len(data) != len(piece):
        # unshaped, or a part of a shaped word ReportLab cut to fit a line (its shaping data
        # dropped): if HarfBuzz took it as right to left, it is drawn right to left
        if shaped and base_is_rtl(piece):
            return list(range(len(piece)))[::-1], True
        return list(range(len(piece))), False
    clusters: list[int] = []
    for d in data:  # a character added after shaping is written after what precedes it
        clusters.append(max(clusters, default=-1) + 1 if d.cluster == _SIMPLE else d.cluster)
    return clusters, any(b < a for a, b in zip(clusters, clusters[1:], strict=False))


@dataclass
class _Word:
    """One word of a line as drawn: its pieces (one per fragment), the place of each drawn
    character in the word as written (HarfBuzz's cluster), and its text as written, where
    drawn character ``j`` stands at ``where[j]``.  Pieces in another font were shaped on
    their own, in the order written: where a cluster comes again, another shaping began."""

    pieces: Sequence[str]
    shaped: bool = True  # drawn as shaped (False: a running head's words, as written)
    clusters: list[int] = field(default_factory=list)
    where: list[int] = field(default_factory=list)
    logical: str = ""

    def __post_init__(self) -> None:
        drawn: list[str] = []
        offset, total, seen = 0, 0, set[int]()
        for piece in self.pieces:
            local, rtl = _local_clusters(piece, self.shaped)
            previous = None
            for c in local:
                if c in seen and c != previous:  # shaped on its own: written after the rest
                    offset, seen = total, set()
                seen.add(c)
                previous = c
                self.clusters.append(offset + c)
                total = max(total, offset + c + 1)
            # shaped right to left: the characters are mirrored, a ligature has none
            drawn += [_PUA.sub("\u05d0", MIRRORED.get(c, c)) if rtl else c for c in piece]
        order = sorted(range(len(self.clusters)), key=lambda j: (self.clusters[j], j))
        self.where = [0] * len(order)
        for k, j in enumerate(order):
            self.where[j] = k
        self.logical = "".join(drawn[j] for j in order)

    def glyphs(self) -> list[tuple[int, int]]:
        """(piece, index in the piece) of each drawn character."""
        return [(n, i) for n, piece in enumerate(self.pieces) for i in range(len(piece))]


#: one drawn word of a reordered line: runs of (word, piece, indexes in the piece)
_Drawn = list[tuple[int, int, list[int]]]


def _line_display(
    words: list[_Word], offsets: list[int], text: str, lv: list[int], rtl: bool
) -> list[_Drawn]:
    """One line (``words`` at ``offsets`` in the paragraph's ``text``, whose characters
    have levels ``lv``) in display order, as drawn words: split where a space stands."""
    start, end = offsets[0], offsets[-1] + len(words[-1].logical)
    line = lv[start:end]
    i = len(line)
    while i and unicodedata.bidirectional(text[start + i - 1]) in _LINE_END:  # rule L1
        i -= 1
        line[i] = 1 if rtl else 0
    rank = [0] * len(line)
    for r, pos in enumerate(_visual_positions(line)):
        rank[pos] = r
    items: list[tuple[int, int, tuple[int, int, int] | None]] = []  # (key, order, glyph)
    for w, (word, at) in enumerate(zip(words, offsets, strict=True)):
        lead: dict[int, int] = {}  # a cluster stands whole, at its first place shown
        for cluster, k in zip(word.clusters, word.where, strict=True):
            r = rank[at - start + k]
            lead[cluster] = min(lead.get(cluster, r), r)
        for (piece, index), cluster in zip(word.glyphs(), word.clusters, strict=True):
            items.append((lead[cluster], len(items), (w, piece, index)))
        if w < len(words) - 1:  # the space after the word
            items.append((rank[at - start + len(word.logical)], len(items), None))
    items.sort(key=lambda item: item[:2])
    drawn: list[_Drawn] = [[]]
    for _, _, glyph in items:
        if glyph is None:
            drawn.append([])
        elif drawn[-1] and drawn[-1][-1][:2] == glyph[:2]:
            drawn[-1][-1][2].append(glyph[2])
        else:
            drawn[-1].append((glyph[0], glyph[1], [glyph[2]]))
    return drawn


def _paragraph_display(
    lines: list[list[_Word]], rtl: bool, breaks: Sequence[bool] = ()
) -> list[list[_Drawn]]:
    """Each line of a paragraph (its words in logical order, as written) in display order.
    A line ending in a line break (``breaks``) ends a paragraph for the algorithm, as it
    does in LibreOffice."""
    offsets: list[list[int]] = []
    parts: list[str] = []
    at = 0
    for n, words in enumerate(lines):
        offsets.append([])
        for word in words:
            if at:
                parts.append("\n" if n and not offsets[-1] and breaks[n - 1] else " ")
                at += 1
            offsets[-1].append(at)
            parts.append(_ONE_PARAGRAPH.sub(" ", word.logical))
            at += len(word.logical)
    text = "".join(parts)
    lv = levels(text, rtl)
    return [
        _line_display(words, where, text, lv, rtl) if words else []
        for words, where in zip(lines, offsets, strict=True)
    ]


def _text(source: str, indexes: list[int]) -> str:
    """The characters ``indexes`` of ``source`` (a slice keeps ReportLab's shaping data)."""
    if indexes == list(range(indexes[0], indexes[0] + len(indexes))):
        return source[indexes[0] : indexes[-1] + 1]
    return _joined([source[i] for i in indexes])


def _joined(parts: list[str]) -> str:
    """``parts`` end to end (``str.join`` would drop ReportLab's shaping data)."""
    out = parts[0]
    for part in parts[1:]:
        out = out + part
    return out


def visual_order(tokens: list[str], rtl: bool) -> list[int]:
    """The indexes of ``tokens`` (one line's words, in logical order) in display order (a
    word the algorithm splits stands where its first part is shown)."""
    (line,) = _paragraph_display([[_Word([t], shaped=False) for t in tokens]], rtl)
    seen: dict[int, None] = {}
    for drawn in line:
        for w, _, indexes in drawn:
            if any(unicodedata.category(tokens[w][i]) != "Cf" for i in indexes):
                seen.setdefault(w, None)  # invisible controls do not place a word
    return list(seen) + [w for w in range(len(tokens)) if w not in seen]


def _tokens(pieces: list[tuple[Any, Any]]) -> list[list[tuple[Any, Any]]]:
    """(fragment, text) pieces cut into words at spaces; a word may span fragments.  The
    space HarfBuzz draws for a bidi control the font has no glyph for cuts too (ReportLab
    takes it for the space after the word)."""
    words: list[list[tuple[Any, Any]]] = [[]]
    for frag, text in pieces:
        start = 0
        for i, ch in enumerate(text):
            if ch == " ":
                if i > start:
                    words[-1].append((frag, text[start:i]))
                if words[-1]:
                    words.append([])
                start = i + 1
        if start < len(text):
            words[-1].append((frag, text[start:]))
    return [w for w in words if w]


def _frag_line(line: Any, words: list[list[tuple[Any, Any]]], shown: list[_Drawn]) -> Any:
    out = []
    for n, drawn in enumerate(shown):
        for w, p, indexes in drawn:
            frag, text = words[w][p]
            piece = copy.copy(frag)
            piece.text = _text(text, indexes)
            out.append(piece)
        if n < len(shown) - 1:  # the space between words, in the last word's style
            space = copy.copy(out[-1] if out else words[0][0][0])
            space.text = " "
            out.append(space)
    new = copy.copy(line)
    new.words = out
    return new


def visual(bl_para: Any, rtl: bool) -> Any:
    """A copy of a broken paragraph (ReportLab's ``blPara``) with each line in display
    order."""
    new = copy.copy(bl_para)
    if bl_para.kind == 0:  # one font: lines are (extra space, [words])
        lines = [[_Word([w]) for w in words] for _, words in bl_para.lines]
        shown = _paragraph_display(lines, rtl)
        new.lines = [
            (extra, [_joined([_text(words[w], ix) for w, _, ix in drawn]) for drawn in line])
            for (extra, words), line in zip(bl_para.lines, shown, strict=True)
        ]
        return new
    tokens = [
        _tokens([(f, f.text) for f in line.words if hasattr(f, "text")]) for line in bl_para.lines
    ]
    words = [[_Word([t for _, t in w]) for w in ws] for ws in tokens]
    breaks = [bool(getattr(line, "lineBreak", False)) for line in bl_para.lines]
    shown = _paragraph_display(words, rtl, breaks)
    new.lines = [
        _frag_line(line, words, drawn) if words else line
        for line, words, drawn in zip(bl_para.lines, tokens, shown, strict=True)
    ]
    return new


def visual_line(text: str) -> str:
    """One line of text (a running head) with its words in display order."""
    if not has_rtl(text):
        return text
    words = [w for w in text.split(" ") if w]
    words_as_written = [[_Word([w], shaped=False) for w in words]]
    (line,) = _paragraph_display(words_as_written, bool(base_is_rtl(text)))
    return " ".join(_joined([_text(words[w], ix) for w, _, ix in drawn]) for drawn in line)
