"""Attachments that name a contributed brief (``brief:``) or a meeting (``meeting:``): what
each names in a visit, and the checks an officer's typing needs (unknown ids, a meeting
two program items share, a part attached twice)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefgen.data.advice import did_you_mean
from briefgen.data.layout import BRIEFS_DIR

if TYPE_CHECKING:
    from pathlib import Path

    from briefgen.data.model import ProgramItem, Visit


def meeting_item(visit: Visit, activity: str) -> ProgramItem | None:
    """The program item of ``visit`` with a brief whose activity is ``activity`` (the
    first: `attachment_problems` refuses two)."""
    return next((i for i in visit.program if i.brief and i.activity == activity), None)


def meeting_briefs(visit: Visit) -> set[str]:
    """The contributed briefs ``visit``'s meetings print on their pages."""
    return {i.brief.contributed for i in visit.program if i.brief and i.brief.contributed}


def attachment_problems(
    visit: Visit, briefs: set[str], root: Path | None
) -> list[tuple[tuple[str | int, ...], str]]:
    """``(field path, message)`` for each ``brief:`` or ``meeting:`` attachment of ``visit``
    that names nothing it can bind; ``briefs``: the ids of the workspace's briefs."""
    out: list[tuple[tuple[str | int, ...], str]] = []
    asked = {c.id for c in visit.briefs}
    on_pages = meeting_briefs(visit)
    seen: set[tuple[str, str]] = set()
    with_brief = [i.activity for i in visit.program if i.brief is not None]
    for i, a in enumerate(visit.attachments):
        if a.brief is not None:
            loc: tuple[str | int, ...] = ("attachments", i, "brief")
            bid = a.brief
            written = root is not None and (root / BRIEFS_DIR / f"{bid}.md").is_file()
            if bid not in briefs and bid not in asked and not written:
                out.append(
                    (
                        loc,
                        f"no brief {bid!r}: write {BRIEFS_DIR}/{bid}.md (briefgen new brief "
                        f"{bid}), or ask for it under briefs:, e.g. briefs: [{{id: {bid}, "
                        "team: Science Branch, due: 2026-11-20}]" + did_you_mean(bid, briefs),
                    )
                )
            elif bid in on_pages:
                item = next(p for p in visit.program if p.brief and p.brief.contributed == bid)
                out.append(
                    (
                        loc,
                        f"brief {bid!r} prints on the page of the meeting {item.activity!r}: "
                        f"attach that meeting instead, e.g. {{title: {a.title}, meeting: "
                        f"{item.activity}}}",
                    )
                )
            key = ("brief", bid)
        elif a.meeting is not None:
            loc = ("attachments", i, "meeting")
            found = [p for p in visit.program if p.activity == a.meeting]
            briefed = [p for p in found if p.brief is not None]
            if not found:
                example = f", e.g. meeting: {with_brief[0]}" if with_brief else ""
                out.append(
                    (
                        loc,
                        f"no program item has the activity {a.meeting!r}: type a program "
                        f"item's activity as it is written there{example}"
                        + did_you_mean(a.meeting, [p.activity for p in visit.program]),
                    )
                )
            elif not briefed:
                out.append(
                    (
                        loc,
                        f"the program item {a.meeting!r} has no brief: give it one (brief: "
                        "{purpose: ...}, or brief: ID for a contributed brief) to attach it",
                    )
                )
            elif len(briefed) > 1:
                out.append(
                    (
                        loc,
                        f"{len(briefed)} program items with a brief have the activity "
                        f"{a.meeting!r}: give each its own activity (e.g. add the day) and "
                        "name the one to attach",
                    )
                )
            key = ("meeting", a.meeting)
        else:
            continue
        if key in seen:
            out.append((loc, f"{key[0]} {key[1]!r} is attached twice: attach it once"))
        seen.add(key)
    return out
