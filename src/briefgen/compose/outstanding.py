"""What page 1 of a draft lists as outstanding: each part `briefgen.data.standing` counts as
outstanding, in words an officer reads in seconds ("Issue brief 'MMX sample recovery'
requested of Science Branch, due 12 January 2027 (overdue)").

Judged as at the pack's edition date (its "Information as at"), so the same inputs give
the same page.  An edition with a ceiling leaves out, title and all, the briefs it
withholds and the withheld people; it says only that the full edition lists more.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from briefgen.compose.briefs import KIND_LABELS
from briefgen.compose.redact import above
from briefgen.data.model import PersonRef
from briefgen.dates import format_day
from briefgen.markings import highest

if TYPE_CHECKING:
    from briefgen.compose.pack import Pack
    from briefgen.markings import Marking

MORE_FIELDS = 3
"""How many placeholder fields page 1 names before "and N more"."""


@dataclass(frozen=True)
class Outstanding:
    """One outstanding part as page 1 prints it, with the marking of the record it names."""

    text: str
    marking: Marking | None = None


def outstanding(pack: Pack, standing: dict[str, Any]) -> tuple[Outstanding, ...]:
    """The lines page 1 of ``pack`` lists (``standing``: `briefgen.data.standing.pack_standing`
    of the pack as at its edition); empty when nothing is outstanding."""
    if not standing["outstanding"]:
        return ()
    ws, ceiling = pack.workspace, pack.max_marking
    out: list[Outstanding] = []
    hidden = 0
    for b in standing["briefs"]:
        brief = ws.briefs.get(b["id"])
        owed = b["status"] != "cleared" or b["review_overdue"] or b["changed_since_cleared"]
        if owed and brief is not None and above(brief, ceiling):
            hidden += 1
            continue
        marking = brief.marking if brief is not None else None
        if b["status"] != "cleared":
            out.append(Outstanding(_brief_line(b), marking))
        if b["review_overdue"]:
            day = format_day(date.fromisoformat(b["review_on"]))
            out.append(Outstanding(f"{_named(b)} past its review date, {day}", marking))
        if b["changed_since_cleared"]:  # its clearance covers words no one cleared
            day = format_day(date.fromisoformat(b["cleared_on"]))
            out.append(Outstanding(f"{_named(b)} changed since cleared on {day}", marking))
    if not standing["document_control"]["cleared"]:
        out.append(Outstanding("Clearance of this pack"))
    gone = pack.withheld_names
    missing = [b for b in standing["biographies_missing"] if b["name"] not in gone]
    hidden += len(standing["biographies_missing"]) - len(missing)
    if missing:
        names = [b["name"] for b in missing]
        counted = Counter(names)  # "To be confirmed" may stand for several delegates
        each = [n if c == 1 else f"{n} ({c})" for n, c in counted.items()]
        which = each[0] if len(each) == 1 else ", ".join(each[:-1]) + " and " + each[-1]
        marks = [_person_marking(pack, b["field"]) for b in missing]
        marking = _top(marks)
        text = f"Biograph{'y' if len(names) == 1 else 'ies'} of {which}"
        out.append(Outstanding(text, marking))
    fields = [p["field"] for p in standing["placeholders"]]
    if fields:
        shown = ", ".join(fields[:MORE_FIELDS])
        more = f" and {len(fields) - MORE_FIELDS} more" if len(fields) > MORE_FIELDS else ""
        out.append(Outstanding(f"Skeleton placeholder text in {shown}{more}"))
    checks = _to_verify(pack)
    if checks:
        out.append(checks)
    if hidden:
        out.append(Outstanding("Further parts, listed in the full edition"))
    return tuple(out)


def _to_verify(pack: Pack) -> Outstanding | None:
    """The perishable facts of the records the pack draws on (`build --final` refuses the
    pack until each is checked), named by their words so that a reader finds each: "To
    verify before issue: 'almost 50 years' and 'acting Administrator'"; marked as the
    highest of the records that hold them."""
    found: dict[str, Marking | None] = {}
    for f in pack.unverified:  # this edition's: records above its ceiling left out
        found.setdefault(f.needle, f.marking)
    if not found:
        return None
    words = [f"‘{w}’" for w in found]
    shown = words[:MORE_FIELDS]
    more = len(words) - len(shown)
    listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    if more:
        listed = ", ".join(shown) + f" and {more} more"
    return Outstanding(f"To verify before issue: {listed}", _top(list(found.values())))


def _person_marking(pack: Pack, field: str) -> Marking | None:
    """The marking a delegate's name carries (``field``: "delegation[N]"): the person's
    own, else that of the partner whose data holds them."""
    visit = pack.visit
    if visit is None:
        return None
    ref = visit.delegation[int(field.split("[", 1)[1].rstrip("]"))]
    own: Marking | None = getattr(ref, "marking", None)
    if own is not None or not isinstance(ref, PersonRef):
        return own
    partner = pack.workspace.partner(ref.partner)
    person = partner.person(ref.person) if partner is not None else None
    if person is not None and person.marking is not None:
        return person.marking
    return partner.marking if partner is not None else None


def _top(marks: list[Marking | None]) -> Marking | None:
    found = [m for m in marks if m is not None]
    return highest(found, found[0]) if found else None


def _named(b: dict[str, Any]) -> str:
    label = KIND_LABELS[b["kind"]] if b["kind"] else "Brief"
    return f"{label} '{b['title']}'"


def _brief_line(b: dict[str, Any]) -> str:
    """ "Issue brief 'X' requested of Science Branch, due 12 January 2027 (overdue)"."""
    if b["status"] == "drafted":
        text = f"{_named(b)} drafted" + (f" by {b['team']}" if b["team"] else "")
        text += ", not yet cleared"
    else:
        team = b["asked_of"] or b["team"]
        text = f"{_named(b)} requested" + (f" of {team}" if team else "")
    if b["due"]:
        text += f", due {format_day(date.fromisoformat(b['due']))}"
    return text + (" (overdue)" if b["overdue"] else "")
