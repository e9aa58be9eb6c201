"""Provenance keys (issue 28) as the tree builder gets them: with nothing left out, a pack
takes its own voiced partners and organisation instead of voicing the loaded records again
(issue 24, speed); the keys must be those of the loaded records, voiced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import briefgen
from briefgen.compose.provenance import AMBIGUOUS, _texts, key_of, origins
from briefgen.compose.voice import voiced

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def ws() -> Any:
    return briefgen.load_workspace(ROOT)


def _as_loaded(pack: Any) -> dict[str, str]:
    """The keys from each record as loaded, voiced here (the way before the shortcut)."""
    ws = pack.workspace
    roots: list[tuple[str, Any, tuple[str | int, ...]]] = [
        (ws.file_of("organisation", ""), ws.org(), ())
    ]
    roots += [(ws.file_of("partner", p.id), ws.partner(p.id), ()) for p in pack.partners]
    if pack.kind == "visit":
        roots.append((ws.file_of("visit", pack.id), ws.visit(pack.id), ()))
    if pack.kind == "region":
        at = list(ws.regions).index(pack.id)
        roots.append((ws.file_of("region", pack.id), ws.region(pack.id), ("regions", at)))
    found: dict[str, str] = {}
    for rel, obj, loc in roots:
        for where, text in _texts(voiced(obj), loc):
            key = key_of(rel, where)
            found[text] = AMBIGUOUS if found.get(text, key) != key else key
    return found


def test_every_reference_pack_keys_its_fields_as_the_loaded_records_voiced(ws: Any) -> None:
    ids = [i for _, i, _ in ws.targets()]
    assert ids
    for id in ids:
        pack = ws.pack(id)
        found = origins(pack)
        assert found == _as_loaded(pack), id
        assert any(key for key in found.values())  # something is keyed


def test_a_ceiling_that_leaves_nothing_out_gives_the_same_keys(ws: Any) -> None:
    for _, id, _ in ws.targets():
        assert origins(ws.pack(id, max_marking="PROTECTED")) == origins(ws.pack(id)), id
