"""Releasable editions as documents of their own: nothing above the ceiling in ANY file of
their folder (manifest included), their own file names, reference, version and page-1
line, built beside the full edition on request and kept current by incremental builds."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

import briefgen
from briefgen.build import manifest as mf
from briefgen.cli import main

PROTECTED_TEXT = "Zanzibar protected marker sentence."
SENSITIVE_TEXT = "Quokka sensitive marker sentence."
SECRETS = (PROTECTED_TEXT, SENSITIVE_TEXT, "PROTECTED", "OFFICIAL: Sensitive")


def _mark(root: Path) -> None:
    """Give jp a PROTECTED and an OFFICIAL: Sensitive highlight."""
    path = root / "data" / "partners" / "jp.yaml"
    text = path.read_text()
    extra = "".join(
        f"  - text: {t}\n    marking: '{m}'\n    sources: [asa-international-partnerships]\n"
        for t, m in ((PROTECTED_TEXT, "PROTECTED"), (SENSITIVE_TEXT, "OFFICIAL: Sensitive"))
    )
    path.write_text(text.replace("highlights:\n", "highlights:\n" + extra, 1))


def readable(path: Path) -> str:
    """Everything a reader or a tool could find in one file, whatever it is."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        reader = pypdf.PdfReader(io.BytesIO(data))
        parts = [str(v) for v in (reader.metadata or {}).values()]
        parts += [page.extract_text() for page in reader.pages]
        if reader.xmp_metadata is not None:
            parts.append(reader.xmp_metadata.stream.get_data().decode("utf-8", "replace"))
        return " ".join(" ".join(parts).split())
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return data.decode("utf-8", "replace")


def every_file(folder: Path) -> dict[Path, str]:
    files = {p: readable(p) for p in sorted(folder.rglob("*")) if p.is_file()}
    assert files and folder / mf.NAME in files
    return files


def assert_clean(folder: Path) -> None:
    for path, text in every_file(folder).items():
        flat = json.loads(text) if path.name == mf.NAME else None
        if flat is not None:  # the JSON's own escapes undone
            text = json.dumps(flat, ensure_ascii=False)
        for secret in SECRETS:
            assert secret not in text, (path.name, secret)


@pytest.fixture()
def marked(ws_copy: Path) -> Path:
    _mark(ws_copy)
    return ws_copy


def test_a_releasable_folder_holds_nothing_above_its_ceiling(marked: Path) -> None:
    ws = briefgen.load_workspace(marked)
    full = ws.build(marked / "full", formats=("docx", "pdf"), targets=("jp", "indo-pacific"))
    assert full.exit_code == 0
    texts = every_file(marked / "full")  # not vacuous: the full folder carries both
    assert PROTECTED_TEXT in texts[marked / "full" / "jp.pdf"]
    assert SENSITIVE_TEXT in json.dumps(json.loads(texts[marked / "full" / mf.NAME]))
    report = ws.build(
        marked / "rel",
        formats=("docx", "pdf"),
        targets=("jp", "indo-pacific"),
        max_marking="OFFICIAL",
    )
    assert report.exit_code == 0 and len(report.built) == 2
    assert_clean(marked / "rel")
    names = sorted(p.name for p in (marked / "rel").iterdir())
    assert names == [
        "indo-pacific.releasable-official.docx",
        "indo-pacific.releasable-official.pdf",
        "jp.releasable-official.docx",
        "jp.releasable-official.pdf",
        "manifest.json",
        "register.csv",
        "register.json",
    ]
    manifest = mf.read(marked / "rel")
    assert manifest.edition is None and manifest.stored is not None
    assert manifest.packs["jp"].files["pdf"].path == "jp.releasable-official.pdf"
    store = marked / mf.STORE / f"{manifest.stored}.json"
    assert PROTECTED_TEXT in json.loads(store.read_text())["data/partners/jp.yaml"]


def test_since_works_against_both_kinds_of_folder(marked: Path) -> None:
    ws = briefgen.load_workspace(marked)
    assert ws.build(marked / "full", formats=("pdf",), targets=("jp",)).exit_code == 0
    kw = {"formats": ("pdf",), "targets": ("jp",), "max_marking": "OFFICIAL"}
    assert ws.build(marked / "rel", **kw).exit_code == 0  # type: ignore[arg-type]
    path = marked / "data" / "partners" / "jp.yaml"
    path.write_text(path.read_text().replace("Memorandum of Understanding", "Memorandum of Accord"))
    ws = briefgen.load_workspace(marked)
    for since in ("full", "rel"):
        out = marked / f"since-{since}"
        report = ws.build(out, since=since, **kw)  # type: ignore[arg-type]
        assert report.exit_code == 0, [r.error for r in report.failed]
        page = readable(out / "jp.releasable-official.pdf")
        assert "title changed from Memorandum of Understanding to Memorandum of Accord" in page
        assert "Version 0.2-R" in page
        assert_clean(out)
    code = CliRunner().invoke(
        main, ["-C", str(marked), "diff", "rel", "jp", "--max-marking", "OFFICIAL"]
    )
    assert code.exit_code == 0 and "Memorandum of Accord" in code.output
    # without the store, the releasable folder names what is missing, in one line
    for stored in (marked / mf.STORE).iterdir():
        stored.unlink()
    with pytest.raises(briefgen.BriefgenError, match=r"--since rel: a releasable build.*store"):
        ws.build(marked / "x", since="rel", **kw)  # type: ignore[arg-type]


