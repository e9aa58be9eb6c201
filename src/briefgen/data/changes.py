"""What changed between two editions of the records: added, removed and changed records,
matched by their identities (`briefgen.data.identity`), field by field.

A record's ``sources`` are its citations, not its facts, and a visit's
``document_control`` is about the document: changes to them are not reported.  Lists of
plain values (a visit's objectives, an agreement's parties) are compared as one field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel

from briefgen.data.identity import key_field, key_of, kind_name
from briefgen.dates import FuzzyDate, format_day
from briefgen.markings import Marking

Action = Literal["added", "removed", "changed"]

LONG_TEXT = 60
"""Text longer than this is reported as revised, not quoted old and new, in sentences."""


@dataclass(frozen=True)
class Change:
    """One difference between two editions of a record."""

    action: Action
    kind: str  # how the record is named: "program", "agreement"
    owner: str  # the partner, region or visit it belongs to, as printed
    path: str  # where, by identities: "jp/programs/Lunar Gateway"
    label: str  # the record as a reader knows it
    field: str | None = None  # the field that changed (action "changed")
    old: str | None = None
    new: str | None = None
    sources: tuple[str, ...] = ()
    record: Any = dataclasses.field(
        default=None, compare=False, repr=False
    )  # new record (old if removed)
    before: Any = dataclasses.field(
        default=None, compare=False, repr=False
    )  # the old record, if any

    def sentence(self, with_owner: bool = False) -> str:
        """The change in words: "Program added: Lunar Gateway"."""
        kind = self.kind[:1].upper() + self.kind[1:]
        if self.action == "added":
            text = f"{kind} added: {self.label}"
        elif self.action == "removed":
            text = f"{kind} no longer listed: {self.label}"
        else:
            name = (self.field or "").replace("_", " ")
            long = max(len(self.old or ""), len(self.new or "")) > LONG_TEXT
            if long:
                text = f"{kind} ‘{self.label}’: {name} revised"
            else:
                text = f"{kind} ‘{self.label}’: {name} changed from {self.old} to {self.new}"
        return f"{self.owner}: {text}" if with_owner else text

    def as_json(self) -> dict[str, Any]:
        """The change as plain JSON values."""
        return {
            "action": self.action,
            "kind": self.kind,
            "owner": self.owner,
            "path": self.path,
            "label": self.label,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "sources": list(self.sources),
            "text": self.sentence(with_owner=True),
        }


def shown(value: Any) -> str:
    """A field's value as a reader would read it."""
    if value is None or value == ():
        return "not stated"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, FuzzyDate):
        return value.format() if value.known else "not known"
    if isinstance(value, Marking):
        return value.banner()
    if isinstance(value, date):
        return format_day(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(shown(v) for v in value)
    if isinstance(value, BaseModel):
        return label_of(value)
    return str(value)


def label_of(rec: BaseModel) -> str:
    """How a reader knows ``rec``: its title or name, else the start of its text."""
    full = getattr(rec, "full_name", None)
    if isinstance(full, str):
        return full
    for name in ("title", "name", "activity", "text", "caption"):
        value = getattr(rec, name, None)
        if isinstance(value, str):
            return value if len(value) <= LONG_TEXT else value[: LONG_TEXT - 1].rstrip() + "…"
    return key_of(rec)


def _sources(rec: Any) -> tuple[str, ...]:
    found = getattr(rec, "sources", ())
    return tuple(s for s in found if isinstance(s, str))


def _is_records(value: Any) -> bool:
    return isinstance(value, tuple) and bool(value) and isinstance(value[0], BaseModel)


_NOT_FACTS = ("id", "sources", "document_control")
"""Fields that are not facts of the brief: identities, citations, the document's control."""

_KIND_BY_LIST = {
    "milestones": "milestone",
    "events": "event",
    "highlights": "highlight",
    "overview": "overview paragraph",
    "key_messages": "key message",
    "talking_points": "talking point",
    "if_raised": "point if raised",
    "sensitivities": "sensitivity",
    "their_objectives": "objective of theirs",
}
"""Records whose kind says less than the list they are in (an event in ``highlights`` is a
highlight), named by the list."""


def compare(
    old: BaseModel, new: BaseModel, owner: str, path: str, kind: str | None = None
) -> list[Change]:
    """Every change from ``old`` to ``new`` (the same record in two editions); ``kind``
    names the record when its type does not say enough."""
    out: list[Change] = []
    for name in type(new).model_fields:
        if name in _NOT_FACTS:
            continue
        before, after = getattr(old, name, None), getattr(new, name, None)
        if before == after:
            continue
        here = f"{path}/{name}"
        if _is_records(before) or _is_records(after):
            out += compare_lists(before or (), after or (), owner, here, _KIND_BY_LIST.get(name))
        elif isinstance(before, BaseModel) and isinstance(after, BaseModel):
            if type(before) is type(after):
                out += compare(before, after, owner, here, name.replace("_", " "))
            else:
                out.append(_changed(old, new, name, before, after, owner, here, kind))
        else:
            out.append(_changed(old, new, name, before, after, owner, here, kind))
    return out


def _changed(
    old: Any,
    rec: Any,
    name: str,
    before: Any,
    after: Any,
    owner: str,
    path: str,
    kind: str | None = None,
) -> Change:
    return Change(
        "changed",
        kind or kind_name(rec),
        owner,
        path,
        label_of(rec),
        name,
        shown(before),
        shown(after),
        _sources(rec),
        rec,
        old,
    )


def compare_lists(
    old: Sequence[BaseModel],
    new: Sequence[BaseModel],
    owner: str,
    path: str,
    kind: str | None = None,
) -> list[Change]:
    """Records added to, removed from and changed in a list, matched by identity, in the
    new list's order (removed ones where they stood in the old list).  A record known by
    its text alone (no ``id``) that was reworded where it stands is the same record, revised."""
    before = {key_of(r): r for r in old}
    after = {key_of(r): r for r in new}
    reworded = _reworded(list(before), list(after), before, after)
    out: list[Change] = []
    for key, rec in after.items():
        was = before.get(key) or before.get(reworded.get(key, ""))
        here = f"{path}/{key}"
        if was is None:
            out.append(
                Change(
                    "added", kind or kind_name(rec), owner, here, label_of(rec), None, None, None,
                    _sources(rec), rec,
                )
            )  # fmt: skip
        else:
            out += compare(was, rec, owner, here, kind)
    kept = set(after) | set(reworded.values())
    for key, rec in before.items():
        if key not in kept:
            out.append(
                Change(
                    "removed", kind or kind_name(rec), owner, f"{path}/{key}", label_of(rec), None,
                    None, None, _sources(rec), rec, rec,
                )
            )  # fmt: skip
    return out


def _reworded(
    old: list[str], new: list[str], before: dict[str, BaseModel], after: dict[str, BaseModel]
) -> dict[str, str]:
    """New key -> old key of the records known by their text that were reworded in place:
    where the two lists differ by as many records on each side, paired in order."""
    from difflib import SequenceMatcher

    pairs: dict[str, str] = {}
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op != "replace" or i2 - i1 != j2 - j1:
            continue
        for o, n in zip(old[i1:i2], new[j1:j2], strict=True):
            a, b = before[o], after[n]
            if type(a) is type(b) and key_field(a) == key_field(b) == "text":
                pairs[n] = o
    return pairs
