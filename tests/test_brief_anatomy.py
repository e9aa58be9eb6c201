"""The shape of a real brief (issue 14): document control on page 1 and in the files'
properties, warnings for an uncleared visit brief, region packs that say something of
their own, each fact once, nothing about how the packs are made."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

import briefgen
from briefgen import tree as t
from briefgen.cli import main
from workspace_edits import edit

ROOT = Path(__file__).resolve().parents[1]
VISIT = "data/visits/esa-illustrative.yaml"


@pytest.fixture(scope="module")
def ws() -> briefgen.Workspace:
    return briefgen.load_workspace(ROOT)


def _words(inlines: tuple[t.Inline, ...]) -> str:
    """Text without footnote numbers."""
    return t.plain_text(tuple(i for i in inlines if not isinstance(i, t.FootnoteRef)))


def texts(doc: t.Document) -> list[str]:
    """Every run of reader-visible text in the body, footnote numbers left out."""
    out: list[str] = []
    for block in t.iter_blocks(doc.blocks):
        if isinstance(block, (t.Heading, t.Paragraph)):
            out.append(_words(block.children))
        elif isinstance(block, t.Table):
            out.extend(_words(c) for row in (block.header, *block.rows) for c in row)
            out.append(block.caption or "")
        elif isinstance(block, t.Figure):
            out += [block.caption, block.credit or ""]
    return out


def sentences(doc: t.Document) -> list[str]:
    return [
        s.strip()
        for text in texts(doc)
        for s in re.split(r"(?<=[.!?])\s+", text)
        if len(s.split()) >= 8
    ]


def test_no_sentence_of_eight_words_appears_more_than_twice(ws: briefgen.Workspace) -> None:
    for _, ident, _ in ws.targets():
        counts = Counter(sentences(ws.pack(ident).document))
        repeated = {s: n for s, n in counts.items() if n > 2}
        assert not repeated, (ident, repeated)


FORBIDDEN = re.compile(
    r"briefgen|data ?set|web ?page|the page's|this page|source page|captured|"
    r"\bYAML\b|reference grouping",
    re.IGNORECASE,
)


def test_no_pack_speaks_of_the_software_the_dataset_or_web_pages(
    ws: briefgen.Workspace,
) -> None:
    for _, ident, _ in ws.targets():
        doc = ws.pack(ident).document
        body = "\n".join(texts(doc))
        notes = "\n".join(_words(b.children) for n in doc.footnotes for b in n.blocks)  # type: ignore[union-attr]
        assert not FORBIDDEN.search(body + notes + doc.meta.title), (ident, FORBIDDEN.search(body))


def test_every_region_table_is_mostly_filled(ws: briefgen.Workspace) -> None:
    for rid in ws.regions:
        doc = ws.pack(rid).document
        tables = [
            b for b in doc.blocks if isinstance(b, t.Table) and "compared" in (b.caption or "")
        ]
        for table in tables:
            cells = [_words(c).strip() for row in table.rows for c in row]
            assert sum(1 for c in cells if c and c != "—") >= 2 / 3 * len(cells), (rid, cells)
            assert len(table.header) <= 5  # fits a portrait page


def test_next_milestone_is_the_nearest_future_one(ws: briefgen.Workspace) -> None:
    from briefgen.compose.facts import latest_milestone, next_milestone

    jp, esa = ws.partners["jp"], ws.partners["esa"]
    edition = ws.pack("jp").edition
    nxt = next_milestone(jp, edition)
    assert nxt is not None and nxt.date.format() == "approximately 2031"
    assert nxt.label == "MMX samples from Phobos land in South Australia"  # no date twice
    last = latest_milestone(esa, edition)
    # not the 2026 one; the year-only 2025 (the mandate) sorts after October 2025
    assert last is not None and last.date.format() == "2025"


def test_visit_brief_page_one_and_properties_in_both_editions(tmp_path: Path) -> None:
    from docx import Document as Docx
    from pypdf import PdfReader

    ws = briefgen.load_workspace(ROOT)
    pack = ws.pack("esa-illustrative")
    pdf, docx = pack.write(tmp_path / "v.pdf"), pack.write(tmp_path / "v.docx")
    page1 = PdfReader(pdf).pages[0].extract_text()
    for line in (
        "Contact officer: Illustrative contact officer",
        "visits@example.org",
        "25 November 2026",
        "Reference: ILLUSTRATIVE-esa-illustrative-20261125",
    ):
        assert line in page1.replace("\n", " "), line
    word = Docx(str(docx))
    first = "\n".join(p.text for p in word.paragraphs[:14])
    assert "Contact officer: Illustrative contact officer" in first
    assert "Cleared by:" not in first  # a draft is not cleared
    props = word.core_properties
    assert props.identifier == "ILLUSTRATIVE-esa-illustrative-20261125"
    assert props.version == "0.1"
    assert "Contact officer: Illustrative contact officer" in props.comments
    assert props.author == "International engagement (illustrative)"
    xmp = PdfReader(pdf).xmp_metadata
    assert xmp is not None
    raw = PdfReader(pdf).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<dc:identifier>ILLUSTRATIVE-esa-illustrative-20261125</dc:identifier>" in raw


def _drop_control(root: Path) -> None:
    path = root / VISIT
    text = path.read_text()
    start = text.index("document_control:")
    end = text.index("sources:", start)
    path.write_text(text[:start] + text[end:])


def _drop_org_control(root: Path) -> None:
    """Take the illustrative document control out of the organisation's file."""
    path = root / "data" / "organisation.yaml"
    text = path.read_text()
    start = text.index("document_control:")
    end = text.index("# The two paragraphs", start)
    path.write_text(text[:start] + text[end:])


