"""Loaded records share what equal records hold apart (pydantic's set of fields given,
short texts), values unchanged, and a copy never changes what it shares (issue 24, item 8:
the main process holds every record of the workspace)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from briefgen.data.records import walk
from briefgen.data.workspace import load_workspace

ROOT = Path(__file__).resolve().parents[1]


def test_equal_sets_of_fields_given_are_one_object_and_a_copy_has_its_own() -> None:
    ws = load_workspace(ROOT)
    by_fields: dict[frozenset[str], set[int]] = defaultdict(set)
    records = [r for p in ws.partners.values() for _, r in walk(p)]
    for record in records:
        by_fields[frozenset(record.model_fields_set)].add(id(record.model_fields_set))
    assert len(records) > 50  # every record of the reference partners
    assert all(len(ids) == 1 for ids in by_fields.values())
    partner = ws.partners["jp"]
    before = set(partner.model_fields_set)
    copy = partner.model_copy(update={"name": "Elsewhere"})
    assert copy.name == "Elsewhere" and "name" in copy.model_fields_set
    assert partner.model_fields_set == before and partner.name != "Elsewhere"
    assert partner == load_workspace(ROOT).partners["jp"]
