"""Biographies in a visit brief (issue 25, item 8): every delegate has one or "Biography to
be provided" (and a warning), portraits at the theme's width beside the text, a biography
never split across pages in either edition (the PDF and LibreOffice's layout of the .docx),
previous meetings phrased as what was attended together, hyphenated names never broken."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import page
import pdfplumber
import pytest
from click.testing import CliRunner

import briefgen
from briefgen import tree as t
from briefgen.cli import main
from conftest import ROOT, build_command
from docx_checks import libreoffice_convert, schema_findings

VISIT = "data/visits/esa-illustrative.yaml"
DELEGATES = 7
PORTRAIT_PT = 30 / 25.4 * 72  # the house style's portrait width, 30 mm


def _words(inlines: tuple[t.Inline, ...]) -> str:
    """The text of ``inlines`` without footnote numbers."""
    return t.plain_text(tuple(n for n in inlines if not isinstance(n, t.FootnoteRef)))


def _biographies(doc: t.Document) -> list[t.Callout]:
    """The pack's boxes, less page 1's title block (its list is what is outstanding)."""
    return [b for b in t.iter_blocks(doc.blocks) if isinstance(b, t.Callout) and b.kind != "cover"]


def test_every_delegate_has_a_biography_or_says_one_is_to_be_provided() -> None:
    ws = briefgen.load_workspace(ROOT)
    doc = ws.pack("esa-illustrative").document
    boxes = [b for b in _biographies(doc) if b.kind == "biography"]
    for name in ("Josef Aschbacher", "Rolf Densing"):  # the source gives neither a career
        (box,) = [b for b in boxes if name in t.plain_text(b.blocks[0].children)]  # type: ignore[union-attr]
        said = [t.plain_text(p.children) for p in box.blocks if isinstance(p, t.Paragraph)]
        assert said[1] == "Biography to be provided.", said


def test_validate_names_each_delegate_without_a_biography() -> None:
    result = CliRunner().invoke(main, ["-C", str(ROOT), "validate", "--today", "2026-11-28"])
    assert result.exit_code == 0, result.output
    gaps = [line for line in result.output.splitlines() if "has no biography" in line]
    assert [line.split(": ")[1:3] for line in gaps] == [
        [VISIT, "delegation[0]"],
        [VISIT, "delegation[1]"],
    ]
    assert "Josef Aschbacher has no biography" in gaps[0]
    assert "Rolf Densing has no biography" in gaps[1]


def test_two_delegates_at_one_meeting_get_different_lines() -> None:
    ws = briefgen.load_workspace(ROOT)
    doc = ws.pack("esa-illustrative").document
    meetings = []
    for box in _biographies(doc):
        items = [b for b in box.blocks if isinstance(b, t.BulletList)]
        meetings += [_words(i.blocks[0].children) for lst in items for i in lst.items]  # type: ignore[union-attr]
    assert meetings == [
        "Met Enrico Palermo (Head of the Australian Space Agency) and Katherine Bennell-Pegg "
        "(Australian astronaut) at the inauguration of New Norcia-3, October 2025.",
        "Attended the inauguration of New Norcia-3 with Josef Aschbacher, October 2025.",
    ]


# ------------------------------------------------------------------ layout, both editions


def _portrait(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (240, 300), (90, 120, 160)).save(path)


def _delegate(i: int) -> str:
    bio = " ".join(f"Sentence {j} of the example biography of delegate {i}." for j in range(9))
    return (
        f"  - name: Delegate{i} Example\n"
        f"    role: Example role {i}\n"
        "    organisation: Example organisation\n"
        f"    form_of_address: Dr Example{i}\n"
        f"    pronunciation: EX-am-pul {i}\n"
        f"    photo: {{path: images/portrait.png, alt: Portrait of Delegate{i} Example}}\n"
        f"    bio: {bio} Endmark{i}.\n"
        "    languages: [English, French]\n"
    )


def _name_bio(reps: int) -> str:
    """A bio naming Bennell-Pegg at many offsets in its lines: one lands at a line's end."""
    words = " ".join(
        f"Met{'x' * (i % 7)} Katherine Bennell-Pegg at meeting {i}." for i in range(reps)
    )
    return f"  - name: Hyphen Test\n    role: Example\n    bio: {words}\n"