def test_a_visit_brief_without_contact_or_clearance_is_a_warning(ws_copy: Path) -> None:
    _drop_control(ws_copy)
    _drop_org_control(ws_copy)
    runner = CliRunner()
    ok = runner.invoke(main, ["-C", str(ws_copy), "validate", "--today", "2026-11-28"])
    assert ok.exit_code == 0, ok.output
    assert (
        f"warning: {VISIT}: document_control.contact_officer: the visit brief has no "
        "contact officer" in ok.output
    )
    assert "cleared_by" not in ok.output  # a draft is not cleared yet: no warning
    strict = runner.invoke(
        main, ["-C", str(ws_copy), "validate", "--today", "2026-11-28", "--strict"]
    )
    warned = ok.output.count("warning: ")  # with the delegates' biography gaps
    assert strict.exit_code == 2 and f"{warned} warning(s) with --strict" in strict.output
    # with no clearance, a final brief's page 1 says so rather than leaving the reader to
    # guess (a draft's says DRAFT)
    doc = briefgen.load_workspace(ws_copy).pack("jp").document
    assert "Clearance of this pack" in texts(doc) and "DRAFT" in texts(doc)


def test_organisation_defaults_apply_to_every_pack_and_a_visit_overrides_them(
    ws_copy: Path,
) -> None:
    _drop_org_control(ws_copy)
    org = ws_copy / "data" / "organisation.yaml"
    org.write_text(
        org.read_text() + "document_control:\n"
        "  prepared_by: International Division\n"
        "  contact_officer: {name: Sam Lee, position: Director, phone: +61 2 6276 1000}\n"
        "  reference: ASA-{id}-{edition}\n"
    )
    ws = briefgen.load_workspace(ws_copy)
    jp = "\n".join(texts(ws.pack("jp").document))
    assert "Prepared by: International Division" in jp
    assert "Contact officer: Sam Lee, Director, +61 2 6276 1000" in jp
    assert "Reference: ASA-jp-20261125" in jp
    assert "Clearance of this pack" in jp  # no clearance is a default: outstanding
    visit = "\n".join(texts(ws.pack("esa-illustrative").document))
    assert "Contact officer: Illustrative contact officer" in visit  # the visit's own
    assert "Reference: ILLUSTRATIVE-esa-illustrative-20261125" in visit


