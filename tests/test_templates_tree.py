"""Templates and the document tree: facts reach the tree, data stays literal, overrides work,
broken templates name their file and line (tree snapshots: test_golden_writers.py)."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import briefgen
from briefgen import Workspace
from briefgen import tree as t
from briefgen.compose.bidi import isolate
from briefgen.data.model import (
    Agreement,
    Event,
    Narrative,
    Organisation,
    Partner,
    Person,
    Region,
    Source,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return briefgen.load_workspace(ROOT)


def all_text(doc: t.Document) -> str:
    """Every piece of text in the tree, one block per line."""
    out: list[str] = []
    for block in t.iter_blocks(doc.blocks):
        if isinstance(block, (t.Heading, t.Paragraph)):
            out.append(t.plain_text(block.children))
        elif isinstance(block, t.Table):
            out.extend(t.plain_text(c) for row in (block.header, *block.rows) for c in row)
        elif isinstance(block, t.Figure):
            out += [block.alt, block.caption, block.credit or ""]
        elif isinstance(block, t.Timeline):
            out += [f"{e.date}: {t.plain_text(e.children)}" for e in block.entries]
    return "\n".join(out)


# ---------------------------------------------------------------- facts


@pytest.mark.parametrize(
    ("ident", "facts"),
    [
        (
            "jp",
            [
                "Partner brief: Japan",
                "July 2020",
                "approximately 2031",
                "April to October 2025",
                "more than 45 years of treaty-level science cooperation",
                "Tsukuba Space Centre",
                "Hayabusa2",
            ],
        ),
        (
            "esa",
            ["Josef Aschbacher", "1979", "New Norcia", "35-metre", "Negotiations mandated 2025"],
        ),
        (
            "us",
            [
                "Canberra Deep Space Communication Complex",
                "Sean Duffy",
                "US-AU Space Framework Agreement",
                "Artemis",
            ],
        ),
        ("in", ["Dr V Narayanan", "space situational awareness", "advanced manufacturing"]),
        ("gb", ["Paul Bate", "UK-AU Space Bridge Agreement"]),
        ("pacific-islands", ["Pacific Island Countries", "IAC 2025"]),
        ("kr", ["Korea AeroSpace Administration"]),
        (
            "europe",
            [
                "Region brief: Europe",
                "European Space Agency",
                "United Kingdom",
                "France",
                "Italy",
                "Germany",
            ],
        ),
        ("indo-pacific", ["Japan", "India", "New Zealand", "Indo-Pacific", "APRSAF-30"]),
    ],
)
def test_pack_tree_holds_facts(ws: Workspace, ident: str, facts: list[str]) -> None:
    text = all_text(ws.pack(ident).document)
    missing = [f for f in facts if f not in text]
    assert not missing, f"{ident}: {missing} not in the tree"


def test_partner_pack_order_and_empty_sections_left_out(ws: Workspace) -> None:
    doc = ws.pack("jp").document
    assert isinstance(doc.blocks[0], t.Callout) and doc.blocks[0].kind == "cover"
    # a two-page pack: no contents page (see test_contents_only_for_long_packs)
    assert isinstance(doc.blocks[1], t.Callout) and doc.blocks[1].kind == "keyfacts"
    h1 = [t.plain_text(h.children) for h in doc.iter_headings() if h.level == 1]
    assert h1 == [
        "Relationship overview",
        "Agreements",
        "Cooperation",
        "Timeline",  # highlights, milestones and events: one section, each fact once
        "Facilities",
        "Sources",
    ]
    assert doc.blocks[-1] == next(
        b for b in doc.blocks if isinstance(b, t.Callout) and b.kind == "acknowledgement"
    )
    thin = ws.pack("ca").document
    thin_h1 = [t.plain_text(h.children) for h in thin.iter_headings() if h.level == 1]
    assert "Agreements" not in thin_h1 and "Timeline" not in thin_h1


@pytest.fixture(scope="module")
def two_sources(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The reference data with a second source, cited by Japan's first paragraph: a pack of
    two sources cites each fact by a footnote (one of one source names it once instead)."""
    root = tmp_path_factory.mktemp("two-sources")
    shutil.copytree(ROOT / "data", root / "data")
    sources = root / "data" / "sources.yaml"
    sources.write_text(
        sources.read_text().replace(
            "sources:\n",
            "sources:\n  - id: second\n    title: Second\n    publisher: Example\n"
            "    accessed: 2026-11-20\n",
            1,
        )
    )
    jp = root / "data" / "partners" / "jp.yaml"
    text = jp.read_text()
    at = text.index("sources: [asa-international-partnerships]", text.index("overview:"))
    jp.write_text(text[:at] + "sources: [second, asa-international-partnerships]" + text[at + 41 :])
    return briefgen.load_workspace(root)


