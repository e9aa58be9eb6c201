"""Officer mistakes around contributed briefs and visit files (issue 26 item 8): "did you
mean" for brief and pack ids, skeletons in block style, repeated "To be confirmed" names, a
photograph on an inline delegate."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from briefgen.cli import main
from test_contributed_briefs import VISIT, commission
from workspace_edits import edit


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["-C", str(root), *args])


def test_a_commissioned_id_a_letter_from_a_written_brief_is_a_typo(ws_copy: Path) -> None:
    root = commission(ws_copy)
    edit(root, VISIT, "  - id: coop-agreement\n", "  - id: coop-agrement\n")
    result = run(root, "validate")
    assert result.exit_code == 2
    assert (
        f"{VISIT}:" in result.output
        and "briefs[0].id: there is no data/briefs/coop-agrement.md; did you mean 'coop-agreement'?"
        in result.output
    ), result.output


def test_a_brief_not_written_yet_is_no_typo(ws_copy: Path) -> None:
    root = commission(ws_copy)  # media-lines: requested, no file, unlike any written brief
    result = run(root, "validate")
    assert result.exit_code == 0, result.output
    assert "did you mean" not in result.output


def test_a_brief_naming_an_unknown_pack_gets_did_you_mean(ws_copy: Path) -> None:
    root = commission(ws_copy)
    edit(
        root,
        "data/briefs/mmx-talking.md",
        "status: drafted\n",
        "status: drafted\npacks: [esa-ilustrative]\n",
    )
    result = run(root, "validate")
    assert result.exit_code == 2
    assert (
        "data/briefs/mmx-talking.md:6: packs[0]: 'esa-ilustrative' is not a visit: list the ids "
        "of visits (data/visits/ID.yaml) whose packs print this brief; did you mean "
        "'esa-illustrative'?" in result.output
    ), result.output


def test_the_visit_skeleton_is_block_style_so_commas_are_safe(ws_copy: Path) -> None:
    made = run(ws_copy, "new", "visit", "esa")
    assert made.exit_code == 0, made.output
    rel = "data/visits/esa-visit.yaml"
    text = (ws_copy / rel).read_text()
    code = [line.split(" #", 1)[0] for line in text.splitlines()]
    assert not [line for line in code if ": {" in line or "- {" in line]
    assert "  #   position: Their position" in text  # flow style here split the position
    edit(
        ws_copy,
        rel,
        "  # cleared_by:\n  #   name: Clearing Officer\n  #   position: Their position\n"
        "  #   date: YYYY-MM-DD",
        "  cleared_by:\n    name: Jo Citizen\n    position: Director, International Engagement\n"
        "    date: 2026-12-01",
    )
    edit(ws_copy, rel, "\ndelegation:", "\nlocations: [Canberra, Adelaide]\ndelegation:")
    edit(ws_copy, rel, "locations: [Canberra]\n", "")
    edit(ws_copy, rel, "title: European Space Agency delegation", "title: Talks, then a tour")
    (ws_copy / "data" / "visits" / "esa-illustrative.yaml").unlink()
    result = run(ws_copy, "validate")
    assert result.exit_code == 0, result.output
    assert "unknown field" not in result.output
    tree = run(ws_copy, "tree", "esa-visit")
    assert "Talks, then a tour" in tree.output and "Director, International Engagement" in (
        run(ws_copy, "status", "esa-visit", "--format", "json").output
    )


def test_to_be_confirmed_may_repeat_a_real_name_may_not(ws_copy: Path) -> None:
    delegates = (
        "delegation:\n"
        "  - name: To be confirmed\n    role: Adviser\n"
        "  - name: To be confirmed\n    role: Interpreter\n"
    )
    edit(ws_copy, VISIT, "delegation:\n", delegates)
    result = run(ws_copy, "validate")
    assert result.exit_code == 0, result.output
    edit(ws_copy, VISIT, "To be confirmed", "Jane Doe")
    edit(ws_copy, VISIT, "To be confirmed", "Jane Doe")
    twice = run(ws_copy, "validate")
    assert twice.exit_code == 2 and "delegate 'Jane Doe' is listed twice" in twice.output


def test_a_photograph_for_an_inline_delegate_names_the_partner_file(ws_copy: Path) -> None:
    delegate = (
        "delegation:\n"
        "  - name: Kim Lee\n    role: Director\n"
        "    photo: {path: images/kim.jpg, caption: Kim Lee at the launch, sources: [x]}\n"
        "  - name: Ann Lee\n    role: Director\n    photograph: images/ann.jpg\n"
    )
    edit(ws_copy, VISIT, "delegation:\n", delegate)
    result = run(ws_copy, "validate")
    assert result.exit_code == 2
    problems = [line.strip() for line in result.output.splitlines() if line.startswith("  ")]
    photo = [p for p in problems if "delegation[0]" in p]
    assert len(photo) == 1, problems  # one line, not one per field of the photograph
    assert (
        "delegation[0].photo: a photograph with a caption and sources needs a person in "
        in (photo[0])
    )
    assert "data/partners/esa.yaml" in photo[0] and "alt: Portrait of" in photo[0]
    other = [p for p in problems if "delegation[1]" in p]
    assert (
        len(other) == 1
        and "photograph: unknown field: a delegate's photograph is photo:" in (other[0])
    )
