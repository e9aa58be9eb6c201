"""A region pack's own content, a synthesis rather than its partners' briefs end to end:
the partners compared in one table, one regional timeline (an event two partners share
told once), one agreements table, a short summary per partner, and the partners too
thinly recorded to brief named on one line."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from briefgen.compose.repeats import told_by
from briefgen.compose.sandbox import Held
from briefgen.data.model import Agreement, Event

FILL = 2 / 3
"""At least this share of the table's value cells hold a value; emptier columns go."""

MAX_COLUMNS = 4
"""Value columns beside the partner's name: more do not fit a portrait page."""

MIN_ROWS = 2
"""A comparison of fewer partners compares nothing: the table is left out."""

LONG_LABEL = 6
"""A label of this many words the timeline prints is not printed again beside it: it
would read as a sentence said twice."""

NOT_RECORDED = "Not recorded"
"""What an empty cell says: a blank cell reads as a printing fault."""


@dataclass(frozen=True)
class Cell:
    text: str
    record: Any  # the record whose sources the cell cites


@dataclass(frozen=True)
class Cited:
    """What a table row cites: the sources of its cells, once each."""

    sources: tuple[str, ...]


Column = tuple[str, Callable[[dict[str, Any]], Cell | None]]


def _agency(x: dict[str, Any]) -> Cell | None:
    a = x["agency"]
    return Cell(a.acronym or a.name, a) if a else None


def _head(x: dict[str, Any]) -> Cell | None:
    h = x["head"]
    return Cell(h.full_name, h) if h else None


def _areas(x: dict[str, Any]) -> Cell | None:
    areas = x["p"].cooperation_areas
    if not areas:
        return None
    shown = areas if len(areas) <= 4 else areas[:3]
    names = [shown[0].name, *(_lower(a.name) for a in shown[1:])]
    if len(areas) > 4:
        return Cell(f"{', '.join(names)} and {len(areas) - 3} other areas", areas[0])
    head = ", ".join(names[:-1])
    return Cell(f"{head} and {names[-1]}" if head else names[0], areas[0])


def _lower(name: str) -> str:
    """ "Navigation" as a list's second item reads "navigation"; "ISS" keeps its case."""
    return name[0].lower() + name[1:] if name[1:2].islower() else name


COLUMNS: tuple[Column, ...] = (
    ("Agency", _agency),
    ("Head of agency", _head),
    ("Cooperation", _areas),
)
"""What the table compares. Agreements and milestones have their own sections in a region
pack (the agreements table, the timeline), so the table does not repeat them."""


def comparison(partners: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """``{"header": [...], "rows": [{"name", "cells", "cited"}]}``: the partners (not the
    thinly recorded ones) with at least two values in the table, an empty cell saying
    "Not recorded"; None when fewer than `MIN_ROWS` partners would be compared."""
    briefed = [x for x in partners if not x["stub"]]
    values = [[fn(x) for _, fn in COLUMNS] for x in briefed]
    rows = [(x, v) for x, v in zip(briefed, values, strict=True) if sum(map(bool, v)) >= 2]
    if len(rows) < MIN_ROWS:
        return None
    keep = [c for c in range(len(COLUMNS)) if any(v[c] for _, v in rows)]

    def filled(cols: list[int]) -> float:
        cells = [v[c] for _, v in rows for c in cols]
        return sum(map(bool, cells)) / len(cells) if cells else 1.0

    while len(keep) > MAX_COLUMNS or (len(keep) > 1 and filled(keep) < FILL):
        keep.remove(min(keep, key=lambda c: (sum(bool(v[c]) for _, v in rows), -c)))

    def row(x: dict[str, Any], v: list[Cell | None]) -> Held:
        cells = [v[c] for c in keep]
        cited = [s for c in cells if c for s in getattr(c.record, "sources", ())]
        held = [
            Held(c, getattr(c.record, "marking", None)) if c else Cell(NOT_RECORDED, None)
            for c in cells
        ]
        found = {"name": x["name"], "cells": held, "cited": Cited(tuple(dict.fromkeys(cited)))}
        return Held(found, x["p"].marking)

    return {
        "header": ["Partner", *(COLUMNS[c][0] for c in keep)],
        "rows": [row(x, v) for x, v in rows],
    }


def agreements(partners: Sequence[dict[str, Any]]) -> list[Held]:
    """Every partner's agreements as rows of one table: ``{"partner", "agreement"}``, in
    date order (undated last), each held by its partner's marking."""
    rows = [
        (a.date.sort_key(), i, Held({"partner": x["name"], "agreement": a}, x["p"].marking))
        for i, x in enumerate(partners)
        for a in x["p"].agreements
    ]
    return [held for *_, held in sorted(rows, key=lambda r: (r[0], r[1]))]


# ---------------------------------------------------------------- the regional timeline

_WORD = re.compile(r"[\w’'-]+")
_COMMON = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "was",
        "were",
        "will",
        "be",
        "has",
        "have",
        "had",
        "its",
        "their",
        "this",
        "that",
        "which",
        "who",
        "it",
        "or",
        "new",
    ]
)

