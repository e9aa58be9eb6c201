"""Document-control checks: a final brief is cleared and holds no skeleton placeholders; a
draft's placeholders are warnings.  ``briefgen new visit`` writes the texts in
`PLACEHOLDERS`; an officer replaces each before the brief goes final."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from briefgen.data.layout import ORGANISATION_FILE
from briefgen.data.model import DocumentControl, Visit
from briefgen.data.records import walk_text
from briefgen.data.yamlio import format_loc, line_of
from briefgen.errors import Problem

if TYPE_CHECKING:
    from briefgen.data.workspace import Workspace

#: Texts the visit skeleton writes for an officer to replace (compared whole, trimmed).
PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "Why the visit is happening, in one or two sentences.",
        "What we want from the visit.",
        "A point to make.",
        "A point to use only if raised.",
        "What the other side wants from the visit.",
        "What they are likely to ask.",
        "What we say if they ask it.",
        "Full Name",
        "Their role",
        "Their organisation",
        "Your Name",
        "Your position",
        "+61 2 0000 0000",
        "Clearing Officer",
        "Their position",
        "coordinator@example.org",
    }
)

CLEARANCE_EXAMPLE = (
    "document_control: {cleared_by: {name: Jo Citizen, position: Director, date: 2026-12-01}}"
)


def is_placeholder(text: str | None) -> bool:
    return text is not None and text.strip() in PLACEHOLDERS


def without_placeholders(control: DocumentControl) -> DocumentControl:
    """``control`` with a contact officer or clearance still holding the skeleton's
    placeholders left out, so that it never overrides the organisation's real one."""
    update: dict[str, Any] = {}
    officer = control.contact_officer
    if officer is not None and any(is_placeholder(t) for _, t in walk_text(officer)):
        update["contact_officer"] = None
    cleared = control.cleared_by
    if cleared is not None and any(is_placeholder(t) for _, t in walk_text(cleared)):
        update["cleared_by"] = None
    return control.model_copy(update=update) if update else control


def placeholders(visit: Visit) -> list[tuple[tuple[str | int, ...], str]]:
    """(field path, text) of every skeleton placeholder left in ``visit``."""
    return [(loc, text) for loc, text in walk_text(visit) if is_placeholder(text)]


def control_problems(ws: Workspace, raw: Mapping[str, Any]) -> list[Problem]:
    """Errors: a visit brief with ``status: final`` but no clearance (here or in the
    organisation's defaults), or with a skeleton placeholder left in it."""
    out: list[Problem] = []
    for vid, visit in ws.visits.items():
        if visit.status != "final":
            continue
        rel = ws.file_of("visit", vid)

        def problem(loc: tuple[str | int, ...], message: str) -> None:
            out.append(Problem(rel, line_of(raw.get(rel), loc), format_loc(loc), message))  # noqa: B023

        if ws.document_control(vid).cleared_by is None:
            problem(
                ("document_control", "cleared_by"),
                "a final brief needs its clearance: add who cleared it and when, e.g. "
                f"{CLEARANCE_EXAMPLE}, or set status: draft until it is cleared",
            )
        for loc, text in placeholders(visit):
            problem(
                loc,
                f"{text!r} is a placeholder from 'briefgen new visit': a final brief needs "
                "the real text here (or delete the line)",
            )
    return out


def control_warnings(ws: Workspace) -> list[Problem]:
    """Warnings: a visit brief with no contact officer, and skeleton placeholders left in a
    draft visit brief (a final one's are errors: `control_problems`)."""
    out: list[Problem] = []
    for vid, visit in ws.visits.items():
        rel = ws.file_of("visit", vid)
        if ws.document_control(vid).contact_officer is None:
            out.append(
                Problem(
                    rel,
                    None,
                    "document_control.contact_officer",
                    f"the visit brief has no contact officer (here or in {ORGANISATION_FILE}'s "
                    "document_control)",
                )
            )
        if visit.status == "final":
            continue
        for loc, text in placeholders(visit):
            out.append(
                Problem(
                    rel,
                    None,
                    format_loc(loc),
                    f"{text!r} is a placeholder from 'briefgen new visit': replace it "
                    "before the brief goes final",
                )
            )
    return out
