"""The template context: what a pack's templates see, built from the pack's records."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from briefgen.compose import timeline
from briefgen.compose.editions import changes_context
from briefgen.compose.facts import active_agreements, dated_facts, latest_milestone, next_milestone
from briefgen.data.model import PersonRef, VisitPerson

if TYPE_CHECKING:
    from briefgen.compose.pack import Pack


def template_context(pack: Pack) -> dict[str, Any]:
    """What the templates see."""
    ws = pack.workspace
    edition = pack.edition
    partners = []
    for p in pack.partners:
        dated = dated_facts(p)
        shown, note = timeline.entries(dated)
        partners.append(
            {
                "p": p,
                "name": p.display_name,
                "agency": p.agencies[0] if p.agencies else None,
                "head": p.person(p.agencies[0].head) if p.agencies and p.agencies[0].head else None,
                "active_agreements": active_agreements(p),
                "next_milestone": next_milestone(p, edition),
                "latest_milestone": latest_milestone(p, edition),
                "dated": dated,
                "timeline": (
                    {
                        "src": f"briefgen:timeline/{p.id}",
                        "alt": timeline.alt_text(shown),
                        "note": note,
                    }
                    if len(dated) >= 2
                    else None
                ),
                "photos": [i for i in p.images if i.path],
            }
        )
    return {
        "visit_info": _visit_info(pack),
        "pack": {
            "id": pack.id,
            "kind": pack.kind,
            "title": pack.title,
            "marking": pack.marking,
            "edition": edition,
            "draft": pack.draft,
        },
        "partners": partners,
        "partner": partners[0] if pack.kind == "partner" else None,
        "region": ws.regions.get(pack.id) if pack.kind == "region" else None,
        "regions_note": ws.regions_note,
        "visit": pack.visit,
        "org": ws.organisation,
        "sources": pack.sources,
        "config": ws.config,
        "changes": changes_context(pack),
    }


def _visit_info(pack: Pack) -> dict[str, Any] | None:
    """A visit's people resolved and its program grouped by day, for the template."""
    v = pack.visit
    if v is None:
        return None
    ws = pack.workspace
    delegation: list[Any] = []
    for ref in v.delegation:
        if isinstance(ref, PersonRef):
            delegation.append(ws.partners[ref.partner].person(ref.person))
        elif isinstance(ref, VisitPerson):
            delegation.append(_inline_person(ref))
    days: dict[date, list[Any]] = {}
    for item in v.program:
        days.setdefault(item.date, []).append(item)
    where = ", ".join(v.locations)
    return {
        "when_where": f"{v.dates.format()}" + (f", {where}" if where else ""),
        "delegation": delegation,
        "attendees": [ws.organisation.person(pid) for pid in v.attendees],
        "days": [{"date": d, "items": items} for d, items in days.items()],
    }


def _inline_person(ref: VisitPerson) -> dict[str, Any]:
    """A person given inline in a visit file, with the fields of a partner's person that
    templates read (``full_name``; no sources of its own)."""
    fields = {name: getattr(ref, name) for name in type(ref).model_fields}
    full_name = f"{ref.honorific} {ref.name}" if ref.honorific else ref.name
    return {**fields, "full_name": full_name, "sources": ()}
