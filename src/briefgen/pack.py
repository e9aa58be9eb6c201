"""A pack: one partner, region or visit, its marking, its Markdown and its document tree."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from briefgen import tree as t
from briefgen.dates import FuzzyDate
from briefgen.errors import BriefgenError
from briefgen.markings import Marking, highest
from briefgen.model import Agreement, AgreementStatus, Event, Fact, Partner, Visit

if TYPE_CHECKING:
    from briefgen.templating import Rendered as RenderedMarkdown
    from briefgen.theme import Theme
    from briefgen.workspace import Workspace
    from briefgen.writers import Rendered

PackKind = Literal["partner", "region", "visit"]
TEMPLATES: dict[str, str] = {
    "partner": "partner.md.j2",
    "region": "region.md.j2",
    "visit": "visit.md.j2",
}


def make_pack(ws: Workspace, ident: str, max_marking: Marking | None = None) -> Pack:
    """The pack for ``ident``; unknown ids raise :class:`BriefgenError` with close matches."""
    kind: PackKind
    if ident in ws.partners:
        kind = "partner"
    elif ident in ws.regions:
        kind = "region"
    elif ident in ws.visits:
        kind = "visit"
    else:
        known = [i for _, i, _ in ws.targets()]
        close = difflib.get_close_matches(ident, known, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise BriefgenError(f"no partner, region or visit with id {ident!r}{hint}")
    return Pack(ws, ident, kind, max_marking)


# ---------------------------------------------------------------- marking filters


def _above(rec: Any, ceiling: Marking | None) -> bool:
    m = getattr(rec, "marking", None)
    return ceiling is not None and isinstance(m, Marking) and m.above(ceiling)


def redact(obj: Any, ceiling: Marking | None) -> Any:
    """A copy of ``obj`` without the records marked above ``ceiling``, at any depth."""
    if ceiling is None:
        return obj
    if isinstance(obj, tuple):
        return tuple(redact(x, ceiling) for x in obj if not _above(x, ceiling))
    if isinstance(obj, BaseModel):
        update = {}
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if isinstance(value, (tuple, BaseModel)):
                new = None if _above(value, ceiling) else redact(value, ceiling)
                if new is not value:
                    update[name] = new
        return obj.model_copy(update=update) if update else obj
    return obj


def iter_records(obj: Any) -> Iterator[BaseModel]:
    """``obj`` (a record or a tuple of them) and every record nested in it, depth first."""
    if isinstance(obj, tuple):
        for x in obj:
            yield from iter_records(x)
    elif isinstance(obj, BaseModel):
        yield obj
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if isinstance(value, (tuple, BaseModel)):
                yield from iter_records(value)


def iter_markings(obj: Any) -> Iterator[Marking]:
    """Every marking carried by ``obj`` and the records inside it."""
    for rec in iter_records(obj):
        m = getattr(rec, "marking", None)
        if isinstance(m, Marking):
            yield m


def iter_facts(obj: Any) -> Iterator[Fact]:
    """Every fact-bearing record in ``obj``."""
    return (rec for rec in iter_records(obj) if isinstance(rec, Fact))


# ---------------------------------------------------------------- derived facts


@dataclass(frozen=True)
class Dated:
    """A dated fact for the timeline and key facts: its date, its words, its record."""

    date: FuzzyDate
    label: str
    record: Fact


def dated_facts(p: Partner) -> list[Dated]:
    """Every fact of ``p`` with a known date, in time order (the page's wording kept)."""
    out: list[Dated] = []
    for a in p.agreements:
        if a.date.known:
            out.append(Dated(a.date, f"{a.title} ({a.status.value})", a))
    for group in (p.milestones, p.events, p.highlights):
        for e in group:
            if e.date is not None and e.date.known:
                out.append(Dated(e.date, e.text, e))
    for f in p.facilities:
        if f.date is not None and f.date.known:
            out.append(Dated(f.date, f.summary or f.name, f))
    for g in p.programs:
        if g.date is not None and g.date.known:
            out.append(Dated(g.date, g.summary or g.name, g))
    # a highlight, milestone or event tells the story of its day better than the bare
    # agreement, facility or program record dated the same: keep one entry per story
    told = {str(e.date) for g in (p.milestones, p.events, p.highlights) for e in g if e.date}
    out = [d for d in out if isinstance(d.record, Event) or str(d.date) not in told]
    return sorted(out, key=lambda d: d.date.sort_key())


def next_milestone(p: Partner, edition: date) -> Dated | None:
    """The first dated fact that may still lie ahead on the edition date."""
    ahead = [d for d in dated_facts(p) if (d.date.latest() or date.min) >= edition]
    return ahead[0] if ahead else None


def latest_milestone(p: Partner, edition: date) -> Dated | None:
    """The most recent dated fact that has begun by the edition date."""
    past = [d for d in dated_facts(p) if (d.date.earliest() or date.max) <= edition]
    return past[-1] if past else None


def active_agreements(p: Partner) -> list[Agreement]:
    return [
        a for a in p.agreements if a.status in (AgreementStatus.signed, AgreementStatus.in_force)
    ]


# ---------------------------------------------------------------- the pack


@dataclass
class Pack:
    """One buildable brief.  ``document`` is its tree; ``write(path)`` renders a file."""

    workspace: Workspace
    id: str
    kind: PackKind
    max_marking: Marking | None = None

    # ------------------------------------------------------------ content

    @cached_property
    def partners(self) -> tuple[Partner, ...]:
        """The partners this pack covers, with records above ``max_marking`` left out."""
        ws = self.workspace
        if self.kind == "partner":
            ids: Iterable[str] = (self.id,)
        elif self.kind == "region":
            ids = ws.regions[self.id].members
        else:
            ids = ws.visits[self.id].partners
        out = []
        for pid in ids:
            partner = ws.partners[pid]
            if _above(partner, self.max_marking):
                if self.kind == "partner":
                    raise BriefgenError(
                        f"partner {pid!r} is marked {partner.marking}, above the "
                        f"maximum marking {self.max_marking}"
                    )
                continue
            out.append(redact(partner, self.max_marking))
        return tuple(out)

    @cached_property
    def visit(self) -> Visit | None:
        if self.kind != "visit":
            return None
        visit = self.workspace.visits[self.id]
        if _above(visit, self.max_marking):
            raise BriefgenError(
                f"visit {self.id!r} is marked {visit.marking}, above the maximum marking "
                f"{self.max_marking}"
            )
        return redact(visit, self.max_marking)  # type: ignore[no-any-return]

    @cached_property
    def marking(self) -> Marking:
        """The highest marking of everything the pack includes (at least the default)."""
        return highest(
            [*iter_markings(self.partners), *iter_markings(self.visit)],
            self.workspace.config.marking,
        )

    @cached_property
    def title(self) -> str:
        ws = self.workspace
        if self.kind == "partner":
            return f"Partner brief: {self.partners[0].display_name}"
        if self.kind == "region":
            return f"Region brief: {ws.regions[self.id].name}"
        assert self.visit is not None
        return f"Visit brief: {self.visit.title}"

    @cached_property
    def sources(self) -> list[Any]:
        """Every source cited by what the pack includes, in first-cited order."""
        ids: dict[str, None] = {}
        for fact in [*iter_facts(self.partners), *iter_facts(self.workspace.organisation)]:
            ids.update(dict.fromkeys(fact.sources))
        if self.visit is not None:
            ids.update(dict.fromkeys(self.visit.sources))
        return [self.workspace.sources[i] for i in ids]

    @cached_property
    def edition(self) -> date:
        """ "Information as at": the visit's or workspace's edition, else the latest access date."""
        if self.visit is not None and self.visit.edition is not None:
            return self.visit.edition
        if self.workspace.config.edition is not None:
            return self.workspace.config.edition
        return max((s.accessed for s in self.sources), default=date(2000, 1, 1))

    @cached_property
    def draft(self) -> bool:
        return self.workspace.config.draft or (
            self.visit is not None and self.visit.status == "draft"
        )

    def context(self) -> dict[str, Any]:
        """What the templates see."""
        from briefgen.timeline import Entry, alt_text

        ws = self.workspace
        edition = self.edition
        partners = []
        for p in self.partners:
            dated = dated_facts(p)
            partners.append(
                {
                    "p": p,
                    "name": p.display_name,
                    "agency": p.agencies[0] if p.agencies else None,
                    "head": p.person(p.agencies[0].head)
                    if p.agencies and p.agencies[0].head
                    else None,
                    "active_agreements": active_agreements(p),
                    "next_milestone": next_milestone(p, edition),
                    "latest_milestone": latest_milestone(p, edition),
                    "dated": dated,
                    "timeline": (
                        {
                            "src": f"briefgen:timeline/{p.id}",
                            "alt": alt_text([Entry(d.date, d.label) for d in dated]),
                        }
                        if len(dated) >= 2
                        else None
                    ),
                    "photos": [i for i in p.images if i.path],
                }
            )
        return {
            "visit_info": self._visit_info(),
            "pack": {
                "id": self.id,
                "kind": self.kind,
                "title": self.title,
                "marking": self.marking,
                "edition": edition,
                "draft": self.draft,
            },
            "partners": partners,
            "partner": partners[0] if self.kind == "partner" else None,
            "region": ws.regions.get(self.id) if self.kind == "region" else None,
            "regions_note": ws.regions_note,
            "visit": self.visit,
            "org": ws.organisation,
            "sources": self.sources,
            "config": ws.config,
        }

    def _visit_info(self) -> dict[str, Any] | None:
        """A visit's people resolved and its program grouped by day, for the template."""
        from briefgen.model import PersonRef, VisitPerson

        v = self.visit
        if v is None:
            return None
        ws = self.workspace
        delegation: list[Any] = []
        for ref in v.delegation:
            if isinstance(ref, PersonRef):
                delegation.append(ws.partners[ref.partner].person(ref.person))
            elif isinstance(ref, VisitPerson):
                delegation.append(_InlinePerson(ref))
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

    @cached_property
    def rendered(self) -> RenderedMarkdown:
        """The Markdown the pack's template produced (with data tokens)."""
        from briefgen.templating import render_template, search_path

        ws = self.workspace
        folder = ws.root / ws.config.templates if ws.root is not None else None
        return render_template(TEMPLATES[self.kind], self.context(), search_path(folder))

    @property
    def markdown(self) -> str:
        """The rendered Markdown with data put back (for reading, not for parsing)."""
        return self.rendered.resolve(self.rendered.markdown)

    @cached_property
    def document(self) -> t.Document:
        """The pack's document tree."""
        from briefgen.treebuilder import build_document

        org = self.workspace.organisation
        names = [p.display_name for p in self.partners]
        agencies = [a.acronym or a.name for p in self.partners for a in p.agencies[:1]]
        meta = t.Metadata(
            title=self.title,
            subtitle=self._subtitle(),
            marking=self.marking.banner(),
            edition=self.edition,
            organisation=org.name,
            author=org.name,
            keywords=tuple(dict.fromkeys([*names, *agencies, self.marking.banner()])),
            draft=self.draft,
        )
        return build_document(self.rendered, meta, self._image)

    def _subtitle(self) -> str | None:
        if self.kind == "partner":
            p = self.partners[0]
            return p.agencies[0].label if p.agencies else None
        if self.kind == "region":
            return None
        assert self.visit is not None
        return f"{self.visit.dates.format()}"

    def _image(self, src: str) -> t.Image:
        if src.startswith("briefgen:timeline/"):
            from briefgen.timeline import Entry, draw

            pid = src.removeprefix("briefgen:timeline/")
            partner = next(p for p in self.partners if p.id == pid)
            return draw(tuple(Entry(d.date, d.label) for d in dated_facts(partner)))
        root = self.workspace.root
        if root is None:
            raise ValueError(f"no workspace folder to read {src!r} from")
        path = (root / src).resolve()
        if not path.is_relative_to(root.resolve()):
            raise ValueError(f"{src!r} is outside the workspace")
        from PIL import Image as PILImage

        data = path.read_bytes()
        with PILImage.open(path) as im:
            w, h = im.size
            dpi = float(im.info.get("dpi", (96, 96))[0] or 96)
        return t.Image(src, data, w, h, dpi)

    # ------------------------------------------------------------ output

    def theme(self) -> Theme:
        from briefgen.config import make_theme

        return make_theme(self.workspace.config, self.workspace.root)

    def render(self, fmt: str, theme: Theme | None = None) -> Rendered:
        """Render the pack as ``fmt`` ("docx" or "pdf") in memory."""
        from briefgen.errors import MissingGlyphError
        from briefgen.writers import get_writer

        try:
            return get_writer(fmt)(self.document, theme or self.theme())
        except MissingGlyphError as exc:
            where = "; ".join(self.fields_holding(exc.char)) or "template text"
            raise MissingGlyphError(f"pack {self.id!r}: {exc} (in {where})", exc.char) from None
        except BriefgenError as exc:
            raise type(exc)(f"pack {self.id!r}: {exc}") from None

    def fields_holding(self, char: str) -> list[str]:
        """``file: field.path`` of every data field of the pack whose text holds ``char``."""
        from briefgen.validation import format_loc

        ws = self.workspace
        roots: list[tuple[str, Any]] = [(ws.file_of("partner", p.id), p) for p in self.partners]
        if self.visit is not None:
            roots.append((ws.file_of("visit", self.id), self.visit))
        roots.append(("data/organisation.yaml", ws.organisation))
        found: list[str] = []

        def walk(obj: Any, loc: tuple[str | int, ...], rel: str) -> None:
            if isinstance(obj, str):
                if char in obj:
                    found.append(f"{rel}: {format_loc(loc)}")
            elif isinstance(obj, tuple):
                for i, item in enumerate(obj):
                    walk(item, (*loc, i), rel)
            elif isinstance(obj, BaseModel):
                for name in type(obj).model_fields:
                    walk(getattr(obj, name), (*loc, name), rel)

        for rel, obj in roots:
            walk(obj, (), rel)
        return found

    def write(self, path: str | Path, theme: Theme | None = None) -> Path:
        """Write the pack to ``path``; its suffix (.docx or .pdf) picks the writer.  The file
        is written under a temporary name and renamed into place."""
        from briefgen.fileio import atomic_write

        path = Path(path)
        fmt = path.suffix.lower().lstrip(".")
        rendered = self.render(fmt, theme)
        atomic_write(path, rendered.data)
        return path


@dataclass(frozen=True)
class _InlinePerson:
    """A person given inline in a visit file, shaped like a :class:`Person` for templates."""

    ref: Any
    sources: tuple[str, ...] = ()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.ref, name)

    @property
    def full_name(self) -> str:
        return f"{self.ref.honorific} {self.ref.name}" if self.ref.honorific else self.ref.name
