"""Facts derived from a partner's records: the dated story, milestones, agreements in force."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from briefgen.data.model import Agreement, AgreementStatus, Event, Fact, Partner
from briefgen.dates import FuzzyDate


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
                out.append(Dated(e.date, e.label or e.text, e))
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


def is_past(d: Dated, edition: date) -> bool:
    """Whether a dated fact lies wholly before the edition date ("2026" on 25 November 2026
    may still lie ahead, so it is not past)."""
    return (d.date.latest() or date.max) < edition


def next_milestone(p: Partner, edition: date) -> Dated | None:
    """The nearest dated fact that may still lie ahead on the edition date."""
    ahead = [d for d in dated_facts(p) if not is_past(d, edition)]
    return ahead[0] if ahead else None


def latest_milestone(p: Partner, edition: date) -> Dated | None:
    """The most recent dated fact wholly before the edition date."""
    past = [d for d in dated_facts(p) if is_past(d, edition)]
    return past[-1] if past else None


def active_agreements(p: Partner) -> list[Agreement]:
    return [
        a
        for a in p.agreements
        if a.status in (AgreementStatus.signed, AgreementStatus.in_force, AgreementStatus.in_place)
    ]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def little_recorded(p: Partner) -> bool:
    """Whether too little is recorded about ``p`` to brief from: no more than one overview
    sentence, and no partnership length, key messages, talking points, cooperation areas,
    programs, agreements, facilities, milestones, events, highlights or people."""
    sentences = sum(len(_SENTENCE_END.split(n.text.strip())) for n in p.overview)
    more = (
        p.partnership_length,
        p.key_messages,
        p.talking_points,
        p.cooperation_areas,
        p.programs,
        p.agreements,
        p.facilities,
        p.milestones,
        p.events,
        p.highlights,
        p.people,
    )
    return sentences <= 1 and not any(more)
