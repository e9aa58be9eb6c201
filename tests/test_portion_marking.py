"""Portion marking as Australian practice has it: once any portion's marking differs from
the pack's, every paragraph, list item and table row (program rows too) carries its
marking in round brackets at its start, in both editions; caveats are normalised; a long
marking stays on the page in both editions."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pdfplumber
import pypdf
import pytest

import briefgen
from briefgen import tree as t
from briefgen.build.render import render, theme_of
from briefgen.compose.pack import make_pack
from briefgen.markings import Marking, highest
from briefgen.writers import get_writer
from conftest import ROOT, tool

PORTION = re.compile(r"^(\d+\.\t)?\((OFFICIAL|OFFICIAL: Sensitive|PROTECTED)(//[A-Z -:/]+)?\) ")
NOT_PORTIONS = ("Heading", "Title", "Subtitle", "Cover Meta", "Draft", "Caption", "TOC")
"""Word styles of text that carries no portion marking: headings, the cover's title
block, captions and the contents."""


@pytest.fixture(scope="module")
def visit() -> briefgen.Pack:
    return make_pack(briefgen.load_workspace(ROOT), "esa-illustrative")


def test_every_paragraph_of_the_illustrative_visit_carries_a_portion_marking_in_word(
    visit: briefgen.Pack,
) -> None:
    assert visit.marking == Marking.parse("OFFICIAL: Sensitive")
    document = docx.Document(io.BytesIO(render(visit, "docx").data))
    body = [
        p
        for p in document.paragraphs
        if p.text.strip() and not p.style.name.startswith(NOT_PORTIONS)
    ]
    assert len(body) > 25
    unmarked = [p.text[:60] for p in body if not PORTION.match(p.text)]
    assert not unmarked
    rows = [row for table in document.tables for row in table.rows[1:]]
    assert len(rows) >= 5
    # a row opens with its mark; a timeline entry's follows its date ("2026 | (OFFICIAL) ...")
    assert all(PORTION.match(row.cells[0].text) or PORTION.match(row.cells[1].text) for row in rows)
    texts = [p.text for p in body]
    assert any(x.startswith("(OFFICIAL: Sensitive) ") for x in texts)  # the if-raised points
    assert sum(x.startswith("(OFFICIAL) ") for x in texts) > 20
    assert not any("[OFFICIAL" in x for x in texts)  # the old "[MARKING]" prefix is gone


def test_every_portion_of_the_illustrative_visit_is_marked_in_the_pdf(
    visit: briefgen.Pack,
) -> None:
    doc = visit.document
    portions = list(t.portions(doc))
    assert portions and None not in portions
    reader = pypdf.PdfReader(io.BytesIO(render(visit, "pdf").data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    found = re.findall(r"\((OFFICIAL|OFFICIAL: Sensitive)\) ", text)
    assert len(found) == len(portions)
    assert found.count("OFFICIAL: Sensitive") == portions.count("OFFICIAL: Sensitive")


def test_a_marked_program_row_carries_its_marking(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data/visits/esa-illustrative.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    activity: Discussion of astronaut training (illustrative)\n"
    path.write_text(text.replace(old, old + "    marking: 'OFFICIAL: Sensitive'\n"), "utf-8")
    pack = make_pack(briefgen.load_workspace(tmp_path), "esa-illustrative")
    tables = [b for b in t.iter_blocks(pack.document.blocks) if isinstance(b, t.Table)]
    program = [b for b in tables if (b.name or "").startswith("Program")]
    assert [b.portions for b in program] == [
        ("OFFICIAL", "OFFICIAL"),
        ("OFFICIAL: Sensitive",),
    ]
    document = docx.Document(io.BytesIO(render(pack, "docx").data))
    cells = [r.cells[0].text for tb in document.tables for r in tb.rows]
    assert "(OFFICIAL: Sensitive) 10:00–11:00" in cells


def test_no_portion_is_marked_when_every_one_has_the_pack_marking() -> None:
    pack = make_pack(briefgen.load_workspace(ROOT), "nz")
    assert set(t.portions(pack.document)) == {None}
    reader = pypdf.PdfReader(io.BytesIO(render(pack, "pdf").data))
    assert "(OFFICIAL)" not in " ".join(page.extract_text() for page in reader.pages)


def test_a_tree_with_some_portions_marked_and_others_not_is_refused() -> None:
    meta = t.Metadata("x", "OFFICIAL: Sensitive", __import__("datetime").date(2026, 1, 1), "o")
    doc = t.Document(
        meta,
        (
            t.Paragraph((t.Text("a"),), portion="OFFICIAL"),
            t.Paragraph((t.Text("b"),)),
        ),
    )
    with pytest.raises(t.TreeError, match="1 of 2 portions have no marking"):
        t.check(doc)


# ---------------------------------------------------------------- caveats


def test_caveats_are_compared_without_case_and_printed_once() -> None:
    a = Marking.parse("OFFICIAL: Sensitive//Legal-Privilege")
    b = Marking.parse("OFFICIAL: Sensitive//LEGAL-PRIVILEGE")
    assert a == b
    both = highest([a, b], Marking.parse("OFFICIAL"))
    assert both.banner() == "OFFICIAL: Sensitive//LEGAL-PRIVILEGE"
    assert not b.above(a)


def test_a_pack_prints_a_caveat_once_whatever_its_case(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data/partners/nz.yaml"
    text = path.read_text(encoding="utf-8")
    text = "marking: 'OFFICIAL: Sensitive//Legal-Privilege'\n" + text.replace(
        "    sources: [", "    marking: 'OFFICIAL: Sensitive//LEGAL-PRIVILEGE'\n    sources: [", 1
    )
    path.write_text(text, encoding="utf-8")
    pack = make_pack(briefgen.load_workspace(tmp_path), "nz")
    assert pack.marking.banner() == "OFFICIAL: Sensitive//LEGAL-PRIVILEGE"
    data = render(pack, "pdf").data
    assert (
        "LEGAL-PRIVILEGE//LEGAL-PRIVILEGE"
        not in pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    )


# ---------------------------------------------------------------- long markings

LONG = Marking.parse(
    "PROTECTED//Legal-Privilege//AUSTEO//Cabinet//Sensitive: Personal privacy"
    "//Sensitive: Legislative secrecy//REL AUS/NZ"
).banner()


def long_marked() -> tuple[t.Document, object]:
    pack = make_pack(briefgen.load_workspace(ROOT), "nz")
    doc = pack.document
    meta = dataclasses.replace(doc.meta, marking=LONG)
    return dataclasses.replace(doc, meta=meta), theme_of(pack)


def marking_lines(pdf: Path) -> list[tuple[list[dict[str, object]], float]]:
    """The lines of page 1 that hold a part of the marking, with the page's width."""
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        lines = [x for x in page.extract_text_lines() if "//" in x["text"]]
        return [(x["chars"], float(page.width)) for x in lines]


