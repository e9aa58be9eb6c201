"""A visit's background: the partner sections and records its ``background:`` names, as a
partner record holding only those (the templates print it with the partner partials)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from briefgen.data.model import BackgroundItem, Partner

SECTIONS: dict[str, tuple[str, ...]] = {
    "overview": ("overview",),
    "agreements": ("agreements",),
    "cooperation_areas": ("cooperation_areas",),
    "programs": ("programs",),
    "facilities": ("facilities",),
    "timeline": ("highlights", "milestones", "events"),
}
"""Each background section and the partner fields it prints."""

DEFAULT = ("overview", "agreements")
"""What a visit's background prints of each partner when the visit names none."""

_FIELDS = tuple(f for fields in SECTIONS.values() for f in fields)


def _keys(record: Any) -> set[str]:
    """What a record may be named by: its id, name, title or label."""
    found = (getattr(record, k, None) for k in ("id", "name", "title", "label"))
    return {k for k in found if isinstance(k, str)}


def find_record(partner: Partner, key: str) -> tuple[str, Any] | None:
    """The field and record of ``partner`` that ``key`` names (first match), or None."""
    for field in _FIELDS:
        for record in getattr(partner, field):
            if key in _keys(record):
                return field, record
    return None


def known_records(partner: Partner) -> list[str]:
    """What a ``record:`` may name in ``partner``, one name per record (for messages)."""
    names = []
    for field in _FIELDS:
        for record in getattr(partner, field):
            for attr in ("id", "name", "title", "label"):
                value = getattr(record, attr, None)
                if isinstance(value, str):
                    names.append(value)
                    break
    return names


def select(partner: Partner, items: Sequence[BackgroundItem]) -> Partner:
    """``partner`` holding only what ``items`` (its own) name: whole sections, and single
    records in their section, each once, in the partner's order."""
    wanted: dict[str, set[int]] = {f: set() for f in _FIELDS}
    for item in items:
        if item.section is not None:
            for field in SECTIONS[item.section]:
                wanted[field] |= set(range(len(getattr(partner, field))))
        elif item.record is not None:
            found = find_record(partner, item.record)
            if found is not None:
                field, record = found
                wanted[field].add(
                    next(i for i, r in enumerate(getattr(partner, field)) if r is record)
                )
    update = {
        f: tuple(r for i, r in enumerate(getattr(partner, f)) if i in wanted[f]) for f in _FIELDS
    }
    return partner.model_copy(update=update)


def default_items(partner_id: str) -> tuple[BackgroundItem, ...]:
    """The background of a visit that names none: the partner's overview and agreements."""
    return tuple(BackgroundItem(partner=partner_id, section=s) for s in DEFAULT)  # type: ignore[arg-type]
