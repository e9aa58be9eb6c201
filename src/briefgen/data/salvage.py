"""The valid part of a record that failed validation: its faulty entries left out, so
that the checks across files (ids, people, sources) still run on the rest in the same pass
and an officer sees every problem at once, not one layer per run."""

from __future__ import annotations

from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from briefgen.data.yamlio import is_union_tag

_ROUNDS = 6
"""Leaving an entry out can make its parent invalid (a required field gone): so many
rounds at most before giving up."""


class Salvaged(NamedTuple):
    """A record made of the valid part of a file, and the ids of the entries left out
    (a reference to one of them is not an error to report)."""

    record: Any
    left_out: frozenset[str]


def salvage(model: type[BaseModel], data: Any, exc: ValidationError) -> Salvaged | None:
    """``data`` validated as ``model`` with the entries that ``exc`` (and then each
    further round) finds fault with left out; None when the fault is in the record itself
    (a required top-level field, say)."""
    work = _plain(data)
    left_out: set[str] = set()
    for _ in range(_ROUNDS):
        targets: set[tuple[str | int, ...]] = set()
        for err in exc.errors(include_url=False):
            loc = tuple(p for p in err["loc"] if not is_union_tag(p))
            # a missing field: the entry that lacks it goes; a bad value: its entry goes
            missing = err["type"] == "missing" and not (len(loc) == 1 and loc[0] in STAND_INS)
            target = _entry(loc[:-1] if missing else loc)
            if not target:
                return None
            targets.add(target)
        for target in sorted(targets, key=_order, reverse=True):
            if len(target) == 1 and target[0] in STAND_INS:
                work[target[0]] = STAND_INS[target[0]]
            elif target == ("id",) or (
                len(target) == 1
                and target[0] in model.model_fields
                and model.model_fields[str(target[0])].is_required()
            ):
                return None
            else:
                _remove(work, target, left_out)
        try:
            return Salvaged(model.model_validate(work), frozenset(left_out))
        except ValidationError as again:
            exc = again
    return None


def _plain(node: Any) -> Any:
    """Loaded YAML as plain dicts and lists (a copy to cut)."""
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _entry(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """The part of ``loc`` to remove: the list item it lies in, if any (an entry of a
    list goes whole), else the field itself."""
    last_item = None
    for i, part in enumerate(loc):
        if isinstance(part, int):
            last_item = i
    if last_item is not None:
        return loc[: last_item + 1]
    return loc[:1]


STAND_INS: dict[str, Any] = {"dates": "unknown", "title": "?", "name": "?", "direction": "inbound"}
"""Valid values that stand in for a record's required field whose value is faulty (the
checks across files do not read these fields)."""


def _order(loc: tuple[str | int, ...]) -> tuple[Any, ...]:
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in loc)


def _remove(data: Any, loc: tuple[str | int, ...], left_out: set[str]) -> None:
    node = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return
    last = loc[-1]
    try:
        gone = node[last]
    except (KeyError, IndexError, TypeError):
        return
    if isinstance(gone, dict) and isinstance(gone.get("id"), str):
        left_out.add(gone["id"])
    if isinstance(gone, str):
        left_out.add(gone)
    del node[last]
