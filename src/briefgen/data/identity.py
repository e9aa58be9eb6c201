"""Stable identities of records: what makes a record of one edition the same record in the
next, so that editions can be compared record by record.

A record with an ``id`` is known by it.  Every other record is known by its natural key:
the fields `NATURAL_KEYS` names for its kind (the first one set, or all of them for a
composite key).  Keys are unique within their list; `identity_problems` says where not.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from briefgen.data import model as m
from briefgen.data.records import Loc
from briefgen.data.yamlio import format_loc, line_of
from briefgen.errors import Problem

if TYPE_CHECKING:
    from briefgen.data.workspace import Workspace

NATURAL_KEYS: dict[type[BaseModel], tuple[tuple[str, ...], bool]] = {
    m.Agency: (("acronym", "name"), False),
    m.Area: (("name",), False),
    m.Program: (("name",), False),
    m.Facility: (("name",), False),
    m.Event: (("text",), False),
    m.Narrative: (("text",), False),
    m.Image: (("path", "caption"), True),
    m.VisitPerson: (("name",), False),
    m.PersonRef: (("partner", "person"), True),
    m.ProgramItem: (("date", "start", "activity"), True),
    m.KeyMessage: (("text",), False),
    m.VisitContact: (("name",), False),
    m.Meeting: (("date", "text"), True),
    m.Ask: (("text",), False),
    m.Attachment: (("title",), False),
    m.BackgroundItem: (("partner", "section", "record"), True),
    m.CareerRole: (("role", "organisation", "dates"), True),
    m.Participant: (("partner", "person", "name"), True),
}
"""Kind -> (fields, composite): the natural key of each kind of record without an id field
of its own.  Not composite: the first field that is set; composite: all of them."""

KIND_NAMES: dict[type[BaseModel], str] = {
    m.Agency: "agency",
    m.Area: "cooperation area",
    m.Program: "program",
    m.Facility: "facility",
    m.Event: "entry",
    m.Narrative: "paragraph",
    m.Image: "photograph",
    m.Person: "person",
    m.Agreement: "agreement",
    m.Source: "source",
    m.Partner: "partner",
    m.Region: "region",
    m.Visit: "visit",
    m.VisitPerson: "delegate",
    m.BackgroundItem: "background item",
    m.CareerRole: "career role",
    m.PersonRef: "delegate",
    m.ProgramItem: "program item",
    m.KeyMessage: "message",
    m.VisitContact: "contact",
    m.Organisation: "organisation",
    m.Contact: "contact",
    m.Meeting: "meeting",
    m.Ask: "likely ask",
    m.Attachment: "attachment",
    m.Participant: "participant",
    m.MeetingBrief: "meeting brief",
    m.MeetingHandling: "meeting handling",
    m.VisitProtocol: "protocol",
}
"""How a kind of record is named to a reader ("program added: ...")."""


def kind_name(rec: Any) -> str:
    for cls in type(rec).__mro__:
        if cls in KIND_NAMES:
            return KIND_NAMES[cls]
    return type(rec).__name__.lower()


def key_of(rec: BaseModel) -> str:
    """The identity of ``rec`` within its list: its ``id``, else its natural key."""
    explicit = getattr(rec, "id", None)
    if isinstance(explicit, str):
        return explicit
    fields, composite = _natural(rec)
    values = [getattr(rec, f, None) for f in fields]
    if composite:
        return " ".join(str(v) for v in values if v is not None)
    return next((str(v) for v in values if v is not None), "")


def key_field(rec: BaseModel) -> str:
    """The field that holds ``rec``'s key (for error messages)."""
    if isinstance(getattr(rec, "id", None), str):
        return "id"
    fields, composite = _natural(rec)
    if composite:
        return ""
    return next((f for f in fields if getattr(rec, f, None) is not None), fields[0])


def _natural(rec: BaseModel) -> tuple[tuple[str, ...], bool]:
    for cls in type(rec).__mro__:
        if cls in NATURAL_KEYS:
            return NATURAL_KEYS[cls]
    return (("name", "title", "text"), False)


def lists(obj: Any, loc: Loc = ()) -> Iterator[tuple[Loc, tuple[BaseModel, ...]]]:
    """``(field path, list)`` for every list of records in ``obj``, at any depth."""
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if isinstance(value, tuple) and value and all(isinstance(v, BaseModel) for v in value):
                yield (*loc, name), value
                for i, item in enumerate(value):
                    yield from lists(item, (*loc, name, i))
            elif isinstance(value, BaseModel):
                yield from lists(value, (*loc, name))


# lists whose ids other checks already hold unique (the loader, the reference checks)
_CHECKED = {(m.Partner, "people"), (m.Partner, "agreements"), (m.RegionsFile, "regions")}


TO_BE_CONFIRMED = frozenset({"to be confirmed", "tbc", "to be advised", "tba", "tbd"})
"""Names an officer writes for a delegate or contact not yet known: they may repeat."""


def to_be_confirmed(key: str) -> bool:
    """Whether ``key`` is a stand-in name ("To be confirmed", "TBC") that may repeat."""
    return key.strip().strip(".()").lower() in TO_BE_CONFIRMED


def identity_problems(ws: Workspace, raw: Mapping[str, Any]) -> list[Problem]:
    """One problem for each record whose identity repeats one before it in its list."""
    roots: list[tuple[str, Any]] = [(ws.file_of("organisation", ""), ws.organisation)]
    roots += [(ws.file_of("partner", pid), p) for pid, p in ws.partners.items()]
    roots += [(ws.file_of("visit", vid), v) for vid, v in ws.visits.items()]
    problems: list[Problem] = []
    for rel, obj in roots:
        for loc, items in lists(obj):
            if len(loc) == 1 and (type(obj), loc[0]) in _CHECKED:
                continue
            if loc[-1] == "sources":
                continue
            first: dict[str, int] = {}
            for i, item in enumerate(items):
                key = key_of(item)
                if key in first and not to_be_confirmed(key):
                    where = (*loc, i, key_field(item)) if key_field(item) else (*loc, i)
                    problems.append(
                        Problem(
                            rel,
                            line_of(raw.get(rel), where),
                            format_loc(where),
                            f"{kind_name(item)} {key!r} is listed twice (also "
                            f"{format_loc((*loc, first[key]))}): give one an 'id' so that "
                            "editions can tell them apart",
                        )
                    )
                first.setdefault(key, i)
    return problems
