"""Personal names that a line never breaks at their hyphen ("Bennell-Pegg"): the writers
set them with a non-breaking hyphen (Word's ``w:noBreakHyphen``; the PDF writer breaks
lines only at spaces)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from briefgen.data.model import PersonRef, VisitPerson

if TYPE_CHECKING:
    from briefgen.compose.pack import Pack


def pack_names(pack: Pack) -> tuple[str, ...]:
    """The hyphenated name words of the people a pack can print: its partners' people, the
    organisation's, a visit's delegates."""
    org = pack.organisation
    names = [p.name for p in (org.head, *org.people) if p is not None]
    names += [p.name for partner in pack.partners for p in partner.people]
    visit = pack.visit
    for ref in visit.delegation if visit is not None else ():
        if isinstance(ref, VisitPerson):
            names.append(ref.name)
        elif isinstance(ref, PersonRef):
            partner = pack.workspace.partner(ref.partner)
            person = partner.person(ref.person) if partner is not None else None
            names += [person.name] if person is not None else []
    return hyphenated(names)


def hyphenated(names: Iterable[str]) -> tuple[str, ...]:
    """Each hyphenated word of ``names`` ("Bennell-Pegg"), longest first, once each."""
    words = {w.strip(",.()") for name in names for w in name.split()}
    found = {w for w in words if "-" in w.strip("-")}
    return tuple(sorted(found, key=lambda w: (-len(w), w)))