def assert_on_page(pdf: Path) -> None:
    lines = marking_lines(pdf)
    text = " ".join("".join(str(c["text"]) for c in chars) for chars, _ in lines)
    assert len(lines) >= 2
    # every character of the marking, in order, in the header and the footer
    assert "".join(text.split()).count("".join(LONG.split())) == 2
    for chars, width in lines:
        for c in chars:
            assert float(c["x0"]) >= 0 and float(c["x1"]) <= width, c["text"]  # type: ignore[arg-type]


def test_a_long_marking_stays_on_the_page_in_the_pdf(tmp_path: Path) -> None:
    assert len(LONG) > 110
    doc, theme = long_marked()
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(get_writer("pdf")(doc, theme).data)  # type: ignore[arg-type]
    assert_on_page(pdf)
    with pdfplumber.open(pdf) as opened:
        page = opened.pages[0]
        sizes = {round(c["size"], 1) for c in page.chars if c["text"] == "/"}
        assert min(sizes) >= 6.0  # shrunk no smaller than it can be read


def test_a_long_marking_stays_on_the_page_in_word(tmp_path: Path) -> None:
    soffice = tool("soffice")
    doc, theme = long_marked()
    path = tmp_path / "long.docx"
    path.write_bytes(get_writer("docx")(doc, theme).data)  # type: ignore[arg-type]
    profile = f"-env:UserInstallation=file://{tmp_path}/lo"
    subprocess.run(
        [soffice, profile, "--headless", "--norestore", "--infilter=MS Word 2007 XML",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "out"), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    assert_on_page(tmp_path / "out" / "long.pdf")
