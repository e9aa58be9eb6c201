"""What keeps a pack from being final: the refusals of ``build --final`` (the command and
`briefgen.Workspace.build` alike, through `briefgen.build.batch.refusals`) and of
``validate --final``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefgen.data.workspace import Workspace


def final_refusals(
    ws: Workspace, targets: Sequence[str], day: date, changed: Sequence[str] = ()
) -> dict[str, list[str]]:
    """For ``build --final`` and ``validate --final``: pack id -> why it cannot be final,
    one line each, for the packs ``targets`` (default: all) that cannot.  A pack cannot be
    final with a part outstanding (`briefgen.data.standing`: a brief not cleared, its
    document control not cleared, a biography missing, a placeholder left) or a perishable
    statement (`briefgen.data.perishable`) of the partners and organisation it draws on,
    unverified, or a brief it prints whose text changed since cleared (``changed``:
    `briefgen.build.brief_clearance.changed_in` the build folder).  Packs whose data did not
    load (``--keep-going``) fail on their own."""
    from briefgen.build.plan import invalid_targets
    from briefgen.compose.pack import make_pack
    from briefgen.data.perishable import organisation_perishable, partner_edition, perishable
    from briefgen.data.standing import pack_standing, refusals

    bad = invalid_targets(ws)
    edition = ws.config.edition or day
    org = [f.warning(edition) for f in organisation_perishable(ws)]
    out: dict[str, list[str]] = {}
    for target in targets or [i for _, i, _ in ws.targets()]:
        if target in bad:
            continue
        pack = make_pack(ws, target)  # the partners it covers, as the pack itself decides
        ids = [p.id for p in pack.partners]
        if pack.visit is not None:  # and those of the people its delegation names
            ids += [getattr(d, "partner", "") for d in pack.visit.delegation]
        found = list(org)
        for pid in dict.fromkeys(ids):
            partner = ws.partners.get(pid)
            if partner is not None:
                found += [
                    f.warning(edition)
                    for f in perishable(ws, partner, partner_edition(ws, partner))
                ]
        found += refusals(ws, pack_standing(ws, target, day, changed))
        if found:
            out[target] = found
    return out
