"""Which packs a build makes: targets, shards, packs failed by bad data, packs withheld."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from briefgen.build.shard import parse_shard, shard_of
from briefgen.compose.pack import make_pack
from briefgen.data.layout import FOLDER_OF
from briefgen.data.workspace import Workspace
from briefgen.errors import BriefgenError
from briefgen.markings import Marking

__all__ = ["invalid_targets", "parse_shard", "select", "shard_of", "withheld"]


def select(
    ws: Workspace, targets: Sequence[str] = (), shard: tuple[int, int] | None = None
) -> list[str]:
    """The pack ids to build: ``targets`` (all when empty), restricted to ``shard``."""
    known = [id for _, id, _ in ws.targets()]
    if targets:
        for id in targets:
            if id not in known:
                make_pack(ws, id)  # raises with close matches
        ids = list(dict.fromkeys(targets))
    else:
        ids = known + sorted(i for i in invalid_targets(ws) if i not in known)
    if shard is not None:
        ids = [i for i in ids if shard_of(i, shard[1]) == shard[0]]
    return ids


def withheld(ws: Workspace, id: str, ceiling: Marking | None) -> tuple[str, str] | None:
    """(kind, reason) when the pack would carry a marking above ``ceiling``: its own record
    is marked above it, or what is left of it after redaction is (every unmarked record
    takes the workspace's default marking)."""
    if ceiling is None:
        return None
    pack = make_pack(ws, id, ceiling)
    try:
        marking = pack.records_marking
    except BriefgenError:  # its own record is above the ceiling
        own: Any = ws.partners.get(id) or ws.visits.get(id)
        marking = own.marking
    if not marking.above(ceiling):
        return None
    why = " (the default marking of unmarked records)" if marking == ws.config.marking else ""
    return pack.kind, f"marked {marking}{why}, above --max-marking {ceiling}: left out"


def invalid_targets(ws: Workspace) -> dict[str, tuple[str, str]]:
    """Targets touched by data problems of a partially loaded workspace (``--keep-going``):
    id -> (kind, the problems)."""
    problems = ws.problems
    if not problems:
        return {}
    out: dict[str, tuple[str, str]] = {}
    region_index = {rid: i for i, rid in enumerate(ws.regions)}
    for kind, id, _ in ws.targets():
        try:
            files = make_pack(ws, id).data_files()
        except Exception:  # records too broken to read: every problem may be this pack's
            files = {p.file for p in problems}
        found = [
            str(p)
            for p in problems
            if p.file in files
            and not (  # a problem of another region in the shared regions file
                kind == "region"
                and p.file == ws.file_of("region", id)
                and p.path.startswith("regions[")
                and not p.path.startswith(f"regions[{region_index[id]}]")
            )
        ]
        if found:
            out[id] = (kind, "\n".join(found))
    by_file: dict[str, list[str]] = {}
    for p in problems:
        by_file.setdefault(p.file, []).append(str(p))
    for file, messages in by_file.items():  # records that did not load at all
        for kind, folder in FOLDER_OF.items():
            if file.startswith(folder + "/") and file.endswith(".yaml"):
                out.setdefault(file[len(folder) + 1 : -5], (kind, "\n".join(messages)))
    return out


def groups(ws: Workspace, ids: Sequence[str]) -> list[list[str]]:
    """``ids`` in jobs: a visit with the packs of ``ids`` it binds in (and any other visit
    binding one of them), those packs first, so that each is rendered once in the whole
    build and bound from there; every other pack alone.  In the order of ``ids``."""
    from briefgen.build.bind import attached_ids

    wanted = set(ids)
    owner = {id: id for id in ids}

    def find(id: str) -> str:
        while owner[id] != id:
            owner[id] = owner[owner[id]]
            id = owner[id]
        return id

    binds: dict[str, list[str]] = {}
    for id in ids:
        binds[id] = [p for p in attached_ids(ws, id) if p in wanted and p != id]
        for p in binds[id]:
            owner[find(p)] = find(id)
    members: dict[str, list[str]] = {}
    for id in ids:
        members.setdefault(find(id), []).append(id)
    out = []
    for group in members.values():  # those bound by another first, in the order given
        bound = {p for id in group for p in binds[id]}
        out.append([i for i in group if i in bound] + [i for i in group if i not in bound])
    at = {id: i for i, id in enumerate(ids)}
    return sorted(out, key=lambda g: min(at[i] for i in g))
