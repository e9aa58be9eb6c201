"""The theme: fonts, colours and page settings the writers use (never the data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path


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
    """The shipped DejaVu Sans family (Latin, Greek, Cyrillic, Arabic, and more)."""
    d = resource_path("fonts")
    return (
        FontFace(
            family="DejaVu Sans",
            regular=d / "DejaVuSans.ttf",
            bold=d / "DejaVuSans-Bold.ttf",
            italic=d / "DejaVuSans-Oblique.ttf",
            bold_italic=d / "DejaVuSans-BoldOblique.ttf",
        ),
    )


@dataclass(frozen=True, slots=True)
class Theme:
    """Presentation settings shared by the writers.

    ``fonts`` is the font stack for the PDF writer: each character is set in the first
    face that has it.  ``reference_docx`` names a corporate Word template whose styles
    the Word writer uses instead of the shipped one.
    """

    fonts: tuple[FontFace, ...] = field(default_factory=default_fonts)
    word_font: str = "Arial"
    marking_colour: str = "C00000"  # RGB hex, no '#'
    accent_colour: str = "1F3864"
    logo: Path | None = None
    logo_box_mm: tuple[float, float] = (45.0, 20.0)  # the logo fits this box, top left of page 1
    reference_docx: Path | None = None
    page_size: str = "A4"
    allow_missing_glyphs: bool = False
    tagged_pdf: bool = True
