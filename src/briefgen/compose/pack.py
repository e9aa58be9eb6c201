"""A pack: one partner, region or visit, its marking, its Markdown and its document tree.

The top of compose.  The modules below it that a pack's properties call (context,
editions, jinja, markdown, images, withheld) are imported where they are used, for
start-up time only: every build imports this module, an unchanged rebuild included, and
must not load jinja2, markdown-it or Pillow for it.  None of them imports the pack at run
time (tests/test_no_hidden_cycles.py; the layer contract in pyproject.toml).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from briefgen import deps, gcpolicy
from briefgen import tree as t
from briefgen.compose.bidi import isolate
from briefgen.compose.names import pack_names
from briefgen.compose.redact import above, redact, redact_twin
from briefgen.compose.voice import voiced
from briefgen.data import records
from briefgen.data.model import Organisation, Partner, Visit
from briefgen.errors import BriefgenError
from briefgen.markings import Marking, highest

if TYPE_CHECKING:
    from briefgen.compose.jinja import Rendered as RenderedMarkdown
    from briefgen.data.changes import Change
    from briefgen.data.edition import Edition
    from briefgen.data.workspace import Workspace

P = TypeVar("P", bound="Pack")
T = TypeVar("T")
PackKind = Literal["partner", "region", "visit"]
TEMPLATES: dict[str, str] = {
    "partner": "partner.md.j2",
    "region": "region.md.j2",
    "visit": "visit.md.j2",
}


@overload
def make_pack(
    ws: Workspace,
    id: str,
    max_marking: Marking | None = None,
    *,
    since: Edition | None = None,
    amended: bool = False,
    changed_briefs: frozenset[str] = frozenset(),
) -> Pack: ...


@overload
def make_pack(
    ws: Workspace,
    id: str,
    max_marking: Marking | None,
    cls: type[P],
    *,
    since: Edition | None = None,
    amended: bool = False,
    changed_briefs: frozenset[str] = frozenset(),
) -> P: ...


def make_pack(
    ws: Workspace,
    id: str,
    max_marking: Marking | None = None,
    cls: type[Pack] | None = None,
    *,
    since: Edition | None = None,
    amended: bool = False,
    changed_briefs: frozenset[str] = frozenset(),
) -> Pack:
    """The pack for ``id`` (a ``cls``, by default `Pack`); unknown ids raise
    `BriefgenError` with close matches.  ``since``: the edition its changes are told
    against; ``amended``: page 1 says AMENDED (re-issued with changes after a cleared
    edition: `briefgen.build.register`); ``changed_briefs``: the ids of briefs whose text
    changed since cleared, outstanding on page 1 (`briefgen.build.brief_clearance`)."""
    if not isinstance(id, str):
        raise BriefgenError(f"a pack id is a string such as 'jp', not {id!r}")
    if max_marking is not None and not isinstance(max_marking, Marking):
        raise BriefgenError(f"max_marking={max_marking!r}: expected a marking such as 'OFFICIAL'")
    kind: PackKind
    if id in ws.partners:
        kind = "partner"
    elif id in ws.regions:
        kind = "region"
    elif id in ws.visits:
        kind = "visit"
    else:
        known = [i for _, i, _ in ws.targets()]
        close = difflib.get_close_matches(id, known, n=3, cutoff=0.7)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise BriefgenError(f"no partner, region or visit with id {id!r}{hint}")
    pack = (cls or Pack)(ws, id, kind, max_marking, since, amended)
    pack.changed_briefs = frozenset(changed_briefs)
    return pack


def noted(compute: Callable[[P], T]) -> Callable[[P], T]:
    """``compute`` (a pack's property) with every read it makes noted in the pack's own
    record, whenever it first runs: the pack's inputs are what it read, where it read them."""

    def run(pack: P) -> T:
        with deps.recording() as record:
            value = compute(pack)
        pack._reads.merge(record)
        return value

    run.__name__, run.__doc__ = compute.__name__, compute.__doc__
    return run


def _order(m: Marking) -> tuple[int, int]:
    return (m.rank, len(m.qualifiers))


@dataclass
class Pack:
    """One buildable brief: its records, its Markdown and its document tree.

    ``inputs`` records every file the pack read to make its tree (data files, templates,
    images), for the build's dependency record.  With ``since``, the pack tells what
    changed since that edition (a section near the front, revision marks in its text).
    """

    workspace: Workspace
    id: str
    kind: PackKind
    max_marking: Marking | None = None
    since: Edition | None = None
    amended: bool = False  # page 1 says AMENDED (the build decides: briefgen.build.register)
    # briefs whose text changed since cleared: outstanding (briefgen.build.brief_clearance)
    changed_briefs: frozenset[str] = frozenset()
    _reads: deps.Record = field(default_factory=deps.Record, init=False, repr=False)

    # ------------------------------------------------------------ content

    @cached_property
    @noted
    def partners(self) -> tuple[Partner, ...]:
        """The partners this pack covers, with records above ``max_marking`` left out."""
        ws = self.workspace
        ids: Iterable[str] = (self.id,)
        if self.kind == "region":
            region = ws.region(self.id)
            ids = region.members if region is not None else ()
        elif self.kind == "visit":
            visit = ws.visit(self.id)
            ids = visit.partners if visit is not None else ()
        out = []
        for pid in ids:
            partner = ws.partner(pid)
            if partner is None:  # an earlier edition's member whose file was invalid
                continue
            if above(partner, self.max_marking):
                if self.kind == "partner":
                    raise BriefgenError(
                        f"partner {pid!r} is marked {partner.marking}, above the "
                        f"maximum marking {self.max_marking}"
                    )
                continue
            out.append(voiced(redact(partner, self.max_marking)))
        return tuple(out)

    @cached_property
    @noted
    def visit(self) -> Visit | None:
        """A visit pack's visit, with records above ``max_marking`` left out (else None)."""
        if self.kind != "visit":
            return None
        visit = self.workspace.visit(self.id)
        assert visit is not None  # make_pack found it
        if above(visit, self.max_marking):
            raise BriefgenError(
                f"visit {self.id!r} is marked {visit.marking}, above the maximum marking "
                f"{self.max_marking}"
            )
        kept: Visit = redact(visit, self.max_marking)
        if self.max_marking is not None:
            from briefgen.compose.withheld import without_withheld_attendees

            kept = without_withheld_attendees(kept, self.withheld_names)
        return kept

    @cached_property
    @noted
    def briefs(self) -> tuple[Any, ...]:
        """A visit pack's contributed briefs (`briefgen.compose.briefs.BriefView`), in the
        order it prints them; those marked above ``max_marking`` left out, text and all."""
        if self.kind != "visit":
            return ()
        from briefgen.compose.briefs import brief_view
        from briefgen.data.briefs import briefs_of

        visit = self.workspace.visit(self.id)
        assert visit is not None
        titles = {c.id: c.title for c in visit.briefs}
        return tuple(
            brief_view(bid, brief, due, team, titles.get(bid), bid in self.changed_briefs)
            for bid, brief, due, team in briefs_of(self.workspace, visit)
            if not above(brief, self.max_marking)
        )

    @cached_property
    @noted
    def withheld_names(self) -> dict[str, str]:
        """For a visit's releasable edition: the names of what it leaves out (people,
        partners, program items) and what each names; empty otherwise."""
        if self.kind != "visit" or self.max_marking is None:
            return {}
        from briefgen.compose.withheld import withheld_names

        visit = self.workspace.visit(self.id)
        assert visit is not None
        return withheld_names(self.workspace, visit, self.max_marking)

    @cached_property
    @noted
    def organisation(self) -> Organisation:
        """The organisation's records within ``max_marking`` (its head, people,
        acknowledgement and overview may be marked)."""
        return voiced(redact(self.workspace.org(), self.max_marking))  # type: ignore[no-any-return]

    @cached_property
    @noted
    def records_marking(self) -> Marking:
        """The highest marking of the partner and visit records the pack includes (at least
        the default): known before rendering, so a build can withhold the pack at once."""
        from briefgen.compose.editions import change_markings

        return highest(
            [
                *records.markings(self.partners),
                *records.markings(self.visit),
                *(b.marking for b in self.briefs if b.marking is not None),
                *change_markings(self.changes),  # what changed is told, in either edition
            ],
            self.workspace.settings().marking,
        )

    @property
    def marking(self) -> Marking:
        """The highest marking of everything the pack prints, whatever the ceiling: its
        records', and that of every value the templates print (a person takes the marking
        of the record holding them), tracked deletions included; at least the default."""
        return self._composed[1]

    @cached_property
    @noted
    def title(self) -> str:
        """The pack's title, e.g. "Partner brief: Japan" or a visit's title."""
        if self.kind == "partner":
            return f"Partner brief: {isolate(self.partners[0].display_name)}"
        if self.kind == "region":
            region = self.workspace.region(self.id)
            assert region is not None
            return f"Region brief: {isolate(region.name)}"
        assert self.visit is not None
        return isolate(self.visit.title)

    @cached_property
    @noted
    def sources(self) -> list[Any]:
        """Every source cited by what the pack includes, in first-cited order."""
        ids: dict[str, None] = {}
        for rec in [*records.citing(self.partners), *records.citing(self.organisation)]:
            ids.update(dict.fromkeys(rec.sources))
        if self.visit is not None:
            ids.update(dict.fromkeys(self.visit.sources))
            for rec in records.citing(self.visit):
                ids.update(dict.fromkeys(rec.sources))
            for brief in self.briefs:
                ids.update(dict.fromkeys(brief.sources))
        if self.kind == "region":  # the region's own summary, picture and priorities
            region = redact(self.workspace.region(self.id), self.max_marking)
            ids.update(dict.fromkeys(region.sources))
            for rec in records.citing(region):
                ids.update(dict.fromkeys(rec.sources))
        for change in self.changes:  # a record no longer listed keeps its citation
            ids.update(dict.fromkeys(s for s in change.sources if s in self.workspace.sources))
        ws = self.workspace
        return [found for i in ids if (found := ws.source(i)) is not None]

    @cached_property
    @noted
    def source_markings(self) -> dict[str, Marking]:
        """Each cited source's marking as the Sources list prints it: the lowest effective
        marking of the records citing it (an OFFICIAL record citing it makes it OFFICIAL),
        at least the default."""
        from briefgen.compose.editions import change_marking

        floor = self.workspace.settings().marking
        found: dict[str, list[Marking]] = {}
        citing = [*records.held(self.partners), *records.held(self.organisation)]
        if self.visit is not None:
            citing += records.held(self.visit)
            for sid in self.visit.sources:
                found.setdefault(sid, []).append(self.visit.marking or floor)
            for brief in self.briefs:
                for sid in brief.sources:
                    found.setdefault(sid, []).append(highest((brief.marking or floor,), floor))
        for rec, mark in citing:
            for sid in getattr(rec, "sources", ()):
                if isinstance(sid, str):
                    found.setdefault(sid, []).append(highest((mark,), floor))
        for change in self.changes:
            mark = highest((change_marking(self, change),), floor)
            for sid in change.sources:
                found.setdefault(sid, []).append(mark)
        return {sid: min(marks, key=_order) for sid, marks in found.items()}

    @cached_property
    @noted
    def edition(self) -> date:
        """ "Information as at": the visit's or workspace's edition, else the latest access date."""
        if self.visit is not None and self.visit.edition is not None:
            return self.visit.edition
        config = self.workspace.settings()
        if config.edition is not None:
            return config.edition
        return max((s.accessed for s in self.sources), default=date(2000, 1, 1))

    @cached_property
    @noted
    def draft(self) -> bool:
        """Whether the pack is a draft: ``draft`` in briefgen.toml, a draft visit, or a pack
        with anything outstanding (`standing`)."""
        return (
            self.workspace.settings().draft
            or (self.visit is not None and self.visit.status == "draft")
            or bool(self.standing["outstanding"])
        )

    @cached_property
    @noted
    def standing(self) -> dict[str, Any]:
        """Where the pack stands as at its edition (`briefgen.data.standing`): its parts
        and what is outstanding."""
        from briefgen.data.standing import pack_standing

        return pack_standing(self.workspace, self.id, self.edition, self.changed_briefs)

    @cached_property
    @noted
    def outstanding(self) -> tuple[Any, ...]:
        """What page 1 lists as outstanding (`briefgen.compose.outstanding.Outstanding`),
        in this edition's words: nothing it withholds is named."""
        from briefgen.compose.outstanding import outstanding

        return outstanding(self, self.standing)

    @cached_property
    @noted
    def control(self) -> dict[str, Any]:
        """Document control as page 1 and the files' properties show it (known once the
        pack is composed: its handling statement follows its marking)."""
        from briefgen.compose.context import document_control

        return document_control(self, self.marking)

    def context(self, marking: Marking | None = None) -> dict[str, Any]:
        """What the templates see; ``marking``: the pack's, as the cover prints it (by
        default its records')."""
        from briefgen.compose.context import template_context

        return template_context(self, marking or self.records_marking)

    @property
    def rendered(self) -> RenderedMarkdown:
        """The Markdown the pack's template produced (with data tokens)."""
        return self._composed[0]

    @cached_property
    @noted
    def _composed(self) -> tuple[RenderedMarkdown, Marking]:
        """The rendered Markdown and the pack's marking: rendered with its records' marking
        and again, once, when what it prints is marked higher (the cover names it)."""
        guess = self.records_marking
        rendered = self._render(guess)
        found = self._printed(rendered, guess)
        if found != guess:
            rendered = self._render(found)
        return rendered, found

    def _printed(self, rendered: RenderedMarkdown, floor: Marking) -> Marking:
        marks = list(rendered.marks)
        if self.base is not None:  # deleted text is printed too (Word's tracked deletions)
            marks += self.base.rendered.marks
        return highest(marks, floor)

    def _render(self, marking: Marking) -> RenderedMarkdown:
        from briefgen.compose.jinja import render_template, search_path

        ws = self.workspace
        folder = ws.root / ws.settings().templates if ws.root is not None else None
        return render_template(TEMPLATES[self.kind], self.context(marking), search_path(folder))

    @property
    def markdown(self) -> str:
        """The rendered Markdown with data put back (for reading, not for parsing)."""
        return self.rendered.resolve(self.rendered.markdown)

    @cached_property
    @noted
    def document(self) -> t.Document:
        """The pack's document tree."""
        with gcpolicy.burst():
            return self._document()

    def _document(self) -> t.Document:
        from briefgen.compose.markdown import settle_portions

        marking = self.marking
        if self.max_marking is not None and marking.above(self.max_marking):
            raise BriefgenError(
                f"{self.kind} {self.id!r} prints material marked {marking}, above the maximum "
                f"marking {self.max_marking}: mark the records it draws on, or raise the ceiling"
            )
        doc = self.raw_document
        if self.visit is not None and self.max_marking is not None:
            import warnings

            from briefgen.compose.withheld import naming_withheld

            for line in naming_withheld(
                self.workspace, self.visit, self.withheld_names, self.max_marking
            ):
                warnings.warn(f"pack {self.id!r}: {line}", stacklevel=2)
        if self.base is not None:
            from briefgen.compose.editions import revise

            doc = revise(self, self.base, doc)
        return settle_portions(doc)

    @cached_property
    @noted
    def raw_document(self) -> t.Document:
        """The document tree with every portion marked and no revision marks."""
        from briefgen.compose.context import control_lines
        from briefgen.compose.markdown import build_document

        org = self.workspace.org()
        names = [p.display_name for p in self.partners]
        agencies = [a.acronym or a.name for p in self.partners for a in p.agencies[:1]]
        control = self.control
        meta = t.Metadata(
            title=self.title,
            subtitle=self._subtitle(),
            marking=self.marking.banner(),
            edition=self.edition,
            organisation=isolate(org.name),
            author=control["prepared_by"],
            keywords=tuple(dict.fromkeys([*names, *agencies, self.marking.banner()])),
            draft=self.draft,
            reference=control["reference"],
            version=control["version"],
            control=control_lines(control),
            unbroken=pack_names(self),
        )
        floor = self.workspace.settings().marking
        from briefgen.compose.provenance import origins

        doc = build_document(self.rendered, meta, self._image, floor, origins(self))
        from briefgen.compose.citations import without_markers
        from briefgen.compose.glossary import spell_out
        from briefgen.compose.verify import mark_unverified

        if self.draft:
            doc = mark_unverified(doc, self._unverified_words())
        doc = spell_out(doc, self.spellings, org.name, self.avoids_short_form)
        return without_markers(doc) if self.single_source else doc

    @cached_property
    @noted
    def spellings(self) -> list[Any]:
        """The names the pack may spell out at first mention (`briefgen.compose.glossary`):
        its partners' agencies', then the glossary's."""
        from briefgen.compose.glossary import spellings

        agencies = [(a.name, a.acronym, a.sources) for p in self.partners for a in p.agencies]
        return spellings(agencies, self.workspace.terms())

    @property
    def avoids_short_form(self) -> bool:
        """Whether the pack is about another body whose name ends like the organisation's
        ("European Space Agency"), so that "the Agency" would be ambiguous in it."""
        from briefgen.compose.glossary import short_form

        last = short_form(self.workspace.org().name).split()[-1]
        names = {a.name for p in self.partners for a in p.agencies}
        names |= {s.name for s in self.spellings if s.acronym in names}
        return any(last in n.split() for n in names)

    def _unverified_words(self) -> list[str]:
        """The words that mark text "verify before issue": each unverified statement's, and
        an unverified milestone's sentence as a timeline prints it ("New Norcia-3 will enter
        service", without its date), as well as its label."""
        from briefgen.compose.jinja import without_date

        needles = [f.needle for f in self.unverified]
        for p in self.partners:
            for m in p.milestones:
                if m.label in needles or m.text in needles:
                    texts = (x for x in (m.text, m.brief) if x)
                    needles += [str(without_date(x, m.date)).rstrip(".") for x in texts]
        return needles

    @cached_property
    @noted
    def unverified(self) -> list[Any]:
        """The perishable statements of the records the pack draws on that no one has
        verified (`briefgen.data.perishable`), as at the pack's edition; each marked as its
        record, else as its partner."""
        from dataclasses import replace

        from briefgen.data.perishable import in_record, perishable

        ws = self.workspace
        found = [
            replace(f, marking=f.marking or p.marking)
            for p in self.partners
            for f in perishable(ws, p, self.edition)
        ]
        org = self.organisation
        people = [p for p in (org.head, *org.people) if p is not None]
        for i, person in enumerate(people):
            found += in_record(
                person, ("people", i), ws.file_of("organisation", ""), self.edition, False
            )
        return found

    @property
    def single_source(self) -> bool:
        """Whether every fact the pack includes cites one and the same source."""
        return len(self.sources) == 1

    @cached_property
    @noted
    def spelt_sources(self) -> list[dict[str, Any]]:
        """The names the pack spells out whose sources are not among its facts' sources,
        each with those sources (the Sources section cites them)."""
        from briefgen.compose.glossary import mentioned

        texts = [text for _, text in records.walk_text(self.partners)]
        texts += [text for _, text in records.walk_text(self.organisation)]
        if self.visit is not None:
            texts += [text for _, text in records.walk_text(self.visit)]
        own = {s.id for s in self.sources}
        out = []
        for s in mentioned(self.spellings, texts):
            if not set(s.sources) <= own:
                found = [self.workspace.source(i) for i in s.sources]
                out.append(
                    {"name": s.name, "acronym": s.acronym, "sources": [f for f in found if f]}
                )
        return out

    # ------------------------------------------------------------ editions

    @cached_property
    @noted
    def base(self) -> Pack | None:
        """This pack in the edition ``since`` names (None without ``since``, or when that
        edition had no such pack)."""
        return base_pack(self)

    @cached_property
    @noted
    def changes(self) -> list[Change]:
        """What changed, record by record, since the ``since`` edition (empty without it)."""
        from briefgen.compose.editions import pack_changes

        return pack_changes(self)

    @property
    def inputs(self) -> deps.Record:
        """Every file read to make `document` (which this computes if need be)."""
        self.document  # noqa: B018 - computed for what it reads
        return self._reads

    def _subtitle(self) -> str | None:
        if self.kind == "partner":
            p = self.partners[0]
            return isolate(p.agencies[0].label) if p.agencies else None
        if self.kind == "region":
            return None
        assert self.visit is not None
        return f"Visit brief, {self.visit.dates.format()}"

    def _image(self, src: str) -> t.Image:
        from briefgen.compose.images import read_image

        return read_image(self.workspace.root, src)

    # ------------------------------------------------------------ inputs

    def data_files(self) -> set[str]:
        """The workspace-relative data files (settings included) the pack's records come
        from: what it noted, where each record is read, while its template context is built
        (and before).  Asked before the pack renders (to cut a worker's part of the
        workspace, to tell which packs bad data touches), so the context is built here
        rather than the render's own record read: the render runs later, in a worker
        holding only that part.  Values a template reads lazily (`ReadOnUse`) are not
        here; their files are kept whole in a part."""
        ws = self.workspace
        if ws.root is None:
            return set()
        with deps.recording() as record:
            self.context()
        root = ws.root.absolute()
        paths = {*self._reads.files, *record.files}
        return {Path(p).relative_to(root).as_posix() for p in paths if Path(p).is_relative_to(root)}

    def fields_holding(self, char: str) -> list[str]:
        """``file: field.path`` of every data field of the pack whose text holds ``char``."""
        from briefgen.data.yamlio import format_loc

        ws = self.workspace
        roots: list[tuple[str, Any]] = [(ws.file_of("partner", p.id), p) for p in self.partners]
        if self.visit is not None:
            roots.append((ws.file_of("visit", self.id), self.visit))
        roots.append((ws.file_of("organisation", ""), ws.organisation))
        return [
            f"{rel}: {format_loc(loc)}"
            for rel, obj in roots
            for loc, text in records.walk_text(obj)
            if char in text
        ]


@dataclass
class BasePack(Pack):
    """The pack as the earlier edition's records make it, with today's templates, for
    comparison only: its pictures are not read (figures are not compared).  ``now``: the
    current edition's workspace; a record marked above the ceiling in it is left out here
    too (a releasable edition tells nothing of it)."""

    now: Workspace | None = None

    def _image(self, src: str) -> t.Image:
        return t.Image(src, b"", 1, 1)

    @cached_property
    def partners(self) -> tuple[Partner, ...]:
        kept: tuple[Partner, ...] = Pack.partners.func(self)  # type: ignore[attr-defined]
        if self.now is None or self.max_marking is None:
            return kept
        out = []
        for p in kept:
            twin = voiced(self.now.partners.get(p.id))  # matched in the brief's words
            if not above(twin, self.max_marking):
                out.append(redact_twin(p, twin, self.max_marking))
        return tuple(out)

    @cached_property
    def visit(self) -> Visit | None:
        kept: Visit | None = Pack.visit.func(self)  # type: ignore[attr-defined]
        if kept is None or self.now is None or self.max_marking is None:
            return kept
        return redact_twin(kept, self.now.visits.get(self.id), self.max_marking)  # type: ignore[no-any-return]


def base_pack(pack: Pack) -> Pack | None:
    """``pack`` as the ``since`` edition made it, or None when it had no such pack (or
    one wholly above the pack's ceiling)."""
    if pack.since is None:
        return None
    old = pack.since.workspace
    kinds: dict[str, Any] = {"partner": old.partners, "region": old.regions, "visit": old.visits}
    if pack.id not in kinds[pack.kind]:
        return None
    base = BasePack(old, pack.id, pack.kind, pack.max_marking, now=pack.workspace)
    try:
        base.partners  # noqa: B018 - raises when the pack is above the ceiling
        base.visit  # noqa: B018
    except BriefgenError:
        return None
    return base
