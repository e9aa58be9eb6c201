"""Where a pack stands: every part of it (contributed briefs, document control, biographies,
skeleton placeholders) with its owner, due date and state, and what is still outstanding.

Computed once here: ``briefgen status`` reports it, a pack's page 1 lists what is
outstanding (a pack with anything outstanding is a draft), and ``build --final`` and
``validate --final`` refuse it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import TYPE_CHECKING, Any

from briefgen.data.biographies import missing_biographies
from briefgen.data.briefs import briefs_of
from briefgen.data.control import placeholders
from briefgen.data.layout import BRIEFS_DIR
from briefgen.data.yamlio import format_loc
from briefgen.dates import format_day

if TYPE_CHECKING:
    from briefgen.data.model import Visit
    from briefgen.data.workspace import Workspace


def pack_standing(
    ws: Workspace, id: str, today: date, changed: Collection[str] = ()
) -> dict[str, Any]:
    """Where pack ``id`` stands on ``today``: its contributed briefs, its clearance, a
    visit's ``status``, its delegates without a biography, its placeholders left, and each
    outstanding part as a line (``outstanding``; empty when the pack is ready to be final).
    ``changed``: the ids of briefs whose text changed since cleared (a build knows them:
    `briefgen.build.brief_clearance`)."""
    kind, title = _kind_and_title(ws, id)
    visit = ws.visits.get(id) if kind == "visit" else None
    control = ws.document_control(id if visit is not None else None)
    cleared = control.cleared_by
    briefs = _briefs(ws, visit, today, changed) if visit is not None else []
    bios = [
        {"field": f"delegation[{i}]", "name": name, "where": where}
        for i, name, where in (missing_biographies(ws, visit) if visit is not None else [])
    ]
    left = [
        {"field": format_loc(loc), "text": text}
        for loc, text in (placeholders(visit) if visit is not None else [])
    ]
    outstanding: list[str] = []
    for b in briefs:
        if b["status"] != "cleared":
            late = f", overdue (due {b['due']})" if b["overdue"] else ""
            outstanding.append(f"brief {b['id']}: {b['status']}, not cleared{late}")
        if b["review_overdue"]:
            outstanding.append(f"brief {b['id']}: past its review date ({b['review_on']})")
        if b["changed_since_cleared"]:
            outstanding.append(f"brief {b['id']}: text changed since cleared on {b['cleared_on']}")
    if cleared is None:
        outstanding.append("document control: not cleared")
    if visit is not None and visit.status == "draft":  # the visit's own say, even when cleared
        outstanding.append("status: draft")
    outstanding += [f"{b['field']}: {b['name']} has no biography" for b in bios]
    outstanding += [f"{p['field']}: placeholder {p['text']!r} left" for p in left]
    return {
        "id": id,
        "kind": kind,
        "title": title,
        "briefs": briefs,
        "document_control": {
            "cleared": cleared is not None,
            "cleared_by": None
            if cleared is None
            else {
                "name": cleared.name,
                "position": cleared.position,
                "date": cleared.date.isoformat(),
            },
        },
        "status": visit.status if visit is not None else None,
        "biographies_missing": bios,
        "placeholders": left,
        "outstanding": outstanding,
    }


def _kind_and_title(ws: Workspace, id: str) -> tuple[str, str]:
    """Pack ``id``'s kind and title as `Workspace.targets` gives them (without listing every
    target for each pack)."""
    if id in ws.partners:
        return "partner", ws.partners[id].display_name
    if id in ws.regions:
        return "region", ws.regions[id].name
    return "visit", ws.visits[id].title


def _briefs(
    ws: Workspace, visit: Visit, today: date, changed: Collection[str]
) -> list[dict[str, Any]]:
    """Each brief the visit's pack prints: commissioned ones, then attached ones."""
    asked = {c.id: c for c in visit.briefs}
    out: list[dict[str, Any]] = []
    for bid, brief, due, team in briefs_of(ws, visit):
        commission = asked.get(bid)
        status = brief.status if brief is not None else "requested"
        if brief is not None:
            title: str = brief.title
        else:
            title = (commission.title if commission is not None else None) or bid
        review_on = brief.review_on if brief is not None else None
        signed = brief.cleared_by if brief is not None else None
        cleared_on = brief.cleared_on if brief is not None else None
        out.append(
            {
                "id": bid,
                "title": title,
                "kind": brief.kind if brief is not None else None,
                "team": brief.team if brief is not None else team,
                "asked_of": team,
                "commissioned": commission is not None,
                "written": brief is not None,
                "due": due.isoformat() if due is not None else None,
                "status": status,
                "cleared_by": None
                if signed is None
                else {"name": signed.name, "position": signed.position},
                "cleared_on": cleared_on.isoformat() if cleared_on is not None else None,
                "overdue": due is not None and due < today and status != "cleared",
                "review_on": review_on.isoformat() if review_on is not None else None,
                "review_overdue": review_on is not None and review_on < today,
                "changed_since_cleared": status == "cleared" and bid in changed,
            }
        )
    return out


