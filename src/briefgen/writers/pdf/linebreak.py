"""Line breaking done once per paragraph, however many pages it runs over.

When platypus splits a paragraph at a page end, ReportLab makes the rest a new paragraph
and breaks all of its lines again on the next page: a paragraph of N lines over P pages
is broken P times, which grows with the square of its length.  `KeepsLines` hands the
rest the lines already broken (greedy breaking from a line's start gives the same lines
again), so each line is broken once and splitting stays linear.
"""

from __future__ import annotations

import copy
from typing import Any

from reportlab.platypus.paragraph import Paragraph, _split_blParaHard, _split_blParaSimple

from briefgen.writers.pdf import fastbreak

_REUSABLE = (_split_blParaSimple, _split_blParaHard)  # splits that keep lines' frags whole


class KeepsLines:
    """Mixin for a ReportLab ``Paragraph`` subclass: its split-off rest reuses its lines."""

    def breakLines(self, width: Any) -> Any:  # noqa: N802 - ReportLab's name
        kept = self.__dict__.pop("_kept_lines", None)
        self._broken_for = list(width)
        if kept is not None and kept[0] == self._broken_for:
            return kept[1]
        lines = fastbreak.break_lines(self, width)
        if lines is None:
            lines = super().breakLines(width)  # type: ignore[misc]
        return lines

    def split(self, aW: float, aH: float) -> list[Any]:
        whole = self.__dict__.get("blPara")
        width = self.__dict__.get("_broken_for")
        parts: list[Any] = super().split(aW, aH)  # type: ignore[misc]
        if not parts and whole is not None and width is not None and "blPara" not in self.__dict__:
            self._kept_lines = (width, whole)  # no room here: the next page needs no breaking
            return parts
        if len(parts) != 2 or not all(isinstance(p, KeepsLines) for p in parts):
            return parts
        first = parts[0].__dict__.get("blPara")
        if whole is None or width is None or first is None:
            return parts
        lines = whole.lines[len(first.lines) :]
        func = self._get_split_blParaFunc()  # type: ignore[attr-defined]
        if getattr(func, "__func__", None) is Paragraph._split_blParaProcessed:
            # the rest's fragments are this paragraph's from its first line's word on:
            # its lines count their first words (``sFW``) from there
            offset = lines[0].sFW
            lines = [copy.copy(line) for line in lines]
            for line in lines:
                line.sFW -= offset
        elif func not in _REUSABLE:
            return parts
        for part, part_lines in ((parts[0], whole.lines[: len(first.lines)]), (parts[1], lines)):
            kept = copy.copy(whole)
            kept.__dict__.pop("_bg_spaced", None)
            kept.lines = part_lines
            part._kept_lines = (width, kept)
        return parts
