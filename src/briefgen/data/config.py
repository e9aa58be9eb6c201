"""``briefgen.toml``: workspace settings, every one with a default."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from briefgen.data.layout import CONFIG_FILE, MAX_DATA_FILE, OUTPUT_DIR, TEMPLATES_DIR
from briefgen.data.model import MarkingValue, check_xml_text
from briefgen.data.settings_file import parse_settings
from briefgen.deps import read_regular, sha256
from briefgen.errors import DataError, Problem
from briefgen.markings import Marking
from briefgen.theme import Theme

if TYPE_CHECKING:
    from briefgen.data.source import FileSource

Setting = Annotated[str, AfterValidator(check_xml_text)]
"""Text from ``briefgen.toml``: no control characters (they reach documents and paths)."""


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FontConfig(_Section):
    """One extra font family for the PDF font stack (TrueType files, workspace-relative)."""

    family: Setting
    regular: Setting
    bold: Setting | None = None
    italic: Setting | None = None
    bold_italic: Setting | None = None


class ThemeConfig(_Section):
    """Look of the packs."""

    fonts: tuple[FontConfig, ...] = Field(
        default=(), description="fonts tried after the shipped DejaVu Sans, in order"
    )
    system_fonts: bool = Field(
        default=True, description="also search the system's fonts for characters not covered"
    )
    word_font: Setting = "Arial"
    marking_colour: str = Field(default="C00000", pattern=r"^[0-9A-Fa-f]{6}$")
    accent_colour: str = Field(default="1F3864", pattern=r"^[0-9A-Fa-f]{6}$")
    logo: Setting | None = Field(default=None, description="workspace-relative image file")
    reference_docx: Setting | None = Field(
        default=None, description="workspace-relative Word file whose styles the packs use"
    )


class Budget(_Section):
    """A length budget: each section whose heading matches ``heading`` ends by page
    ``by_page``, or spans at most ``pages`` pages (counted on the laid-out PDF pages)."""

    heading: Setting = Field(
        description='a heading\'s text; * stands for any characters, e.g. "Background*"'
    )
    by_page: int | None = Field(
        default=None, ge=1, le=10000, description="the section ends on this page or before"
    )
    pages: int | None = Field(
        default=None, ge=1, le=10000, description="the section spans at most this many pages"
    )

    @model_validator(mode="after")
    def _a_limit(self) -> Budget:
        if self.by_page is None and self.pages is None:
            raise ValueError(
                "a budget needs a limit: by_page or pages, e.g. "
                '{ heading = "Key messages", by_page = 1 }'
            )
        return self


class BudgetsConfig(_Section):
    """Length budgets per pack kind: warnings in a build, errors under ``build --final``.
    Giving a kind's list replaces its defaults (``visit = []`` turns them off)."""

    partner: tuple[Budget, ...] = Field(default=(), description="budgets of partner packs")
    region: tuple[Budget, ...] = Field(default=(), description="budgets of region packs")
    visit: tuple[Budget, ...] = Field(
        default_factory=lambda: (
            Budget(heading="Key messages", by_page=1),
            Budget(heading="Background*", pages=2),
        ),
        description='budgets of visit packs; default: `[{ heading = "Key messages", '
        'by_page = 1 }, { heading = "Background*", pages = 2 }]` (key messages on page 1, '
        "each background at most two pages)",
    )


class Config(_Section):
    """Settings from ``briefgen.toml``."""

    title: Setting = "Briefing packs"
    marking: MarkingValue = Field(
        default_factory=lambda: Marking.parse("OFFICIAL"),
        description="default protective marking of every record and pack",
    )
    output: Setting = Field(default=OUTPUT_DIR, description="output folder")
    releasable: MarkingValue | None = Field(
        default=None,
        description="also build a releasable edition with nothing marked above this, e.g. "
        '"OFFICIAL", into its own folder',
    )
    releasable_output: Setting | None = Field(
        default=None,
        description="the releasable edition's folder (default: the output folder's name "
        "followed by -releasable-official, beside it)",
    )
    review_months: int = Field(
        default=12,
        ge=1,
        le=1200,
        description="warn about sources accessed longer ago than this many months (1-1200)",
    )
    edition: date | None = Field(
        default=None,
        description="'Information as at' date; default: the latest access date of the sources",
    )
    draft: bool = Field(default=False, description="mark every pack as a draft")
    templates: Setting = Field(default=TEMPLATES_DIR, description="folder of override templates")
    theme: ThemeConfig = ThemeConfig()
    budgets: BudgetsConfig = BudgetsConfig()


def load_config(
    root: Path, digests: dict[str, str] | None = None, source: FileSource | None = None
) -> Config:
    """Read ``briefgen.toml`` from ``root`` (or ``source``); a missing file gives the
    defaults.  ``digests`` receives the SHA-256 of the bytes read."""
    path = root / CONFIG_FILE
    if not (path.exists() if source is None else source.is_file(CONFIG_FILE)):
        return Config()
    try:
        data = (
            read_regular(path, MAX_DATA_FILE)
            if source is None
            else source.read(CONFIG_FILE, MAX_DATA_FILE)
        )
    except OSError as exc:
        raise DataError([Problem(CONFIG_FILE, None, "", f"cannot be read: {exc}")]) from None
    if digests is not None:
        digests[CONFIG_FILE] = sha256(data)
    raw = parse_settings(data)
    try:
        return Config.model_validate(raw)
    except ValidationError as exc:
        from briefgen.data.yamlio import problems_from_validation

        raise DataError(problems_from_validation(exc, CONFIG_FILE, None)) from None


def make_theme(config: Config, root: Path | None, **overrides: object) -> Theme:
    """The writers' `Theme` from the workspace settings (paths resolved in ``root``)."""
    from briefgen.theme import FontFace, Theme, default_fonts

    base = root or Path(".")

    def path(p: str | None) -> Path | None:
        return base / p if p else None

    extra = tuple(
        FontFace(f.family, base / f.regular, path(f.bold), path(f.italic), path(f.bold_italic))
        for f in config.theme.fonts
    )
    t = config.theme
    theme = Theme(
        fonts=default_fonts() + extra,
        word_font=t.word_font,
        marking_colour=t.marking_colour.upper(),
        accent_colour=t.accent_colour.upper(),
        logo=path(t.logo),
        reference_docx=path(t.reference_docx),
    )
    if overrides:
        from dataclasses import replace

        theme = replace(theme, **overrides)  # type: ignore[arg-type]
    return theme
