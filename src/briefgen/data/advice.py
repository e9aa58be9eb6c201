"""What to type instead: the advice that turns a parser's or the model's complaint into a
message an officer editing YAML understands (quotes, spaces, dates, times, close names)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date

ENTRY_KINDS: dict[str, str] = {"VisitPerson": "delegate", "PersonRef": "delegate named by id"}
"""How an entry that may be of several kinds is named, by model class."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest of ``choices`` to ``word``, or ``""``."""
    close = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def quoted(value: str) -> str:
    """``value`` as a YAML quoted scalar (double quotes unless it holds one)."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


_KEY_VALUE = re.compile(r"^\s*(?:-\s+)*([A-Za-z_][\w-]*):\s+(.*?)\s*$")


def syntax_advice(text: str, line: int | None, problem: str) -> tuple[int | None, str, str] | None:
    """``(line, field, message)`` for a YAML syntax error an officer commonly makes (a ``: `` in
    an unquoted value, a tab in the indentation) at 1-based ``line``, or None."""
    lines = text.split("\n")
    tab = next((i for i, t in enumerate(lines, 1) if "\t" in t[: len(t) - len(t.lstrip())]), None)
    if tab is not None and ("\\t" in problem or (line is not None and abs(line - tab) <= 1)):
        return tab, "", "this line is indented with a tab: indent with spaces, not tabs"
    if "mapping values are not allowed" in problem and line is not None and line <= len(lines):
        found = _KEY_VALUE.match(lines[line - 1])
        key, value = found.groups() if found else ("", "")
        value = value.split(" #", 1)[0].rstrip()
        # the stray ': ' must be inside the value (not a field indented under a value)
        if (": " in value or value.endswith(":")) and value[:1] not in "'\"{[|>":
            return (
                line,
                key,
                (
                    f"this value holds ': ', so YAML reads it as a new field: put this value in "
                    f"quotes: {key}: {quoted(value)}"
                ),
            )
        if found:
            return (
                line,
                key,
                "this field is indented under a field that already has a value: indent it "
                "as far as the fields beside it",
            )
    return None


_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_YMD = re.compile(r"^\s*(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})\s*$")


def date_example(value: object) -> str:
    """The date ``value`` meant, as YYYY-MM-DD when it can be read day first (the
    Australian way), else a made-up example."""
    text = str(value)
    for pattern, order in ((_DMY, (3, 2, 1)), (_YMD, (1, 2, 3))):
        found = pattern.match(text)
        if found:
            y, m, d = (int(found.group(i)) for i in order)
            try:
                return date(y, m, d).isoformat()
            except ValueError:
                break
    return "2027-01-19"


def date_advice(field: str, value: object, *, fuzzy: bool = False) -> str:
    """How to write a date, with an example for ``field``; a ``fuzzy`` date may be as
    precise as its source."""
    forms = "YYYY-MM-DD, or YYYY-MM or YYYY as the source gives it" if fuzzy else "YYYY-MM-DD"
    return f"write dates as {forms}, e.g. {field}: {date_example(value)}"


_HM = re.compile(r"^\s*(\d{1,2})\s*[:.h]\s*(\d{2})\s*$")


def time_example(value: object) -> str:
    """The time ``value`` meant, as HH:MM: ``9:00`` -> ``09:00``; also YAML 1.1's
    sexagesimal integer (``9:00`` loaded as 540)."""
    hour = minute = -1
    if isinstance(value, int) and not isinstance(value, bool):
        hour, minute = divmod(value, 60)
    else:
        found = _HM.match(str(value))
        if found:
            hour, minute = int(found.group(1)), int(found.group(2))
    if 0 <= hour < 24 and 0 <= minute < 60:
        return f"{hour:02d}:{minute:02d}"
    return "09:00"


def time_advice(field: str, value: object) -> str:
    """How to write a time, with an example for ``field``."""
    return f'write times as 24-hour HH:MM in quotes, e.g. {field}: "{time_example(value)}"'
