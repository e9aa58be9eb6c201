"""The timeline figure: dated facts drawn as a PNG, crisp at print size (300 dpi)."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from briefgen import tree as t
from briefgen.dates import FuzzyDate
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


@lru_cache(maxsize=64)
def draw(entries: tuple[Entry, ...]) -> t.Image:
    """Draw the entries top to bottom along a vertical rule; returns PNG bytes as an Image.

    Greyscale at 300 dpi: crisp in print (colour or not) and a third of the pixels' bytes of
    RGB, which every writer must decode and compress again.  Cached: a region or visit pack
    draws the timeline its partner pack drew.
    """
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
    rows = [(e, textwrap.wrap(e.label, chars) or [""]) for e in entries]
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
            pen.text((text_x, y + i * line_h), line, font=font, fill=ink)
        y += len(lines) * line_h + int(2.5 * scale)
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(DPI, DPI), compress_level=1)  # fast; barely larger
    return t.Image("timeline.png", buf.getvalue(), width, height, float(DPI))
