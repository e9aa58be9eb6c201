"""Line breaking done once per paragraph, however many pages it runs over.

When platypus splits a paragraph at a page end, ReportLab makes the rest a new paragraph
and breaks all of its lines again on the next page: a paragraph of N lines over P pages
is broken P times, which grows with the square of its length.  `KeepsLines` hands the
rest the lines already broken (greedy breaking from a line's start gives the same lines
again), so each line is broken once and splitting stays linear.  With the gate shut
(`briefgen.writers.pdf.rl.fast`) it is ReportLab's ``Paragraph`` unchanged.
"""

from __future__ import annotations

import copy
from typing import Any

from reportlab.platypus import paragraph
from reportlab.platypus.paragraph import Paragraph

from briefgen.writers.pdf.rl import fast


def _reusable() -> tuple[Any, ...]:
    """ReportLab's splits that keep lines' fragments whole (looked up once the gate has
    checked they exist)."""
    return (paragraph._split_blParaSimple, paragraph._split_blParaHard)


class _Shifted:
    """A line as ReportLab's processed split reads it: only where its words start."""

    __slots__ = ("sFW",)

    def __init__(self, first_word: int) -> None:
        self.sFW = first_word


class _ShiftedLines:
    """Lines whose word counts start ``first`` words later, made only as they are read
    (a split reads two), so splitting a long paragraph page after page stays linear."""

    def __init__(self, lines: list[Any], first: int) -> None:
        self.lines = lines
        self.first = first

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, i: int) -> _Shifted:
        return _Shifted(self.lines[i].sFW - self.first)


class KeepsLines:
    """Mixin for a ReportLab ``Paragraph`` subclass: its split-off rest reuses its lines."""

    def breakLines(self, width: Any) -> Any:  # noqa: N802 - ReportLab's name
        if not fast():
            return super().breakLines(width)  # type: ignore[misc]
        from briefgen.writers.pdf.rl import fastbreak  # imported once the gate has checked it

        kept = self.__dict__.pop("_kept_lines", None)
        self._broken_for = list(width)
        if kept is not None and kept[0] == self._broken_for:
            self._first_word = kept[2]
            return kept[1]
        self._first_word = 0  # lines broken here count their words from this paragraph's
        lines = fastbreak.break_lines(self, width)
        if lines is None:
            lines = super().breakLines(width)  # type: ignore[misc]
        return lines

    def split(self, aW: float, aH: float) -> list[Any]:
        if not fast():
            return super().split(aW, aH)  # type: ignore[no-any-return,misc]
        whole = self.__dict__.get("blPara")
        width = self.__dict__.get("_broken_for")
        parts: list[Any] = super().split(aW, aH)  # type: ignore[misc]
        if not parts and whole is not None and width is not None and "blPara" not in self.__dict__:
            self._kept_lines = (width, whole, self.__dict__.get("_first_word", 0))  # no room here
            return parts
        if len(parts) != 2 or not all(isinstance(p, KeepsLines) for p in parts):
            return parts
        first = parts[0].__dict__.get("blPara")
        if whole is None or width is None or first is None:
            return parts
        lines = whole.lines[len(first.lines) :]
        func = self._get_split_blParaFunc()  # type: ignore[attr-defined]
        processed = getattr(func, "__func__", None) is KeepsLines._split_blParaProcessed
        if not processed and func not in _reusable():
            return parts
        for part, part_lines in ((parts[0], whole.lines[: len(first.lines)]), (parts[1], lines)):
            kept = copy.copy(whole)
            kept.__dict__.pop("_bg_spaced", None)
            kept.lines = part_lines
            # a part's fragments are this paragraph's from its first line's word on; its lines
            # keep counting words (``sFW``) from the paragraph that broke them
            part._kept_lines = (width, kept, part_lines[0].sFW if processed else 0)
        return parts

    def _split_blParaProcessed(self, blPara: Any, start: int, stop: int) -> list[Any]:  # noqa: N802
        """ReportLab's: the words of lines ``start`` to ``stop``, for lines whose word counts
        start ``_first_word`` words before this paragraph's own."""
        first = self.__dict__.get("_first_word", 0)
        if not first:
            return Paragraph._split_blParaProcessed(self, blPara, start, stop)  # type: ignore[no-any-return]
        shifted = copy.copy(blPara)
        shifted.lines = _ShiftedLines(blPara.lines, first)
        return Paragraph._split_blParaProcessed(self, shifted, start, stop)  # type: ignore[no-any-return]
