"""The exceptions briefgen raises to its users."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class BriefgenError(Exception):
    """Base class of every error briefgen reports to a user (never a traceback)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One fault in the data: where it is and what is wrong."""

    file: str  # workspace-relative path, or "<code>" for objects built in Python
    line: int | None
    path: str  # field path such as "agreements[1].date", or "" for the whole file
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class DataError(BriefgenError):
    """Invalid workspace data; carries every `Problem` found, not only the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class TemplateError(BriefgenError):
    """A template is broken or produced something the document tree cannot hold."""


class RenderError(BriefgenError):
    """A writer could not render a document (for example a glyph no font covers)."""


class MissingGlyphError(RenderError):
    """No font has a glyph for ``char``: the text would show a box or nothing."""

    def __init__(self, message: str, char: str) -> None:
        super().__init__(message)
        self.char = char
