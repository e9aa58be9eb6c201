"""A pack against an earlier edition: what changed record by record, the "Changes since"
section's context and the revision marks of the tree (the pack as that edition made it is
`briefgen.compose.pack.BasePack`)."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING, Any

from briefgen import tree as t
from briefgen.compose.revisions import Target, mark_revisions
from briefgen.compose.sandbox import Held
from briefgen.data.changes import Change, compare
from briefgen.markings import Marking, highest

if TYPE_CHECKING:
    from briefgen.compose.pack import Pack
    from briefgen.data.model import Partner


def since_date(pack: Pack) -> date:
    """The 'information as at' date of the edition the pack is compared with."""
    assert pack.since is not None
    recorded = pack.since.dates.get(pack.id)
    if recorded is not None:
        return recorded
    if pack.base is not None:
        return pack.base.edition
    ws = pack.since.workspace
    latest = max((s.accessed for s in ws.sources.values()), default=date(2000, 1, 1))
    return ws.config.edition or latest


def _partner_sources(p: Partner) -> tuple[str, ...]:
    from briefgen.data import records

    first = next(records.facts(p), None)
    return tuple(first.sources) if first is not None else ()


def pack_changes(pack: Pack) -> list[Change]:
    """Every change to the records the pack shows (within its ceiling), partner by partner,
    then the region's or visit's own."""
    base = pack.base
    if base is None:
        return []
    out: list[Change] = []
    before = {p.id: p for p in base.partners}
    for p in pack.partners:
        was = before.get(p.id)
        if was is None:
            name = p.display_name
            out.append(
                Change(
                    "added", "partner", name, p.id, name, None, None, None, _partner_sources(p), p
                )
            )
        else:
            out += compare(was, p, p.display_name, p.id)
    now = {p.id for p in pack.partners}
    for p in base.partners:
        if p.id not in now:
            name = p.display_name
            out.append(
                Change(
                    "removed",
                    "partner",
                    name,
                    p.id,
                    name,
                    None,
                    None,
                    None,
                    _partner_sources(p),
                    p,
                    p,
                )
            )
    ws, old = pack.workspace, base.workspace
    if pack.kind == "region":
        region = ws.regions[pack.id]
        found = compare(old.regions[pack.id], region, region.name, pack.id)
        out += [c for c in found if c.field != "members"]  # told as partners added, removed
    if pack.visit is not None and base.visit is not None:
        out += compare(base.visit, pack.visit, pack.visit.title, pack.id)
    return out


def change_markings(changes: list[Change]) -> list[Marking]:
    """The markings of the records the changes tell of, in either edition."""
    found = []
    for c in changes:
        for rec in (c.record, c.before):
            m = getattr(rec, "marking", None)
            if isinstance(m, Marking):
                found.append(m)
    return found


def change_marking(pack: Pack, change: Change) -> Marking | None:
    """The marking of what ``change`` tells: the highest of the record's, in either
    edition, and of the partner or visit holding it, in either edition (None: unmarked)."""
    owner = change.path.split("/", 1)[0]
    holders: list[Any] = [change.record, change.before]
    for ws in (pack.workspace, pack.since.workspace if pack.since is not None else None):
        if ws is not None:
            holders += [ws.partners.get(owner), ws.visits.get(owner) if pack.visit else None]
    marks = [m for h in holders if isinstance(m := getattr(h, "marking", None), Marking)]
    return highest(marks, marks[0]) if marks else None


def change_anchor(n: int) -> str:
    """The id that links the ``n``-th line of the changes list to the text it names."""
    return f"change-{n}"


def changes_context(pack: Pack) -> dict[str, Any] | None:
    """What the "Changes since" section's template sees (None without ``since``)."""
    if pack.since is None:
        return None
    known = pack.workspace.sources
    with_owner = pack.kind != "partner"
    items = [
        Held(
            {
                "text": c.sentence(with_owner),
                "action": c.action,
                "sources": tuple(s for s in c.sources if s in known),
                "anchor": change_anchor(n),
            },
            change_marking(pack, c),
        )
        for n, c in enumerate(pack.changes, 1)
    ]
    return {"since": since_date(pack), "new": pack.base is None, "items": items}


def revise(pack: Pack, base: Pack, doc: t.Document) -> t.Document:
    """``doc`` with its changes since ``base``'s tree marked, as revisions by the
    organisation dated the pack's edition."""
    targets = [
        Target(change_anchor(n), c.label, c.action == "removed")
        for n, c in enumerate(pack.changes, 1)
    ]
    revision = t.Revision(pack.workspace.organisation.name, pack.edition)
    return mark_revisions(_same_cover(base.raw_document, doc), doc, revision, targets)


def _same_cover(old: t.Document, new: t.Document) -> t.Document:
    """``old`` with ``new``'s title block: page 1's document control (version, reference,
    edition) differs between editions by design and is not a change of the facts."""
    if not (old.blocks and new.blocks):
        return old
    first, now = old.blocks[0], new.blocks[0]
    covers = all(isinstance(b, t.Callout) and b.kind == "cover" for b in (first, now))
    return dataclasses.replace(old, blocks=(now, *old.blocks[1:])) if covers else old