def test_the_releasable_edition_is_a_document_of_its_own(marked: Path) -> None:
    ws = briefgen.load_workspace(marked)
    report = ws.build(marked / "build", formats=("docx", "pdf"), releasable="OFFICIAL")
    assert report.exit_code == 0 and report.releasable is not None
    rel = marked / "build-releasable-official"
    assert report.releasable.out == rel
    assert len(report.built) == len(report.releasable.built) == 18
    assert (marked / "build" / "jp.pdf").is_file() and (
        rel / "jp.releasable-official.pdf"
    ).is_file()
    assert_clean(rel)
    full_page = readable(marked / "build" / "jp.pdf")
    assert "Reference: ILLUSTRATIVE-jp-20261125; Version 0.1" in full_page
    assert "Releasable edition" not in full_page
    page = readable(rel / "jp.releasable-official.pdf")
    assert "Reference: ILLUSTRATIVE-jp-20261125-R-OFFICIAL; Version 0.1-R" in page
    assert "Releasable edition: holds nothing marked above OFFICIAL" in page
    word = readable(rel / "jp.releasable-official.docx")
    assert "Releasable edition: holds nothing marked above OFFICIAL" in word
    assert "<dc:identifier>ILLUSTRATIVE-jp-20261125-R-OFFICIAL</dc:identifier>" in word
    # an incremental build keeps both current: unchanged packs skipped, changed ones rebuilt
    again = ws.build(marked / "build", formats=("docx", "pdf"), releasable="OFFICIAL")
    assert again.releasable is not None
    assert not again.built and not again.releasable.built
    path = marked / "data" / "partners" / "jp.yaml"
    path.write_text(path.read_text().replace("Memorandum of Understanding", "Memorandum of Accord"))
    ws = briefgen.load_workspace(marked)
    later = ws.build(marked / "build", formats=("docx", "pdf"), releasable="OFFICIAL")
    assert later.releasable is not None
    assert {r.id for r in later.releasable.built} == {r.id for r in later.built}
    assert {"jp", "indo-pacific"} <= {r.id for r in later.releasable.built}
    assert "Memorandum of Accord" in readable(rel / "jp.releasable-official.pdf")
    assert_clean(rel)


def test_briefgen_toml_asks_for_both_editions(marked: Path) -> None:
    (marked / "briefgen.toml").write_text('releasable = "OFFICIAL"\nreleasable_output = "public"\n')
    result = CliRunner().invoke(main, ["-C", str(marked), "build", "-j", "1", "-f", "pdf", "jp"])
    assert result.exit_code == 0, result.output
    assert (marked / "build" / "jp.pdf").is_file()
    assert sorted(p.name for p in (marked / "public").iterdir()) == [
        "jp.releasable-official.pdf",
        "manifest.json",
        "register.csv",
        "register.json",
    ]
    assert_clean(marked / "public")
    # the CLI option builds the same beside the full edition; with --max-marking it refuses
    result = CliRunner().invoke(
        main,
        ["-C", str(marked), "build", "-f", "pdf", "jp", "--max-marking", "OFFICIAL",
         "--releasable", "OFFICIAL"],
    )  # fmt: skip
    assert result.exit_code == 2 and "--max-marking and --releasable: give one" in result.output


def test_the_cli_option_names_its_folder(marked: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["-C", str(marked), "build", "-j", "1", "-f", "docx", "jp", "--releasable",
         "OFFICIAL: Sensitive", "--releasable-out", "out-os"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (marked / "out-os").iterdir())
    assert names == [
        "jp.releasable-official-sensitive.docx",
        "manifest.json",
        "register.csv",
        "register.json",
    ]
    text = readable(marked / "out-os" / "jp.releasable-official-sensitive.docx")
    assert SENSITIVE_TEXT in text and PROTECTED_TEXT not in text
    assert "Releasable edition: holds nothing marked above OFFICIAL: Sensitive" in text


def test_a_full_manifest_says_how_its_copy_of_the_data_is_marked(ws_copy: Path) -> None:
    """The full edition's manifest copies the data files (for a later --since): it says the
    highest marking of the records it copies, so it is handled as what it holds."""
    _mark(ws_copy)
    out = ws_copy / "build"
    ws = briefgen.load_workspace(ws_copy)
    assert ws.build(out, formats=("pdf",), targets=("ca",), jobs=1).exit_code == 0
    edition = json.loads((out / mf.NAME).read_text())["edition"]
    assert edition["marking"] == "PROTECTED"  # jp's highlight, though only ca was built
    assert PROTECTED_TEXT in edition["files"]["data/partners/jp.yaml"]
    assert mf.read(out).edition_marking == "PROTECTED"
