"""``briefgen diff``: the changes of each pack since an edition, as plain data and as text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from briefgen.compose.editions import since_date
from briefgen.compose.pack import make_pack
from briefgen.errors import BriefgenError
from briefgen.markings import Marking

if TYPE_CHECKING:
    from briefgen.data.edition import Edition
    from briefgen.data.workspace import Workspace


def pack_diffs(
    ws: Workspace, since: Edition, targets: Sequence[str] = (), ceiling: Marking | None = None
) -> dict[str, Any]:
    """``{"since": ..., "packs": [...]}``: each pack's changes since the edition (every
    pack when ``targets`` is empty; a pack wholly above ``ceiling`` is left out)."""
    ids = list(targets) or [id for _, id, _ in ws.targets()]
    packs = []
    for id in ids:
        pack = make_pack(ws, id, ceiling, since=since)  # an unknown id raises
        try:
            changes = pack.changes
        except BriefgenError:  # the whole pack is above the ceiling: withheld
            continue
        packs.append(
            {
                "id": pack.id,
                "kind": pack.kind,
                "title": pack.title,
                "since": since_date(pack).isoformat(),
                "new": pack.base is None,
                "changes": [c.as_json() for c in changes],
            }
        )
    return {"since": {"ref": since.ref, "key": since.key}, "packs": packs}


def text_report(report: dict[str, Any]) -> str:
    """The report as lines for people: each pack, then its changes indented."""
    from briefgen.dates import FuzzyDate

    lines = []
    for p in report["packs"]:
        when = FuzzyDate.parse(p["since"]).format()
        lines.append(f"{p['id']}: {p['title']}, since the edition of {when}")
        if p["new"]:
            lines.append("  new: there was no such pack in that edition")
        elif not p["changes"]:
            lines.append("  no changes")
        lines += [f"  {c['text']}" for c in p["changes"]]
    return "\n".join(lines) + "\n"
