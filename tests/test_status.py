"""``briefgen status`` (issue 26): where each pack stands before its deadline: every
contributed brief with owner, due date and state, overdue ones marked, the pack's clearance,
delegates without a biography and placeholders left; ``--final`` exits 1 when anything is
outstanding, so CI can run it before a visit."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from briefgen.cli import main
from test_contributed_briefs import CLEARED, DRAFTED, VISIT, commission

TODAY = "2027-02-11"  # after the cleared brief's due date, before the drafted one's


def status(root: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["-C", str(root), "status", "--today", TODAY, *args], env={"COLUMNS": "160"}
    )


def as_json(root: Path, *args: str) -> dict[str, Any]:
    result = status(root, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.output)
    return report


def test_lists_the_three_briefs_with_owner_due_and_state(ws_copy: Path) -> None:
    result = status(commission(ws_copy))
    assert result.exit_code == 0, result.output
    rows = [" ".join(line.split()) for line in result.output.splitlines()]
    cleared = next(r for r in rows if r.startswith("Cooperative Agreement negotiations"))
    assert "issue International Engagement Branch 2027-02-10" in cleared
    assert "cleared by Jane Citizen, 2027-02-09" in cleared and "OVERDUE" not in cleared
    drafted = next(r for r in rows if r.startswith("MMX sample recovery"))
    assert "talking points Science Branch 2027-02-12 drafted" in drafted
    assert "OVERDUE" not in drafted
    requested = next(r for r in rows if r.startswith("Media lines for the visit"))
    assert "Communications Branch 2026-11-01 requested, OVERDUE" in requested
    assert "esa-illustrative: Illustrative visit" in result.output
    assert "brief media-lines: requested, not cleared, overdue (due 2026-11-01)" in result.output
    assert "document control: not cleared" in result.output
    assert "Josef Aschbacher has no biography" in result.output


def test_json_has_every_field_with_stable_keys(ws_copy: Path) -> None:
    report = as_json(commission(ws_copy))
    assert report["today"] == TODAY
    (pack,) = report["packs"]
    assert (pack["id"], pack["kind"]) == ("esa-illustrative", "visit")
    briefs = {b["id"]: b for b in pack["briefs"]}
    assert list(briefs) == ["coop-agreement", "mmx-talking", "media-lines"]
    coop, mmx, media = briefs.values()
    assert coop["status"] == "cleared" and coop["overdue"] is False
    assert coop["cleared_by"] == {
        "name": "Jane Citizen",
        "position": "Director, International Engagement",
    }
    assert coop["cleared_on"] == "2027-02-09" and coop["due"] == "2027-02-10"
    assert (mmx["status"], mmx["kind"], mmx["team"], mmx["overdue"]) == (
        "drafted",
        "talking points",
        "Science Branch",
        False,
    )
    assert media["status"] == "requested" and media["overdue"] is True
    assert media["written"] is False and media["team"] == "Communications Branch"
    assert media["title"] == "Media lines for the visit" and media["kind"] is None
    assert pack["document_control"] == {"cleared": False, "cleared_by": None}
    assert [b["name"] for b in pack["biographies_missing"]] == [
        "Josef Aschbacher",
        "Rolf Densing",
    ]
    assert report["outstanding"] == len(pack["outstanding"]) == 6
    assert "status: draft" in pack["outstanding"] and pack["status"] == "draft"
    # stable: sorted keys, the same bytes twice
    text = status(ws_copy, "--format", "json").output
    assert text == status(ws_copy, "--format", "json").output
    keys = re.findall(r'^ {6}"(\w+)":', text, re.M)
    assert keys == sorted(keys)


def test_final_exits_1_when_anything_is_outstanding(ws_copy: Path) -> None:
    result = status(commission(ws_copy), "--final")
    assert result.exit_code == 1
    assert "6 part(s) outstanding" in result.output
    assert "Media lines for the visit" in result.output  # the report still prints


def test_the_day_decides_what_is_overdue(ws_copy: Path) -> None:
    commission(ws_copy)
    before = CliRunner().invoke(
        main, ["-C", str(ws_copy), "status", "-f", "json", "--today", "2026-10-01"]
    )
    briefs = json.loads(before.output)["packs"][0]["briefs"]
    assert [b["overdue"] for b in briefs] == [False, False, False]
    after = as_json(ws_copy, "--today", "2027-02-13")  # the later --today wins
    assert [b["overdue"] for b in after["packs"][0]["briefs"]] == [False, True, True]


def cleared_everything(root: Path) -> Path:
    """The three-brief workspace with every part cleared: both briefs cleared, the media lines
    written and cleared, the visit's document control cleared, no delegates, status: final."""
    commission(root, drafted=DRAFTED.replace("status: drafted", CLEARANCE))
    media = CLEARED.replace("Cooperative Agreement negotiations", "Media lines")
    (root / "data" / "briefs" / "media-lines.md").write_text(media)
    visit = root / VISIT
    text = visit.read_text()
    start, end = text.index("delegation:\n"), text.index("attendees:")
    text = text[:start] + text[end:]
    text = text.replace("status: draft", "status: final").replace(
        "  reference: ILLUSTRATIVE",
        "  cleared_by: {name: Jo Citizen, position: Director, date: 2027-02-10}\n"
        "  reference: ILLUSTRATIVE",
    )
    visit.write_text(text)
    return root


