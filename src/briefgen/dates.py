"""Dates with their real precision, formatted in Australian Government Style Manual form.

A fact's date is a year (``1979``), a month (``2020-07``), a day (``2019-08-28``), an
approximate year (``~2031``), a span (``2025-04/2025-10``) or unknown.  Nothing here ever
invents a day or a month.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

Precision = Literal["year", "month", "day"]

SortKey = tuple[int, int, int, int, date]
"""What `FuzzyDate.sort_key` gives: known first, then year, month, day (a missing part sorts
after the parts given), then the last day meant."""

_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True, order=False)
class Point:
    """One calendar point at year, month or day precision."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        return "day" if self.day else "month" if self.month else "year"

    def start(self) -> date:
        """The first day this point can mean (for sorting and comparing)."""
        return date(self.year, self.month or 1, self.day or 1)

    def end(self) -> date:
        """The last day this point can mean."""
        if self.day:
            return date(self.year, self.month or 1, self.day)
        if self.month:  # the month's own length: no next month to step back from (9999-12)
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, 12, 31)

    def iso(self) -> str:
        s = f"{self.year:04d}"
        if self.month:
            s += f"-{self.month:02d}"
        if self.day:
            s += f"-{self.day:02d}"
        return s


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date as precise as its source: a point, an approximate point, a span or unknown."""

    start: Point | None  # None: unknown
    end: Point | None = None  # set for a span
    approximate: bool = False

    UNKNOWN_TEXT = "unknown"

    @classmethod
    def parse(cls, value: object) -> FuzzyDate:
        """Parse ``1979``, ``"2020-07"``, ``"2019-08-28"``, ``"~2031"``, ``"2025-04/2025-10"``,
        ``"unknown"``, or a `datetime.date`.  Raises ``ValueError`` with a plain message."""
        if isinstance(value, FuzzyDate):
            return value
        if isinstance(value, date):
            return cls(Point(value.year, value.month, value.day))
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValueError(f"{value!r} is not a date")
        text = str(value).strip()
        if text == cls.UNKNOWN_TEXT:
            return cls(None)
        approximate = text.startswith("~")
        body = text[1:] if approximate else text
        parts = body.split("/")
        if len(parts) > 2 or (approximate and len(parts) == 2):
            raise ValueError(f"{value!r} is not a date")
        points = [_parse_point(p, value) for p in parts]
        if len(points) == 2:
            if points[1].start() < points[0].start():
                raise ValueError(f"{value!r}: the span ends before it starts")
            return cls(points[0], points[1])
        return cls(points[0], approximate=approximate)

    @property
    def known(self) -> bool:
        return self.start is not None

    def sort_key(self) -> SortKey:
        """Sort known dates chronologically, unknown last.  A date sorts after the more
        precise dates inside it: "2020" after "July 2020" and "14 July 2020", "July 2020"
        after "14 July 2020" (a year-only event is not known to have come first)."""
        if self.start is None:
            return (1, 0, 0, 0, date.max)
        s = self.start
        last = (self.end or s).end()
        return (0, s.year, s.month or 13, s.day or 32, last)

    def earliest(self) -> date | None:
        return self.start.start() if self.start else None

    def latest(self) -> date | None:
        return (self.end or self.start).end() if self.start else None

    def __str__(self) -> str:
        """The canonical data form, as it is written in YAML."""
        if self.start is None:
            return self.UNKNOWN_TEXT
        if self.end is not None:
            return f"{self.start.iso()}/{self.end.iso()}"
        return ("~" if self.approximate else "") + self.start.iso()

    def format(self, locale: str = "en_AU") -> str:
        """Style Manual form: "1979", "July 2020", "28 August 2019", "approximately 2031",
        "April to October 2025", "unknown date"."""
        if self.start is None:
            return "unknown date"
        if self.end is None:
            text = _format_point(self.start, locale)
            return f"approximately {text}" if self.approximate else text
        a, b = self.start, self.end
        if a.year == b.year and a.precision == b.precision == "month":
            return f"{_month_name(a, locale)} to {_format_point(b, locale)}"
        if a.year == b.year and a.month == b.month and a.precision == b.precision == "day":
            return f"{a.day} to {_format_point(b, locale)}"
        if a.year == b.year and a.precision == b.precision == "day":
            # the year once, as the Style Manual has it: "30 November to 2 December 2026"
            return f"{_day_month(a, locale)} to {_format_point(b, locale)}"
        return f"{_format_point(a, locale)} to {_format_point(b, locale)}"


def _parse_point(text: str, original: object) -> Point:
    m = _PART.match(text)
    if not m:
        raise ValueError(f"{original!r} is not a date")
    year, month, day = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
    if month == 0 or day == 0:  # "2020-00" is no month, not the year 2020
        raise ValueError(f"{original!r} is not a date")
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        raise ValueError(f"{original!r} is not a date") from None
    return Point(year, month or None, day or None)


def _month_name(p: Point, locale: str) -> str:
    return babel_date(p.start(), "MMMM", locale)


def _day_month(p: Point, locale: str) -> str:
    return babel_date(p.start(), "d MMMM", locale)


def _format_point(p: Point, locale: str) -> str:
    if p.precision == "year":
        return str(p.year)
    pattern = "MMMM y" if p.precision == "month" else "d MMMM y"
    return babel_date(p.start(), pattern, locale)


def format_day(d: date, locale: str = "en_AU") -> str:
    """A full date in Style Manual form: "25 November 2026"."""
    return babel_date(d, "d MMMM y", locale)


@lru_cache(maxsize=4096)
def babel_date(d: date, pattern: str, locale: str) -> str:
    """``d`` formatted by Babel with ``pattern`` (worked out once a date: Babel takes tens
    of microseconds a call, and a pack prints the same dates many times)."""
    from babel.dates import format_date

    return str(format_date(d, pattern, locale=locale))
