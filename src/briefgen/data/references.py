"""Cross-reference checks: every id a record names exists where it should."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.countries import is_country_code
from briefgen.data.advice import did_you_mean
from briefgen.data.attached import attachment_problems
from briefgen.data.background import find_record, known_records
from briefgen.data.images import image_problem
from briefgen.data.layout import BRIEFS_DIR, ORGANISATION_FILE, record_file
from briefgen.data.model import (
    Fact,
    Image,
    KeyMessage,
    Meeting,
    PartnerKind,
    PersonRef,
    Portrait,
)
from briefgen.data.records import walk
from briefgen.data.yamlio import format_loc, line_of, value_at
from briefgen.errors import Problem
from briefgen.fileio import within

if TYPE_CHECKING:
    from briefgen.data.workspace import Workspace


def check_references(ws: Workspace, raw: Mapping[str, Any]) -> list[Problem]:
    """Every cross-reference holds: sources, region members, heads, visit people, images."""
    problems: list[Problem] = []
    home = [p.id for p in (ws.organisation.head, *ws.organisation.people)]
    checked: dict[Path, str | None] = {}  # image file -> why it cannot be used

    def problem(rel: str, loc: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(rel, line_of(raw.get(rel), loc), format_loc(loc), message))

    def check_sources(rel: str, root_obj: Any) -> None:
        for loc, rec in walk(root_obj):
            if isinstance(rec, (Fact, KeyMessage)):
                for i, sid in enumerate(rec.sources):
                    if sid not in ws.sources:
                        problem(
                            rel,
                            (*loc, "sources", i),
                            f"unknown source {sid!r}: no source "
                            "with that id in data/sources.yaml or this file"
                            + did_you_mean(sid, ws.sources),
                        )
            if isinstance(rec, (Image, Portrait)) and rec.path is not None:
                check_image(rel, loc, rec.path)
            if isinstance(rec, Meeting):
                for i, pid in enumerate(rec.met):
                    if ws.organisation.person(pid) is None:
                        problem(
                            rel,
                            (*loc, "met", i),
                            f"person {pid!r} is not in {ORGANISATION_FILE}: name the "
                            "organisation's people met by their id there, e.g. enrico-palermo"
                            + did_you_mean(pid, home),
                        )

    def check_meeting(rel: str, loc: tuple[str | int, ...], brief: Any, visit: Any) -> None:
        """A meeting brief's participants, sources and contributed brief exist."""
        for side in ("ours", "theirs"):
            for i, who in enumerate(getattr(brief, side)):
                if who.person is None:
                    continue
                at = (*loc, side, i)
                if who.partner is None:
                    if ws.organisation.person(who.person) is None:
                        hint = did_you_mean(who.person, home) or (
                            ": for a partner's person add partner:, e.g. {partner: esa, "
                            f"person: {who.person}}}"
                        )
                        problem(
                            rel,
                            (*at, "person"),
                            f"person {who.person!r} is not in {ORGANISATION_FILE}{hint}",
                        )
                    continue
                owner = ws.partners.get(who.partner)
                if owner is None:
                    problem(
                        rel,
                        (*at, "partner"),
                        f"unknown partner {who.partner!r}: {_no_partner(ws, who.partner)}",
                    )
                elif owner.person(who.person) is None:
                    problem(
                        rel,
                        (*at, "person"),
                        f"person {who.person!r} is not in {ws.file_of('partner', who.partner)}"
                        + did_you_mean(who.person, (p.id for p in owner.people)),
                    )
        for i, sid in enumerate(brief.sources):
            if sid not in ws.sources:
                problem(
                    rel,
                    (*loc, "sources", i),
                    f"unknown source {sid!r}" + did_you_mean(sid, ws.sources),
                )
        bid = brief.contributed
        asked = {c.id for c in visit.briefs}
        written = ws.root is not None and (ws.root / BRIEFS_DIR / f"{bid}.md").is_file()
        if bid is not None and bid not in ws.briefs and bid not in asked and not written:
            problem(
                rel,
                loc if isinstance(value_at(raw.get(rel), loc), str) else (*loc, "contributed"),
                f"no brief {bid!r}: write data/briefs/{bid}.md (briefgen new brief {bid}), "
                f"or ask for it under briefs:, e.g. briefs: [{{id: {bid}, team: Science "
                "Branch, due: 2026-11-20}]" + did_you_mean(bid, ws.briefs),
            )

    def check_image(rel: str, loc: tuple[str | int, ...], path: str) -> None:
        if ws.root is None:
            return
        where = (*loc, "path")
        target = (ws.root / path).resolve()
        if not within(ws.root, path):
            problem(rel, where, f"image {path!r} is outside the workspace")
        elif not target.is_file():
            problem(rel, where, f"image {path!r} does not exist")
        else:
            why = checked.get(target)
            if target not in checked:
                why = checked[target] = image_problem(target)
            if why is not None:
                problem(rel, where, f"image {path!r} {why}")

    check_sources(ws.file_of("organisation", ""), ws.organisation)  # "<code>" if built in code
    check_sources(ws.file_of("glossary", ""), ws.glossary)
    for pid, partner in ws.partners.items():
        rel = ws.file_of("partner", pid)
        check_sources(rel, partner)
        if partner.kind is PartnerKind.country:
            if not is_country_code(pid):
                problem(
                    rel,
                    ("id",),
                    f"{pid!r} is not an ISO 3166-1 alpha-2 country code; "
                    "a country's file is named by its code, e.g. jp.yaml",
                )
            if partner.country is not None and partner.country.lower() != pid:
                problem(
                    rel, ("country",), f"{partner.country!r} does not match the file name {pid!r}"
                )
        elif is_country_code(pid):
            problem(rel, ("kind",), f"{pid!r} is a country code, so kind must be 'country'")
        people = {p.id for p in partner.people}
        seen: set[str] = set()
        for i, person in enumerate(partner.people):
            if person.id in seen:
                problem(rel, ("people", i, "id"), f"duplicate person id {person.id!r}")
            seen.add(person.id)
        for i, agency in enumerate(partner.agencies):
            if agency.head is not None and agency.head not in people:
                problem(
                    rel,
                    ("agencies", i, "head"),
                    f"person {agency.head!r} is not among this partner's people"
                    + did_you_mean(agency.head, people),
                )
        ids: set[str] = set()
        for i, agreement in enumerate(partner.agreements):
            if agreement.id in ids:
                problem(rel, ("agreements", i, "id"), f"duplicate agreement id {agreement.id!r}")
            ids.add(agreement.id)

    kinds: dict[str, str] = {pid: "partner" for pid in ws.partners}
    for rid, region in ws.regions.items():
        rel = ws.file_of("region", rid)
        idx = next(i for i, r in enumerate(ws.regions.values()) if r.id == rid)
        if rid in kinds:
            problem(rel, ("regions", idx, "id"), f"region id {rid!r} is also a partner id")
        kinds.setdefault(rid, "region")
        for j, member in enumerate(region.members):
            if member not in ws.partners:
                problem(
                    rel,
                    ("regions", idx, "members", j),
                    f"region {rid!r} names partner {member!r}, but {_no_partner(ws, member)}",
                )

    for vid, visit in ws.visits.items():
        rel = ws.file_of("visit", vid)
        if vid in kinds:
            problem(rel, ("id",), f"visit id {vid!r} is also a {kinds[vid]} id")
        for i, partner_id in enumerate(visit.partners):
            if partner_id not in ws.partners:
                problem(
                    rel,
                    ("partners", i),
                    f"unknown partner {partner_id!r}: {_no_partner(ws, partner_id)}",
                )
        for i, ref in enumerate(visit.delegation):
            if isinstance(ref, PersonRef):
                owner = ws.partners.get(ref.partner)
                if owner is None:
                    problem(
                        rel,
                        ("delegation", i, "partner"),
                        f"unknown partner {ref.partner!r}: {_no_partner(ws, ref.partner)}",
                    )
                elif owner.person(ref.person) is None:
                    problem(
                        rel,
                        ("delegation", i, "person"),
                        f"person {ref.person!r} is not in {ws.file_of('partner', ref.partner)}"
                        + did_you_mean(ref.person, (p.id for p in owner.people)),
                    )
        for i, pid in enumerate(visit.attendees):
            if ws.organisation.person(pid) is None:
                problem(
                    rel,
                    ("attendees", i),
                    f"person {pid!r} is not in {ORGANISATION_FILE}" + did_you_mean(pid, home),
                )
        for i, sid in enumerate(visit.sources):
            if sid not in ws.sources:
                problem(
                    rel, ("sources", i), f"unknown source {sid!r}" + did_you_mean(sid, ws.sources)
                )
        check_sources(rel, visit)  # messages that state a fact cite it
        for i, item in enumerate(visit.background):
            owner = ws.partners.get(item.partner)
            if owner is None:
                problem(
                    rel,
                    ("background", i, "partner"),
                    f"unknown partner {item.partner!r}: {_no_partner(ws, item.partner)}",
                )
            elif item.record is not None and find_record(owner, item.record) is None:
                names = ", ".join(known_records(owner)[:4]) or "none recorded"
                problem(
                    rel,
                    ("background", i, "record"),
                    f"{ws.file_of('partner', item.partner)} has no record {item.record!r}: "
                    f"name an id, name or title it gives (e.g. {names})",
                )
        for i, stop in enumerate(visit.program):
            if stop.brief is not None:
                check_meeting(rel, ("program", i, "brief"), stop.brief, visit)
        for i, attachment in enumerate(visit.attachments):
            if attachment.partner is not None and attachment.partner not in ws.partners:
                problem(
                    rel,
                    ("attachments", i, "partner"),
                    f"unknown partner {attachment.partner!r}: "
                    f"{_no_partner(ws, attachment.partner)}",
                )
            if attachment.file is not None and ws.root is not None:
                why = _attached_file(ws.root, attachment.file)
                if why is not None:
                    problem(rel, ("attachments", i, "file"), why)
        for loc, why in attachment_problems(visit, set(ws.briefs), ws.root):
            problem(rel, loc, why)
    return problems


def _attached_file(root: Path, path: str) -> str | None:
    """Why an attached file cannot be bound in (None: it can)."""
    if not within(root, path):
        return (
            f"{path!r} is outside the workspace: copy the file into it and name it "
            "from there, e.g. attachments/draft-mou.pdf"
        )
    if not (root / path).resolve().is_file():
        return (
            f"{path!r} does not exist: name a file in the workspace, e.g. attachments/draft-mou.pdf"
        )
    return None


def _no_partner(ws: Workspace, id: str) -> str:
    """Why a partner id has no record: no file, or a file with errors of its own."""
    rel = record_file("partner", id)
    if ws.root is not None and (ws.root / rel).is_file():
        return f"{rel} is invalid (see its own errors)"
    return f"there is no {rel}" + did_you_mean(id, ws.partners)