def test_every_fact_cites_a_footnote_with_the_source(two_sources: Workspace) -> None:
    doc = two_sources.pack("jp").document
    refs = [
        n
        for b in t.iter_blocks(doc.blocks)
        if isinstance(b, t.Paragraph)
        for n in b.children
        if isinstance(n, t.FootnoteRef)
    ]
    assert len(refs) >= 10
    assert {f.label for f in doc.footnotes} == {r.label for r in refs}
    (asa,) = [n for n in doc.footnotes if n.label == "asa-international-partnerships"]
    body = t.plain_text(asa.blocks[0].children)  # type: ignore[union-attr]
    assert "Australian Space Agency" in body and "25 November 2026" in body


def test_timeline_lists_every_dated_event_in_order_each_cited(two_sources: Workspace) -> None:
    doc = two_sources.pack("jp").document
    (timeline,) = [b for b in t.iter_blocks(doc.blocks) if isinstance(b, t.Timeline)]
    assert [e.date for e in timeline.entries] == [  # a year-only date after that year's dated
        "July 2020",
        "2020",
        "2023",
        "November 2024",
        "April to October 2025",
        "October 2025",
        "Approximately 2031",
    ]
    assert all(isinstance(e.children[-1], t.FootnoteRef) for e in timeline.entries)
    assert not [b for b in t.iter_blocks(doc.blocks) if isinstance(b, t.Figure)]  # no raster


@pytest.mark.parametrize("ident", ["jp", "esa", "europe", "indo-pacific"])
def test_the_timeline_repeats_no_sentence_another_section_prints(ws: Workspace, ident: str) -> None:
    doc = ws.pack(ident).document
    sections = [  # body text outside the timeline (the key facts box and tables summarise)
        t.plain_text(b.children)
        for b in t.iter_blocks(
            tuple(x for x in doc.blocks if not (isinstance(x, t.Callout) and x.kind == "keyfacts"))
        )
        if isinstance(b, (t.Paragraph, t.Heading))
    ]
    body = "\n".join(sections)
    timelines = [b for b in t.iter_blocks(doc.blocks) if isinstance(b, t.Timeline)]
    assert timelines
    for entry in (e for tl in timelines for e in tl.entries):
        text = t.plain_text(tuple(n for n in entry.children if isinstance(n, t.Text)))
        for sentence in re.split(r"(?<=\.) ", text):
            if len(sentence.split()) >= 6:
                assert sentence not in body, (ident, entry.date, sentence)
    jp = ws.pack("jp").markdown
    assert "**2020:** Hayabusa2 asteroid sample retrieved in South Australia (see [Programs" in jp


def test_contents_only_for_long_packs(ws: Workspace) -> None:
    for ident in ("jp", "europe", "indo-pacific"):  # 2 to 4 pages: no contents page
        doc = ws.pack(ident).document
        assert t.estimate_pages(doc) < t.CONTENTS_MIN_PAGES
        assert not any(isinstance(b, t.Contents) for b in doc.blocks)
    doc = ws.pack("jp").document
    long = t.Document(doc.meta, (doc.blocks[0], t.Contents(), *doc.blocks[1:] * 8), ())
    kept = t.fit_front_matter(long)
    assert isinstance(kept.blocks[1], t.Contents) and isinstance(kept.blocks[2], t.PageBreak)


def test_unknown_id_lists_close_matches(ws: Workspace) -> None:
    with pytest.raises(briefgen.BriefgenError, match="did you mean.*jp"):
        ws.pack("jpn")


def test_region_pack_summarises_its_partners_one_level_down(ws: Workspace) -> None:
    doc = ws.pack("americas").document
    # one partner briefed: no table compares it with nothing; its agreements in one table
    (table,) = [b for b in t.iter_blocks(doc.blocks) if isinstance(b, t.Table)]
    assert (
        table.name == "Agreements across the region" and table.caption is None
    )  # the heading says it
    levels = {t.plain_text(h.children): h.level for h in doc.iter_headings()}
    assert levels["Partners"] == 1 and levels["United States"] == 2
    assert "Facilities" not in levels and "Canada" not in levels


# ---------------------------------------------------------------- data stays literal