SAME_EVENT = 0.7
"""Two partners' entries tell one event when this share of the shorter one's words (small
words aside) occurs in the other, and their dates do not differ."""


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _COMMON}


def same_event(a: str, b: str) -> bool:
    """Whether two sentences tell one event: most of the shorter one's words are the other's
    ("Co-hosted the Asia Pacific Regional Space Agency Forum with JAXA in Perth" and "The
    Agency and JAXA co-hosted the 30th annual Asia Pacific Regional Space Agency Forum ...")."""
    x, y = _content_words(a), _content_words(b)
    small = min(len(x), len(y))
    return small >= 4 and len(x & y) >= SAME_EVENT * small


def timeline(partners: Sequence[dict[str, Any]], own: Sequence[Any] = ()) -> dict[str, list[Held]]:
    """One timeline for the region: ``{"dated": [...], "undated": [...]}``, each entry
    ``{"date", "text", "record", "names"}`` (``names``: the partners it concerns). An event
    that several partners record (the same label and date, or the same words) is one entry
    naming them all; an undated entry telling a dated one's event is left out, its partner
    named on the dated one. An entry whose sentences also tell a shorter entry's event
    (the 2023 partnership on MMX and the samples' landing about 2031) is named by its label
    (``short``), so the event is told once, on its own date.  ``own``: the region's own
    highlights (undated on the source page): one telling an undated partner entry's event
    gives that entry its fuller words, else it is an undated entry of its own (never joined
    to a dated entry, whose date its source would not give it)."""
    dated: list[dict[str, Any]] = []
    undated: list[dict[str, Any]] = []
    for x in partners:
        marking = x["p"].marking
        name = short_name(x)
        for e in x["timeline"]:
            rec = e["record"]
            twin = next((d for d in dated if _twins(d, rec)), None)
            if twin is not None:
                _also(twin, name, marking)
            else:
                dated.append(_entry(rec, e["text"], name, marking))
        for rec in x["undated"]:
            twin = next((d for d in [*dated, *undated] if same_event(d["words"], rec.text)), None)
            if twin is not None:
                _also(twin, name, marking)
            else:
                undated.append(_entry(rec, Held(rec.text, rec.marking), name, marking))
    for rec in own:
        # an undated highlight never lends its words to a dated entry, nor takes its date:
        # that they tell one event is a guess, and the joined entry would date what no
        # source dates ("the 30th forum, November 2024")
        twin = next((d for d in undated if same_event(d["words"], rec.text)), None)
        if twin is None:
            undated.append(
                {**_entry(rec, Held(rec.text, rec.marking), "", rec.marking), "names": []}
            )
        elif len(rec.text) > len(twin["words"]):
            twin.update(text=Held(rec.text, rec.marking), words=rec.text)
            twin["markings"].append(rec.marking)
            twin["sources"] += [s for s in rec.sources if s not in twin["sources"]]
    dated.sort(key=lambda d: d["record"].date.sort_key())
    for d in dated:  # an entry that also tells another's event is named by its label
        shorter = [o["words"] for o in dated if len(o["words"]) < len(d["words"])]
        if d["record"].label and any(told_by(d["words"], o) for o in shorter):
            d["text"] = Held(d["record"].label, d["record"].marking)
            d["short"] = True
    return {"dated": [_held(d) for d in dated], "undated": [_held(d) for d in undated]}


def short_name(x: dict[str, Any]) -> str:
    """How a timeline entry names its partner: an organisation by its agency's acronym
    ("ESA"), whose full name the comparison table gives; a country by its name."""
    agency = x["agency"]
    if x["p"].kind.value == "organisation" and agency is not None and agency.acronym:
        return str(agency.acronym)
    return str(x["name"])


