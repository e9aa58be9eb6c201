"""The workspace: every data file of a folder, loaded, validated and cross-checked."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from briefgen.config import Config, load_config
from briefgen.countries import is_country_code
from briefgen.errors import BriefgenError, DataError, Problem
from briefgen.markings import Marking
from briefgen.model import (
    Fact,
    Image,
    Organisation,
    Partner,
    PartnerKind,
    PersonRef,
    Region,
    RegionsFile,
    Source,
    SourcesFile,
    Visit,
)
from briefgen.validation import (
    LineMaps,
    format_loc,
    line_of,
    problems_from_validation,
    read_yaml,
)

if TYPE_CHECKING:
    from briefgen.build import BuildReport
    from briefgen.pack import Pack

M = TypeVar("M", bound=BaseModel)

ORGANISATION_FILE = "data/organisation.yaml"
SOURCES_FILE = "data/sources.yaml"
REGIONS_FILE = "data/regions.yaml"
PARTNERS_DIR = "data/partners"
VISITS_DIR = "data/visits"
CODE = "<code>"


@dataclass(frozen=True)
class Workspace:
    """A validated set of partnership data and its settings.

    Load one from a folder with :func:`load_workspace`, or build one from model objects
    with :meth:`Workspace.create`.  ``partners``, ``regions``, ``visits`` and ``sources``
    map ids to records.
    """

    config: Config
    organisation: Organisation
    partners: Mapping[str, Partner]
    regions: Mapping[str, Region]
    visits: Mapping[str, Visit]
    sources: Mapping[str, Source]
    root: Path | None = None
    regions_note: str | None = None
    #: workspace-relative data file of each record, keyed by ("partner" | "region" | ..., id)
    files: Mapping[tuple[str, str], str] = field(default_factory=dict)
    #: problems tolerated by ``load_workspace(..., partial=True)``; empty otherwise
    problems: tuple[Problem, ...] = ()

    @classmethod
    def create(
        cls,
        organisation: Organisation,
        partners: Iterable[Partner],
        regions: Iterable[Region] = (),
        visits: Iterable[Visit] = (),
        sources: Iterable[Source] = (),
        config: Config | None = None,
        root: Path | None = None,
    ) -> Workspace:
        """Build a workspace from model objects (no YAML); raises :class:`DataError` if the
        references between them do not hold."""
        problems: list[Problem] = []
        partners = tuple(partners)  # read twice below: a generator must not run dry
        ws = cls(
            config=config or Config(),
            organisation=organisation,
            partners=_index(partners, "partner", CODE, problems, "partners"),
            regions=_index(regions, "region", CODE, problems, "regions"),
            visits=_index(visits, "visit", CODE, problems, "visits"),
            sources=_collect_sources(sources, organisation, partners, problems),
            root=root,
        )
        problems += check_references(ws, {})
        if problems:
            raise DataError(problems)
        return ws

    # ------------------------------------------------------------ queries

    def targets(self) -> list[tuple[str, str, str]]:
        """Every buildable id with its kind and name: partners, then regions, then visits."""
        out = [("partner", pid, p.display_name) for pid, p in self.partners.items()]
        out += [("region", rid, r.name) for rid, r in self.regions.items()]
        out += [("visit", vid, v.title) for vid, v in self.visits.items()]
        return out

    def file_of(self, kind: str, ident: str) -> str:
        return self.files.get((kind, ident), CODE)

    def stale_sources(self, today: date) -> list[Source]:
        """Sources read longer ago than the review period (``review_months``)."""
        months = self.config.review_months
        limit_month = today.year * 12 + today.month - 1 - months
        limit = date(limit_month // 12, limit_month % 12 + 1, min(today.day, 28))
        return [s for s in self.sources.values() if s.accessed < limit]

    def pack(self, ident: str, max_marking: str | Marking | None = None) -> Pack:
        """The pack for a partner, region or visit id; unknown ids raise :class:`BriefgenError`
        listing close matches.  ``max_marking`` leaves out records marked above it (a
        releasable edition)."""
        from briefgen.pack import make_pack

        ceiling = Marking.parse(max_marking) if isinstance(max_marking, str) else max_marking
        return make_pack(self, ident, ceiling)

    def build(
        self,
        out: str | Path | None = None,
        formats: Sequence[str] = ("docx", "pdf"),
        **options: Any,
    ) -> BuildReport:
        """Build packs into ``out``; see :func:`briefgen.build.build` for the options."""
        from briefgen.build import build

        return build(self, out, formats=formats, **options)


def load_workspace(path: str | Path = ".", *, partial: bool = False) -> Workspace:
    """Load and validate the workspace in folder ``path``.

    Raises :class:`DataError` listing every problem of every file (not only the first).
    With ``partial``, records that are invalid are left out and the problems are kept in
    ``Workspace.problems`` instead (for builds with ``--keep-going``); a workspace without a
    valid organisation or settings still raises.
    """
    root = Path(path)
    if not root.is_dir():
        raise DataError([Problem(str(path), None, "", "workspace folder does not exist")])
    problems: list[Problem] = []
    raw = LineMaps(root)  # the lines of a file are read only when a message needs them
    config: Config | None = None
    try:
        config = load_config(root)
    except DataError as exc:
        problems += exc.problems

    def load(rel: str, model: type[M], extra: dict[str, Any] | None = None) -> M | None:
        data, found = read_yaml(root / rel, rel, fast=True)
        problems.extend(found)
        if data is None or found:
            return None
        if extra:
            for key, value in extra.items():
                if key in data and data[key] != value:
                    problems.append(
                        Problem(
                            rel,
                            line_of(raw[rel], [key]),
                            key,
                            f"{data[key]!r} does not match the file name (expected {value!r})",
                        )
                    )
                    return None
            data = {**data, **extra}
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            problems.extend(problems_from_validation(exc, rel, raw[rel]))  # lines: re-read
            return None

    files: dict[tuple[str, str], str] = {("organisation", ""): ORGANISATION_FILE}
    organisation = None
    if (root / ORGANISATION_FILE).exists():
        organisation = load(ORGANISATION_FILE, Organisation)
    else:
        problems.append(Problem(ORGANISATION_FILE, None, "", "is missing"))

    shared_sources: tuple[Source, ...] = ()
    if (root / SOURCES_FILE).exists():
        sf = load(SOURCES_FILE, SourcesFile)
        shared_sources = sf.sources if sf else ()

    def load_folder(folder: str, model: type[M], kind: str) -> list[M]:
        """One record per ``folder/<id>.yaml``, its id taken from the file name."""
        records: list[M] = []
        for file in sorted((root / folder).glob("*.yaml")):
            rel = f"{folder}/{file.name}"
            record = load(rel, model, {"id": file.stem})
            if record is not None:
                records.append(record)
                files[(kind, file.stem)] = rel
        return records

    partners = load_folder(PARTNERS_DIR, Partner, "partner")

    regions: tuple[Region, ...] = ()
    regions_note = None
    if (root / REGIONS_FILE).exists():
        rf = load(REGIONS_FILE, RegionsFile)
        if rf is not None:
            regions, regions_note = rf.regions, rf.note
            for r in regions:
                files[("region", r.id)] = REGIONS_FILE

    visits = load_folder(VISITS_DIR, Visit, "visit")

    if organisation is None or config is None:
        raise DataError(problems)
    source_files: dict[str, str] = {}
    ws = Workspace(
        config=config,
        organisation=organisation,
        partners=_index(partners, "partner", PARTNERS_DIR, problems),
        regions=_index(regions, "region", REGIONS_FILE, problems, "regions", raw),
        visits=_index(visits, "visit", VISITS_DIR, problems),
        sources=_collect_sources(
            shared_sources, organisation, partners, problems, source_files, raw
        ),
        root=root,
        regions_note=regions_note,
        files=files,
    )
    problems += check_references(ws, raw)
    if problems and not partial:
        raise DataError(problems)
    if problems:
        from dataclasses import replace

        ws = replace(ws, problems=tuple(problems))
    return ws


def _index(
    records: Iterable[Any],
    kind: str,
    where: str,
    problems: list[Problem],
    field_name: str | None = None,
    lines: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for i, rec in enumerate(records):
        if rec.id in out:
            loc: tuple[str | int, ...] = (field_name, i, "id") if field_name else ()
            message = f"duplicate {kind} id {rec.id!r}"
            data = lines.get(where) if lines is not None else None
            problems.append(Problem(where, line_of(data, loc), format_loc(loc), message))
        out[rec.id] = rec
    return out


def _collect_sources(
    shared: Iterable[Source],
    organisation: Organisation,
    partners: Iterable[Partner],
    problems: list[Problem],
    where: dict[str, str] | None = None,
    raw: Mapping[str, Any] | None = None,
) -> dict[str, Source]:
    out: dict[str, Source] = {}
    origin: dict[str, str] = {}
    groups: list[tuple[str, Iterable[Source]]] = [
        (SOURCES_FILE, shared),
        (ORGANISATION_FILE, organisation.sources),
    ]
    groups += [(f"{PARTNERS_DIR}/{p.id}.yaml", p.sources) for p in partners]
    for rel, sources in groups:
        for i, s in enumerate(sources):
            if s.id in out:
                loc = ("sources", i, "id")
                line = line_of(raw.get(rel) if raw is not None else None, loc)
                problems.append(
                    Problem(
                        rel,
                        line,
                        format_loc(loc),
                        f"duplicate source id {s.id!r} (also in {origin[s.id]})",
                    )
                )
            out[s.id], origin[s.id] = s, rel
    if where is not None:
        where.update(origin)
    return out


def _walk_facts(
    obj: Any, loc: tuple[str | int, ...]
) -> Iterable[tuple[tuple[str | int, ...], Any]]:
    """Yield (field path, record) for every model nested in ``obj``."""
    if isinstance(obj, BaseModel):
        yield loc, obj
        for name in type(obj).model_fields:
            yield from _walk_facts(getattr(obj, name), (*loc, name))
    elif isinstance(obj, tuple):
        for i, item in enumerate(obj):
            yield from _walk_facts(item, (*loc, i))


def check_references(ws: Workspace, raw: Mapping[str, Any]) -> list[Problem]:
    """Every cross-reference holds: sources, region members, heads, visit people, images."""
    problems: list[Problem] = []

    def problem(rel: str, loc: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(rel, line_of(raw.get(rel), loc), format_loc(loc), message))

    def check_sources(rel: str, root_obj: Any) -> None:
        for loc, rec in _walk_facts(root_obj, ()):
            if isinstance(rec, Fact):
                for i, sid in enumerate(rec.sources):
                    if sid not in ws.sources:
                        problem(
                            rel,
                            (*loc, "sources", i),
                            f"unknown source {sid!r}: no source "
                            "with that id in data/sources.yaml or this file",
                        )
            if isinstance(rec, Image) and rec.path is not None:
                check_image(rel, loc, rec.path)

    def check_image(rel: str, loc: tuple[str | int, ...], path: str) -> None:
        if ws.root is None:
            return
        where = (*loc, "path")
        target = (ws.root / path).resolve()
        if Path(path).is_absolute() or not target.is_relative_to(ws.root.resolve()):
            problem(rel, where, f"image {path!r} is outside the workspace")
        elif not target.is_file():
            problem(rel, where, f"image {path!r} does not exist")

    check_sources(ws.file_of("organisation", ""), ws.organisation)  # "<code>" if built in code
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
                    f"person {agency.head!r} is not among this partner's people",
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
                    problem(rel, ("delegation", i, "partner"), f"unknown partner {ref.partner!r}")
                elif owner.person(ref.person) is None:
                    problem(
                        rel,
                        ("delegation", i, "person"),
                        f"person {ref.person!r} is not in {ws.file_of('partner', ref.partner)}",
                    )
        for i, pid in enumerate(visit.attendees):
            if ws.organisation.person(pid) is None:
                problem(rel, ("attendees", i), f"person {pid!r} is not in {ORGANISATION_FILE}")
        for i, sid in enumerate(visit.sources):
            if sid not in ws.sources:
                problem(rel, ("sources", i), f"unknown source {sid!r}")
    return problems


def _no_partner(ws: Workspace, ident: str) -> str:
    """Why a partner id has no record: no file, or a file with errors of its own."""
    rel = f"{PARTNERS_DIR}/{ident}.yaml"
    if ws.root is not None and (ws.root / rel).is_file():
        return f"{rel} is invalid (see its own errors)"
    return f"there is no {rel}"


__all__ = ["Workspace", "load_workspace", "BriefgenError"]
