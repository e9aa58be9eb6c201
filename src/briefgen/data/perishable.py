"""Perishable facts: statements true when the source said them that may no longer be.

Three kinds, in a record that does not say when someone last checked it (``as_at``):
- an acting title ("acting Administrator"): the person may have been confirmed or replaced;
- a milestone whose date has come by the edition date while the brief still tells it as
  ahead (its date is not wholly past, so key facts print it as the next milestone, or its
  words speak of the future: "will", "is expected"): it may have happened, slipped or been
  cancelled.  A date with a year only counts once its year has begun ("2026" in a brief as
  at 25 November 2026), a month once its month has begun; a milestone told in the past
  tense and wholly past ("signed in 1979") is history, not a forecast;
- a phrase relative to when it was written: "now", "today", "currently", "recently",
  "more than 45 years".

``validate`` warns about each, a draft marks the text "verify before issue", and
``build --final`` refuses them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from briefgen.data.model import Event, Fact, Partner, Person
from briefgen.data.records import Loc, walk, walk_text
from briefgen.data.yamlio import format_loc
from briefgen.markings import Marking

if TYPE_CHECKING:
    from briefgen.data.workspace import Workspace

ACTING = re.compile(r"\bacting\b", re.IGNORECASE)
RELATIVE = re.compile(
    r"\b(?:now|today|currently|recently|at present|this year|last year|next year"
    r"|(?:more than|over|almost|nearly|about) \d+ years)\b",
    re.IGNORECASE,
)
FUTURE = re.compile(
    r"\b(?:will|shall|(?:is|are) (?:expected|planned|scheduled|due)|to be)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Perishable:
    """One perishable statement: where it is, the words to check and why."""

    file: str
    loc: Loc
    needle: str  # the words as the data has them, e.g. "acting Administrator"
    why: str
    marking: Marking | None = None  # the record's own, when it has one

    def warning(self, example: date) -> str:
        """One line for ``validate`` and ``build --final``: where, what, what to type."""
        return (
            f"{self.file}: {format_loc(self.loc)}: {self.why}: check it still holds, then "
            f"give the record the day you checked, e.g. as_at: {example.isoformat()}"
        )


def in_record(
    record: Fact, loc: Loc, file: str, edition: date, milestone: bool
) -> list[Perishable]:
    """The perishable statements of one record that has no ``as_at``."""
    if record.as_at is not None:
        return []
    out: list[Perishable] = []
    mark = record.marking
    if isinstance(record, Person) and ACTING.search(record.role):
        out.append(
            Perishable(
                file, (*loc, "role"), record.role, f"{record.role!r} is an acting title", mark
            )
        )
    if milestone and isinstance(record, Event) and record.date is not None and record.date.known:
        start, end = record.date.earliest(), record.date.latest()
        ahead = end is None or end >= edition or FUTURE.search(record.text)
        if start is not None and start <= edition and ahead:
            words = record.label or record.text
            out.append(
                Perishable(
                    file,
                    (*loc, "date"),
                    words,
                    f"milestone dated {record.date.format()} has come by the edition date "
                    f"({edition.day} {edition:%B %Y})",
                    mark,
                )
            )
    for where, text in walk_text(record, loc):
        if where and where[-1] in ("id", "sources", "marking"):
            continue
        found = RELATIVE.search(text)
        if found:
            phrase = found.group(0)
            out.append(
                Perishable(file, where, phrase, f"{phrase!r} depends on when it was written", mark)
            )
    return out


def perishable(ws: Workspace, partner: Partner, edition: date) -> list[Perishable]:
    """The perishable statements of ``partner``'s records, as at ``edition``."""
    rel = ws.file_of("partner", partner.id)
    out: list[Perishable] = []
    for loc, rec in walk(partner):
        if isinstance(rec, Fact) and not any(isinstance(r, Fact) for r in _parents(partner, loc)):
            milestone = len(loc) == 2 and loc[0] == "milestones"
            out += in_record(rec, loc, rel, edition, milestone)
    return out


def _parents(partner: Partner, loc: Loc) -> Iterator[object]:
    """The records holding the record at ``loc`` (a person's photo is held by the person)."""
    obj: object = partner
    for step in loc[:-1]:
        obj = obj[step] if isinstance(step, int) else getattr(obj, step)  # type: ignore[index]
        yield obj


def organisation_perishable(ws: Workspace) -> list[Perishable]:
    """The perishable statements of the organisation's people (titles and biographies)."""
    rel = ws.file_of("organisation", "")
    org = ws.organisation
    people = [(("head",), org.head), *((("people", i), p) for i, p in enumerate(org.people))]
    edition = ws.config.edition or date.max
    return [f for loc, p in people for f in in_record(p, loc, rel, edition, False)]


def partner_edition(ws: Workspace, partner: Partner) -> date:
    """The edition date a partner's pack prints: the workspace's, else the latest day a
    source the partner cites was read (as `briefgen.compose.pack.Pack.edition` has it)."""
    if ws.config.edition is not None:
        return ws.config.edition
    cited = {sid for _, rec in walk(partner) if isinstance(rec, Fact) for sid in rec.sources}
    days = [ws.sources[s].accessed for s in cited if s in ws.sources]
    return max(days, default=date(2000, 1, 1))


def workspace_perishable(ws: Workspace) -> list[Perishable]:
    """Every perishable statement of the workspace's partners and organisation."""
    out = organisation_perishable(ws)
    for partner in ws.partners.values():
        out += perishable(ws, partner, partner_edition(ws, partner))
    return out
