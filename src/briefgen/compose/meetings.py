"""Previous meetings phrased for a visit's biographies: what each delegate attended with
whom ("Met Enrico Palermo (Head of the Australian Space Agency) at the inauguration of
New Norcia-3, October 2025"), a meeting two delegates share told in full once and
referred to after ("Attended ... with Josef Aschbacher")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from briefgen.compose.jinja import in_date_order
from briefgen.compose.sandbox import Held, raised
from briefgen.data.model import Meeting, Person, VisitPerson
from briefgen.markings import Marking


def meeting_lines(
    delegation: Sequence[tuple[Person | VisitPerson, Marking | None]],
    staff: Mapping[str, Person],
) -> list[list[Held]]:
    """For each delegate (with the marking holding their record), their previous meetings
    as sentences, in date order.  ``staff``: the organisation's people (within the pack's
    ceiling) whom ``met`` names."""
    told: dict[tuple[str, str, tuple[str, ...]], list[str]] = {}
    out: list[list[Held]] = []
    for person, marking in delegation:
        lines: list[Held] = []
        for m in in_date_order(person.previous_meetings):
            met = [staff[pid] for pid in m.met if pid in staff]
            held = marking
            for p in met:
                held = raised(held, p.marking)
            key = (str(m.date), m.text, m.met)
            lines.append(Held(_sentence(m, met, told.get(key, [])), held))
            told.setdefault(key, []).append(person.name)
        out.append(lines)
    return out


def _and(items: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _sentence(m: Meeting, met: list[Person], earlier: list[str]) -> str:
    when = f", {m.date.format()}" if m.date is not None and m.date.known else ""
    text = m.text.rstrip(".")
    if earlier:  # told in full in an earlier delegate's biography
        return f"Attended {text} with {_and(earlier)}{when}."
    if met:
        people = _and([f"{p.full_name} ({p.role})" for p in met])
        return f"Met {people} at {text}{when}."
    return f"{text[:1].upper()}{text[1:]}{when}."