def test_reference_is_not_a_format_string(ws_copy: Path) -> None:
    edit(
        ws_copy, VISIT, "reference: ILLUSTRATIVE-{id}-{edition}", "reference: X-{id.__class__}-{0}"
    )
    doc = briefgen.load_workspace(ws_copy).pack("esa-illustrative").document
    assert "Reference: X-{id.__class__}-{0}" in "\n".join(texts(doc))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    sources: [asa-international-partnerships]\nif_raised:",
            "    sources: [no-such-source]\nif_raised:",
            "key_messages[1].sources[0]: unknown source 'no-such-source'",
        ),
        (
            "\nsources: [asa-international-partnerships]\n",
            "\nattachments:\n  - {title: Brief, partner: xx}\n"
            "sources: [asa-international-partnerships]\n",
            "attachments[0].partner: unknown partner 'xx'",
        ),
        (
            "    email: visits@example.org\n  # A draft",
            "  # A draft",
            "document_control.contact_officer: a contact officer needs a phone or an email",
        ),
    ],
)
def test_new_visit_fields_are_checked(ws_copy: Path, old: str, new: str, expected: str) -> None:
    edit(ws_copy, VISIT, old, new)
    with pytest.raises(briefgen.DataError) as info:
        briefgen.load_workspace(ws_copy)
    messages = [str(p) for p in info.value.problems]
    assert any(m.startswith(VISIT) and expected in m for m in messages), messages


def test_partner_key_messages_print_when_the_data_has_them(ws_copy: Path) -> None:
    edit(
        ws_copy,
        "data/partners/in.yaml",
        "overview:",
        "key_messages:\n  - text: India is one of our enduring partners.\n"
        "    sources: [asa-international-partnerships]\n"
        "talking_points:\n  - text: Space cooperation covers space situational awareness.\n"
        "overview:",
    )
    doc = briefgen.load_workspace(ws_copy).pack("in").document
    heads = [t.plain_text(h.children) for h in doc.iter_headings()]
    assert heads[:3] == ["Key messages", "Points to make", "Talking points"]
    body = "\n".join(texts(doc))
    assert "India is one of our enduring partners." in body
    assert "Space cooperation covers space situational awareness." in body


def test_new_fields_reach_the_schema_and_the_skeleton(ws: briefgen.Workspace) -> None:
    from datetime import date

    from briefgen.data.model import json_schemas
    from briefgen.data.skeleton import visit_skeleton

    visit = json_schemas()["visit"]
    for name in ("their_objectives", "likely_asks", "attachments", "document_control"):
        assert visit["properties"][name]["description"]
    person = json_schemas()["partner"]["$defs"]["Person"]["properties"]
    assert person["previous_meetings"]["description"]
    text = visit_skeleton(ws, "esa", date(2026, 11, 28))
    for name in ("their_objectives:", "likely_asks:", "document_control:", "contact_officer:"):
        assert name in text
    doc = (ROOT / "docs" / "data-model.md").read_text()
    for name in ("likely_asks", "previous_meetings", "contact_officer", "cleared_by"):
        assert f"`{name}`" in doc
    json.dumps(visit)  # serialisable for editors


@pytest.mark.parametrize(
    ("text", "when", "expected"),
    [
        ("Signed in July 2020.", "2020-07", "Signed."),
        ("On display at the ASDC from October 2025.", "2025-10", "On display at the ASDC."),
        ("Samples land by approximately 2031.", "~2031", "Samples land."),
        ("Held in Perth in 2024, with JAXA.", "2024", "Held in Perth in 2024, with JAXA."),
        ("Signed in July 2020.", "2021-07", "Signed in July 2020."),  # another date stays
        ("Signed in July 2020.", "unknown", "Signed in July 2020."),
    ],
)
def test_a_timeline_sentence_does_not_end_by_repeating_its_date(
    text: str, when: str, expected: str
) -> None:
    from briefgen.compose.jinja import without_date
    from briefgen.dates import FuzzyDate

    assert without_date(text, FuzzyDate.parse(when)) == expected
