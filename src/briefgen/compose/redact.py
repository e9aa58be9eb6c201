"""Releasable editions: records marked above a ceiling are left out, at any depth."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

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
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if isinstance(value, (tuple, BaseModel)):
                new = None if above(value, ceiling) else redact(value, ceiling)
                if new is not value:
                    update[name] = new
        return obj.model_copy(update=update) if update else obj
    return obj
