"""The manifest is written in pieces, never held whole, as the same text as one
``json.dumps`` of it."""

from __future__ import annotations

import json
from pathlib import Path

from briefgen.build import manifest as mf


def test_the_manifest_written_in_pieces_is_the_text_json_dumps_gives(tmp_path: Path) -> None:
    files = {"docx": mf.FileEntry("p.docx", "a" * 64, 10, None, "b" * 64, {"x": "c" * 64}, ["w é"])}
    packs = {
        f"p{i:04d}": mf.PackEntry("partner", f"Ōsaka {i}", "OFFICIAL", {"in": "d"}, files)
        for i in range(300)
    }
    edition = {f"data/partners/p{i:04d}.yaml": 'name: "São"\n' * 400 for i in range(300)}
    manifest = mf.Manifest(packs, {"key": "k", "packs": ["p0001"]}, edition=edition)
    mf.write(tmp_path, manifest)
    expected = json.dumps(mf._plain(manifest), indent=2, sort_keys=True, ensure_ascii=False)
    text = (tmp_path / mf.NAME).read_bytes()
    assert len(text) > 4 * 65536  # written in several pieces
    assert text == (expected + "\n").encode("utf-8")
    again = mf.read(tmp_path)
    assert again.packs == packs and again.edition == edition and again.problem is None
