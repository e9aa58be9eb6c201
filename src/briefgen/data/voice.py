"""The rests-on check: a record's brief text (``brief``, and an event's ``label``) may only
reword what the record's own words say.  Every number, year, number word and proper noun in
it must occur in the record's source text, so that rewording never adds a fact.

A proper noun is a capitalised word inside a sentence, an acronym (two or more capitals)
or a word holding a digit, anywhere.  A capitalised word that starts a sentence counts only
when the source does not have it in any case ("Together" rests on "together") and it is
not a common opening word (`OPENING_WORDS`: "The", "In", "Since" ...).  The house
style may name the home country and agency although the source says "we" or "our":
`HOUSE_WORDS`, and a record may name the partner (or region) it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from briefgen.data.model import Briefed, Event
from briefgen.data.records import Loc, walk
from briefgen.data.yamlio import format_loc, line_of
from briefgen.dates import FuzzyDate
from briefgen.errors import Problem

if TYPE_CHECKING:
    from briefgen.data.workspace import Workspace

HOUSE_WORDS = ("Australian Space Agency", "Australian", "Australia", "Agency")
"""Names the brief's third person may use where the source says "we", "our" or "us": the
home country and agency.  Nothing else is taken on trust."""

NUMBER_WORDS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "thousand",
        "million",
        "billion",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "once",
        "twice",
        "dozen",
    ]
)
"""Number words: a count or an ordinal is a fact, like a figure."""

OPENING_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "they",
        "their",
        "there",
        "he",
        "she",
        "his",
        "her",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "without",
        "through",
        "since",
        "during",
        "under",
        "over",
        "after",
        "before",
        "as",
        "both",
        "each",
        "all",
        "and",
        "but",
        "or",
        "if",
        "when",
        "where",
        "while",
        "which",
        "who",
        "what",
        "how",
        "to",
        "of",
        "also",
    ]
)
"""Common words a sentence may open with, although the source text lacks them."""

_WORD = re.compile(r"[\w’']+")
_DIGITS = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"[.!?:;]\W*$")
_SKIPPED = frozenset({"id", "brief", "label", "sources", "marking", "kind", "status"})


def _normal(text: str) -> str:
    """Text with straight apostrophes, and with every dash and hyphen a word break."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"[-\u2010-\u2015/]", " ", text)


def _stem(word: str) -> str:
    """A word without a possessive ending ("JAXA's" -> "JAXA")."""
    return re.sub(r"'s?$", "", word)


def source_text(rec: BaseModel) -> str:
    """The words ``rec`` itself records (its text fields and dates, not its brief or
    label): what its brief may reword."""
    parts: list[str] = []
    for name in type(rec).model_fields:
        if name in _SKIPPED:
            continue
        value = getattr(rec, name)
        values = value if isinstance(value, tuple) else (value,)
        for v in values:
            if isinstance(v, str):
                parts.append(v)
            elif isinstance(v, FuzzyDate) and v.known:
                parts.append(v.format())
    return "\n".join(parts)


def unsupported(brief: str, source: str) -> list[str]:
    """The numbers, number words and proper nouns of ``brief`` that ``source`` does not
    have, in order, each once."""
    text = _normal(brief)
    for phrase in HOUSE_WORDS:
        text = re.sub(rf"\b{phrase}\b", " ", text)
    said = _normal(source)
    words = {_stem(w) for w in _WORD.findall(said)}
    lower = {w.lower() for w in words}
    digits = set(_DIGITS.findall(said))
    out: list[str] = []
    for m in _WORD.finditer(text):
        word = _stem(m.group())
        if not word:
            continue
        before = text[: m.start()].rstrip()
        starts = not before or bool(_SENTENCE_END.search(before))
        if any(ch.isdigit() for ch in word):
            bad = word not in words and not set(_DIGITS.findall(word)) <= digits
        elif word.lower() in NUMBER_WORDS:
            bad = word.lower() not in lower
        elif sum(ch.isupper() for ch in word) >= 2:  # an acronym, or CamelCase: as written
            bad = word not in words
        elif word[0].isupper():
            if starts:
                bad = word.lower() not in lower and word.lower() not in OPENING_WORDS
            else:
                bad = word not in words
        else:
            bad = False
        if bad and word not in out:
            out.append(word)
    return out


def briefed(obj: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str, str]]:
    """``(field path, brief text, source text)`` for every brief and label in ``obj``."""
    for where, rec in walk(obj, loc):
        if not isinstance(rec, Briefed):
            continue
        brief = getattr(rec, "brief", None)
        if isinstance(brief, str):
            yield (*where, "brief"), brief, source_text(rec)
        if isinstance(rec, Event) and rec.label is not None:
            yield (*where, "label"), rec.label, source_text(rec)


def voice_problems(ws: Workspace, raw: Mapping[str, Any]) -> list[Problem]:
    """One error for each brief text (or label) holding a number, year or proper noun its
    record's source text does not: rewording must never add a fact."""
    org = ws.organisation
    roots: list[tuple[str, Any, Loc, str]] = [(ws.file_of("organisation", ""), org, (), org.name)]
    roots += [(ws.file_of("partner", pid), p, (), p.display_name) for pid, p in ws.partners.items()]
    roots += [
        (ws.file_of("region", r.id), r, ("regions", i), r.name)
        for i, r in enumerate(ws.regions.values())
    ]
    out: list[Problem] = []
    for rel, obj, loc, name in roots:
        for where, brief, source in briefed(obj, loc):
            for word in unsupported(brief, f"{source}\n{name}"):
                field = where[-1]
                out.append(
                    Problem(
                        rel,
                        line_of(raw.get(rel), where),
                        format_loc(where),
                        f"{word!r} is not in the record's source text: the {field} may only "
                        f"reword what the source text says, so take {word!r} out (or, if the "
                        "source says it, put it in the source text first, with its source)",
                    )
                )
    return out
