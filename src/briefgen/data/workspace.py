"""The workspace: every data file of a folder, loaded, validated and cross-checked."""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial as bind
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, overload

from pydantic import BaseModel, ValidationError

from briefgen import deps
from briefgen.data.biographies import biography_gaps
from briefgen.data.briefs import brief_names, brief_problems, read_brief
from briefgen.data.config import Config, load_config
from briefgen.data.control import control_problems, control_warnings, without_placeholders
from briefgen.data.identity import identity_problems
from briefgen.data.layout import (
    CODE,
    CONFIG_FILE,
    FOLDER_OF,
    GLOSSARY_FILE,
    ORGANISATION_FILE,
    PARTNERS_DIR,
    REGIONS_FILE,
    SOURCES_FILE,
    VISITS_DIR,
    record_file,
)
from briefgen.data.model import (
    Brief,
    DocumentControl,
    GlossaryFile,
    Organisation,
    Partner,
    Region,
    RegionsFile,
    Source,
    SourcesFile,
    Term,
    Visit,
)
from briefgen.data.records import compact
from briefgen.data.references import check_references
from briefgen.data.salvage import Salvaged, salvage
from briefgen.data.source import FileSource, Folder
from briefgen.data.spread import FROM, in_order
from briefgen.data.theme_files import theme_problems
from briefgen.data.voice import voice_problems
from briefgen.data.yamlio import (
    LineMaps,
    format_loc,
    line_of,
    problems_from_validation,
    read_yaml,
)
from briefgen.errors import DataError, Problem

