"""Visit briefs: the visit file's checks name file and field; the brief holds what the
officer wrote and pulls the partner's background; the skeleton validates once filled in."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import briefgen
import workspace_edits
from briefgen import tree as t
from briefgen.cli import main

ROOT = Path(__file__).resolve().parents[1]
VISIT = "data/visits/esa-illustrative.yaml"


def edit(root: Path, old: str, new: str) -> None:
    workspace_edits.edit(root, VISIT, old, new)


def problems(root: Path) -> list[str]:
    with pytest.raises(briefgen.DataError) as info:
        briefgen.load_workspace(root)
    return [str(p) for p in info.value.problems]


def test_program_item_outside_the_visit_dates(ws_copy: Path) -> None:
    edit(ws_copy, "  - date: 2027-03-03", "  - date: 2027-03-09")
    (msg,) = problems(ws_copy)
    assert msg.startswith(f"{VISIT}:")
    assert "program[2].date: 2027-03-09 is outside the visit's dates (2 to 3 March 2027)" in msg


def test_program_items_out_of_time_order(ws_copy: Path) -> None:
    edit(ws_copy, 'start: "09:30"', 'start: "08:30"')
    (msg,) = problems(ws_copy)
    assert f"{VISIT}:" in msg and "program[1].date" in msg and "time order" in msg


def test_referenced_person_must_exist(ws_copy: Path) -> None:
    edit(ws_copy, "person: rolf-densing", "person: rolf-densign")
    (msg,) = problems(ws_copy)
    assert msg.startswith(f"{VISIT}:")
    assert "delegation[1].person: person 'rolf-densign' is not in data/partners/esa.yaml" in msg


def test_attendee_must_be_in_the_organisation(ws_copy: Path) -> None:
    edit(ws_copy, "attendees: [enrico-palermo", "attendees: [enrico-palerm")
    (msg,) = problems(ws_copy)
    assert "attendees[0]" in msg and "data/organisation.yaml" in msg


def test_contact_needs_a_phone_or_an_email(ws_copy: Path) -> None:
    edit(ws_copy, "    email: visits@example.org\n", "")
    (msg,) = problems(ws_copy)
    assert msg.startswith(f"{VISIT}:") and "contacts[0]" in msg
    assert "a contact needs a phone or an email" in msg


def test_visit_brief_contents() -> None:
    ws = briefgen.load_workspace(ROOT)
    doc = ws.pack("esa-illustrative").document
    assert doc.meta.draft and doc.meta.marking == "OFFICIAL: Sensitive"
    assert "Illustrative" in doc.meta.title
    h1 = [t.plain_text(h.children) for h in doc.iter_headings() if h.level == 1]
    assert h1 == [  # the order a reader uses a visit brief in: why and what to say first
        "Visit at a glance",
        "Key messages",
        "If raised",
        "Their objectives and likely asks",
        "Program at a glance",
        "Meeting: Welcome and introductions (illustrative)",
        "Meeting: Bilateral meeting on the Cooperative Agreement (illustrative)",
        "Meeting: Discussion of astronaut training (illustrative)",
        "Run sheet",
        "Cooperative Agreement negotiations (illustrative)",  # a contributed brief (the
        # other, the astronaut meeting's talking points, prints on that meeting's page)
        "Protocol",
        "Interpreting",
        "Media lines",
        "Security and handling",
        "Biographies",
        "Background: European Space Agency",
        "Logistics",
        "Contacts",
        "Attachments",
        "Sources",
    ]
    h2 = [t.plain_text(h.children) for h in doc.iter_headings() if h.level == 2]
    # the defensive points follow the messages they qualify (the one sensitivity is among
    # the top three on the visit-at-a-glance page)
    assert h2[:5] == [
        "Points to make",
        "Their objectives",
        "Likely asks",
        "Tuesday 2 March 2027",
        "Wednesday 3 March 2027",
    ]
    assert "Further sensitivities" not in h1
    assert h2.index("Delegation") < h2.index("Australian Space Agency attendees")
    text = "\n".join(
        t.plain_text(b.children) for b in t.iter_blocks(doc.blocks) if isinstance(b, t.Paragraph)
    )
    assert "Josef Aschbacher" in text and "Director General, European Space Agency" in text
    assert "graduated as the first qualified astronaut" in text  # attendee biography
    assert "almost 50 years" in text  # the partner's background, from its data
    cover = doc.blocks[0]
    assert isinstance(cover, t.Callout) and cover.kind == "cover"
    roles = {b.role: t.plain_text(b.children) for b in cover.blocks if isinstance(b, t.Paragraph)}
    assert roles["draft"] == "DRAFT"
    assert roles["subtitle"] == "Visit brief, 2 to 3 March 2027, Adelaide"
    assert doc.meta.title == "Illustrative visit: European Space Agency delegation"
    meta = [t.plain_text(b.children) for b in cover.blocks if getattr(b, "role", "") == "meta"]
    assert meta == [
        "Information as at 25 November 2026",
        "Prepared by: International engagement (illustrative)",
        "Contact officer: Illustrative contact officer, Example position only, visits@example.org",
        "Reference: ILLUSTRATIVE-esa-illustrative-20261125; Version 0.1",
        "Handling: this document is OFFICIAL: Sensitive. Store, send and dispose of it as the "
        "Protective Security Policy Framework (PSPF) requires for OFFICIAL: Sensitive "
        "information, and share it only with people who need to know it.",
        "Outstanding:",  # then the list of what is outstanding
    ]  # a draft prints no clearance
    assert "Previous meetings:" in text  # the delegation's biographies
    assert (
        "Met Enrico Palermo (Head of the Australian Space Agency) and Katherine Bennell-Pegg "
        "(Australian astronaut) at the inauguration of New Norcia-3, October 2025." in text
    )
    assert roles["marking"] == "OFFICIAL: Sensitive"


def test_releasable_edition_leaves_out_marked_points() -> None:
    from briefgen.compose.pack import make_pack
    from briefgen.markings import Marking

    ws = briefgen.load_workspace(ROOT)
    full = t.dump(make_pack(ws, "esa-illustrative").document)
    edition = make_pack(ws, "esa-illustrative", Marking.parse("OFFICIAL"))
    assert "defensive point marked OFFICIAL: Sensitive" in full
    assert "defensive point marked OFFICIAL: Sensitive" not in t.dump(edition.document)
    assert edition.marking.banner() == "OFFICIAL"


def test_new_visit_skeleton_lists_people_and_validates(ws_copy: Path) -> None:
    result = CliRunner().invoke(main, ["new", "visit", "esa", "--workspace", str(ws_copy)])
    assert result.exit_code == 0, result.output
    text = (ws_copy / "data/visits/esa-visit.yaml").read_text()
    assert "person: josef-aschbacher" in text and "rolf-densing" in text
    assert "enrico-palermo" in text
    ws = briefgen.load_workspace(ws_copy)  # valid as written
    assert "esa-visit" in ws.visits
    again = CliRunner().invoke(main, ["new", "visit", "esa", "--workspace", str(ws_copy)])
    assert again.exit_code == 2 and "already exists" in again.output
    unknown = CliRunner().invoke(main, ["new", "visit", "jpn", "--workspace", str(ws_copy)])
    assert unknown.exit_code == 2 and "did you mean jp" in unknown.output
