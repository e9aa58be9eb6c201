"""Biography gaps: a visit delegate whose record says nothing beyond name and role is
printed "Biography to be provided", and `validate` and `build` say so (one line each)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefgen.data.model import PersonRef, Visit, has_biography
from briefgen.errors import Problem

if TYPE_CHECKING:
    from briefgen.data.workspace import Workspace


def biography_gaps(ws: Workspace) -> list[Problem]:
    """A warning for each visit delegate without a biography (no ``bio`` and no ``career``),
    naming the visit file, the delegate and where to add one."""
    out: list[Problem] = []
    for vid, visit in ws.visits.items():
        rel = ws.file_of("visit", vid)
        for i, name, where in missing_biographies(ws, visit):
            out.append(
                Problem(
                    rel,
                    None,
                    f"delegation[{i}]",
                    f"{name} has no biography, so the brief says 'Biography to be provided': "
                    f"add bio: (a sentence or two the source supports) or career: {where}",
                )
            )
    return out


def missing_biographies(ws: Workspace, visit: Visit) -> list[tuple[int, str, str]]:
    """``(index in delegation, name, where to add one)`` of each delegate of ``visit``
    without a biography."""
    out: list[tuple[int, str, str]] = []
    for i, ref in enumerate(visit.delegation):
        if isinstance(ref, PersonRef):
            partner = ws.partners.get(ref.partner)
            person = partner.person(ref.person) if partner is not None else None
            if person is None or has_biography(person):
                continue  # an unknown person is an error of its own
            where = f"to {ref.person!r} in {ws.file_of('partner', ref.partner)}"
            out.append((i, person.name, where))
        elif not has_biography(ref):
            out.append((i, ref.name, "here"))
    return out