def _build(folder: Path, inline: str) -> tuple[Path, Path]:
    """The illustrative visit with ``inline`` delegates first, built in both editions into
    ``folder``; and LibreOffice's PDF of the .docx (when LibreOffice is installed)."""
    ws = folder / "ws"
    ws.mkdir()
    shutil.copytree(ROOT / "data", ws / "data")
    (ws / "images").mkdir()
    _portrait(ws / "images" / "portrait.png")
    visit = ws / VISIT
    visit.write_text(visit.read_text().replace("delegation:\n", "delegation:\n" + inline, 1))
    out = folder / "out"
    done = subprocess.run(
        build_command(ws, out, "esa-illustrative"), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lo = folder / "lo"
    lo.mkdir()
    if shutil.which("soffice") is not None:
        libreoffice_convert([out / "esa-illustrative.docx"], lo)
    return out, lo


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Seven inline delegates, each with a portrait and a long biography."""
    inline = "".join(_delegate(i) for i in range(1, DELEGATES + 1))
    return _build(tmp_path_factory.mktemp("bios"), inline)


@pytest.fixture(scope="module")
def named(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A delegate whose biography names Bennell-Pegg 120 times (what main can build too)."""
    return _build(tmp_path_factory.mktemp("names"), _name_bio(120))


def _pdfs(editions: tuple[Path, Path]) -> list[Path]:
    out, lo = editions
    found = [out / "esa-illustrative.pdf"]
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    found.append(lo / "esa-illustrative.pdf")
    assert found[1].exists(), "LibreOffice could not lay out the .docx"
    return found


def test_a_biography_never_splits_and_its_portrait_sits_beside_it(
    editions: tuple[Path, Path],
) -> None:
    for path in _pdfs(editions):
        with pdfplumber.open(path) as pdf:
            texts = [page.extract_text() or "" for page in pdf.pages]
            pages_used = set()
            for i in range(1, DELEGATES + 1):
                starts = [n for n, text in enumerate(texts) if f"Delegate{i} Example," in text]
                ends = [n for n, text in enumerate(texts) if f"Endmark{i}." in text]
                assert len(starts) == 1 and starts == ends, (path.name, i, starts, ends)
                pages_used.add(starts[0])
            assert len(pages_used) > 1  # the biographies do run over a page break
            for n in pages_used:
                page = pdf.pages[n]
                named = [
                    line
                    for line in page.extract_text_lines()
                    if re.search(r"Delegate\d Example,", line["text"])
                ]
                portraits = [im for im in page.images if abs(im["width"] - PORTRAIT_PT) < 2]
                assert len(portraits) == len(named), (path.name, n)
                for line, image in zip(
                    sorted(named, key=lambda x: x["top"]),
                    sorted(portraits, key=lambda x: x["top"]),
                    strict=True,
                ):
                    assert image["x1"] < line["x0"]  # beside the text, to its left
                    assert abs(image["top"] - line["top"]) < 12  # level with the name


def test_portraits_carry_their_alt_text(editions: tuple[Path, Path]) -> None:
    out, _ = editions
    xml = zipfile.ZipFile(out / "esa-illustrative.docx").read("word/document.xml").decode()
    for i in range(1, DELEGATES + 1):
        assert f'descr="Portrait of Delegate{i} Example"' in xml
    assert xml.count("<w:cantSplit/>") >= DELEGATES  # each biography's row stays whole
    import pikepdf

    with pikepdf.open(out / "esa-illustrative.pdf") as pdf:
        alts = []

        def walk(node: pikepdf.Object) -> None:
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure" and "/Alt" in node:
                    alts.append(str(node["/Alt"]))
                kids = node.get("/K")
                if kids is not None:
                    walk(kids)
            elif isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
    assert all(f"Portrait of Delegate{i} Example" in alts for i in range(1, DELEGATES + 1))
    assert schema_findings(out / "esa-illustrative.docx") == []  # the layout table is valid
    report = page.validate_pdf(out / "esa-illustrative.pdf", profile="ua1")
    assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]


def _not_watermark(obj: dict[str, Any]) -> bool:
    """Whether a PDF object is not a letter of the DRAFT watermark (set far larger than text)."""
    return obj.get("object_type") != "char" or obj["size"] < 30


def test_a_hyphenated_name_is_never_broken_at_its_hyphen(named: tuple[Path, Path]) -> None:
    out, _ = named
    xml = zipfile.ZipFile(out / "esa-illustrative.docx").read("word/document.xml").decode()
    assert "Bennell-Pegg" not in xml  # every one of them set with a non-breaking hyphen
    assert xml.count("Bennell</w:t><w:noBreakHyphen/><w:t>Pegg") >= 120
    for path in _pdfs(named):
        with pdfplumber.open(path) as pdf:
            lines = [
                line["text"]
                for page in pdf.pages
                # without the DRAFT watermark's letters, which cross the lines of text
                for line in page.filter(_not_watermark).extract_text_lines()
            ]
        bennell = [line for line in lines if "Bennell" in line]
        assert len(bennell) >= 60, path.name
        assert all(re.search(r"Bennell[-\u2011]Pegg", line) for line in bennell), (
            path.name,
            [line for line in bennell if not re.search(r"Bennell[-\u2011]Pegg", line)],
        )