CLEARANCE = """status: cleared
cleared_by:
  name: Sam Citizen
  position: Science Director
cleared_on: 2027-02-10"""


def test_final_exits_0_when_everything_is_cleared(ws_copy: Path) -> None:
    root = cleared_everything(ws_copy)
    result = status(root, "--final")
    assert result.exit_code == 0, result.output
    assert "nothing outstanding" in result.output
    assert "cleared by Jo Citizen, 2027-02-10" in " ".join(result.output.split())
    report = as_json(root, "--final")
    assert report["outstanding"] == 0
    assert report["packs"][0]["document_control"]["cleared"] is True


def test_a_stock_brief_past_its_review_date_and_a_placeholder_are_outstanding(
    ws_copy: Path,
) -> None:
    root = cleared_everything(ws_copy)
    brief = root / "data" / "briefs" / "mmx-talking.md"
    brief.write_text(brief.read_text().replace("kind:", "review_on: 2027-01-31\nkind:", 1))
    visit = root / VISIT
    text = visit.read_text().replace("status: final", "status: draft")  # a final has none
    visit.write_text(text.replace("locations: [Adelaide]", "locations: [Full Name]"))
    result = status(root, "--final")
    assert result.exit_code == 1
    flat = " ".join(result.output.split())
    assert "REVIEW DUE 2027-01-31" in flat
    assert "brief mmx-talking: past its review date (2027-01-31)" in flat
    assert "locations[0]: placeholder 'Full Name' left" in flat
    report = as_json(root)
    assert report["packs"][0]["placeholders"] == [{"field": "locations[0]", "text": "Full Name"}]


def test_any_pack_id_and_an_unknown_one(ws_copy: Path) -> None:
    report = as_json(commission(ws_copy), "esa")
    (pack,) = report["packs"]
    assert (pack["id"], pack["kind"], pack["briefs"]) == ("esa", "partner", [])
    bad = status(ws_copy, "esa-ilustrative")
    assert bad.exit_code == 2
    assert "did you mean esa-illustrative?" in bad.output
    assert "Traceback" not in bad.output and "Part" not in bad.output


def test_text_from_data_prints_literally(ws_copy: Path) -> None:
    commission(ws_copy, drafted=DRAFTED.replace("MMX sample recovery", "MMX [bold]recovery[/bold]"))
    result = status(ws_copy)
    assert "MMX [bold]recovery[/bold]" in result.output
