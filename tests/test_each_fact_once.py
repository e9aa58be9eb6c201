"""Issue 25, items 2, 6 and 7: each fact printed once per pack, stub briefs that say they
are stubs, and region packs that synthesise their partners rather than reprint them.

Checked on the built files (both editions, read back by python-docx and pdfplumber) where
the rule is about what a reader sees, on the document tree otherwise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import briefgen
from briefgen import tree as t
from briefgen.cli import main
from briefgen.compose.repeats import says, sentences
from briefgen.compose.voice import voiced
from conftest import brief_docx, brief_pages
from sentences import MIN_WORDS, docx_paragraphs, pdf_paragraphs, repeated

ROOT = Path(__file__).resolve().parents[1]
STUBS = ["ae", "ca", "de", "fr", "it", "kr", "nz"]
REGIONS = ["europe", "indo-pacific", "americas", "middle-east"]
PACKS = [
    *["ae", "ca", "de", "esa", "fr", "gb", "in", "it", "jp", "kr", "nz", "pacific-islands"],
    *["us", *REGIONS, "esa-illustrative"],
]


@pytest.fixture(scope="module")
def ws() -> briefgen.Workspace:
    return briefgen.load_workspace(ROOT)


def texts(doc: t.Document | t.Callout) -> list[str]:
    """Each paragraph's, heading's, cell's or entry's words, without footnote numbers."""
    blocks = doc.blocks
    return [
        "".join(n.text for n in t.walk_inlines(i) if isinstance(n, t.Text))
        for b in t.iter_blocks(blocks)
        for i in t.block_inlines(b)
    ]


def _words(inlines: tuple[t.Inline, ...]) -> str:
    return "".join(n.text for n in t.walk_inlines(inlines) if isinstance(n, t.Text))


# ---------------------------------------------------------------- each fact once


@pytest.mark.parametrize(
    "ident",
    PACKS,
)
def test_no_sentence_is_printed_twice_in_a_pack(
    reference_packs: Path, ws: briefgen.Workspace, ident: str, tmp_path: Path
) -> None:
    """No sentence of six words or more appears twice in a pack's brief, in the Word or the
    PDF edition's text (a fact told once; elsewhere a short label).  A visit's program
    items' activities are labels: the program at a glance, the run sheet and the item's
    meeting page each name it.  A bound pack's attachments are briefs of their own, checked
    as such."""
    visit = ws.visits.get(ident)
    labels = {
        " ".join(re.findall(r"[\w’'-]+", item.activity.lower()))
        for item in (visit.program if visit is not None else ())
    }
    word = brief_docx(reference_packs / f"{ident}.docx", tmp_path)
    for edition, paragraphs in (
        ("docx", docx_paragraphs(word)),
        ("pdf", brief_pages(pdf_paragraphs(reference_packs / f"{ident}.pdf"))),
    ):
        found = {s: n for s, n in repeated(paragraphs).items() if s not in labels}
        assert not found, (ident, edition, found)


_PAREN = re.compile(r"\s*\([^()]*\)")


def _prose(doc: t.Document) -> list[str]:
    """Each paragraph's and list item's words (headings and tables are labels), without
    what is in brackets (a person's title, "(illustrative)", a portion mark)."""
    return [
        _PAREN.sub("", _words(i))
        for b in t.iter_blocks(doc.blocks)
        if not isinstance(b, t.Heading | t.Table)
        for i in t.block_inlines(b)
    ]


def said_again(paragraphs: list[str], min_words: int = 8) -> list[str]:
    """Sentences (ending in a full stop, of ``min_words`` words or more, not a citation)
    that text before them already says in other words: `briefgen.compose.repeats.says`,
    a shared unbroken run of most of their words."""
    found = []
    for i, para in enumerate(paragraphs):
        before = "\n".join(paragraphs[:i])
        for s in sentences(para):
            fact = s.endswith(".") and len(s.split()) >= min_words and not s.startswith("Source:")
            if fact and says(before, s):
                found.append(s)
    return found


def test_the_visit_brief_states_each_fact_once_in_any_words(ws: briefgen.Workspace) -> None:
    """A fact restated in other words (a key message, then the agreement's summary in the
    Background; a talking point, then a biography) is a repeat too: a later mention refers
    back briefly or is cut.  The exact-sentence check above cannot see a rewording."""
    assert said_again(_prose(ws.pack("esa-illustrative").document)) == []


def test_said_again_finds_a_fact_reworded() -> None:
    first = (
        "At IAC 2025, the Australian Government announced a mandate to begin negotiations "
        "on a Cooperative Agreement between the European Space Agency and Australia."
    )
    again = "At IAC 2025, the Australian Government announced a mandate to begin negotiations."
    assert said_again([first, again]) == [again]
    assert said_again([first, "The agreement will set up a formal mechanism for them."]) == []


def test_repeated_finds_a_sentence_said_twice() -> None:
    twice = "The Agency formalised a partnership with JAXA on its MMX mission in 2023."
    assert repeated([twice, "A label. " + twice.upper()]) == {
        "the agency formalised a partnership with jaxa on its mmx mission in 2023": 2
    }
    assert not repeated(["Five words are not enough.", "Five words are not enough."])
    assert MIN_WORDS == 6


@pytest.mark.parametrize("ident", ["gb", "in", "us"])
def test_people_leaves_out_the_head_of_agency_the_key_facts_name(
    ws: briefgen.Workspace, ident: str
) -> None:
    doc = ws.pack(ident).document
    head = voiced(ws.partners[ident].people[0])  # "Dr V. Narayanan" prints "Dr V Narayanan"
    assert any(head.name in x for x in texts(doc))  # named once, in the key facts
    assert "People" not in [t.plain_text(h.children) for h in doc.iter_headings()]


def test_a_timeline_entry_told_elsewhere_links_to_the_section(ws: briefgen.Workspace) -> None:
    doc = ws.pack("jp").document
    timeline = next(b for b in t.iter_blocks(doc.blocks) if isinstance(b, t.Timeline))
    links = [n for e in timeline.entries for n in e.children if isinstance(n, t.Link)]
    ids = {h.id for h in doc.iter_headings()}
    assert {n.href for n in links} == {"#programs-and-missions", "#facilities"}
    assert all(n.href[1:] in ids for n in links)


# ---------------------------------------------------------------- stubs


@pytest.mark.parametrize("ident", STUBS)
def test_a_stub_partner_pack_says_so_on_page_1(reference_packs: Path, ident: str) -> None:
    import pdfplumber

    with pdfplumber.open(str(reference_packs / f"{ident}.pdf")) as pdf:
        first = " ".join((pdf.pages[0].extract_text() or "").split())
    assert "Little is recorded about this partnership in the source data" in first
    word = " ".join(docx_paragraphs(reference_packs / f"{ident}.docx"))
    assert "this brief holds only the agency's name and one sentence of overview." in word


@pytest.mark.parametrize("ident", ["esa", "gb", "in", "jp", "pacific-islands", "us"])
def test_a_partner_with_a_record_is_no_stub(ws: briefgen.Workspace, ident: str) -> None:
    assert not any("Little is recorded" in x for x in texts(ws.pack(ident).document))


def test_build_warns_of_each_stub_partner_it_builds(ws_copy: Path) -> None:
    out = ws_copy / "out"
    args = ["build", "--workspace", str(ws_copy), "--out", str(out), "--format", "docx"]
    result = CliRunner().invoke(main, [*args, "--jobs", "1", "nz", "jp", "europe"])
    assert result.exit_code == 0, result.output
    lines = [x for x in result.output.splitlines() if "little is recorded" in x]
    assert lines == [
        "warning: data/partners/nz.yaml: little is recorded about New Zealand; its brief says "
        "so on page 1 (add an overview, agreements, programs or events)"
    ]


@pytest.mark.parametrize(
    ("ident", "stubs"),
    [
        ("europe", "France, Italy and Germany"),
        ("indo-pacific", "Republic of Korea and New Zealand"),
        ("americas", "Canada"),
    ],
)
def test_a_region_names_its_stub_partners_on_one_line(
    ws: briefgen.Workspace, ident: str, stubs: str
) -> None:
    doc = ws.pack(ident).document
    lines = [x for x in texts(doc) if "about the region’s other member" in x]
    members = "members" if " and " in stubs else "member"
    said = f"Little is recorded in the source data about the region’s other {members}: {stubs}."
    assert lines == [said]
    headings = [t.plain_text(h.children) for h in doc.iter_headings()]
    assert not [h for h in headings if h in stubs]


def test_a_region_of_stubs_says_so_and_lists_them(ws: briefgen.Workspace) -> None:
    found = texts(ws.pack("middle-east").document)
    assert any(x.startswith("Little is recorded about this region's partners") for x in found)
    assert "Members, with little recorded: United Arab Emirates." in found
    assert "United Arab Emirates: The United Arab Emirates Space Agency" in found


# ---------------------------------------------------------------- regions that synthesise


@pytest.mark.parametrize("ident", PACKS[:-1])  # a visit's program table: item 10, elsewhere
def test_every_comparison_table_has_two_rows_and_no_table_a_blank_cell(
    ws: briefgen.Workspace, ident: str
) -> None:
    doc = ws.pack(ident).document
    for table in (b for b in t.iter_blocks(doc.blocks) if isinstance(b, t.Table)):
        if "compared" in (table.caption or ""):
            assert len(table.rows) >= 2, (ident, table.caption)
        blank = [r[0] for r in table.rows if any(not t.plain_text(c).strip() for c in r)]
        assert not blank, (ident, table.caption, blank)


def test_the_undated_aprsaf_30_highlight_takes_no_date_from_japans_entry(
    ws: briefgen.Workspace,
) -> None:
    """The region's own highlight (the 30th forum, undated on the source page) and Japan's
    dated entry (the forum co-hosted in November 2024) are very likely one event, but no
    source says so: joined, the entry would date the 30th forum. Each stays as its source
    words it."""
    doc = ws.pack("indo-pacific").document
    timeline = next(b for b in t.iter_blocks(doc.blocks) if isinstance(b, t.Timeline))
    forum = re.compile(r"APRSAF|Asia Pacific Regional Space Agency Forum")
    told = {e.date: t.plain_text(e.children) for e in timeline.entries}
    told = {d: x for d, x in told.items() if forum.search(x)}
    assert "APRSAF-30" not in told["November 2024 (Japan)"]
    assert not any("APRSAF-30" in x for x in told.values()), told  # no dated entry tells it
    assert any("APRSAF-30" in x for x in texts(doc))  # told, among the undated


PARTNER_SECTIONS = {
    "Relationship overview",
    "Cooperation",
    "Areas of cooperation",
    "Programs and missions",
    "Facilities",
    "People",
    "Highlights and events",
    "Photographs",
}


@pytest.mark.parametrize("ident", REGIONS)
def test_no_region_pack_embeds_a_partner_brief(ws: briefgen.Workspace, ident: str) -> None:
    pack = ws.pack(ident)
    doc = pack.document
    headings = [t.plain_text(h.children) for h in doc.iter_headings()]
    assert not PARTNER_SECTIONS & set(headings), headings
    found = texts(doc)
    for p in pack.partners:
        brief = f"More: see the {p.display_name} brief."
        assert (brief in found) != (p.id in STUBS), (ident, p.id)
        if p.id not in STUBS:  # a summary of a few lines under its name
            levels = [h.level for h in doc.iter_headings()]
            assert levels[headings.index(p.display_name)] == 2


def test_a_region_combines_its_partners_agreements(ws: briefgen.Workspace) -> None:
    doc = ws.pack("europe").document
    table = next(
        b
        for b in t.iter_blocks(doc.blocks)
        if isinstance(b, t.Table) and b.name == "Agreements across the region"
    )
    assert [t.plain_text(c) for c in table.header] == ["Partner", "Agreement", "Status", "Date"]
    rows = [[_words(c) for c in r] for r in table.rows]
    assert [r[0] for r in rows] == [
        "European Space Agency",
        "European Space Agency",
        "United Kingdom",
    ]
    assert [r[3] for r in rows] == ["1979", "2025", "2025"]
    us = ws.pack("americas").document
    rows = [
        [_words(c) for c in r]
        for b in t.iter_blocks(us.blocks)
        if isinstance(b, t.Table)
        for r in b.rows
    ]
    assert rows == [["United States", "US-AU Space Framework Agreement", "Signed", "Not recorded"]]
    # with no comparison table, the summary names the agency
    assert any(x.startswith("Agency: NASA; head of agency Sean Duffy") for x in texts(us))


def test_the_region_overview_is_more_than_its_member_list(ws: briefgen.Workspace) -> None:
    doc = ws.pack("europe").document
    box = next(b for b in doc.blocks if isinstance(b, t.Callout) and b.kind == "keyfacts")
    said = texts(box)
    assert (
        "Agreements recorded: 3 (1 in place, 1 negotiation mandated, 1 signed; see Agreements)"
        in said
    )
    assert "Earliest dated record: 1979 (European Space Agency)" in said


REGION_TEXT = """
    picture:
      - text: A regional picture paragraph, for the test.
        sources: [asa-international-partnerships]
      - text: A marked regional paragraph, for the test.
        marking: "OFFICIAL: Sensitive"
        sources: [asa-international-partnerships]
    priorities:
      - text: A first regional priority
      - text: A second regional priority
"""


def test_a_region_prints_its_own_picture_and_priorities(ws_copy: Path) -> None:
    path = ws_copy / "data" / "regions.yaml"
    text = path.read_text()
    anchor = "  - id: americas\n    name: Americas\n"
    path.write_text(text.replace(anchor, anchor + REGION_TEXT.lstrip("\n")))
    ws = briefgen.load_workspace(ws_copy)
    full = texts(ws.pack("americas").document)
    overview = full[full.index("Region overview") :]
    assert overview[1:3] == [
        "A regional picture paragraph, for the test.",
        "A marked regional paragraph, for the test.",
    ]
    assert "Regional priorities" in full and "A second regional priority" in full
    assert ws.pack("americas").marking.banner() == "OFFICIAL: Sensitive"
    kept = ws.pack("americas", max_marking="OFFICIAL")
    released = texts(kept.document)
    assert "A regional picture paragraph, for the test." in released
    assert "A marked regional paragraph, for the test." not in released
