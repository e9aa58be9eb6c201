"""One walker over the model: every record (and every text field) nested in a value,
with its field path, depth first in field order."""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from briefgen.data.model import Fact, KeyMessage
from briefgen.markings import Marking, highest

Loc = tuple[str | int, ...]


@functools.cache
def field_names(cls: type[BaseModel]) -> tuple[str, ...]:
    """The names of a model class's fields, in order (read once a class: pydantic's
    ``model_fields`` is a descriptor that is slow to read record by record)."""
    return tuple(cls.model_fields)


def walk(obj: Any, loc: Loc = ()) -> Iterator[tuple[Loc, BaseModel]]:
    """``(field path, record)`` for ``obj`` (a record or a tuple of them) and every record
    nested in it."""
    out: list[tuple[Loc, BaseModel]] = []
    _walk(obj, loc, out)
    return iter(out)


def _walk(obj: Any, loc: Loc, out: list[tuple[Loc, BaseModel]]) -> None:
    if isinstance(obj, BaseModel):
        out.append((loc, obj))
        for name in field_names(type(obj)):
            value = getattr(obj, name)
            if isinstance(value, (tuple, BaseModel)):
                _walk(value, (*loc, name), out)
    elif isinstance(obj, tuple):
        for i, item in enumerate(obj):
            _walk(item, (*loc, i), out)


def walk_text(obj: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """``(field path, text)`` for every string field in ``obj``, at any depth."""
    out: list[tuple[Loc, str]] = []
    _walk_text(obj, loc, out)
    return iter(out)


def _walk_text(obj: Any, loc: Loc, out: list[tuple[Loc, str]]) -> None:
    if isinstance(obj, str):
        out.append((loc, obj))
    elif isinstance(obj, tuple):
        for i, item in enumerate(obj):
            _walk_text(item, (*loc, i), out)
    elif isinstance(obj, BaseModel):
        for name in field_names(type(obj)):
            _walk_text(getattr(obj, name), (*loc, name), out)


def held(obj: Any, holder: Marking | None = None) -> Iterator[tuple[BaseModel, Marking | None]]:
    """``(record, effective marking)`` for every record in ``obj``: a record's effective
    marking is the higher of its own and its holder's (a person of a partner marked
    OFFICIAL: Sensitive is OFFICIAL: Sensitive); None when neither is marked."""
    out: list[tuple[BaseModel, Marking | None]] = []
    _held(obj, holder, out)
    return iter(out)


def _held(obj: Any, holder: Marking | None, out: list[tuple[BaseModel, Marking | None]]) -> None:
    if isinstance(obj, BaseModel):
        own = getattr(obj, "marking", None)
        if isinstance(own, Marking):
            holder = own if holder is None else highest((own,), holder)
        out.append((obj, holder))
        for name in field_names(type(obj)):
            value = getattr(obj, name)
            if isinstance(value, (tuple, BaseModel)):
                _held(value, holder, out)
    elif isinstance(obj, tuple):
        for item in obj:
            _held(item, holder, out)


def records(obj: Any) -> Iterator[BaseModel]:
    """Every record in ``obj``, depth first."""
    return (rec for _, rec in walk(obj))


def markings(obj: Any) -> Iterator[Marking]:
    """Every marking carried by ``obj`` and the records inside it."""
    for rec in records(obj):
        m = getattr(rec, "marking", None)
        if isinstance(m, Marking):
            yield m


def facts(obj: Any) -> Iterator[Fact]:
    """Every fact-bearing record in ``obj``."""
    return (rec for rec in records(obj) if isinstance(rec, Fact))


def citing(obj: Any) -> Iterator[Fact | KeyMessage]:
    """Every record in ``obj`` that cites sources: facts, and messages stating a fact."""
    return (rec for rec in records(obj) if isinstance(rec, (Fact, KeyMessage)))


_FIELD_SETS: dict[frozenset[str], set[str]] = {}
_SHORT = 64
"""Text up to this length is shared between records (ids, names, markings, source ids)."""


def compact(obj: Any) -> None:
    """Let every record in ``obj`` share what equal records hold apart, values unchanged:
    the one copy of its set of fields given (pydantic keeps a set per record: a third of
    a loaded partner's memory, 32 MB for 1,000 partners) and of each short text (ids,
    names, source ids: a tenth).  The records are frozen, so nothing shared is changed
    in place (a ``model_copy`` copies its own set), and a pickled chunk of records sends
    each once."""
    for _, record in walk(obj):
        given = record.model_fields_set
        shared = _FIELD_SETS.setdefault(frozenset(given), given)
        if shared is not given:
            object.__setattr__(record, "__pydantic_fields_set__", shared)
        fields = record.__dict__
        for name, value in fields.items():
            if type(value) is str and len(value) <= _SHORT:
                fields[name] = sys.intern(value)
            elif type(value) is tuple and value and all(type(v) is str for v in value):
                fields[name] = tuple(sys.intern(v) if len(v) <= _SHORT else v for v in value)
