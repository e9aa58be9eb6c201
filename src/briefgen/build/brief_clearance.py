"""What text each contributed brief had when a build first saw it cleared.

A clearance (``status: cleared``, ``cleared_by``, ``cleared_on``) covers the words the
clearing officer read.  The first build that sees a brief cleared records, in the output
folder's manifest (`briefgen.build.manifest`, ``brief_clearances``), that clearance and the
digest of the brief's text (`text_digest`); a later build that finds the same clearance
over other text counts the brief as changed since cleared: a warning, a line on page 1,
a draft pack, and ``build --final`` refuses it.  A new clearance (another ``cleared_by``
or ``cleared_on``) takes the text as it then is.

A brief edited before any build saw it cleared cannot be caught (there is nothing to
compare).  Records are never dropped (a ``--force`` build keeps them: forgetting would
launder an edit).  A releasable edition records, and names, only the briefs it prints.
"""

from __future__ import annotations

import hashlib
from collections.abc import MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.compose.redact import above
from briefgen.data.standing import changed_line

if TYPE_CHECKING:
    from briefgen.data.model import Brief
    from briefgen.data.workspace import Workspace
    from briefgen.markings import Marking

Records = MutableMapping[str, dict[str, str]]
"""brief id -> {"clearance": who and when, "text": `text_digest` of the text cleared}."""


def text_digest(body: str) -> str:
    """The SHA-256 of a brief's text as its reader gets it: the Markdown rendered, every run
    of white space made one space.  Re-wrapping lines or re-indenting changes nothing; a
    changed word, list, heading or emphasis does."""
    from briefgen.data.briefs import body_parser

    html = body_parser().render(body)
    return hashlib.sha256(" ".join(html.split()).encode("utf-8")).hexdigest()


def clearance_of(brief: Brief) -> str | None:
    """Who cleared ``brief`` and when, as one string; None when it is not cleared."""
    signed, day = brief.cleared_by, brief.cleared_on
    if brief.status != "cleared" or signed is None or day is None:
        return None
    return f"{signed.name}, {signed.position}; {day.isoformat()}"


def _seen(ws: Workspace, ceiling: Marking | None) -> list[tuple[str, Brief, str]]:
    """The cleared briefs an edition at ``ceiling`` may name, by id, with their clearance."""
    out = []
    for bid in sorted(ws.briefs):
        brief = ws.briefs[bid]
        clearance = clearance_of(brief)
        if clearance is not None and not above(brief, ceiling):
            out.append((bid, brief, clearance))
    return out


def changed(ws: Workspace, records: Records, ceiling: Marking | None = None) -> list[str]:
    """The ids of the briefs whose text differs from the text their clearance was recorded
    with (``records`` untouched)."""
    return [
        bid
        for bid, brief, clearance in _seen(ws, ceiling)
        if (kept := records.get(bid)) is not None
        and kept.get("clearance") == clearance
        and kept.get("text") != text_digest(brief.body)
    ]


def note(ws: Workspace, records: Records, ceiling: Marking | None = None) -> list[str]:
    """Record each cleared brief first seen under its clearance, and return the ids of those
    changed since (`changed`)."""
    found = []
    for bid, brief, clearance in _seen(ws, ceiling):
        digest = text_digest(brief.body)
        kept = records.get(bid)
        if kept is None or kept.get("clearance") != clearance:
            records[bid] = {"clearance": clearance, "text": digest}
        elif kept.get("text") != digest:
            found.append(bid)
    return found


def warnings(ws: Workspace, ids: list[str]) -> list[str]:
    """One warning per changed brief: its file, and what to do."""
    return [
        changed_line(ws.file_of("brief", bid), day)
        for bid in ids
        if (day := ws.briefs[bid].cleared_on) is not None
    ]


def changed_in(out: Path, ws: Workspace, ceiling: Marking | None = None) -> list[str]:
    """`changed` against the records of the manifest in folder ``out`` (none: nothing)."""
    from briefgen.build import manifest as mf

    return changed(ws, mf.read(out).brief_clearances, ceiling)
