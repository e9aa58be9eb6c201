"""The files ``briefgen.toml``'s theme names (fonts, logo, Word reference document), checked
at load so that a bad one is one error naming the setting, not a failure in every pack."""

from __future__ import annotations

import struct
from pathlib import Path

from briefgen.data.config import Config
from briefgen.data.images import image_problem
from briefgen.data.layout import CONFIG_FILE
from briefgen.errors import Problem
from briefgen.fileio import within


def theme_problems(config: Config, root: Path) -> list[Problem]:
    """Every theme file that is missing, outside the workspace or not what it should be,
    and a templates folder outside the workspace."""
    theme = config.theme
    named: list[tuple[str, str, str]] = []  # (field path, workspace-relative file, kind)
    for i, font in enumerate(theme.fonts):
        for style in ("regular", "bold", "italic", "bold_italic"):
            value = getattr(font, style)
            if value:
                named.append((f"theme.fonts[{i}].{style}", value, "font"))
    if theme.logo:
        named.append(("theme.logo", theme.logo, "image"))
    if theme.reference_docx:
        named.append(("theme.reference_docx", theme.reference_docx, "docx"))
    problems = []
    if not within(root, config.templates):
        problems.append(
            Problem(
                CONFIG_FILE,
                None,
                "templates",
                f"{config.templates!r} is outside the workspace: name a folder inside it, "
                'e.g. templates = "templates"',
            )
        )
    for where, rel, kind in named:
        why = _problem(root, rel, kind)
        if why is not None:
            problems.append(Problem(CONFIG_FILE, None, where, f"{rel!r} {why}"))
    return problems


def _problem(root: Path, rel: str, kind: str) -> str | None:
    path = (root / rel).resolve()
    if not within(root, rel):
        return "is outside the workspace"
    if not path.is_file():
        return "does not exist"
    if kind == "image":
        return image_problem(path)
    if kind == "docx":  # lxml and fontTools load only when a theme names such files
        from briefgen.refdocx import ReferenceDocxError, clean_reference

        try:
            clean_reference(path.read_bytes())
        except ReferenceDocxError as exc:
            return str(exc)
        except OSError as exc:
            return f"cannot be read: {exc.strerror or exc}"
        return None
    return _font_problem(path)


def _font_problem(path: Path) -> str | None:
    from fontTools.ttLib import TTFont, TTLibError

    from briefgen.fontfiles import missing_tables

    try:
        with TTFont(str(path), lazy=True) as font:
            if "glyf" not in font:
                return "is not a TrueType-outline font (CFF/PostScript fonts cannot be embedded)"
            font.getBestCmap()
        missing = missing_tables(str(path))
        if missing:
            return f"is not a complete font: it has no {', '.join(missing)} table"
    except (TTLibError, OSError, AssertionError, KeyError, ValueError, struct.error) as exc:
        return f"is not a font file ({exc or type(exc).__name__})"
    return None
