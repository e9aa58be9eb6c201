"""Issue 25, items 3-5: names spelt out at first mention, citations a reader can bear,
perishable facts (warned in validate, marked in drafts, refused by build --final)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import briefgen
from briefgen import tree as t
from briefgen.compose.pack import make_pack
from briefgen.markings import Marking
from cli_checks import build, edit, run
from workspace_edits import clear_packs, verify_all

ROOT = Path(__file__).resolve().parents[1]
US = "data/partners/us.yaml"
ESA = "data/partners/esa.yaml"
SPELT = {
    "ASDC": "Australian Space Discovery Centre",
    "IAC": "International Astronautical Congress",
    "CSIRO": "Commonwealth Scientific and Industrial Research Organisation",
    "ISS": "International Space Station",
    "APRSAF": "Asia Pacific Regional Space Agency Forum",
    "MMX": "Martian Moon eXploration",
    "NASA": "National Aeronautics and Space Administration",
    "JAXA": "Japan Aerospace Exploration Agency",
    "ESA": "European Space Agency",
}


@pytest.fixture(scope="module")
def ws() -> briefgen.Workspace:
    return briefgen.load_workspace(ROOT)


def body_text(doc: t.Document) -> str:
    """The body text a reader meets, in order: no headings, no title or document control
    lines (the glossary leaves those as they are)."""
    out: list[str] = []
    for block in t.iter_blocks(doc.blocks):
        if isinstance(block, t.Heading):
            continue
        if isinstance(block, t.Paragraph) and block.role in ("title", "marking", "meta", "draft"):
            continue
        for inlines in t.block_inlines(block):
            out.append(t.plain_text(inlines))
    return "\n".join(out)


def doc_text(doc: t.Document) -> str:
    """Every line of text of ``doc``, footnotes left out."""
    lines = [t.plain_text(x) for b in t.iter_blocks(doc.blocks) for x in t.block_inlines(b)]
    return "\n".join(lines)


def first_mention_spelt(text: str, acronym: str, name: str) -> bool | None:
    """Whether the first mention of ``acronym`` in ``text`` comes with its name in full
    (None when the text never mentions it)."""
    found = re.search(rf"\b{acronym}\b", text)
    if found is None:
        return None
    before, after = text[: found.start()], text[found.start() :]
    return bool(
        re.search(re.escape(name) + r"(['\u2019]s)? \($", before)
        or after.startswith(f"{acronym} ({name}")
    )


def test_each_acronym_is_spelt_out_at_its_first_mention_in_every_pack(
    ws: briefgen.Workspace,
) -> None:
    used: dict[str, int] = {}
    for _, pack_id, _ in ws.targets():
        for ceiling in (None, Marking.parse("OFFICIAL")):
            text = body_text(make_pack(ws, pack_id, ceiling).document)
            for acronym, name in SPELT.items():
                spelt = first_mention_spelt(text, acronym, name)
                if spelt is None:
                    continue
                used[acronym] = used.get(acronym, 0) + 1
                assert spelt, f"{pack_id}: first {acronym} is not spelt out"
    assert set(used) == set(SPELT)  # each acronym is used by some pack


def test_the_agency_is_avoided_beside_another_agency_and_defined_elsewhere(
    ws: briefgen.Workspace,
) -> None:
    esa = body_text(make_pack(ws, "esa").document)
    assert "the Agency" not in esa and "The Agency" not in esa
    assert "The Australian Space Agency has invested" in esa
    us = body_text(make_pack(ws, "us").document)
    first = re.search(r"\b[Tt]he Agency\b", us)
    if first is not None:  # defined where it is first used
        assert us[: first.start()].endswith("Australian Space Agency (")


def test_a_spelt_out_name_cites_the_page_that_states_it(ws: briefgen.Workspace) -> None:
    text = doc_text(make_pack(ws, "jp").document)
    assert "Japan Aerospace Exploration Agency (JAXA): Australian Embassy Tokyo (n.d.)" in text
    assert "https://japan.embassy.gov.au/tkyo/australian_space_agency_jaxa.html" in text


def test_a_single_source_pack_names_its_source_once_without_markers(
    ws: briefgen.Workspace,
) -> None:
    for pack_id in ("jp", "esa", "europe", "esa-illustrative"):
        doc = make_pack(ws, pack_id).document
        assert not t.query(lambda n: [n] if isinstance(n, t.FootnoteRef) else [], doc.blocks)
        assert doc.footnotes == ()
        text = doc_text(doc)
        line = (
            "Source: Australian Space Agency (n.d.) Space is a global industry and relies on "
            "strong international partnerships, https://space.gov.au/international-partnerships, "
            "accessed 25 November 2026."
        )
        assert text.count(line) == 1, pack_id


def test_a_source_with_a_url_prints_it_in_the_style_manual_form(ws_copy: Path) -> None:
    edit(
        ws_copy,
        "    url: https://space.gov.au/international-partnerships\n    accessed: 2026-11-25",
        "    url: https://www.example.gov.au/international\n    year: 2025\n"
        "    accessed: 2026-11-25",
        "data/sources.yaml",
    )
    doc = make_pack(briefgen.load_workspace(ws_copy), "jp").document
    source = next(
        b
        for b in doc.blocks
        if isinstance(b, t.Paragraph) and t.plain_text(b.children).startswith("Source:")
    )
    assert t.plain_text(source.children) == (
        "Source: Australian Space Agency (2025) Space is a global industry and relies on "
        "strong international partnerships, https://www.example.gov.au/international, "
        "accessed 25 November 2026."
    )
    assert any(isinstance(n, t.Emphasis) for n in source.children)  # the title in italics
    links = [n for n in source.children if isinstance(n, t.Link)]
    assert [n.href for n in links] == ["https://www.example.gov.au/international"]


def two_sources(ws: Path) -> None:
    """A second source, cited by one highlight, and points to make citing it."""
    edit(
        ws,
        "sources:\n",
        "sources:\n  - id: second\n    title: Second\n    publisher: Example\n"
        "    accessed: 2026-11-20\n",
        "data/sources.yaml",
    )
    edit(
        ws,
        "partnership_length:",
        "key_messages:\n  - text: Australia values the partnership.\n    sources: [second]\n"
        "talking_points:\n  - text: Ask about MMX.\n    sources: [second]\n"
        "partnership_length:",
    )


def test_no_marker_in_points_to_make_names_or_short_items(ws_copy: Path) -> None:
    two_sources(ws_copy)
    doc = make_pack(briefgen.load_workspace(ws_copy), "jp").document
    assert len(doc.footnotes) == 2  # a pack of two sources keeps its markers
    assert t.query(lambda n: [n] if isinstance(n, t.FootnoteRef) else [], doc.blocks)

    def items_after(heading: str) -> list[t.Inlines]:
        blocks = list(t.iter_blocks(doc.blocks))
        at = next(
            i
            for i, b in enumerate(blocks)
            if isinstance(b, (t.Heading, t.Paragraph)) and t.plain_text(b.children) == heading
        )
        lst = next(b for b in blocks[at:] if isinstance(b, t.BulletList))
        return [p.children for item in lst.items for p in item.blocks if isinstance(p, t.Paragraph)]

    for heading in ("Points to make", "Talking points", "Areas of cooperation", "Key facts: Japan"):
        for inlines in items_after(heading):
            refs = [n for n in t.walk_inlines(inlines) if isinstance(n, t.FootnoteRef)]
            if heading.startswith("Key facts") and not t.plain_text(inlines).startswith(
                ("Agency", "Head")
            ):
                continue  # a key fact beyond the names keeps its citation
            assert not refs, (heading, t.plain_text(inlines))


# ------------------------------------------------------------------ perishable facts


def test_validate_warns_on_the_acting_title_and_the_2026_milestone() -> None:
    result = run("validate", "-w", str(ROOT), "--today", "2026-11-25")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    acting = [x for x in lines if x.startswith(f"warning: {US}: people[0].role:")]
    assert acting and "acting title" in acting[0] and "as_at: 2026-11-25" in acting[0]
    milestone = [x for x in lines if x.startswith(f"warning: {ESA}: milestones[0].date:")]
    assert milestone and "2026" in milestone[0] and "as_at:" in milestone[0]
    assert any("'Today'" in x for x in lines)  # a relative phrase


def test_build_final_refuses_unverified_records_until_as_at_is_set(ws_copy: Path) -> None:
    refused = build(ws_copy, "--final", "us", "esa", "-f", "pdf")
    assert refused.exit_code == 2, refused.output
    assert f"{US}: people[0].role: 'acting Administrator' is an acting title" in refused.output
    assert f"{ESA}: milestones[0].date: milestone dated 2026" in refused.output
    assert not (ws_copy / "out").exists()  # nothing built
    verify_all(ws_copy, [US, ESA, "data/organisation.yaml"])
    built = build(clear_packs(ws_copy), "--final", "us", "esa", "-f", "pdf")
    assert built.exit_code == 0, built.output
    assert (ws_copy / "out" / "us.pdf").is_file()


def test_a_draft_marks_perishable_text_verify_before_issue(ws_copy: Path) -> None:
    (ws_copy / "briefgen.toml").write_text("draft = true\n")
    ws = briefgen.load_workspace(ws_copy)
    text = doc_text(make_pack(ws, "us").document)
    assert "acting Administrator" in text
    assert re.search(r"acting Administrator[^\n]*\[verify before issue\]", text)
    esa = doc_text(make_pack(ws, "esa").document)
    assert re.search(r"New Norcia-3 enters service[^\n]*\[verify before issue\]", esa)
    assert "Acknowledgement of Country [verify" not in esa  # whole words only
    # a milestone printed as its sentence in a timeline, not by its label, is marked too
    for ident in ("europe", "esa-illustrative"):
        said = doc_text(make_pack(ws, ident).document)
        assert "New Norcia-3 will enter service. [verify before issue]" in said, ident
    (ws_copy / "briefgen.toml").write_text("")
    final = briefgen.load_workspace(clear_packs(ws_copy))  # not a draft: no marks
    assert "[verify before issue]" not in doc_text(make_pack(final, "us").document)


def test_a_name_that_takes_the_gets_it_where_the_short_form_had_none(
    ws: briefgen.Workspace,
) -> None:
    """glossary.yaml's ``article: the``: "At IAC 2025" first reads "At the International
    Astronautical Congress (IAC) 2025", never "At International ..." nor "the the"."""
    esa = body_text(make_pack(ws, "esa").document)
    assert "At the International Astronautical Congress (IAC) 2025" in esa
    assert "At International Astronautical Congress" not in esa
    assert "the the" not in esa.lower()
