"""A pack composed as the build issues it: AMENDED when its text changed after its last
cleared edition (the manifest's record), so that a pack bound into a visit is the one its
own file holds, whichever job composes it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from briefgen.build import register
from briefgen.compose.pack import Pack, make_pack
from briefgen.markings import Marking


@dataclass(frozen=True)
class Issued:
    """A pack as issued, with the register's facts of it and the cleared record to keep."""

    pack: Pack
    control: dict[str, str]
    content: str
    cleared: dict[str, str] | None


def issue(
    ws: Any,
    id: str,
    ceiling: Marking | None,
    since: Any,
    cleared: Mapping[str, str] | None,
    changed: frozenset[str] = frozenset(),
) -> Issued:
    """Pack ``id`` at ``ceiling`` as the build issues it, given the manifest's record of its
    last cleared edition (``cleared``) and the briefs changed since cleared (``changed``,
    `briefgen.build.brief_clearance`)."""
    pack = make_pack(ws, id, ceiling, since=since, changed_briefs=changed)
    control, content = register.facts(pack), register.content_of(pack)
    amended, kept = register.amendment(control, content, cleared)
    if amended:  # page 1 says so: the same pack, composed again
        pack = make_pack(ws, id, ceiling, since=since, amended=True, changed_briefs=changed)
    control["amended"] = "yes" if amended else "no"
    return Issued(pack, control, content, kept)
