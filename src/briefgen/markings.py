"""Protective markings (Australian PSPF), ordered so a pack takes the highest it includes.

A marking is written as ``LEVEL`` optionally followed by ``//``-separated caveats and
information management markers, e.g. ``OFFICIAL: Sensitive//Legal-Privilege``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

LEVELS: tuple[str, ...] = ("UNOFFICIAL", "OFFICIAL", "OFFICIAL: Sensitive", "PROTECTED")
_BY_KEY = {lvl.upper().replace(" ", ""): i for i, lvl in enumerate(LEVELS)}


@dataclass(frozen=True, slots=True)
class Marking:
    """A protective marking: a level (index into `LEVELS`) plus caveats and markers."""

    rank: int
    qualifiers: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "qualifiers", _caveats(self.qualifiers))

    @classmethod
    def parse(cls, value: object) -> Marking:
        """Parse ``"OFFICIAL: Sensitive"`` or ``"PROTECTED//CAVEAT"``; case of the level is free."""
        if isinstance(value, Marking):
            return value
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a protective marking")
        head, *rest = [p.strip() for p in value.split("//")]
        rank = _BY_KEY.get(head.upper().replace(" ", ""))
        if rank is None:
            raise ValueError(
                f"{value!r} is not a protective marking (expected one of {', '.join(LEVELS)})"
            )
        if any(not q for q in rest):
            raise ValueError(f"{value!r} has an empty caveat")
        return cls(rank, _caveats(rest))

    @property
    def level(self) -> str:
        return LEVELS[self.rank]

    def __str__(self) -> str:
        return "//".join((self.level, *self.qualifiers))

    def banner(self) -> str:
        """The marking as printed on a page, in the PSPF's form: "OFFICIAL: Sensitive",
        "PROTECTED//AUSTEO" (the level as written, caveats in capitals)."""
        return str(self)

    def portion(self) -> str:
        """The marking as a portion marking at the start of a paragraph: "(OFFICIAL)"."""
        return f"({self.banner()})"

    def above(self, ceiling: Marking) -> bool:
        """True when this marking may not appear in an edition released at ``ceiling``."""
        return self.rank > ceiling.rank or (
            self.rank == ceiling.rank and not set(self.qualifiers) <= set(ceiling.qualifiers)
        )


def _caveats(given: Iterable[str]) -> tuple[str, ...]:
    """Caveats as compared and printed: in capitals with spaces tidied, each once, in the
    order first given ("Legal-Privilege" and "LEGAL-PRIVILEGE" are one caveat)."""
    return tuple(dict.fromkeys(" ".join(q.split()).upper() for q in given))


def highest(markings: Iterable[Marking | None], floor: Marking) -> Marking:
    """The highest of ``markings`` and ``floor``; caveats of that level are combined."""
    best = floor
    quals: dict[str, None] = dict.fromkeys(floor.qualifiers)
    for m in markings:
        if m is None:
            continue
        if m.rank > best.rank:
            best, quals = m, dict.fromkeys(m.qualifiers)
        elif m.rank == best.rank:
            quals.update(dict.fromkeys(m.qualifiers))
    return Marking(best.rank, tuple(quals))