XML_OK = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters="\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12"
    "\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\ufffe\uffff",
)
MARKUP = st.sampled_from(
    [
        "*",
        "_",
        "#",
        "|",
        "<",
        ">",
        "&",
        "[",
        "]",
        "`",
        "\\",
        "{{",
        "}}",
        "{%",
        "%}",
        "---",
        ":::",
        "[^x]",
        "<b>",
        "&amp;",
        "\n",
        "  \n",
        "1. ",
        "- ",
        "    ",
        "![a](b)",
        "{#id}",
        "R&D",
    ]
)
TEXT = st.lists(
    st.one_of(st.text(XML_OK, min_size=1, max_size=8), MARKUP), min_size=1, max_size=12
).map("".join)

SRC = Source(id="src", title="Title", publisher="Publisher", accessed=date(2026, 1, 1))
HEAD = Person(id="head", name="Head Person", role="Head", sources=("src",))


def _workspace(text: str) -> Workspace:
    partner = Partner(
        id="jp",
        kind="country",
        overview=(Narrative(text=text, sources=("src",)),),
        highlights=(Event(text=text, date="2020-07", sources=("src",)),),
        agreements=(
            Agreement(
                id="a",
                title=text,
                kind="treaty",
                status="signed",
                parties=(text,),
                sources=("src",),
            ),
        ),
    )
    org = Organisation(name="Org", head=HEAD)
    return Workspace.create(
        org, [partner], [Region(id="r", name="R", members=("jp",))], sources=[SRC]
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_any_text_reaches_the_tree_literally(text: str) -> None:
    doc = _workspace(text).pack("jp").document
    paragraphs = [
        t.plain_text(tuple(n for n in b.children if isinstance(n, t.Text)))
        for b in t.iter_blocks(doc.blocks)
        if isinstance(b, t.Paragraph)
    ]
    # the overview paragraph, character for character (a value holding bidi controls is
    # kept inside its own isolate: `briefgen.compose.bidi`, hostile input)
    literal = isolate(text)
    assert literal in paragraphs
    table = next(b for b in doc.blocks if isinstance(b, t.Table))
    cell = tuple(n for n in table.rows[0][0] if isinstance(n, t.Text))
    assert t.plain_text(cell) == literal


# ---------------------------------------------------------------- overrides and errors


def test_workspace_template_overrides_the_default(ws_copy: Path) -> None:
    folder = ws_copy / "templates" / "partials"
    folder.mkdir(parents=True)
    (folder / "overview.md.j2").write_text(
        "{% if p.overview %}\n{{ h(1) }} In brief\n\n{{ p.overview[0].text }}\n\n{% endif %}\n"
    )
    doc = briefgen.load_workspace(ws_copy).pack("jp").document
    h1 = [t.plain_text(h.children) for h in doc.iter_headings() if h.level == 1]
    assert "In brief" in h1 and "Relationship overview" not in h1
    assert "Agreements" in h1  # the other partials still come from the defaults


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{% if p.overview %}\n\n{{ p.overveiw }}\n{% endif %}\n", r"overview\.md\.j2:3"),
        ("{% if p.overview %}\n{% for x in %}\n{% endif %}\n", r"overview\.md\.j2:2"),
        (
            "{% if p.overview %}\n\n<div>raw html</div>\n\n{% endif %}\n",
            r"overview\.md\.j2:3: the document tree cannot hold raw HTML",
        ),
        ("\n\n```\ncode\n```\n", r"overview\.md\.j2:3: the document tree cannot hold code"),
        ("\n::: sidebar\ntext\n:::\n", r"overview\.md\.j2:2: unknown container"),
        (
            "\nSee *this* ![A photo]({{ p.id }}).\n",
            r"overview\.md\.j2:2: Markdown could not read this image or link",
        ),
        ("\n::: timeline\nJust a paragraph.\n:::\n", r"a timeline holds one list"),
        ("\n::: timeline\n- no date here\n:::\n", r"a timeline item is '\*\*date:\*\* text'"),
    ],
)
def test_broken_template_names_file_and_line(ws_copy: Path, source: str, message: str) -> None:
    folder = ws_copy / "templates" / "partials"
    folder.mkdir(parents=True)
    (folder / "overview.md.j2").write_text(source)
    with pytest.raises(briefgen.TemplateError, match=message):
        _ = briefgen.load_workspace(ws_copy).pack("jp").document


