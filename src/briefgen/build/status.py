"""``briefgen status``: where each pack stands before its deadline.

For each pack: its contributed briefs (owner, due, requested/drafted/cleared, who cleared
them, overdue, stock briefs past their review date), whether its document control is
cleared, delegates without a biography and skeleton placeholders left.  `status_report`
gives the facts as JSON-ready data; `print_report` prints them as one table per pack.
"""

from __future__ import annotations

import difflib
from datetime import date
from typing import TYPE_CHECKING, Any

from briefgen.data.biographies import missing_biographies
from briefgen.data.briefs import briefs_of
from briefgen.data.control import placeholders
from briefgen.data.yamlio import format_loc
from briefgen.errors import BriefgenError

if TYPE_CHECKING:
    from rich.console import Console

    from briefgen.data.model import Visit
    from briefgen.data.workspace import Workspace


def status_report(ws: Workspace, ids: tuple[str, ...], today: date) -> dict[str, Any]:
    """The state of the packs ``ids`` (default: every visit pack) on ``today``; an unknown id
    raises `BriefgenError` before anything is reported."""
    kinds = {id: kind for kind, id, _ in ws.targets()}
    for id in ids:
        if id not in kinds:
            close = difflib.get_close_matches(id, list(kinds), n=3, cutoff=0.7)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise BriefgenError(
                f"no partner, region or visit with id {id!r}{hint} ('briefgen list' lists them)"
            )
    chosen = list(dict.fromkeys(ids)) if ids else sorted(ws.visits)
    packs = [_pack(ws, id, kinds[id], today) for id in chosen]
    return {
        "today": today.isoformat(),
        "packs": packs,
        "outstanding": sum(len(p["outstanding"]) for p in packs),
    }


def _pack(ws: Workspace, id: str, kind: str, today: date) -> dict[str, Any]:
    visit = ws.visits.get(id) if kind == "visit" else None
    names = {k_id: name for _, k_id, name in ws.targets()}
    control = ws.document_control(id if visit is not None else None)
    cleared = control.cleared_by
    briefs = _briefs(ws, visit, today) if visit is not None else []
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
    if cleared is None:
        outstanding.append("document control: not cleared")
    outstanding += [f"{b['field']}: {b['name']} has no biography" for b in bios]
    outstanding += [f"{p['field']}: placeholder {p['text']!r} left" for p in left]
    return {
        "id": id,
        "kind": kind,
        "title": names[id],
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
        "biographies_missing": bios,
        "placeholders": left,
        "outstanding": outstanding,
    }


def _briefs(ws: Workspace, visit: Visit, today: date) -> list[dict[str, Any]]:
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
            }
        )
    return out


def print_report(report: dict[str, Any], console: Console) -> None:
    """``report`` as one table per pack, then what is outstanding; plain words, so it reads
    the same without colour."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    if not report["packs"]:
        console.print("no visit packs: name pack ids to see partner or region packs")
        return
    for pack in report["packs"]:
        heading = f"{pack['id']}: {pack['title']} ({pack['kind']} pack, {report['today']})"
        console.print(Text(heading))
        table = Table(box=box.SIMPLE_HEAD)
        for column in ("Part", "Kind", "Owner", "Due", "Status"):
            table.add_column(column, overflow="fold", no_wrap=column == "Due")
        for b in pack["briefs"]:
            signed = b["cleared_by"]
            status = b["status"]
            if signed:
                status = f"cleared by {signed['name']}, {b['cleared_on']}"
            if b["overdue"]:
                status += ", OVERDUE"
            if b["review_overdue"]:
                status += f", REVIEW DUE {b['review_on']}"
            _row(table, b["title"], b["kind"] or "", b["team"] or "", b["due"] or "", status)
        signed = pack["document_control"]["cleared_by"]
        cleared = f"cleared by {signed['name']}, {signed['date']}" if signed else "not cleared"
        _row(table, "Document control", "", "", "", cleared)
        for bio in pack["biographies_missing"]:
            _row(table, f"Biography of {bio['name']}", "", "", "", "missing")
        for left in pack["placeholders"]:
            _row(table, f"Placeholder at {left['field']}", "", "", "", "left")
        console.print(table)
        if pack["outstanding"]:
            console.print(f"{len(pack['outstanding'])} outstanding:")
            for line in pack["outstanding"]:
                console.print(Text(f"  - {line}"))
        else:
            console.print("nothing outstanding")
        console.print()


def _row(table: Any, *cells: str) -> None:
    """A table row whose cells print as given (data is text, never rich markup)."""
    from rich.text import Text

    table.add_row(*(Text(c) for c in cells))