if TYPE_CHECKING:
    from typing_extensions import Self  # typing's own from Python 3.11

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Workspace:
    """A validated set of partnership data and its settings.

    Load one from a folder with `load_workspace`, or build one from model objects
    with `Workspace.create`.  ``partners``, ``regions``, ``visits`` and ``sources``
    map ids to records.
    """

    config: Config
    """The settings of briefgen.toml (defaults when there is none)."""
    organisation: Organisation
    """The home organisation (data/organisation.yaml)."""
    partners: Mapping[str, Partner]
    """Partners by id (data/partners/ID.yaml)."""
    regions: Mapping[str, Region]
    """Regions by id (data/regions.yaml)."""
    visits: Mapping[str, Visit]
    """Visits by id (data/visits/ID.yaml)."""
    sources: Mapping[str, Source]
    """Sources by id (data/sources.yaml)."""
    root: Path | None = None
    """The workspace folder; None for a workspace made in code."""
    regions_note: str | None = None
    """The ``note`` of data/regions.yaml, if it has one."""
    files: Mapping[tuple[str, str], str] = field(default_factory=dict)
    """The workspace-relative data file of each record, keyed by (kind, id)."""
    problems: tuple[Problem, ...] = ()
    """Problems tolerated by ``load_workspace(..., partial=True)``; empty otherwise."""
    digests: Mapping[str, str] = field(default_factory=dict)
    """SHA-256 of the bytes of each workspace-relative file the loader parsed."""
    notes_reads: bool = True
    """Whether the accessors note reads in the dependency record (not for an earlier
    edition's records, read from git or a manifest, whose files are not today's)."""
    glossary: tuple[Term, ...] = ()
    """Names spelt out at first mention (data/glossary.yaml), besides agencies' own."""
    briefs: Mapping[str, Brief] = field(default_factory=dict)
    """Contributed briefs by id (data/briefs/ID.md)."""

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
    ) -> Self:
        """Build a workspace from model objects (no YAML); raises `DataError` if the
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
        problems += identity_problems(ws, {})
        problems += control_problems(ws, {})
        problems += voice_problems(ws, {})
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

    def file_of(self, kind: str, id: str) -> str:
        return self.files.get((kind, id), CODE)

    # ------------------------------------------------------------ reads, noted

    def note(self, kind: str, id: str = "") -> None:
        """Note in the current dependency record (`briefgen.deps`) that the record ``kind``
        ``id`` was read: its file with the digest the loader parsed, or as missing (an
        optional file such as briefgen.toml that is absent, so that its appearance is seen)."""
        if self.root is None or not self.notes_reads or not deps.noting():
            return
        rel = self.files.get((kind, id))
        if rel is None and (kind in FOLDER_OF or kind == "brief"):  # absent, or invalid
            rel = record_file(kind, id)
        if rel is not None:
            deps.note_file(self.root / rel, self.digests.get(rel, deps.MISSING))

    def partner(self, id: str) -> Partner | None:
        """The partner ``id`` (None if there is none), its file noted as read (a file that
        is absent or did not load too: a region's member fixed later rebuilds it)."""
        self.note("partner", id)
        return self.partners.get(id)

    def visit(self, id: str) -> Visit | None:
        """The visit ``id`` (None if there is none), its file noted as read."""
        self.note("visit", id)
        return self.visits.get(id)

    def brief(self, id: str) -> Brief | None:
        """The contributed brief ``id`` (None if there is none yet), its file noted as read
        (as missing when absent: a brief written later rebuilds the pack)."""
        self.note("brief", id)
        return self.briefs.get(id)

    def region(self, id: str) -> Region | None:
        """The region ``id`` (None if there is none), its file noted as read."""
        found = self.regions.get(id)
        if found is not None:
            self.note("region", id)
        return found

    def source(self, id: str) -> Source | None:
        """The source ``id`` (None if there is none), the file defining it noted as read."""
        found = self.sources.get(id)
        if found is not None:
            self.note("source", id)
        return found

    def terms(self) -> tuple[Term, ...]:
        """The glossary's terms, data/glossary.yaml noted as read (as missing when absent)."""
        self.note("glossary")
        return self.glossary

    def settings(self) -> Config:
        """The settings, briefgen.toml noted as read (as missing when there is none)."""
        self.note("config")
        return self.config

    def org(self) -> Organisation:
        """The organisation's records, its file noted as read."""
        self.note("organisation")
        return self.organisation

    def regions_note_read(self) -> str | None:
        """The ``note`` of data/regions.yaml, its file noted as read (as missing when there
        is none: a note added later is seen)."""
        self.note("regions")
        return self.regions_note

    def document_control(self, visit_id: str | None = None) -> DocumentControl:
        """The document control of a pack: a visit's own values over the organisation's."""
        base = self.org().document_control
        visit = self.visit(visit_id) if visit_id is not None else None
        if visit is None or visit.document_control is None:
            return base
        return without_placeholders(visit.document_control).over(base)

    def brief_gaps(self) -> list[Problem]:
        """Warnings about visit briefs: no contact officer, skeleton placeholders left in a
        draft, a delegate without a biography."""
        return control_warnings(self) + biography_gaps(self)

    def stale_sources(self, today: date) -> list[Source]:
        """Sources read longer ago than the review period (``review_months``)."""
        months = self.config.review_months
        limit_month = today.year * 12 + today.month - 1 - months
        limit = date(limit_month // 12, limit_month % 12 + 1, min(today.day, 28))
        return [s for s in self.sources.values() if s.accessed < limit]


W = TypeVar("W", bound=Workspace)


@overload
def load_workspace(
    path: str | Path = ".",
    *,
    partial: bool = False,
    source: FileSource | None = None,
    executor: cf.Executor | None = None,
) -> Workspace: ...


@overload
def load_workspace(
    path: str | Path = ".",
    *,
    partial: bool = False,
    cls: type[W],
    source: FileSource | None = None,
    executor: cf.Executor | None = None,
) -> W: ...


def load_workspace(
    path: str | Path = ".",
    *,
    partial: bool = False,
    cls: type[Workspace] = Workspace,
    source: FileSource | None = None,
    executor: cf.Executor | None = None,
) -> Workspace:
    """Load and validate the workspace in folder ``path``.

    Raises `DataError` listing every problem of every file (not only the first).
    With ``partial``, records that are invalid are left out and the problems are kept in
    ``Workspace.problems`` instead (for builds with ``--keep-going``); a workspace without a
    valid organisation or settings still raises.  With ``source`` (a git revision, say),
    the files are read from it instead of the folder, which then only names the workspace
    (its theme files are not checked: an earlier edition is read for its records).
    With ``executor`` (worker processes), large folders of partner and visit files are
    parsed and validated in its workers while this process reads the other files; the
    result, problems included, is the same.
    """
    root = Path(path)
    if source is None and not root.is_dir():
        raise DataError([Problem(str(path), None, "", "workspace folder does not exist")])
    files_of = source or Folder(root)
    problems: list[Problem] = []
    raw = LineMaps(root, source)  # the lines of a file are read only when a message needs them
    digests: dict[str, str] = {}
    config: Config | None = None
    try:
        config = load_config(root, digests, source)
    except DataError as exc:
        problems += exc.problems

    def load(rel: str, model: type[M], extra: dict[str, Any] | None = None) -> M | None:
        record: M | None = merge(load_record(root, rel, model, extra, source=source, lines=raw))
        return record

    salvaged: dict[str, Salvaged] = {}  # file -> the valid part of a record with problems

    def merge(loaded: Loaded) -> Any:
        if loaded.digest is not None:
            digests[loaded.rel] = loaded.digest
        problems.extend(loaded.problems)
        if loaded.salvaged is not None:
            salvaged[loaded.rel] = loaded.salvaged
        return loaded.record

    # the partner and visit files, in worker processes while this one reads the rest
    names = {folder: _yaml_names(files_of, folder) for folder in (PARTNERS_DIR, VISITS_DIR)}
    spread: dict[str, Iterator[Loaded]] = {}
    if executor is not None and source is None:
        for folder, model in ((PARTNERS_DIR, Partner), (VISITS_DIR, Visit)):
            if len(names[folder]) >= FROM:
                load_files = bind(_load_files, root, folder, model)
                spread[folder] = in_order(executor, load_files, names[folder])

    files: dict[tuple[str, str], str] = {
        ("organisation", ""): ORGANISATION_FILE,
        ("config", ""): CONFIG_FILE,
        ("glossary", ""): GLOSSARY_FILE,
        ("regions", ""): REGIONS_FILE,  # its note
    }
    organisation = None
    if files_of.is_file(ORGANISATION_FILE):
        organisation = load(ORGANISATION_FILE, Organisation)
    else:
        problems.append(Problem(ORGANISATION_FILE, None, "", "is missing"))

    shared_sources: tuple[Source, ...] = ()
    if files_of.is_file(SOURCES_FILE):
        sf = load(SOURCES_FILE, SourcesFile)
        shared_sources = sf.sources if sf else ()

    glossary: tuple[Term, ...] = ()
    if files_of.is_file(GLOSSARY_FILE):
        gf = load(GLOSSARY_FILE, GlossaryFile)
        glossary = gf.terms if gf else ()

    def load_folder(folder: str, model: type[M], kind: str) -> list[M]:
        """One record per ``folder/<id>.yaml``, its id taken from the file name."""
        records: list[M] = []
        found = spread.get(folder)
        if found is None:
            found = (_load_file(root, folder, model, name, source, raw) for name in names[folder])
        for loaded in found:
            record = merge(loaded)
            if record is not None:
                records.append(record)
                files[(kind, _stem(loaded.rel))] = loaded.rel
        return records

    partners = load_folder(PARTNERS_DIR, Partner, "partner")

    regions: tuple[Region, ...] = ()
    regions_note = None
    if files_of.is_file(REGIONS_FILE):
        rf = load(REGIONS_FILE, RegionsFile)
        if rf is not None:
            regions, regions_note = rf.regions, rf.note
            for r in regions:
                files[("region", r.id)] = REGIONS_FILE

    visits = load_folder(VISITS_DIR, Visit, "visit")

    briefs: dict[str, Brief] = {}
    for rel in brief_names(files_of):
        brief, digest, found = read_brief(root, rel, files_of)
        if digest is not None:
            digests[rel] = digest
        problems.extend(found)
        if brief is not None:
            briefs[brief.id] = brief
            files[("brief", brief.id)] = rel

    if organisation is None or config is None:
        raise DataError(problems)
    source_files: dict[str, str] = {}
    sources = _collect_sources(shared_sources, organisation, partners, problems, source_files, raw)
    files.update((("source", sid), rel) for sid, rel in source_files.items())
    ws = cls(
        config=config,
        organisation=organisation,
        partners=_index(partners, "partner", PARTNERS_DIR, problems),
        regions=_index(regions, "region", REGIONS_FILE, problems, "regions", raw),
        visits=_index(visits, "visit", VISITS_DIR, problems),
        sources=sources,
        root=root,
        regions_note=regions_note,
        files=files,
        digests=digests,
        notes_reads=source is None,
        glossary=glossary,
        briefs=briefs,
    )
    problems += check_references(ws, raw)
    problems += brief_problems(ws, raw)
    problems += _salvaged_references(ws, salvaged, raw)
    problems += identity_problems(ws, raw)
    problems += control_problems(ws, raw)
    problems += voice_problems(ws, raw)
    if source is None:
        problems += theme_problems(config, root)
    if problems and not partial:
        raise DataError(problems)
    if problems:
        from dataclasses import replace

        ws = replace(ws, problems=tuple(problems))
    return ws


class Loaded(NamedTuple):
    """One data file read and validated: its record (None when it has problems), its
    workspace-relative path, the SHA-256 of its bytes (None when unread), its problems,
    and, when it has problems, what of it is valid (its faulty entries left out), so that
    its references are checked in the same pass."""

    record: Any
    rel: str
    digest: str | None
    problems: list[Problem]
    salvaged: Salvaged | None = None


def load_record(
    root: Path,
    rel: str,
    model: type[BaseModel],
    extra: dict[str, Any] | None = None,
    *,
    source: FileSource | None = None,
    lines: LineMaps | None = None,
) -> Loaded:
    """Read the data file ``rel`` and validate it as ``model``, with the values of
    ``extra`` (which the file may repeat but not contradict).  ``lines`` caches the files
    re-read for the line numbers of messages."""
    digests: dict[str, str] = {}
    data, found = read_yaml(root / rel, rel, fast=True, root=root, digests=digests, source=source)
    digest = digests.get(rel)
    if data is None or found:
        return Loaded(None, rel, digest, found)
    if lines is None:
        lines = LineMaps(root, source)
    if extra:
        for key, value in extra.items():
            if key in data and data[key] != value:
                problem = Problem(
                    rel,
                    line_of(lines[rel], [key]),
                    key,
                    f"{data[key]!r} does not match the file name (expected {value!r})",
                )
                return Loaded(None, rel, digest, [problem])
        data = {**data, **extra}
    try:
        record = model.model_validate(data)
    except ValidationError as exc:  # lines: the file re-read the round-trip way
        found = problems_from_validation(exc, rel, lines[rel])
        return Loaded(None, rel, digest, found, salvage(model, data, exc))
    compact(record)
    return Loaded(record, rel, digest, [])


def _salvaged_references(
    ws: Workspace, salvaged: Mapping[str, Salvaged], raw: Mapping[str, Any]
) -> list[Problem]:
    """The broken references of partner and visit files that have other problems too (a bad
    date must not hide an id typo until the next run), found in their valid parts."""
    from dataclasses import replace

    records = [s.record for s in salvaged.values()]
    partners = {r.id: r for r in records if isinstance(r, Partner)}
    visits = {r.id: r for r in records if isinstance(r, Visit)}
    if not partners and not visits:
        return []
    files = dict(ws.files)
    files.update((("partner", i), f"{PARTNERS_DIR}/{i}.yaml") for i in partners)
    files.update((("visit", i), f"{VISITS_DIR}/{i}.yaml") for i in visits)
    sources = {s.id: s for p in partners.values() for s in p.sources}
    shadow = replace(
        ws,
        partners={**ws.partners, **partners},
        visits={**ws.visits, **visits},
        sources={**sources, **ws.sources},
        files=files,
    )
    return [
        p
        for p in check_references(shadow, raw)
        if p.file in salvaged and not any(repr(i) in p.message for i in salvaged[p.file].left_out)
    ]


def _yaml_names(files_of: FileSource, folder: str) -> list[str]:
    return [name for name in files_of.names(folder) if name.endswith(".yaml")]


def _stem(rel: str) -> str:
    return rel.rsplit("/", 1)[-1].removesuffix(".yaml")


def _load_file(
    root: Path,
    folder: str,
    model: type[BaseModel],
    name: str,
    source: FileSource | None = None,
    lines: LineMaps | None = None,
) -> Loaded:
    """The record of ``folder/name``, its id taken from the file name."""
    rel = f"{folder}/{name}"
    return load_record(root, rel, model, {"id": _stem(rel)}, source=source, lines=lines)


def _load_files(
    root: Path, folder: str, model: type[BaseModel], names: Sequence[str]
) -> list[Loaded]:
    """The records of a chunk of a folder's files (run in a worker process)."""
    return [_load_file(root, folder, model, name) for name in names]


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
