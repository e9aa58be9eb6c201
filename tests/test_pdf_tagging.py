"""Tagged PDF/UA-1 output: validators, the structure tree, marked content, untagged content."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import page
import pdfua
import pikepdf
import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from briefgen import tree as t
from briefgen.errors import RenderError
from briefgen.theme import Theme
from briefgen.writers.pdf import build, render
from briefgen.writers.pdf.fonts import mend_to_unicode
from briefgen.writers.pdf.rl.canvas import UntaggedContentError
from treesamples import sample_document

T = t.Text
PAINT = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "BI"}


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tagged") / "sample.pdf"
    path.write_bytes(render(sample_document(draft=True), Theme()).data)
    return path


@pytest.fixture(scope="module")
def pdf(pdf_path: Path) -> Any:
    with pikepdf.open(pdf_path) as doc:
        yield doc


def test_pdfua1_profile_every_rule_passes(pdf_path: Path) -> None:
    report = page.validate_pdf(pdf_path, profile="ua1")
    assert report.rules.total >= 100
    assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]


def test_pdfua_checker_has_no_findings(pdf_path: Path) -> None:
    report = pdfua.validate(str(pdf_path))
    assert not report.findings, [(f.rule_id, f.message) for f in report.findings]
    assert not report.skipped, [(o.rule_id, o.skipped_reason) for o in report.skipped]


def test_pdfinfo_struct_text_shows_the_tree(pdf_path: Path) -> None:
    exe = shutil.which("pdfinfo")
    if exe is None:
        pytest.skip("poppler-utils not installed")
    out = subprocess.run(
        [exe, "-struct-text", str(pdf_path)], capture_output=True, text=True, check=True
    ).stdout
    roles = set(re.findall(r"^\s*([A-Za-z]+\d?)\b", out, re.M))
    expected = {
        "Document",
        "Div",
        "H1",
        "H2",
        "H3",
        "P",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "Figure",
        "Caption",
        "TOC",
        "TOCI",
        "Link",
    }
    assert expected <= roles, expected - roles
    for element, text in [
        ("H1", "Relationship overview"),
        ("TH", "Agreement"),
        ("TD", "Agreement 40 with a long title that wraps in its cell"),
        ("Caption", "Figure 1: A sample figure"),
        ("Caption", "Table 1: Agreements"),
        ("TOCI", "Agreements"),
        ("Lbl", "July 2020"),  # the timeline: each date labels its event
        ("P", "Memorandum signed."),
        ("Lbl", "\u2022"),
        ("P", "R&D, AT&T, x<y, <foo>, *star*, |pipe|, # hash, {{ jinja }}, back\\slash"),
        ("Lbl", "1."),
        ("P", "Australian Space Agency, International partnerships"),
    ]:
        pattern = rf"^\s*{element}\b.*\n(?:\s*/.*\n)*\s*\"{re.escape(text)}"
        assert re.search(pattern, out, re.M), (element, text)
    assert "Page 1 of" not in out  # chrome is artifact: the header's marking is not read
    assert out.count("OFFICIAL: Sensitive") == 1  # the marking is read once, on the cover


def _elements(pdf: Any) -> list[Any]:
    out: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, pikepdf.Array):
            for k in node:
                walk(k)
        elif isinstance(node, pikepdf.Dictionary) and node.get("/Type") == "/StructElem":
            out.append(node)
            if "/K" in node:
                walk(node["/K"])

    walk(pdf.Root.StructTreeRoot.K)
    return out


def _kids(elem: Any) -> list[Any]:
    k = elem.get("/K")
    return list(k) if isinstance(k, pikepdf.Array) else [] if k is None else [k]


def _content_refs(pdf: Any) -> dict[tuple[int, int], Any]:
    """(page object number, MCID) -> owning element, from the structure tree."""
    refs: dict[tuple[int, int], Any] = {}
    for elem in _elements(pdf):
        for kid in _kids(elem):
            if isinstance(kid, int):
                key = (elem.Pg.objgen[0], int(kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                key = (kid.Pg.objgen[0], int(kid.MCID))
            else:
                continue
            assert key not in refs, f"MCID {key} owned twice"
            refs[key] = elem
    return refs


def test_every_drawing_operator_is_tagged_or_artifact(pdf: Any) -> None:
    refs = _content_refs(pdf)
    parent_tree = pdf.Root.StructTreeRoot.ParentTree.Nums
    nums = {int(parent_tree[i]): parent_tree[i + 1] for i in range(0, len(parent_tree), 2)}
    for number, pg in enumerate(pdf.pages, 1):
        obj = pg.obj
        assert obj.Tabs == "/S"
        owners = nums[int(obj.StructParents)]
        stack: list[str] = []
        mcids: list[int] = []
        for operands, op in pikepdf.parse_content_stream(pg):
            name = str(op)
            if name in ("BDC", "BMC"):
                tag = str(operands[0])
                if name == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                    props = operands[1]
                    if "/MCID" in props:
                        mcids.append(int(props.MCID))
                        tag = f"mcid:{int(props.MCID)}"
                stack.append(tag)
            elif name == "EMC":
                assert stack, f"EMC without BDC on page {number}"
                stack.pop()
            elif name in PAINT or name == "INLINE IMAGE":
                assert stack, f"{name} outside marked content on page {number}"
                assert stack[-1] == "/Artifact" or stack[-1].startswith("mcid:")
        assert not stack
        assert len(mcids) == len(set(mcids)), f"duplicate MCIDs on page {number}"
        assert mcids == list(range(len(mcids)))
        assert len(owners) == len(mcids)
        for mcid in mcids:
            owner = refs.get((obj.objgen[0], mcid))
            assert owner is not None, f"MCID {mcid} on page {number} not in the tree"
            assert owners[mcid].objgen == owner.objgen, "ParentTree disagrees with the tree"


def test_links_own_their_annotations(pdf: Any) -> None:
    parent_tree = pdf.Root.StructTreeRoot.ParentTree.Nums
    nums = {int(parent_tree[i]): parent_tree[i + 1] for i in range(0, len(parent_tree), 2)}
    count = 0
    for pg in pdf.pages:
        for annot in pg.obj.get("/Annots", []):
            count += 1
            assert str(annot.Contents)
            link = nums[int(annot.StructParent)]
            assert link.S == "/Link"
            objrs = [k for k in _kids(link) if isinstance(k, pikepdf.Dictionary)]
            assert any(k.Obj.objgen == annot.objgen for k in objrs)
    assert count >= 8
    assert pdf.Root.StructTreeRoot.ParentTreeNextKey >= len(pdf.pages) + count


def test_split_paragraph_is_one_element_on_two_pages(tmp_path: Path) -> None:
    meta = t.Metadata(
        title="Long", marking="OFFICIAL", edition=date(2026, 1, 2), organisation="Org"
    )
    words = " ".join(f"word{i}" for i in range(1500))
    doc = t.Document(meta, (t.Heading(1, "a", (T("Long"),)), t.Paragraph((T(words),))))
    path = tmp_path / "long.pdf"
    path.write_bytes(render(doc, Theme()).data)
    with pikepdf.open(path) as pdf:
        paras = [e for e in _elements(pdf) if e.S == "/P"]
        assert len(paras) == 1
        pages = {
            k.Pg.objgen if isinstance(k, pikepdf.Dictionary) else paras[0].Pg.objgen
            for k in _kids(paras[0])
        }
        assert len(pages) >= 2


def test_structure_details(pdf: Any) -> None:
    elems = _elements(pdf)
    by_role: dict[str, list[Any]] = {}
    for e in elems:
        by_role.setdefault(str(e.S)[1:], []).append(e)
    assert [str(e.A.Scope) for e in by_role["TH"]] == ["/Column"] * 4  # repeats are artifacts
    figure = by_role["Figure"][0]
    assert str(figure.Alt) == "A red disc in a blue frame."
    assert len(figure.A.BBox) == 4
    assert "Note" not in by_role  # sources are a list in the Sources section
    headings = [str(e.S) for e in elems if re.fullmatch(r"/H\d", str(e.S))]
    levels = [int(h[2]) for h in headings]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    root = pdf.Root
    assert bool(root.MarkInfo.Marked)
    assert str(root.Lang) == "en-AU"
    assert bool(root.ViewerPreferences.DisplayDocTitle)
    xmp = root.Metadata.read_bytes().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert "<dc:title>" in xmp and "Partner brief: Japan" in xmp


def test_to_unicode_maps_have_no_null_mappings(pdf: Any) -> None:
    seen = 0
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font":
            cmap = obj.ToUnicode.read_bytes().decode()
            seen += 1
            assert "<0000>" not in cmap
            counts = [int(n) for n in re.findall(r"(\d+) beginbfchar", cmap)]
            assert all(n <= 100 for n in counts)
    assert seen >= 3


def test_mend_to_unicode_drops_unused_slots() -> None:
    cmap = "begincmap\n3 beginbfchar\n<00> <0000>\n<01> <0041>\n<02> <0000>\nendbfchar\nendcmap"
    mended = mend_to_unicode(cmap)
    assert "<0000>" not in mended and "1 beginbfchar\n<01> <0041>\nendbfchar" in mended


def _style() -> ParagraphStyle:
    from briefgen.writers.pdf.fonts import FontStack

    return ParagraphStyle("raw", fontName=FontStack(Theme().fonts).font())


def test_an_untagged_flowable_fails_the_build() -> None:
    doc = sample_document(paragraphs=1)
    with pytest.raises(UntaggedContentError, match="untagged content drawn on page"):
        build(doc, Theme(), extra=[Paragraph("sneaky", _style())])
    assert issubclass(UntaggedContentError, RenderError)


def test_untagged_flowable_is_fine_when_tagging_is_off() -> None:
    doc = sample_document(paragraphs=1)
    theme = Theme(tagged_pdf=False)
    assert build(doc, theme, extra=[Paragraph("plain", _style())]).data.startswith(b"%PDF")
