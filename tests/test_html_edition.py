"""The HTML edition (issue 29): one self-contained, accessible page per pack, from the same
tree and house style as the other editions; built by ``build --format html`` with the
manifest, incremental builds and releasable editions as for the others.  Pages are read
back with lxml's HTML parser, which did not write them."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

import briefgen
from briefgen import tree as t
from briefgen.build import manifest as mf
from briefgen.cli import build as build_command
from briefgen.cli import main
from briefgen.theme import Theme
from briefgen.writers import DEFAULT_FORMATS, FORMATS, get_writer
from briefgen.writers.html.style import css_string
from browser import chromium
from test_releasable_editions import PROTECTED_TEXT, _mark, assert_clean
from treesamples import controlled_document, sample_document

T = t.Text


def page(doc: t.Document, theme: Theme | None = None) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(get_writer("html")(doc, theme or Theme()).data)


def doc_of(*blocks: t.Block, marking: str = "OFFICIAL", **meta: object) -> t.Document:
    m = t.Metadata("A brief", marking, date(2026, 11, 25), "Agency", **meta)  # type: ignore[arg-type]
    return t.Document(m, blocks)


# ---------------------------------------------------------------- the reference packs


def test_every_reference_pack_is_a_page_with_landmarks_and_banners(reference_packs: Path) -> None:
    ws = briefgen.load_workspace(Path(__file__).resolve().parents[1])
    idents = [ident for _, ident, _ in ws.targets()]
    assert len(idents) == 18
    for ident in idents:
        data = (reference_packs / f"{ident}.html").read_bytes()
        root = lxml.html.fromstring(data)
        marking = ws.pack(ident).marking.banner()
        assert root.get("lang") == "en-AU"
        first_link = root.body.xpath(".//a")[0]
        assert first_link.get("href") == "#bg-main" and "Skip" in first_link.text_content()
        assert len(root.xpath("//main[@id='bg-main']")) == 1
        for landmark in ("header", "footer"):
            (banner,) = root.xpath(f"/html/body/{landmark}")
            assert banner.xpath(".//p[@class='marking']")[0].text_content() == marking
        chrome = root.xpath("//style")[1].text
        assert chrome.count(css_string(marking)) == 2  # top and bottom of every printed page
        assert "size:A4" in chrome
        assert len(root.xpath("//h1")) == 1
        for table in root.xpath("//table"):
            assert table.xpath("caption") or table.get("aria-label"), ident
            assert all(th.get("scope") == "col" for th in table.xpath(".//th"))
        for img in root.xpath("//img"):
            assert img.get("alt") is not None and img.get("src").startswith("data:image/")
        assert b"http" not in b"".join(
            (el.get("src") or "").encode() for el in root.xpath("//*[@src]")
        )  # self-contained: nothing fetched
        hrefs = {a.get("href")[1:] for a in root.xpath("//a[starts-with(@href, '#')]")}
        assert hrefs <= set(root.xpath("//@id")), ident  # contents and citations resolve


def test_build_format_html_keeps_a_manifest_and_builds_incrementally(tmp_path: Path) -> None:
    ws = briefgen.load_workspace(Path(__file__).resolve().parents[1])
    out = tmp_path / "out"
    first = ws.build(out, formats=("html",), targets=("jp", "esa-illustrative"), jobs=1)
    assert first.exit_code == 0 and len(first.built) == 2
    assert sorted(p.name for p in out.iterdir()) == [
        "esa-illustrative.html",
        "jp.html",
        "manifest.json",
        "register.csv",
        "register.json",
    ]
    assert mf.read(out).packs["jp"].files["html"].path == "jp.html"
    again = ws.build(out, formats=("html",), targets=("jp", "esa-illustrative"), jobs=1)
    assert not again.built and len(again.skipped) == 2
    # an officer's own file in the way is kept, never replaced
    (out / "manifest.json").unlink()
    (out / "jp.html").write_text("<p>my notes</p>", encoding="utf-8")
    kept = ws.build(out, formats=("html",), targets=("jp",), jobs=1)
    assert kept.exit_code != 0
    assert (out / "jp.html").read_text(encoding="utf-8") == "<p>my notes</p>"


def test_the_default_formats_stay_word_and_pdf() -> None:
    assert DEFAULT_FORMATS == ("docx", "pdf") and "html" in FORMATS
    choices = next(p for p in build_command.params if p.name == "formats").type.choices
    assert list(choices) == list(FORMATS)  # the CLI's literal list names every writer


def test_cli_builds_html(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "out"
    args = ["-C", str(root), "build", "jp", "--format", "html", "--out", str(out), "-j", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (out / "jp.html").is_file() and not (out / "jp.pdf").exists()


def test_a_releasable_html_edition_holds_nothing_above_its_ceiling(ws_copy: Path) -> None:
    _mark(ws_copy)
    ws = briefgen.load_workspace(ws_copy)
    full = ws.build(ws_copy / "full", formats=("html",), targets=("jp",), jobs=1)
    assert full.exit_code == 0
    assert PROTECTED_TEXT in (ws_copy / "full" / "jp.html").read_text(encoding="utf-8")
    report = ws.build(
        ws_copy / "rel", formats=("html",), targets=("jp",), max_marking="OFFICIAL", jobs=1
    )
    assert report.exit_code == 0
    assert sorted(p.name for p in (ws_copy / "rel").iterdir()) == [
        "jp.releasable-official.html",
        "manifest.json",
        "register.csv",
        "register.json",
    ]
    assert_clean(ws_copy / "rel")
    text = (ws_copy / "rel" / "jp.releasable-official.html").read_text(encoding="utf-8")
    assert "Releasable edition: holds nothing marked above OFFICIAL" in text


# ---------------------------------------------------------------- the writer


HOSTILE = '<script>alert("x")</script> R&D "quoted" </style> x<y'


def test_data_is_text_never_markup() -> None:
    doc = doc_of(
        t.Heading(1, "h", (T(HOSTILE),)),
        t.Paragraph((T(HOSTILE), t.Link('https://example.org/?a=1&b="2"', (T(HOSTILE),)))),
        t.Table(((T(HOSTILE),),), (((T(HOSTILE),),),), (None,), (1.0,), caption=HOSTILE),
        marking='OFFICIAL"</style><script>',
        subtitle=HOSTILE,
    )
    data = get_writer("html")(doc, Theme()).data
    assert b"<script" not in data
    root = lxml.html.fromstring(data)
    assert not root.xpath("//script")
    assert len(root.xpath("//style")) == 2  # nothing ended a style element early
    assert root.xpath("//h2")[0].text_content() == HOSTILE
    assert root.xpath("//p")[1].text_content() == HOSTILE + HOSTILE
    assert root.xpath("//main//a/@href") == ['https://example.org/?a=1&b="2"']
    assert root.xpath("//caption")[0].text_content() == "Table 1: " + HOSTILE
    assert root.xpath("//title")[0].text_content().endswith('(OFFICIAL"</style><script>)')


def test_tracked_changes_are_ins_and_del_and_portions_are_marked() -> None:
    doc = doc_of(
        t.Paragraph(
            (T("Signed "), t.Deleted((T("2019"),)), t.Inserted((T("2020"),))),
            portion="OFFICIAL: Sensitive",
        ),
        t.Paragraph((T("Plain"),), portion="OFFICIAL"),
        marking="OFFICIAL: Sensitive",
        revision=t.Revision("briefgen", date(2026, 11, 25)),
    )
    root = page(doc)
    first, second = root.xpath("//main/p")
    assert first.text_content() == "(OFFICIAL: Sensitive) Signed 20192020"
    assert [e.text_content() for e in first.xpath("del")] == ["2019"]
    assert [e.text_content() for e in first.xpath("ins")] == ["2020"]
    assert second.text_content() == "(OFFICIAL) Plain"


def test_contents_citations_and_figures_are_linked_and_described() -> None:
    root = page(sample_document(paragraphs=4))
    toc = root.xpath("//nav[@class='toc']//a")
    assert toc and all(root.xpath(f"//*[@id='{a.get('href')[1:]}']") for a in toc)
    cites = root.xpath("//sup/a")
    assert cites
    for a in cites:
        (target,) = root.xpath(f"//*[@id='{a.get('href')[1:]}']")
        assert target.tag == "li" and target.getparent().get("class") == "notes"
    figure = root.xpath("//figure")[0]
    assert figure.xpath("img/@alt")[0] and figure.xpath("figcaption")[0].text_content()


def test_same_tree_same_bytes_and_the_theme_is_applied() -> None:
    doc = controlled_document()
    write = get_writer("html")
    assert write(doc, Theme()).data == write(doc, Theme()).data
    themed = write(doc, replace(Theme(), accent_colour="112233")).data
    assert b"#112233" in themed and b"#112233" not in write(doc, Theme()).data
    bad = write(doc, replace(Theme(), accent_colour="red}body{display:none")).data
    assert b"red}body" not in bad and b"#1F3864" in bad  # an invalid colour falls back


def test_an_unknown_node_is_an_error() -> None:
    class Stray:
        pass

    doc = doc_of(t.Paragraph((T("x"),)))
    bad = replace(doc, blocks=(*doc.blocks, Stray()))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Stray"):
        get_writer("html")(bad, Theme())


def test_css_strings_cannot_end_their_rule() -> None:
    quoted = css_string('a: "b"; } </style>\\')
    assert quoted.count('"') == 2 and "<" not in quoted and "}" not in quoted
    assert json.dumps(quoted)  # plain ASCII-safe text


def test_a_right_to_left_paragraph_is_marked_so() -> None:
    arabic = "\u0648\u0643\u0627\u0644\u0629 \u0627\u0644\u0641\u0636\u0627\u0621 (UAE)"
    root = page(doc_of(t.Paragraph((T(arabic),)), t.Paragraph((T("Agency (\u0648)"),))))
    rtl, ltr = root.xpath("//main/p")
    assert rtl.get("dir") == "rtl" and rtl.text_content() == arabic
    assert ltr.get("dir") is None


# ---------------------------------------------------------------- a draft, printed


def test_a_draft_says_draft_on_every_printed_page_as_the_other_editions_do() -> None:
    draft, final = (page(sample_document(draft=d, paragraphs=60)) for d in (True, False))
    chrome = draft.xpath("//style")[1].text
    assert f"@top-right{{content:{css_string('DRAFT')}" in chrome
    assert "body::before" in chrome  # the diagonal word behind the text
    assert "DRAFT" not in final.xpath("//style")[1].text


@pytest.mark.skipif(chromium() is None, reason="needs Debian's chromium")
def test_a_printed_draft_carries_draft_and_the_marking_on_every_page(tmp_path: Path) -> None:
    """Printed by Chromium (not briefgen) and read back by pdfplumber: each page has the
    marking at its top and bottom and DRAFT at the top right, above the text."""
    import subprocess

    import pdfplumber

    doc = sample_document(draft=True, paragraphs=60)
    html = tmp_path / "draft.html"
    html.write_bytes(get_writer("html")(doc, Theme()).data)
    printed = tmp_path / "draft.pdf"
    browser = chromium()
    assert browser is not None
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={printed}", html.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    with pdfplumber.open(printed) as pdf:
        assert len(pdf.pages) >= 2
        for p in pdf.pages:
            top = p.crop((0, 0, p.width, 60)).extract_text()
            bottom = p.crop((0, p.height - 60, p.width, p.height)).extract_text()
            assert doc.meta.marking in top and doc.meta.marking in bottom, p.page_number
            right = p.crop((p.width / 2, 0, p.width, 60)).extract_text()
            assert "DRAFT" in right, p.page_number
