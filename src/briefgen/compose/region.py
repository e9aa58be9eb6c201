"""A region pack's own content: the partners in one comparison table whose columns have
values for most rows, and the partners too thinly recorded for the table, by name."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from briefgen.compose.sandbox import Held

FILL = 2 / 3
"""At least this share of the table's value cells hold a value; emptier columns go."""

MAX_COLUMNS = 4
"""Value columns beside the partner's name: more do not fit a portrait page."""


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


def _agreements(x: dict[str, Any]) -> Cell | None:
    active = x["active_agreements"]
    return Cell("; ".join(a.title for a in active), active[0]) if active else None


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


def _dated(key: str) -> Callable[[dict[str, Any]], Cell | None]:
    def cell(x: dict[str, Any]) -> Cell | None:
        d = x[key]
        return Cell(f"{d.date.format()}: {d.label}", d.record) if d else None

    return cell


COLUMNS: tuple[Column, ...] = (
    ("Agency", _agency),
    ("Head of agency", _head),
    ("Cooperation", _areas),
    ("Agreements signed or in force", _agreements),
    ("Most recent", _dated("latest_milestone")),
    ("Next milestone", _dated("next_milestone")),
)


def comparison(partners: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """``{"header": [...], "rows": [{"name", "cells", "cited"}],
    "others": [names]}``: the partners with at least two values in the table, the rest by
    name."""
    values = [[fn(x) for _, fn in COLUMNS] for x in partners]
    rows = [(x, v) for x, v in zip(partners, values, strict=True) if sum(map(bool, v)) >= 2]
    others = [
        (x["name"], x) for x, v in zip(partners, values, strict=True) if sum(map(bool, v)) < 2
    ]
    keep = [c for c in range(len(COLUMNS)) if any(v[c] for _, v in rows)]

    def filled(cols: list[int]) -> float:
        cells = [v[c] for _, v in rows for c in cols]
        return sum(map(bool, cells)) / len(cells) if cells else 1.0

    while len(keep) > MAX_COLUMNS or (len(keep) > 1 and filled(keep) < FILL):
        keep.remove(min(keep, key=lambda c: (sum(bool(v[c]) for _, v in rows), -c)))

    def row(x: dict[str, Any], v: list[Cell | None]) -> Held:
        cells = [v[c] for c in keep]
        cited = [s for c in cells if c for s in getattr(c.record, "sources", ())]
        held = [Held(c, getattr(c.record, "marking", None)) if c else None for c in cells]
        found = {"name": x["name"], "cells": held, "cited": Cited(tuple(dict.fromkeys(cited)))}
        return Held(found, x["p"].marking)

    return {
        "header": ["Partner", *(COLUMNS[c][0] for c in keep)],
        "rows": [row(x, v) for x, v in rows],
        "others": [Held(name, x["p"].marking) for name, x in others],
    }
