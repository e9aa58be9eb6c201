"""The one place a pack chooses its text: the brief's words where a record has them.

A record keeps the source's words (the evidence) and may carry the brief's rewording in
``brief`` (`briefgen.data.model.Briefed`); every pack prints the rewording.  Personal names
take the Style Manual's initials without full stops ("V. Narayanan" -> "V Narayanan").
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel

from briefgen.data.model import Briefed, Person
from briefgen.data.records import field_names

T = TypeVar("T")

_INITIAL = re.compile(r"\b([A-Z])\.(?=\s|$)")


def voiced(obj: T) -> T:
    """A copy of ``obj`` in which every record with a ``brief`` has it as its prose (the
    field `Briefed.prose` names), at any depth; records without one are unchanged."""
    if isinstance(obj, tuple):
        items = tuple(voiced(x) for x in obj)
        same = all(a is b for a, b in zip(items, obj, strict=True))
        return obj if same else items  # type: ignore[return-value]
    if not isinstance(obj, BaseModel):
        return obj
    update: dict[str, Any] = {}
    for name in field_names(type(obj)):
        value = getattr(obj, name)
        if isinstance(value, (tuple, BaseModel)):
            new = voiced(value)
            if new is not value:
                update[name] = new
    if isinstance(obj, Briefed):
        brief = getattr(obj, "brief", None)
        if brief is not None:  # printed as the prose, and only there
            update[type(obj).prose] = brief
            update["brief"] = None
    if isinstance(obj, Person):
        name = _INITIAL.sub(r"\1", obj.name)
        if name != obj.name:
            update["name"] = name
    return obj.model_copy(update=update) if update else obj
