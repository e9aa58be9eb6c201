"""The template context: what a pack's templates see, built from the pack's records."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from briefgen.compose import control as dc
from briefgen.compose import region as rg
from briefgen.compose.editions import changes_context
from briefgen.compose.facts import (
    active_agreements,
    dated_facts,
    latest_milestone,
    little_recorded,
    next_milestone,
)
from briefgen.compose.jinja import ReadOnUse, in_date_order
from briefgen.compose.meeting_briefs import meeting_views
from briefgen.compose.meetings import meeting_lines
from briefgen.compose.redact import above, redact
from briefgen.compose.repeats import told_by
from briefgen.compose.sandbox import Held
from briefgen.compose.voice import voiced
from briefgen.data.background import default_items, select
from briefgen.data.model import Partner, Person, PersonRef, VisitPerson

if TYPE_CHECKING:
    from briefgen.compose.pack import Pack
    from briefgen.markings import Marking


def template_context(pack: Pack, marking: Marking) -> dict[str, Any]:
    """What the templates see; ``marking``: the pack's, as the cover prints it.  Values
    drawn from a marked record are `Held` by its marking, so that whatever a template
    prints of them carries it (`briefgen.compose.sandbox.plain`)."""
    ws = pack.workspace
    edition = pack.edition
    partners = [partner_view(p, edition) for p in pack.partners]
    held = [Held(x, p.marking) for x, p in zip(partners, pack.partners, strict=True)]
    return {
        "visit_info": _visit_info(pack),
        "background": _background(pack),
        "pack": {
            "id": pack.id,
            "kind": pack.kind,
            "title": pack.title,
            "marking": marking,
            "edition": edition,
            "draft": pack.draft,
            "outstanding": [Held(o.text, o.marking) for o in pack.outstanding],
            "amended": pack.amended,
        },
        "partners": held,
        "partner": held[0] if pack.kind == "partner" else None,
        **_region(pack, partners, held),
        # noted as read only where a template prints it (no shipped template does)
        "regions_note": ReadOnUse(ws.regions_note, ws.regions_note_read),
        "visit": pack.visit,
        "briefs": [b for b in pack.briefs if b.id not in _on_meeting_pages(pack)],
        "org": pack.organisation,
        "control": document_control(pack, marking),
        "sources": [Held(s, pack.source_markings.get(s.id)) for s in pack.sources],
        "spelt": pack.spelt_sources,
        "config": ws.settings(),
        "changes": changes_context(pack),
    }


def _region(pack: Pack, partners: list[dict[str, Any]], held: list[Held]) -> dict[str, Any]:
    """A region pack's own content (`briefgen.compose.region`); None for other packs.
    ``stubs``: the partners too thinly recorded to brief, named on one line."""
    if pack.kind != "region":
        return {
            "region": None,
            "comparison": None,
            "region_timeline": None,
            "region_agreements": [],
            "region_facts": None,
            "summaries": [],
            "stubs": [],
        }
    region = voiced(redact(pack.workspace.region(pack.id), pack.max_marking))
    said = {region.summary or "", *(n.text for n in region.picture)}
    timeline = rg.timeline(partners, region.highlights)
    labelled = frozenset(id(e.value["record"]) for e in timeline["dated"] if e.value["short"])
    compared = rg.comparison(partners)
    names = frozenset(r.value["name"] for r in compared["rows"]) if compared else frozenset()
    return {
        "region": region,
        "comparison": compared,
        "region_timeline": timeline,
        "region_agreements": rg.agreements(partners),
        "region_facts": rg.key_facts(partners),
        "summaries": rg.summaries(partners, said, labelled, names),
        "stubs": [h for h, x in zip(held, partners, strict=True) if x["stub"]],
    }


def partner_view(p: Partner, edition: date) -> dict[str, Any]:
    """What the partner partials read of one partner (``x``): the record and what is
    derived from it."""
    stories = in_date_order([*p.highlights, *p.milestones, *p.events])
    told = told_elsewhere(p)
    return {
        "p": p,
        "name": p.display_name,
        "agency": p.agencies[0] if p.agencies else None,
        "head": p.person(p.agencies[0].head) if p.agencies and p.agencies[0].head else None,
        "active_agreements": active_agreements(p),
        "next_milestone": next_milestone(p, edition),
        "latest_milestone": latest_milestone(p, edition),
        "dated": dated_facts(p),
        "timeline": [
            {
                "date": e.date,
                "text": Held(e.text, e.marking),
                "record": e,
                **told.get(id(e), NOT_TOLD),
            }
            for e in stories
            if e.date is not None and e.date.known
        ],
        "undated": [e for e in stories if e.date is None or not e.date.known],
        "photos": [i for i in p.images if i.path],
        "stub": little_recorded(p),
    }


def _background(pack: Pack) -> list[Held]:
    """A visit's background, partner by partner in the order the visit names them: each
    partner holding only the sections and records its ``background:`` names (by default
    each partner's overview and agreements)."""
    v = pack.visit
    if v is None:
        return []
    items = v.background or tuple(i for p in pack.partners for i in default_items(p.id))
    have: dict[str, Partner] = {p.id: p for p in pack.partners}
    out = []
    for pid in dict.fromkeys(i.partner for i in items):
        partner = have.get(pid) or _within(pack, pack.workspace.partner(pid))
        if partner is None:  # withheld from this edition
            continue
        chosen = select(partner, [i for i in items if i.partner == pid])
        out.append(Held(partner_view(chosen, pack.edition), partner.marking))
    return out


NOT_TOLD: dict[str, str | None] = {"told_in": None, "name": None, "anchor": None}


def told_elsewhere(p: Partner) -> dict[int, dict[str, str | None]]:
    """For each highlight, milestone or event (by ``id``) every sentence of which another
    section prints (an agreement's, program's or facility's summary), that record's
    name and the section's title: the timeline names the record there instead of repeating
    its sentences (``told_in``, ``name`` and the heading's id, ``anchor``, in the template
    context)."""
    others: list[tuple[str, str, str]] = []  # section, name, the summary
    for a in p.agreements:
        others.append(("Agreements", a.title, a.summary or ""))
    for g in p.programs:
        others.append(("Programs and missions", g.name, g.summary or ""))
    for f in p.facilities:
        others.append(("Facilities", f.name, f.summary or ""))
    out: dict[int, dict[str, str | None]] = {}
    for e in (*p.highlights, *p.milestones, *p.events):
        for section, name, said in others:
            if said and told_by(said, e.text):
                anchor = section.lower().replace(" ", "-")  # the section heading's id
                out[id(e)] = {"told_in": section, "name": name, "anchor": anchor}
                break
    return out


def document_control(pack: Pack, marking: Marking) -> dict[str, Any]:
    """The pack's document control: the organisation's defaults under a visit's own values,
    its reference and version as this edition's (`briefgen.compose.control`), the
    releasable-edition line and the handling statement (for a pack marked ``marking``).  A
    draft shows no clearance."""
    ws = pack.workspace
    control = ws.document_control(pack.id if pack.kind == "visit" else None)
    return {
        "prepared_by": control.prepared_by or ws.org().name,
        "contact_officer": control.contact_officer,
        "cleared_by": None if pack.draft else control.cleared_by,
        "reference": dc.reference(pack, control.reference),
        "version": dc.version(pack, control.version),
        "releasable": dc.releasable_line(pack),
        "handling": dc.handling(pack, marking),
    }


def control_lines(control: dict[str, Any]) -> tuple[str, ...]:
    """Document control as lines for the files' properties (the page shows it by template)."""
    lines = []
    officer = control["contact_officer"]
    if officer is not None:
        reach = ", ".join(x for x in (officer.phone, officer.email) if x)
        lines.append(f"Contact officer: {officer.name}, {officer.position}, {reach}")
    cleared = control["cleared_by"]
    if cleared is not None:
        lines.append(f"Cleared by: {cleared.name}, {cleared.position}, {cleared.date.isoformat()}")
    for key in ("releasable", "handling"):
        if control[key]:
            lines.append(control[key])
    return tuple(lines)


def _attachments(pack: Pack) -> list[Held]:
    """A visit's attachments, lettered A, B, ...: as listed, else each partner's full brief."""
    from briefgen.compose.withheld import kept_attachments

    v = pack.visit
    assert v is not None
    kept = kept_attachments(pack.workspace, v, pack.max_marking)
    full = pack.workspace.visit(pack.id)  # listing any, even all withheld: no default
    listed: list[tuple[dict[str, Any], Marking | None]] = [
        ({"title": a.title, "partner": a.partner, "note": a.note}, None) for a in kept
    ]
    if not (full is not None and full.attachments):
        listed = [
            ({"title": f"{p.display_name} partner brief", "partner": p.id, "note": None}, p.marking)
            for p in pack.partners
        ]
    for i, (item, _) in enumerate(listed):
        item["letter"] = chr(ord("A") + i) if i < 26 else str(i + 1)
    return [Held(item, marking) for item, marking in listed]


def _visit_info(pack: Pack) -> Held | None:
    """A visit's people resolved and its program grouped by day, for the template, held by
    the visit's marking.  A partner's person is looked up in their partner's record (the
    pack's, or one the visit does not list) within the ceiling (a withheld partner's or
    person's record is left out) and takes the partner's marking; an attendee is looked up
    in the organisation within the ceiling."""
    v = pack.visit
    if v is None:
        return None
    partners: dict[str, Partner | None] = {p.id: p for p in pack.partners}
    delegation: list[Any] = []
    records: list[tuple[Person | VisitPerson, Marking | None]] = []
    for ref in v.delegation:
        if isinstance(ref, PersonRef):
            if ref.partner not in partners:  # a partner the visit does not list
                partners[ref.partner] = _within(pack, pack.workspace.partner(ref.partner))
            partner = partners[ref.partner]
            person = partner.person(ref.person) if partner is not None else None
            if partner is not None and person is not None:
                delegation.append(Held(person, partner.marking))
                records.append((person, partner.marking))
        elif isinstance(ref, VisitPerson):
            delegation.append(_inline_person(ref))
            records.append((ref, None))
    org = pack.organisation  # redacted: a head marked above the ceiling is None
    staff = {p.id: p for p in (org.head, *org.people) if p is not None}
    attendees = [staff.get(pid) for pid in v.attendees]
    days: dict[date, list[Any]] = {}
    for item in v.program:
        days.setdefault(item.date, []).append(item)
    where = ", ".join(v.locations)

    def partner_of(pid: str) -> Partner | None:
        if pid not in partners:  # a partner the visit does not list
            partners[pid] = _within(pack, pack.workspace.partner(pid))
        return partners[pid]

    contributed = {b.id: b for b in pack.briefs}
    return Held(
        {
            "meeting_briefs": meeting_views(v.program, partner_of, staff, contributed),
            "when_where": f"{v.dates.format()}" + (f", {where}" if where else ""),
            "when": v.dates.format(),
            "delegation": delegation,
            "meetings": meeting_lines(records, staff),  # each delegate's, in their order
            "attendees": [a for a in attendees if a is not None],
            "days": [{"date": d, "items": items} for d, items in days.items()],
            "attachments": _attachments(pack),
        },
        v.marking,
    )


def _on_meeting_pages(pack: Pack) -> set[str]:
    """The contributed briefs a visit's meeting briefs print on their own pages (never
    elsewhere, even when the edition withholds the meeting)."""
    v = pack.workspace.visit(pack.id) if pack.kind == "visit" else None
    if v is None:
        return set()
    return {i.brief.contributed for i in v.program if i.brief and i.brief.contributed}


def _within(pack: Pack, partner: Partner | None) -> Partner | None:
    """``partner`` redacted at the pack's ceiling (None when it is above it)."""
    if partner is None or above(partner, pack.max_marking):
        return None
    return voiced(redact(partner, pack.max_marking))  # type: ignore[no-any-return]


def _inline_person(ref: VisitPerson) -> dict[str, Any]:
    """A person given inline in a visit file, with the fields of a partner's person that
    templates read (``full_name``; no sources of its own)."""
    fields = {name: getattr(ref, name) for name in type(ref).model_fields}
    full_name = f"{ref.honorific} {ref.name}" if ref.honorific else ref.name
    return {**fields, "full_name": full_name, "sources": ()}
