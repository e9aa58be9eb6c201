"""Edits the tests make to a copy of the reference workspace: one piece of text replaced,
every record verified, the packs' clearance given, the reference visit made ready to be
final."""

from __future__ import annotations

import re
from pathlib import Path

from ruamel.yaml import YAML

VISIT = "data/visits/esa-illustrative.yaml"
VISIT_UNCLEARED = (
    "  # cleared_by: {name: Illustrative clearing officer, position: Example position only,\n"
    "  #              date: 2026-11-25}"
)
"""The reference visit's clearance, commented out (it is a draft)."""
VISIT_CLEARED = (
    "  cleared_by: {name: Illustrative clearing officer, position: Example position only,\n"
    "               date: 2026-11-25}"
)
REQUESTED_BRIEF = (
    "  - id: spaceflight-points\n"
    "    team: Human spaceflight (illustrative)\n"
    "    due: 2026-11-20\n"
    "    title: Talking points on astronaut training (illustrative)\n"
)
"""The reference visit's commission of a brief not yet written (it keeps the pack a draft)."""


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace the first ``old`` in the file ``rel`` of ``root`` (which must hold it)."""
    path = root / rel
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def verify_all(ws: Path, files: list[str]) -> None:
    """Give every record of ``files`` an as_at (someone checked it on 25 November 2026)."""
    yaml = YAML()
    for rel in files:
        data = yaml.load((ws / rel).read_text())

        def mark(node: object) -> None:
            if isinstance(node, dict):
                if "sources" in node:
                    node["as_at"] = "2026-11-25"
                for value in node.values():
                    mark(value)
            elif isinstance(node, list):
                for value in node:
                    mark(value)

        mark(data)
        with (ws / rel).open("w") as f:
            yaml.dump(data, f)


def clear_packs(root: Path) -> Path:
    """``root`` with the organisation's document control cleared, so that partner packs
    have nothing outstanding (each would otherwise be a draft)."""
    edit(
        root,
        "data/organisation.yaml",
        "\ndocument_control:\n",
        "\ndocument_control:\n"
        "  cleared_by: {name: Jo Citizen, position: Director, date: 2026-11-25}\n",
    )
    return root


def with_biographies(root: Path, bio: str = "A biography for the test.") -> None:
    """The visit's two delegates given a biography (``bio``, in which ``{role}`` is the
    delegate's role) and its requested brief no longer asked for, so that clearing the
    visit leaves nothing outstanding (a missing biography or brief keeps a pack a draft)."""
    edit(root, VISIT, REQUESTED_BRIEF, "")
    visit = root / VISIT
    visit.write_text(unprinted_points(visit.read_text(encoding="utf-8")), encoding="utf-8")
    for role in ("Director General", "Director of Operations"):
        edit(
            root,
            "data/partners/esa.yaml",
            f"    role: {role}\n",
            f"    role: {role}\n    bio: {bio.format(role=role)}\n",
        )


def cleared_visit(root: Path) -> Path:
    """``root`` whose visit pack ``esa-illustrative`` has every part cleared: the pack's
    clearance given, each delegate a biography, every statement verified."""
    clear_packs(root)
    edit(root, VISIT, VISIT_UNCLEARED, VISIT_CLEARED)
    with_biographies(root, "Leads ESA's work as {role}.")
    verify_all(root, ["data/organisation.yaml", "data/partners/esa.yaml"])
    return root


def ready_visit(root: Path) -> Path:
    """``root`` whose visit pack ``esa-illustrative`` is ready to be final: `cleared_visit`,
    and the visit saying ``status: final``."""
    cleared_visit(root)
    edit(root, VISIT, "\nstatus: draft\n", "\nstatus: final\n")
    return root


def unprinted_points(visit_text: str) -> str:
    """The reference visit's text without its astronaut meeting printing the commissioned
    talking points (``contributed: spaceflight-points``), for a test that uses that brief
    another way or removes it."""
    return re.sub(r"(?m)^ +(?:# .*\n +)?contributed: spaceflight-points\n", "", visit_text)
