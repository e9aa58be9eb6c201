"""A visit chooses its background (issue 25, item 9): ``background:`` names partner
sections or records, printed instead of a fixed overview-and-agreements."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import briefgen
from briefgen import tree as t
from briefgen.cli import main
from conftest import ROOT

VISIT = "data/visits/esa-illustrative.yaml"


def _background(doc: t.Document) -> str:
    """The text of the visit brief's background sections."""
    blocks = list(doc.blocks)
    start = next(
        i
        for i, b in enumerate(blocks)
        if isinstance(b, t.Heading) and t.plain_text(b.children).startswith("Background")
    )
    end = next(
        i
        for i, b in enumerate(blocks[start + 1 :], start + 1)
        if isinstance(b, t.Heading) and b.level == 1
    )
    lines = []
    for block in t.iter_blocks(blocks[start:end]):
        for inlines in t.block_inlines(block):
            lines.append(t.plain_text(inlines))
    return "\n".join(lines)


def test_the_reference_visit_prints_the_background_it_chose() -> None:
    doc = briefgen.load_workspace(ROOT).pack("esa-illustrative").document
    text = _background(doc)
    # only what the rest of the brief does not say: when New Norcia-3 enters service (the
    # key messages and talking points state the partnership, the agreement and the antenna)
    assert "New Norcia-3 will enter service" in text and "Timeline" in text
    assert "Negotiations mandated" not in text and "Relationship overview" not in text
    assert "European Astronaut Centre" not in text  # Katherine Bennell-Pegg's biography says it


def _with_background(ws: Path, lines: str) -> None:
    visit = ws / VISIT
    text = visit.read_text()
    start = text.index("background:\n")
    end = text.index("logistics:")
    visit.write_text(text[:start] + "background:\n" + lines + text[end:])


def test_a_visit_may_take_another_partners_section(ws_copy: Path) -> None:
    _with_background(ws_copy, "  - {partner: jp, section: programs}\n")
    doc = briefgen.load_workspace(ws_copy).pack("esa-illustrative").document
    heads = [t.plain_text(h.children) for h in t.headings(doc)]
    assert "Background: Japan" in heads and "Background: European Space Agency" not in heads
    text = _background(doc)
    assert "MMX" in text and "Programs and missions" in text
    assert "Relationship overview" not in text  # only what was named


def test_a_record_the_partner_lacks_is_a_one_line_error(ws_copy: Path) -> None:
    _with_background(ws_copy, "  - {partner: esa, record: Gateway}\n")
    result = CliRunner().invoke(main, ["-C", str(ws_copy), "validate"])
    assert result.exit_code == 2
    (line,) = [x for x in result.output.splitlines() if "background" in x]
    assert line.strip().startswith(f"{VISIT}:")
    assert "background[0].record: data/partners/esa.yaml has no record 'Gateway'" in line
    assert "e.g. " in line


def test_section_and_record_together_are_refused(ws_copy: Path) -> None:
    _with_background(ws_copy, "  - {partner: esa, section: overview, record: New Norcia-3}\n")
    result = CliRunner().invoke(main, ["-C", str(ws_copy), "validate"])
    assert result.exit_code == 2
    assert "give either section: or record:" in result.output
