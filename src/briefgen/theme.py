"""The theme: the house style both writers apply, and the fonts they set it in (never the data).

`HouseStyle` is the one definition of how a brief looks: the page and its margins, the
header (running title; marking) and footer (organisation; page X of Y; marking), every
text style's size, weight, colour and spacing, and the table, caption, callout and DRAFT
watermark styles.  The PDF writer builds its paragraph styles from it; the Word reference
document (``tools/make_reference_docx.py``) is generated from it.  Word sets the text in
``Theme.word_font`` (Arial) and the PDF in its metric twin, the shipped Liberation Sans, so
both editions break lines alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal


def resource_path(*parts: str) -> Path:
    """Return the path of a file shipped inside the package (``src/briefgen/resources``)."""
    return Path(str(resources.files("briefgen").joinpath("resources", *parts)))


@dataclass(frozen=True, slots=True)
class FontFace:
    """One font family as TrueType files; missing styles fall back to ``regular``."""

    family: str
    regular: Path
    bold: Path | None = None
    italic: Path | None = None
    bold_italic: Path | None = None


def default_fonts() -> tuple[FontFace, ...]:
    """Liberation Sans (Arial's metric twin), then DejaVu Sans for the characters it lacks
    (Greek extended, Cyrillic, Arabic, symbols); system fonts come after both."""
    d = resource_path("fonts")
    return (
        FontFace(
            family="Liberation Sans",
            regular=d / "LiberationSans-Regular.ttf",
            bold=d / "LiberationSans-Bold.ttf",
            italic=d / "LiberationSans-Italic.ttf",
            bold_italic=d / "LiberationSans-BoldItalic.ttf",
        ),
        FontFace(
            family="DejaVu Sans",
            regular=d / "DejaVuSans.ttf",
            bold=d / "DejaVuSans-Bold.ttf",
            italic=d / "DejaVuSans-Oblique.ttf",
            bold_italic=d / "DejaVuSans-BoldOblique.ttf",
        ),
    )


LINE_HEIGHT = 1.149
"""Single line spacing of Arial and Liberation Sans, in ems (ascent + descent + gap)."""

Colour = str  # RGB hex, no '#'


@dataclass(frozen=True, slots=True)
class TextStyle:
    """One text style: size and spacing in points, ``line`` a multiple of single spacing;
    ``colour`` None is the text colour (black)."""

    size: float
    bold: bool = False
    italic: bool = False
    colour: Colour | None = None
    before: float = 0.0
    after: float = 0.0
    line: float = 1.0
    align: Literal["left", "center", "right"] = "left"

    @property
    def leading(self) -> float:
        """Baseline to baseline, in points."""
        return round(self.size * LINE_HEIGHT * self.line, 2)


NumberFormat = Literal["decimal", "lowerLetter", "lowerRoman"]
"""How a numbered list counts (Word's ``w:numFmt`` names): 1 2 3, a b c, i ii iii."""


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        count, n = divmod(n, value)
        out += letters * count
    return out


def _letters(n: int) -> str:
    """a ... z, then aa, bb ... as Word counts past z."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


@dataclass(frozen=True, slots=True)
class ListLabels:
    """The labels of list items, per nesting level, in both editions.

    The label starts at the item's hanging indent (``HouseStyle.list_indent`` left of its
    text, which starts ``list_indent`` further in at each level), aligned left, as Word
    sets a numbering level with ``lvlJc`` left and a tab after the label.  Level 1 is the
    outermost; a list nested deeper than ``len(bullets)`` levels takes the last level's
    label.  ``numbers`` are (format, pattern): ``{}`` in the pattern is the count.
    """

    bullets: tuple[str, ...] = ("\u2022", "\u2013", "\u2022")
    numbers: tuple[tuple[NumberFormat, str], ...] = (
        ("decimal", "{}."),
        ("lowerLetter", "({})"),
        ("lowerRoman", "({})"),
    )

    def bullet(self, level: int) -> str:
        """The bullet of a list nested ``level`` deep (1 is the outermost)."""
        return self.bullets[min(level, len(self.bullets)) - 1]

    def number(self, level: int, n: int) -> str:
        """The label of item number ``n`` of a numbered list nested ``level`` deep."""
        fmt, pattern = self.numbers[min(level, len(self.numbers)) - 1]
        counters: dict[NumberFormat, Callable[[int], str]] = {
            "decimal": str,
            "lowerLetter": _letters,
            "lowerRoman": _roman,
        }
        return pattern.format(counters[fmt](n))


ACCENT = "1F3864"
MARKING = "C00000"
GREY = "595959"


def _headings() -> tuple[TextStyle, TextStyle, TextStyle, TextStyle]:
    return (
        TextStyle(16, bold=True, colour=ACCENT, before=14, after=5),
        TextStyle(13, bold=True, colour=ACCENT, before=10, after=4),
        TextStyle(11.5, bold=True, colour=ACCENT, before=10, after=3),
        TextStyle(10.5, bold=True, italic=True, colour=ACCENT, before=8, after=2),
    )


@dataclass(frozen=True, slots=True)
class HouseStyle:
    """How a brief looks, in both editions.  Lengths of the page are in millimetres, of
    text in points."""

    # the page (A4); the header and footer sit in the margins
    margin_top_mm: float = 28.0
    margin_bottom_mm: float = 24.0
    margin_side_mm: float = 22.0
    header_mm: float = 10.0  # top edge to the header's first line
    footer_mm: float = 8.0  # bottom edge to the footer's last line
    # colours
    accent: Colour = ACCENT
    marking: Colour = MARKING
    grey: Colour = GREY
    rule: Colour = "BFBFBF"
    tint: Colour = "EEF2F8"  # callout fill
    header_fill: Colour = ACCENT  # a table's header row ...
    header_text: Colour = "FFFFFF"  # ... and its text
    watermark: Colour = "D0D0D0"
    # text
    body: TextStyle = TextStyle(10.5, after=5, line=1.1)
    headings: tuple[TextStyle, TextStyle, TextStyle, TextStyle] = field(default_factory=_headings)
    title: TextStyle = TextStyle(22, bold=True, colour=ACCENT, after=4)
    subtitle: TextStyle = TextStyle(13, colour=GREY, after=6)
    meta: TextStyle = TextStyle(9, colour=GREY)
    draft: TextStyle = TextStyle(11, bold=True, colour=MARKING, before=4)
    chrome_marking: TextStyle = TextStyle(10, bold=True, colour=MARKING, align="center")
    running_head: TextStyle = TextStyle(8.5, colour=GREY)
    footer: TextStyle = TextStyle(8.5, colour=GREY)
    caption: TextStyle = TextStyle(9, bold=True, colour=ACCENT, before=6, after=3)
    credit: TextStyle = TextStyle(8, italic=True, colour=GREY, after=8)
    table_text: TextStyle = TextStyle(9, before=2, after=2)
    table_heading: TextStyle = TextStyle(9, bold=True, colour="FFFFFF", before=2, after=2)
    callout: TextStyle = TextStyle(10, after=3, line=1.05)
    source: TextStyle = TextStyle(8.5, after=2)
    toc_heading: TextStyle = TextStyle(13, bold=True, colour=ACCENT, before=12, after=4)
    toc: TextStyle = TextStyle(10, after=2)
    timeline_date: TextStyle = TextStyle(9, bold=True, colour=ACCENT, align="right")
    timeline_text: TextStyle = TextStyle(9.5, after=0, line=1.05)
    callout_pad: float = 6.0  # inside the callout box, points
    callout_bar: float = 3.0  # the accent bar on its left, points
    list_indent: float = 16.0  # where a list item's text starts, per level, both editions; points
    list_labels: ListLabels = (
        ListLabels()
    )  # bullets and numbers per level, left at the hanging indent
    space_after_block: float = 8.0  # after a table, figure or callout, points
    portrait_width_mm: float = 30.0  # a biography's photograph, beside its text
    watermark_text: str = "DRAFT"
    title_rule: float = 1.0  # the rule under the title block, points


@dataclass(frozen=True, slots=True)
class Theme:
    """Presentation settings shared by the writers.

    ``fonts`` is the font stack for the PDF writer: each character is set in the first
    face that has it.  ``reference_docx`` names a corporate Word template whose styles
    the Word writer uses instead of the shipped one.  ``style`` is the house style; the
    two colours below override its accent and marking colours.
    """

    fonts: tuple[FontFace, ...] = field(default_factory=default_fonts)
    word_font: str = "Arial"
    marking_colour: str = MARKING  # RGB hex, no '#'
    accent_colour: str = ACCENT
    logo: Path | None = None
    logo_box_mm: tuple[float, float] = (45.0, 20.0)  # the logo fits this box, top left of page 1
    reference_docx: Path | None = None
    page_size: str = "A4"
    allow_missing_glyphs: bool = False
    tagged_pdf: bool = True
    archive: bool = False  # the PDF is written as PDF/A-2u (writers/pdf/archive.py)
    page_chrome: bool = True  # False: the PDF's pages get no header or footer (a part of a
    # bound pack, whose binding draws the pack's: writers/pdf/bind.py)
    style: HouseStyle = field(default_factory=HouseStyle)

    def colour(self, value: Colour | None) -> Colour | None:
        """A house-style colour as this theme prints it (its own accent and marking)."""
        if value == self.style.accent:
            return self.accent_colour
        if value == self.style.marking:
            return self.marking_colour
        return value
