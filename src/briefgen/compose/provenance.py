"""Where a pack's text comes from: each record field's text as the pack prints it, keyed by
its data file and field path, so that the tree builder can say which field a paragraph,
table cell or timeline entry is (`briefgen.tree.Source`) and an officer's edit in Word can
find its way back (`briefgen.build.absorb`).

A field is found by its text among the records the pack draws on (its partners, visit,
region and the organisation), in the words the pack prints (`voiced`: the brief's words
where a record has them).  A narrative record's prose is keyed to its ``brief`` field,
where an edit belongs (its source text is never changed).  A text found in two fields is
keyed to neither: an edit of it cannot be told apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from briefgen.compose.voice import voiced
from briefgen.data.model import Briefed
from briefgen.data.records import Loc, field_names, walk
from briefgen.data.yamlio import format_loc

if TYPE_CHECKING:
    from briefgen.compose.pack import Pack

AMBIGUOUS = ""
"""The key of a text found in more than one field."""

SKIPPED = frozenset({"id", "sources", "marking", "kind", "status", "partner", "head"})
"""Fields that hold codes and references, never text a reader edits."""


def key_of(rel: str, loc: Loc) -> str:
    """A field's key: ``data/partners/jp.yaml#agreements[1].brief``."""
    return f"{rel}#{format_loc(loc)}"


def roots(pack: Pack) -> Iterator[tuple[str, Any, Loc]]:
    """``(data file, record, field path)`` of each record the pack draws on, as loaded, in
    the words the pack prints (`voiced`)."""
    ws = pack.workspace
    # with nothing left out, the pack's own partners and organisation are these records
    # voiced already: they are not voiced again
    whole = pack.max_marking is None
    yield ws.file_of("organisation", ""), pack.organisation if whole else voiced(ws.org()), ()
    for p in pack.partners:
        partner = p if whole else voiced(ws.partner(p.id))
        if partner is not None:
            yield ws.file_of("partner", p.id), partner, ()
    if pack.kind == "visit":
        visit = ws.visit(pack.id)
        if visit is not None:
            yield ws.file_of("visit", pack.id), voiced(visit), ()
    if pack.kind == "region":
        for i, rid in enumerate(ws.regions):
            if rid == pack.id:
                region = ws.region(rid)
                yield ws.file_of("region", rid), voiced(region), ("regions", i)


def origins(pack: Pack) -> dict[str, str]:
    """Each field text the pack may print -> its key (`AMBIGUOUS` when two fields have it)."""
    found: dict[str, str] = {}
    for rel, obj, loc in roots(pack):
        for where, text in _texts(obj, loc):
            key = key_of(rel, where)
            if found.get(text, key) != key:
                key = AMBIGUOUS
            found[text] = key
    return found


def _texts(obj: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """``(field path, text)`` of every text field of every record in ``obj`` (a voiced copy),
    a narrative record's prose at its ``brief``."""
    for where, rec in walk(obj, loc):
        prose = type(rec).prose if isinstance(rec, Briefed) else None
        for name in field_names(type(rec)):
            if name in SKIPPED:
                continue
            value = getattr(rec, name)
            field = "brief" if name == prose else name
            if isinstance(value, str) and value.strip():
                yield (*where, field), value
            elif isinstance(value, tuple) and not isinstance(value, BaseModel):
                for i, item in enumerate(value):
                    if isinstance(item, str) and item.strip():
                        yield (*where, field, i), item