def test_photographs_appear_when_the_image_file_exists(ws_copy: Path) -> None:
    shutil.copy(Path(__file__).parent / "sample.png", ws_copy / "data" / "nn3.png")
    esa = ws_copy / "data" / "partners" / "esa.yaml"
    second = (
        "  - path: data/nn3.png\n    alt: The same picture again.\n    caption: A second one.\n"
        "    credit: Second credit\n    sources: [asa-international-partnerships]\n"
    )
    esa.write_text(
        esa.read_text().replace(
            "images:\n  - caption:",
            "images:\n" + second + "  - path: data/nn3.png\n    alt: Five people at an "
            "antenna.\n    caption:",
        )
    )
    doc = briefgen.load_workspace(ws_copy).pack("esa").document
    figs = [b for b in t.iter_blocks(doc.blocks) if isinstance(b, t.Figure)]
    assert [f.image.name for f in figs] == ["data/nn3.png", "data/nn3.png"]
    first, photo = figs[0], figs[1]  # two credited photographs stay two figures
    assert first.alt == "The same picture again." and first.credit == "Second credit"
    assert photo.alt == "Five people at an antenna."
    assert photo.caption.startswith("(L-R) Australian astronaut") and photo.credit == "ESA/Fisheye"
    assert "Photographs" in [t.plain_text(h.children) for h in doc.iter_headings()]


def test_filters_on_constants_run_per_render(ws_copy: Path) -> None:
    """Jinja must not fold constant filter calls: their data tokens belong to one render.
    (A string constant is template text, so it is Markdown: ``*x*`` is emphasis.)"""
    folder = ws_copy / "templates" / "partials"
    folder.mkdir(parents=True)
    (folder / "overview.md.j2").write_text(
        '{ #with-whom }\n{{ h(1) }} With {{ ["NASA", "ESA"]|and_join }} *and* {{ "*x*" }}\n\n'
    )
    ws = briefgen.load_workspace(ws_copy)
    for ident in ("jp", "ca", "jp"):
        heading = next(
            h for h in ws.pack(ident).document.iter_headings() if h.id.startswith("with-whom")
        )
        assert t.plain_text(heading.children) == "With NASA and ESA and x"
        assert isinstance(heading.children[-1], t.Emphasis)


def test_templates_are_sandboxed(ws_copy: Path) -> None:
    folder = ws_copy / "templates" / "partials"
    folder.mkdir(parents=True)
    (folder / "overview.md.j2").write_text("{{ p.__class__.__mro__ }}\n")
    with pytest.raises(briefgen.TemplateError):
        _ = briefgen.load_workspace(ws_copy).pack("jp").document


def test_no_pack_talks_about_the_software_or_the_dataset(ws: Workspace) -> None:
    """A brief speaks of the partnership, never of briefgen, its data or the web page the
    facts were taken from (such notes stay in YAML comments)."""
    for _, ident, _ in ws.targets():
        text = all_text(ws.pack(ident).document).lower()
        said = [w for w in ("briefgen", "dataset", "the page", "web page") if w in text]
        assert not said, f"{ident} mentions {said}"


def test_dated_lists_are_in_date_order(ws: Workspace) -> None:
    text = ws.pack("jp").markdown
    start = text.index("::: timeline")
    order = ["**July 2020:**", "**2023:**", "**November 2024:**", "**April to October 2025:**"]
    places = [text.index(item, start) for item in order]
    assert places == sorted(places)  # the source lists them out of order


# ---------------------------------------------------------------- markdown to tree

EVERY_CONSTRUCT = """\
::: cover
Title {.title}

Draft {.draft}
:::

::: contents
:::

# Heading *one* {#one}

## Heading `two`

Text with **strong _nested_ emphasis**, [a link](https://example.org "t"), a note[^a],\\
a hard break and a soft
break.

- item one
  - nested, with a second paragraph

    second
- item two

3. three
4. four

{caption="Agreements" widths="2,1"}
| Left | Right |
|:-----|------:|
| a    | b[^b] |

![Alt text](data/x.png "Caption"){credit="Credit"}

::: keyfacts
::: note
Inner.
:::
:::

::: timeline
- **2020:** something happened
:::

---

<div>raw</div>

```
code
```

> quoted

::: notes
:::

[^a]: Note *a*.

    Its second paragraph.

[^b]: Note b.
"""


def test_the_builders_nodes_are_markdown_its_syntax_tree(ws: Workspace) -> None:
    """The tree builder's own pass over the token stream gives the nodes markdown-it's
    `SyntaxTreeNode` gives, for every construct and for every reference pack."""
    from markdown_it.tree import SyntaxTreeNode

    from briefgen.compose.markdown import _grow, _Node, _parser

    def same(mine: _Node, theirs: SyntaxTreeNode) -> None:
        assert mine.type == theirs.type
        if theirs.type != "root":
            assert (mine.tag, mine.attrs, mine.meta, mine.content) == (
                theirs.tag,
                theirs.attrs,
                theirs.meta,
                theirs.content,
            )
            assert (tuple(mine.map) if mine.map else None) == theirs.map
        assert len(mine.children) == len(theirs.children)
        for a, b in zip(mine.children, theirs.children, strict=True):
            same(a, b)

    texts = [EVERY_CONSTRUCT] + [ws.pack(i).rendered.markdown for _, i, _ in ws.targets()]
    for text in texts:
        tokens = _parser().parse(text)
        same(_grow(_Node(None, "root"), tokens), SyntaxTreeNode(tokens))


