"""``briefgen status``: where each pack stands before its deadline.

For each pack: its contributed briefs (owner, due, requested/drafted/cleared, who cleared
them, overdue, stock briefs past their review date), whether its document control is
cleared, delegates without a biography and skeleton placeholders left.  `status_report`
gives the facts as JSON-ready data; `print_report` prints them as one table per pack.
"""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.data.standing import pack_standing
from briefgen.errors import BriefgenError

if TYPE_CHECKING:
    from rich.console import Console

    from briefgen.data.workspace import Workspace


def status_report(
    ws: Workspace, ids: tuple[str, ...], today: date, out: Path | None = None
) -> dict[str, Any]:
    """The state of the packs ``ids`` (default: every visit pack) on ``today``; an unknown id
    raises `BriefgenError` before anything is reported.  A brief whose text changed since
    cleared is told by the records of the build folder ``out`` (default: the workspace's
    output folder; none there: nothing is told)."""
    kinds = {id: kind for kind, id, _ in ws.targets()}
    for id in ids:
        if id not in kinds:
            close = difflib.get_close_matches(id, list(kinds), n=3, cutoff=0.7)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise BriefgenError(
                f"no partner, region or visit with id {id!r}{hint} ('briefgen list' lists them)"
            )
    chosen = list(dict.fromkeys(ids)) if ids else sorted(ws.visits)
    changed = _changed(ws, out)
    packs = [pack_standing(ws, id, today, changed) for id in chosen]
    return {
        "today": today.isoformat(),
        "packs": packs,
        "outstanding": sum(len(p["outstanding"]) for p in packs),
    }


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
            if b["changed_since_cleared"]:
                status += ", TEXT CHANGED SINCE CLEARED"
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


def _changed(ws: Workspace, out: Path | None) -> list[str]:
    """The briefs changed since cleared, by the records of build folder ``out``."""
    from briefgen.build.brief_clearance import changed_in

    if out is None and ws.root is None:
        return []
    folder = out if out is not None else Path(ws.root or ".") / ws.config.output
    return changed_in(folder, ws)


def _row(table: Any, *cells: str) -> None:
    """A table row whose cells print as given (data is text, never rich markup)."""
    from rich.text import Text

    table.add_row(*(Text(c) for c in cells))