def refusals(ws: Workspace, standing: dict[str, Any]) -> list[str]:
    """Each outstanding part of a pack (``standing``: `pack_standing`) as one line for
    ``build --final`` and ``validate --final``: the file and field to change, and how."""
    from briefgen.data.control import CLEARANCE_EXAMPLE
    from briefgen.data.layout import ORGANISATION_FILE

    id = standing["id"]
    visit = ws.visits.get(id) if standing["kind"] == "visit" else None
    own = ws.file_of("visit", id) if visit is not None else ORGANISATION_FILE
    asked = [c.id for c in visit.briefs] if visit is not None else []
    out: list[str] = []
    for b in standing["briefs"]:
        named = f"brief {b['id']!r} ({b['title']!r})"
        due = f", due {b['due']}" if b["due"] else ""
        late = " (overdue)" if b["overdue"] else ""
        if not b["written"]:
            out.append(
                f"{own}: briefs[{asked.index(b['id'])}]: {named} is requested of "
                f"{b['asked_of'] or 'a team'}{due}{late} and not yet written: write "
                f"{BRIEFS_DIR}/{b['id']}.md and have it cleared"
            )
        elif b["status"] != "cleared":
            out.append(
                f"{ws.file_of('brief', b['id'])}: status: {named} is {b['status']}, not "
                f"cleared{due}{late}: once it is cleared, set status: cleared, cleared_by: "
                "{name: Jo Citizen, position: Director} and cleared_on: 2027-01-10"
            )
        if b["changed_since_cleared"]:
            out.append(
                changed_line(ws.file_of("brief", b["id"]), date.fromisoformat(b["cleared_on"]))
            )
        if b["review_overdue"]:
            out.append(
                f"{ws.file_of('brief', b['id'])}: review_on: {named} was due for review on "
                f"{b['review_on']}: check its text and set a later review_on"
            )
    if not standing["document_control"]["cleared"]:
        out.append(
            f"{own}: document_control.cleared_by: the pack is not cleared: add who cleared "
            f"it and when, e.g. {CLEARANCE_EXAMPLE}"
        )
    if standing["status"] == "draft":
        out.append(
            f"{own}: status: the visit says status: draft: set status: final when it is cleared"
        )
    for bio in standing["biographies_missing"]:
        out.append(
            f"{own}: {bio['field']}: {bio['name']} has no biography: add bio: (a sentence or "
            f"two the source supports) or career: {bio['where']}"
        )
    for left in standing["placeholders"]:
        out.append(
            f"{own}: {left['field']}: {left['text']!r} is a placeholder from 'briefgen new "
            "visit': type the real text (or delete the line)"
        )
    return out


def changed_line(rel: str, cleared_on: date) -> str:
    """What to do about brief file ``rel`` whose text changed since it was cleared."""
    return (
        f"{rel}: its text changed since it was cleared on {format_day(cleared_on)}: have it "
        "cleared again and set cleared_on to that day, or restore the cleared text"
    )
