"""The timeline figure: dated facts drawn as a PNG, crisp at print size (300 dpi)."""

from __future__ import annotations

import io
import textwrap
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from briefgen import tree as t
from briefgen.dates import FuzzyDate
from briefgen.fontfiles import covering, font_coverage
from briefgen.theme import resource_path

DPI = 300
WIDTH_MM = 160


@dataclass(frozen=True, slots=True)
class Entry:
    """One dated fact on the timeline."""

    date: FuzzyDate
    label: str


MAX_ENTRIES = 40
"""A longer story is cut to its most recent entries, so that the figure stays legible."""


def entries(dated: Sequence[Any]) -> tuple[tuple[Entry, ...], str]:
    """The entries the figure shows for dated facts (each with ``date`` and ``label``), and a
    note for its caption when some were left out."""
    shown = tuple(Entry(d.date, d.label) for d in dated[-MAX_ENTRIES:])
    if len(dated) <= MAX_ENTRIES:
        return shown, ""
    return shown, f" (the {MAX_ENTRIES} most recent of {len(dated):,})"


def alt_text(entries: Sequence[Entry]) -> str:
    """Alt text that lists every event, in order."""
    items = "; ".join(f"{e.date.format()}: {e.label.rstrip('.')}" for e in entries)
    return f"Timeline of {len(entries)} dated events. {items}."


REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"


def draw(entries: tuple[Entry, ...]) -> t.Image:
    """Draw the entries top to bottom along a vertical rule; returns PNG bytes as an Image.

    Characters the shipped font lacks are drawn in a system font that has them (as in the
    PDF); one that no font has is a warning, for every pack that draws it.
    """
    for entry in entries:
        for ch in dict.fromkeys(entry.label + entry.date.format()):
            if not ch.isspace() and covering(ord(ch), _faces(REGULAR)) is None:
                warnings.warn(
                    f"no font covers U+{ord(ch):04X} {ch!r} in the timeline entry "
                    f"{entry.label[:60]!r}",
                    stacklevel=2,
                )
    return _draw(entries)


@lru_cache(maxsize=64)
def _draw(entries: tuple[Entry, ...]) -> t.Image:
    """Greyscale at 300 dpi: crisp in print (colour or not) and a third of the pixels' bytes
    of RGB, which every writer must decode and compress again.  Cached: a region or visit
    pack draws the timeline its partner pack drew."""
    from PIL import Image, ImageDraw, ImageFont

    scale = DPI / 25.4
    width = int(WIDTH_MM * scale)
    font = ImageFont.truetype(str(resource_path("fonts", "DejaVuSans.ttf")), int(3.0 * scale))
    bold = ImageFont.truetype(str(resource_path("fonts", "DejaVuSans-Bold.ttf")), int(3.0 * scale))
    colour = 40  # the rule, the dots and the dates
    ink = 25  # the text
    line_h = int(4.4 * scale)
    date_w = int(45 * scale)
    text_x = date_w + int(10 * scale)
    chars = max(20, int((width - text_x) / (font.getlength("n") * 1.02)))
    room = (width - text_x) * 0.97  # a little short of the edge
    rows = [
        (e, textwrap.wrap(e.label, chars) or [""])
        if _covered(e.label, REGULAR)
        else (e, _wrap(e.label, room, int(3.0 * scale)))
        for e in entries
    ]
    pad = int(4 * scale)
    height = pad * 2 + sum(len(lines) * line_h + int(2.5 * scale) for _, lines in rows)
    image = Image.new("L", (width, height), 255)
    pen = ImageDraw.Draw(image)
    rule_x = date_w + int(4 * scale)
    pen.line([(rule_x, pad // 2), (rule_x, height - pad // 2)], fill=colour, width=int(0.5 * scale))
    y = pad
    r = int(1.3 * scale)
    for entry, lines in rows:
        label = entry.date.format()
        pen.text((date_w - bold.getlength(label), y), label, font=bold, fill=colour)
        cy = y + line_h // 2
        pen.ellipse([rule_x - r, cy - r, rule_x + r, cy + r], fill=colour)
        for i, line in enumerate(lines):
            if _covered(line, REGULAR):
                pen.text((text_x, y + i * line_h), line, font=font, fill=ink)
                continue
            x = float(text_x)
            for face, run in _runs(line, REGULAR):
                run_font = _font(face, int(3.0 * scale))
                pen.text((x, y + i * line_h), run, font=run_font, fill=ink)
                x += run_font.getlength(run)
        y += len(lines) * line_h + int(2.5 * scale)
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(DPI, DPI), compress_level=1)  # fast; barely larger
    return t.Image("timeline.png", buf.getvalue(), width, height, float(DPI))


def _faces(name: str) -> tuple[str, ...]:
    return (str(resource_path("fonts", name)),)


def _covered(text: str, name: str) -> bool:
    cover = font_coverage(_faces(name)[0])
    return all(ord(c) in cover or c.isspace() for c in text)


def _runs(text: str, name: str) -> list[tuple[str, str]]:
    """``text`` cut into (font file, text) runs, each in the first font that has it."""
    out: list[tuple[str, str]] = []
    for ch in text:
        face = covering(ord(ch), _faces(name)) or _faces(name)[0]
        if out and out[-1][0] == face:
            out[-1] = (face, out[-1][1] + ch)
        else:
            out.append((face, ch))
    return out


@lru_cache(maxsize=32)
def _font(path: str, size: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(path, size)


def _wrap(text: str, room: float, size: int) -> list[str]:
    """Lines of ``text`` no wider than ``room`` pixels, measured run by run; a word wider
    than a line (ideographs have no spaces) is broken between characters."""

    def width(s: str) -> float:
        return float(sum(_font(face, size).getlength(run) for face, run in _runs(s, REGULAR)))

    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if width(candidate) <= room:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for ch in word:
            if width(line + ch) > room and line:
                lines.append(line)
                line = ""
            line += ch
    return [*lines, line] if line or not lines else lines