def _twins(entry: dict[str, Any], rec: Any) -> bool:
    mine = entry["record"]
    if str(mine.date) != str(rec.date):
        return False
    if mine.label and rec.label and mine.label == rec.label:
        return True
    return same_event(entry["words"], rec.text)


def _entry(rec: Any, text: Any, name: str, marking: Any) -> dict[str, Any]:
    return {
        "date": rec.date,
        "text": text,
        "record": rec,
        "names": [name],
        "words": rec.text,
        "markings": [marking],
        "sources": list(rec.sources),
    }


def _also(entry: dict[str, Any], name: str, marking: Any) -> None:
    if name not in entry["names"]:
        entry["names"].append(name)
    entry["markings"].append(marking)


def _held(entry: dict[str, Any]) -> Held:
    shown = {k: entry[k] for k in ("date", "text", "record", "names")}
    shown["short"] = entry.get("short", False)
    return Held(shown, _highest([m for m in entry["markings"] if m is not None]))


def _highest(marks: list[Any]) -> Any:
    """The highest of ``marks`` (None when there are none)."""
    from briefgen.markings import highest

    return highest(marks, marks[0]) if marks else None


# ---------------------------------------------------------------- partner summaries


def summaries(
    partners: Sequence[dict[str, Any]],
    said: set[str],
    labelled: frozenset[int] = frozenset(),
    compared: frozenset[str] = frozenset(),
) -> list[Held]:
    """A few lines per partner briefed in the region: ``{"name", "lead", "agency", "head",
    "latest", "next"}`` (``agency`` and ``head`` only for a partner the comparison table,
    ``compared``, leaves out).
    ``lead``: what the partnership is (the first overview paragraph the region's own text
    does not already say, else the partnership's length); ``latest`` and ``next``: the
    most recent and the next milestone as ``{"date", "label"}``, ``label`` None when the
    record has no short label or the timeline already names it by its label (``labelled``:
    those records' ``id``), so the label is printed once."""
    out = []
    for x in partners:
        if x["stub"]:
            continue
        p = x["p"]
        lead = next((n for n in p.overview if n.text not in said), None) or p.partnership_length
        found = {
            "name": x["name"],
            "lead": lead,
            "agency": None if x["name"] in compared else x["agency"],
            "head": None if x["name"] in compared else x["head"],
            "latest": _milestone(x["latest_milestone"], labelled),
            "next": _milestone(x["next_milestone"], labelled),
        }
        out.append(Held(found, p.marking))
    return out


def _milestone(d: Any, labelled: frozenset[int]) -> dict[str, Any] | None:
    """A dated fact as a summary names it: its short label and the section of the region
    pack that tells it (``anchor``: the timeline for an event, the agreements table for an
    agreement, else None)."""
    if d is None:
        return None
    rec = d.record
    if isinstance(rec, Event):
        long = rec.label is not None and len(rec.label.split()) >= LONG_LABEL
        label = None if id(rec) in labelled and long else rec.label
        return {"date": d.date, "label": label, "record": rec, "anchor": "region-timeline"}
    if isinstance(rec, Agreement):
        label = f"{rec.title}, {rec.status.value}"
        return {"date": d.date, "label": label, "record": rec, "anchor": "region-agreements"}
    return {"date": d.date, "label": getattr(rec, "name", None), "record": rec, "anchor": None}


def key_facts(partners: Sequence[dict[str, Any]]) -> Held:
    """The region at a glance, counted from its partners' records: how many partners are
    briefed and how many thinly recorded; agreements by status; the earliest dated record.
    Held by the highest marking of what it counts."""
    found = [a for x in partners for a in x["p"].agreements]
    statuses: dict[str, int] = {}
    for a in found:
        statuses[a.status.value] = statuses.get(a.status.value, 0) + 1
    dated = [(d, x["name"]) for x in partners for d in x["dated"]]
    first = min(dated, key=lambda d: d[0].date.sort_key()) if dated else None
    marks = [m for m in (*(x["p"].marking for x in partners), *(a.marking for a in found)) if m]
    if first is not None and first[0].record.marking:
        marks.append(first[0].record.marking)
    facts = {
        "briefed": sum(not x["stub"] for x in partners),
        "stubs": sum(bool(x["stub"]) for x in partners),
        "agreements": len(found),
        "statuses": sorted(statuses.items()),
        "first": {"date": first[0].date, "name": first[1]} if first else None,
    }
    return Held(facts, _highest(marks))
