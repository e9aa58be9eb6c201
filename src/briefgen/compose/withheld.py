"""What a releasable edition leaves out, by name, and the kept lines that still name it.

A releasable edition drops the records marked above its ceiling; a line kept in it (a
sensitivity, an if-raised point, a key message, a program item) may still name what was
dropped.  A program item's attendee who is a withheld person is left out of the list;
any other kept line naming something withheld is a warning on the pack.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from briefgen.compose.redact import above
from briefgen.data.model import Attachment, PersonRef, Visit

if TYPE_CHECKING:
    from briefgen.data.workspace import Workspace
    from briefgen.markings import Marking

KEPT_LINES = (
    "purpose",
    "objectives",
    "key_messages",
    "if_raised",
    "sensitivities",
    "their_objectives",
    "likely_asks",
    "program",
    "logistics",
    "attachments",
)
"""The fields of a visit whose lines may name what a releasable edition leaves out."""


def _people(records: Any) -> Iterator[str]:
    for person in records:
        yield person.name
        if person.full_name != person.name:
            yield person.full_name


def withheld_names(ws: Workspace, visit: Visit, ceiling: Marking) -> dict[str, str]:
    """Name -> what it names, for everything of ``visit`` the edition at ``ceiling``
    leaves out: its withheld partners and their people, people marked above it (of its
    partners or the organisation), and program items' activities."""
    names: dict[str, str] = {}
    for pid in visit.partners:
        partner = ws.partner(pid)
        if partner is None:
            continue
        if above(partner, ceiling):
            names[partner.display_name] = f"partner {pid!r}"
            names.update(dict.fromkeys(_people(partner.people), f"a person of partner {pid!r}"))
        else:
            gone = [p for p in partner.people if above(p, ceiling)]
            names.update(dict.fromkeys(_people(gone), f"a person of partner {pid!r}"))
    org = ws.org()
    gone = [p for p in (org.head, *org.people) if above(p, ceiling)]
    names.update(dict.fromkeys(_people(gone), "a person of the organisation"))
    for ref in visit.delegation:
        owner = ws.partner(ref.partner) if isinstance(ref, PersonRef) else None
        if isinstance(ref, PersonRef) and owner is not None:
            person = owner.person(ref.person)
            if person is not None and (above(person, ceiling) or above(owner, ceiling)):
                names.update(dict.fromkeys(_people([person]), "a person of the delegation"))
    for item in visit.program:
        if above(item, ceiling):
            names[item.activity] = "a program item"
    return {name: what for name, what in names.items() if name.strip()}


def without_withheld_attendees(visit: Visit, names: dict[str, str]) -> Visit:
    """``visit`` with each program item's attendees that are withheld people left out."""
    program = tuple(
        item.model_copy(update={"attendees": tuple(a for a in item.attendees if a not in names)})
        if any(a in names for a in item.attendees)
        else item
        for item in visit.program
    )
    return visit.model_copy(update={"program": program}) if program != visit.program else visit


def naming_withheld(
    ws: Workspace, visit: Visit, names: dict[str, str], ceiling: Marking
) -> list[str]:
    """A warning for each kept line of ``visit`` (already redacted) that names something
    withheld."""
    from briefgen.data import records
    from briefgen.data.yamlio import format_loc

    visit = visit.model_copy(update={"attachments": kept_attachments(ws, visit, ceiling)})
    out = []
    for field in KEPT_LINES:
        for loc, text in records.walk_text(getattr(visit, field), (field,)):
            for name, what in names.items():
                if name in text:
                    out.append(
                        f"{format_loc(loc)} names {name!r} ({what}), which the edition at "
                        f"{ceiling} leaves out: mark this line too, or reword it"
                    )
    return out


def kept_attachments(
    ws: Workspace, visit: Visit, ceiling: Marking | None
) -> tuple[Attachment, ...]:
    """The attachments ``visit`` (already redacted) lists that an edition at ``ceiling``
    binds: one whose partner is marked above it is left out, title and all (the bound pack
    letters the rest the same way, and its contents says once that material above the
    ceiling is not included)."""
    if ceiling is None:
        return visit.attachments
    out = []
    for a in visit.attachments:
        partner = ws.partner(a.partner) if a.partner is not None else None
        if (partner is not None and above(partner, ceiling)) or above(a, ceiling):
            continue
        if part_withheld(ws, visit, a, ceiling):
            continue
        out.append(a)
    return tuple(out)


def part_withheld(ws: Workspace, visit: Visit, a: Attachment, ceiling: Marking | None) -> bool:
    """Whether the brief or meeting attachment ``a`` names is left out of the edition at
    ``ceiling`` (``visit``: redacted at it): a brief marked above it, a meeting whose item or
    brief is."""
    from briefgen.data.attached import meeting_item

    if a.brief is not None:
        return above(ws.brief(a.brief), ceiling)
    if a.meeting is not None:
        return meeting_item(visit, a.meeting) is None
    return False
