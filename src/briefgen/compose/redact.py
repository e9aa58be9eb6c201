"""Releasable editions: records marked above a ceiling are left out, at any depth."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from briefgen.data.records import field_names
from briefgen.markings import Marking


def above(rec: Any, ceiling: Marking | None) -> bool:
    m = getattr(rec, "marking", None)
    return ceiling is not None and isinstance(m, Marking) and m.above(ceiling)


def redact(obj: Any, ceiling: Marking | None) -> Any:
    """A copy of ``obj`` without the records marked above ``ceiling``, at any depth."""
    if ceiling is None:
        return obj
    if isinstance(obj, tuple):
        return tuple(redact(x, ceiling) for x in obj if not above(x, ceiling))
    if isinstance(obj, BaseModel):
        update = {}
        for name in field_names(type(obj)):
            value = getattr(obj, name)
            if isinstance(value, (tuple, BaseModel)):
                new = None if above(value, ceiling) else redact(value, ceiling)
                if new is not value:
                    update[name] = new
        return obj.model_copy(update=update) if update else obj
    return obj


def redact_twin(old: Any, new: Any, ceiling: Marking | None) -> Any:
    """``old`` (a record of an earlier edition) without the records marked above
    ``ceiling`` in either edition: a record is matched with its twin in ``new`` by identity
    (`briefgen.data.identity.key_of`).  What a releasable edition compares with, so that a
    record marked above it since shows as no deletion, change bar or "no longer listed"."""
    from briefgen.data.identity import key_of

    if ceiling is None:
        return old
    if isinstance(old, tuple):
        twins = {key_of(r): r for r in new if isinstance(r, BaseModel)} if new else {}
        out = []
        for x in old:
            if above(x, ceiling):
                continue
            twin = twins.get(key_of(x)) if isinstance(x, BaseModel) else None
            if above(twin, ceiling):
                continue
            out.append(redact_twin(x, twin, ceiling) if twin is not None else redact(x, ceiling))
        return tuple(out)
    if isinstance(old, BaseModel):
        update: dict[str, Any] = {}
        for name in field_names(type(old)):
            value = getattr(old, name)
            if not isinstance(value, (tuple, BaseModel)):
                continue
            twin = getattr(new, name, None) if type(new) is type(old) else None
            if isinstance(value, BaseModel) and (above(value, ceiling) or above(twin, ceiling)):
                update[name] = None
                continue
            found = redact_twin(value, twin, ceiling)
            if found != value:
                update[name] = found
        return old.model_copy(update=update) if update else old
    return old
