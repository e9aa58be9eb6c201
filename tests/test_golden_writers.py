"""Golden files, as Pandoc keeps them: each reference pack's tree (tests/snapshots), and each
reference pack's and tree sample's Word XML and PDF drawing (tests/golden) equal their reviewed
text; a missing or orphaned file fails; only ``python tools/accept_golden.py`` rewrites them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import golden
from briefgen import tree as t
from briefgen.theme import Theme
from briefgen.writers import get_writer
from conftest import load_tool
from treesamples import MULTISCRIPT, controlled_document


def check(expected: dict[Path, str], folder: Path) -> None:
    problems = golden.differences(expected, [folder])
    assert not problems, golden.report(problems)


def test_tree_snapshots() -> None:
    """Each reference pack's tree, document control included, reads as reviewed."""
    check(golden.tree_snapshots(), golden.SNAPSHOTS)


@pytest.mark.parametrize("fmt", list(golden.GOLDENS))
def test_writer_goldens(reference_packs: Path, fmt: str) -> None:
    """Each reference pack's and tree sample's Word XML or PDF drawing reads as reviewed."""
    expected = golden.pack_goldens(reference_packs, fmt) | golden.sample_goldens(fmt)
    check(expected, golden.GOLDEN / fmt)


# ---------------------------------------------------------------- the mechanism


def test_dump_shows_document_control() -> None:
    """Reference, version and every control line are in the tree dump, so a snapshot sees
    a change to any of them."""
    doc = controlled_document()
    text = t.dump(doc)
    assert "meta reference='ASA-2026-0042' version='0.3'" in text
    for line in doc.meta.control:
        assert f"meta control {line!r}" in text
    assert "draft=True" in text
    changed = replace(doc, meta=replace(doc.meta, control=doc.meta.control[:1]))
    assert t.dump(changed) != text


def test_missing_changed_and_orphan_files_fail(tmp_path: Path) -> None:
    (tmp_path / "kept.tree").write_text("same\n", encoding="utf-8")
    (tmp_path / "changed.tree").write_text("old\n", encoding="utf-8")
    (tmp_path / "orphan.tree").write_text("gone\n", encoding="utf-8")
    expected = {
        tmp_path / "kept.tree": "same\n",
        tmp_path / "changed.tree": "new\n",
        tmp_path / "new.tree": "new\n",
    }
    problems = golden.differences(expected, [tmp_path])
    assert [p.split(":")[0] for p in problems if not p.startswith("    ")] == [
        "changed",
        "missing",
        "orphan (nothing produces it)",
    ]
    assert any(line.strip() == "+new" for line in problems)  # the diff is shown
    assert "python tools/accept_golden.py" in golden.report(problems)


def test_the_old_environment_switch_accepts_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BRIEFGEN_UPDATE_SNAPSHOTS=1 used to rewrite snapshots and pass: now it does nothing."""
    monkeypatch.setenv("BRIEFGEN_UPDATE_SNAPSHOTS", "1")
    path = tmp_path / "jp.tree"
    path.write_text("old\n", encoding="utf-8")
    assert golden.differences({path: "new\n"}, [tmp_path]) == [
        f"changed: {path}",
        f"    --- {path}",
        "    +++ now",
        "    @@ -1 +1 @@",
        "    -old",
        "    +new",
    ]
    assert path.read_text(encoding="utf-8") == "old\n"


def test_accept_writes_changes_and_removes_orphans(tmp_path: Path) -> None:
    load_tool("accept_golden")  # the command imports (its work is golden.accept)
    (tmp_path / "changed.txt").write_text("old\n", encoding="utf-8")
    (tmp_path / "orphan.txt").write_text("gone\n", encoding="utf-8")
    expected = {tmp_path / "changed.txt": "new\n", tmp_path / "sub" / "new.txt": "new\n"}
    done = golden.accept(expected, [tmp_path])
    assert len(done) == 3
    assert golden.differences(expected, [tmp_path]) == []
    assert not (tmp_path / "orphan.txt").exists()


def test_goldens_show_what_a_reader_sees() -> None:
    """The PDF golden decodes subset fonts' text (non-Latin included) and lists the
    structure tree; the Word golden shows the marking in the header and document control
    in the properties."""
    doc = controlled_document()
    pdf = golden.pdf_golden(get_writer("pdf")(doc, Theme()).data)
    assert "'OFFICIAL: Sensitive'" in pdf
    assert MULTISCRIPT.split(",")[0] in pdf  # Greek, through the ToUnicode map
    assert "\nstructure\n" in pdf and "  H1 " in pdf
    docx = golden.docx_golden(get_writer("docx")(doc, Theme()).data)
    header = docx.split("<!-- word/header")[1].split("<!-- ")[0]
    assert "OFFICIAL: Sensitive" in header
    assert "ASA-2026-0042" in docx.split("<!-- docProps/core.xml -->")[1]
