"""The manifest is written in pieces, never held whole, as the same text as one
``json.dumps`` of it."""

from __future__ import annotations

import json
from pathlib import Path

from briefgen import deps
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
    whole = {**mf._plain(manifest), "edition": {"files": edition}}
    expected = json.dumps(whole, indent=2, sort_keys=True, ensure_ascii=False)
    text = (tmp_path / mf.NAME).read_bytes()
    assert len(text) > 4 * 65536  # written in several pieces
    assert text == (expected + "\n").encode("utf-8")
    again = mf.read(tmp_path)
    assert again.packs == packs and again.edition == edition and again.problem is None


def test_an_editions_texts_are_read_as_the_manifest_is_written_and_dropped_if_changed(
    tmp_path: Path,
) -> None:
    """The edition's data texts are read from the workspace one at a time while the
    manifest is written: the same text as the texts held whole; a file changed since the
    build loaded it leaves no edition rather than a wrong one."""
    root = tmp_path / "ws"
    (root / "data").mkdir(parents=True)
    texts = {f"data/p{i}.yaml": f"name: Ōsaka {i}\n" * 50 for i in range(40)}
    for rel, text in texts.items():
        (root / rel).write_text(text, encoding="utf-8")
    digests = {rel: deps.sha256(text.encode()) for rel, text in texts.items()}
    held, lazy = tmp_path / "held", tmp_path / "lazy"
    held.mkdir()
    lazy.mkdir()
    mf.write(held, mf.Manifest(edition=texts, edition_marking="OFFICIAL"))
    files = mf.edition_files(root, digests)
    assert files is not None
    mf.write(lazy, mf.Manifest(edition=files, edition_marking="OFFICIAL"))
    assert (lazy / mf.NAME).read_bytes() == (held / mf.NAME).read_bytes()
    (root / "data/p7.yaml").write_text("name: edited\n", encoding="utf-8")
    mf.write(lazy, mf.Manifest(edition=files, edition_marking="OFFICIAL"))
    assert mf.read(lazy).edition is None and mf.read(lazy).problem is None
    assert mf.edition_files(root, digests) is None
