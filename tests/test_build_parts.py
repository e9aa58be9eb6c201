"""A build's workers get only the part of the workspace each pack reads, and make the same
files from it as from the whole workspace."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import briefgen
from briefgen.build import BuildOptions
from briefgen.build.fresh import Freshness
from briefgen.build.part import Parts
from briefgen.build.render import render
from briefgen.compose.pack import make_pack
from briefgen.data.config import make_theme

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def ws() -> briefgen.Workspace:
    return briefgen.load_workspace(REPO)


def test_each_pack_renders_the_same_bytes_and_inputs_from_its_part(ws: briefgen.Workspace) -> None:
    theme = make_theme(ws.config, ws.root)
    parts = Parts(ws)
    kinds = set()
    for kind, id, _ in ws.targets():
        part = parts.of(id)
        kinds.add(kind)
        whole, cut = make_pack(ws, id), make_pack(part, id)
        for fmt in ("docx", "pdf"):
            assert render(cut, fmt, theme).data == render(whole, fmt, theme).data, (id, fmt)
        assert Freshness(part).labelled(cut.inputs) == Freshness(ws).labelled(whole.inputs)
        assert len(part.partners) < len(ws.partners)
        assert len(pickle.dumps(part)) < 36_000  # a visit's part carries its briefs' text
    assert kinds == {"partner", "region", "visit"}


def test_a_build_on_early_workers_matches_one_in_process(
    ws: briefgen.Workspace, tmp_path: Path
) -> None:
    from briefgen.build.run import start_workers, stop_workers

    ids = ["jp", "europe", "esa-illustrative"]
    pool = start_workers(2)
    try:
        options = BuildOptions(targets=ids, executor=pool, force=True)
        pooled = briefgen.build.build(ws, tmp_path / "a", options)
    finally:
        stop_workers(pool, broken=False)
    alone = briefgen.build.build(ws, tmp_path / "b", BuildOptions(targets=ids, jobs=1, force=True))
    assert pooled.exit_code == alone.exit_code == 0
    for id in ids:
        for fmt in ("docx", "pdf"):
            name = f"{id}.{fmt}"
            assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    a = (tmp_path / "a" / "manifest.json").read_text().replace(str(tmp_path / "a"), "")
    b = (tmp_path / "b" / "manifest.json").read_text().replace(str(tmp_path / "b"), "")
    assert _without_times(a) == _without_times(b)


def _without_times(manifest: str) -> object:
    import json

    data = json.loads(manifest)

    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("seconds", "built_at")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(data)
