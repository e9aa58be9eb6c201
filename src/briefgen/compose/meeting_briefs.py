"""A visit's per-meeting briefs as its template prints them: each program item with a
brief, its participants resolved to people's records (a partner's person takes the
partner's marking; a person withheld from the edition is left out) and, for a meeting
naming a contributed brief, that brief's view."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from briefgen.compose.sandbox import Held, raised
from briefgen.data.model import Participant, Partner, Person, ProgramItem
from briefgen.markings import Marking


def meeting_views(
    program: Sequence[ProgramItem],
    partner_of: Callable[[str], Partner | None],
    staff: Mapping[str, Person],
    briefs: Mapping[str, Any],
) -> list[Held]:
    """Each program item that has a brief (after redaction), in program order, held by the
    item's marking: ``{"item", "brief", "ours", "theirs", "contributed"}``.  ``partner_of``:
    a partner within the edition's ceiling (None when withheld); ``staff``: the
    organisation's people within it; ``briefs``: the pack's contributed briefs by id."""
    out = []
    for item in program:
        brief = item.brief
        if brief is None:
            continue
        sides = {
            side: [
                found
                for who in getattr(brief, side)
                if (found := _participant(who, partner_of, staff, brief.marking)) is not None
            ]
            for side in ("ours", "theirs")
        }
        contributed = briefs.get(brief.contributed) if brief.contributed else None
        out.append(
            Held(
                {"item": item, "brief": brief, **sides, "contributed": contributed},
                item.marking,
            )
        )
    return out


def _participant(
    who: Participant,
    partner_of: Callable[[str], Partner | None],
    staff: Mapping[str, Person],
    held: Marking | None,
) -> Held | None:
    """``{"name", "title"}`` of one participant, held by the highest marking of the brief,
    the participant's entry and the record it names; None when that record is withheld."""
    held = raised(held, who.marking)
    if who.person is None:
        return Held({"name": who.name, "title": who.title}, held)
    if who.partner is None:
        person = staff.get(who.person)
    else:
        partner = partner_of(who.partner)
        if partner is None:
            return None
        person = partner.person(who.person)
        held = raised(held, partner.marking)
    if person is None:
        return None
    held = raised(held, person.marking)
    return Held({"name": person.full_name, "title": who.title or person.role}, held)