def test_the_parsers_shortcuts_give_the_same_tokens(ws: Workspace) -> None:
    """The parser's shortcuts (the container rules run as one, plain footnote references
    read first) give the tokens markdown-it gives without them: for nested, unknown,
    unclosed and indented containers, and for references that are links, unknown,
    nested in a link or beside link reference definitions."""
    from briefgen.compose.markdown import _parser, new_parser

    odd = [
        "::: note\n::: sidebar\ntext\n:::\n:::\n",
        ":::: cover\n::: note\nx\n:::\n::::\n\n:::notes\n",
        "- item\n  ::: keyfacts\n  in a list\n  :::\n",
        "    ::: note\n    code\n",
        "text\n::: timeline\n- **2020:** x\n:::",
        "> ::: acknowledgement\n> quoted\n\n:::contents extra words\n:::\n:::",
        ":",
        ":::",
        "A[^a] b[^a](https://x.org) c[^nope] d[^a b] e[^a]x[^b]\n\n[^a]: One.\n\n[^b]: Two.\n",
        "[see [^a]](https://x.org) and [^a][^a] and *[^a]* and [^a\n\n[^a]: One.\n",
        "[foo]: /url\n\nSee [^a] and [foo] and [^foo].\n\n[^a]: One.\n",
        "[^foo]: /url\n\n[^foo] and [^bar]\n\n[^bar]: x\n",
        "[^a.b:c-d_é] [^`x`] [^\\]] [^&amp;] [^<x>]\n\n[^a.b:c-d_é]: x\n\n[^`x`]: y\n",
        "[^a\n]: /url\n\n[^a] is a link here\n\n[^a]: Note.\n",
        "[^`]`](https://x.org) and [^<]>](https://x.org)\n\n[^`]: y\n\n[^<]: z\n",
        "text\n```\ncode\n```\n~~~ x\n~~\n~~~\n> quote\n>\n---\n***\n_ _ _\n* a\n# h\n#nope\n",
        "<div>\nhtml\n</div>\n\ntext\n<!-- c -->\n## h ##\ntext\n- - -\n- x\n  > q\n  ```\n",
        "para\n    # code\n\t> code\n   > not code\n``\n`` `\n~\n>",
    ]
    plain = new_parser(shortcuts=False)
    texts = [EVERY_CONSTRUCT, *odd] + [ws.pack(i).rendered.markdown for _, i, _ in ws.targets()]
    for text in texts:
        assert _parser().parse(text) == plain.parse(text), text


MARKDOWN_BITS = st.sampled_from(
    [
        *"[]^()!:-*_`<>{}#.|\\ \n",
        "\n\n",
        "    ",
        "a",
        "é",
        "&amp;",
        "https://x.org",
        "[^a]",
        "[^a]: note\n",
        "[foo]: /url\n",
        "[^a\n]: /u\n",
        "::: note\n",
        "::: cover\n",
        ":::\n",
        "::::",
        "- ",
        "1. ",
        "> ",
        "{#id}",
        "{.title}",
        "\x020\x03",
        "```",
        "~~~",
        "---\n",
        "***",
        "# ",
        "<div>\n",
        "<!-- c -->",
        "\t",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKDOWN_BITS, max_size=40).map("".join))
def test_the_parsers_shortcuts_on_any_markdown(text: str) -> None:
    from briefgen.compose.markdown import _parser, new_parser

    def tokens(md: Any) -> Any:
        try:
            return md.parse(text)
        except IndexError as exc:  # markdown-it's container plugin, on some odd input
            return repr(exc)

    assert tokens(_parser()) == tokens(new_parser(shortcuts=False))


def test_markdown_the_parser_cannot_read_is_a_template_error_not_a_crash() -> None:
    """mdit-py-plugins' container rule fails (IndexError) on a ::: block in a quote at the
    very end of a document: one line naming the template, no traceback."""
    from datetime import date

    from briefgen.compose.jinja import Rendered
    from briefgen.compose.markdown import build_document

    rendered = Rendered("# Title\n\n>::: note\n>", [], "partner.md.j2", ())
    meta = t.Metadata("T", "OFFICIAL", date(2026, 1, 1), "Org")
    with pytest.raises(briefgen.TemplateError, match=r"^partner\.md\.j2: the Markdown"):
        build_document(rendered, meta, lambda ref: None)
