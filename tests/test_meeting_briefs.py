"""Issue 26 item 5: per-meeting briefs.  A program item carries its own brief (or names a
contributed one); the visit pack opens with the visit at a glance, then the program at a
glance, one meeting per page, then the run sheet.  Page fit is read back from the PDF
(pdfplumber) and from LibreOffice's layout of the .docx; the releasable edition is read
back from both files."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pytest
from ruamel.yaml import YAML

import briefgen
from briefgen import tree as t
from conftest import brief_pages

ROOT = Path(__file__).resolve().parents[1]
VISIT = "data/visits/esa-illustrative.yaml"
MEETINGS = [
    "Meeting: Welcome and introductions (illustrative)",
    "Meeting: Bilateral meeting on the Cooperative Agreement (illustrative)",
    "Meeting: Discussion of astronaut training (illustrative)",
]


def _pages(pdf: Path) -> list[list[str]]:
    """Each page's lines of text, top to bottom (the draft's 110 pt diagonal DRAFT left
    out: its letters would join whichever line they cross)."""
    with pdfplumber.open(str(pdf)) as doc:
        return [
            [ln["text"] for ln in page.filter(_not_watermark).extract_text_lines()]
            for page in doc.pages
        ]


def _not_watermark(obj: dict[str, Any]) -> bool:
    return obj.get("object_type") != "char" or float(obj.get("size", 0)) < 50


def _heading_page(pages: list[list[str]], heading: str) -> int:
    """The page (0-based) whose body opens with ``heading`` (it may wrap over two lines):
    it must be the first thing under the running head, nothing of the page before it."""
    found = []
    for i, lines in enumerate(pages):
        # lines 0-1: the marking and the running head; the heading follows at once
        top = " ".join(" ".join(lines[2:5]).split())
        if top.startswith(heading):
            found.append(i)
    assert len(found) == 1, (heading, found)
    return found[0]


def _check_layout(pdf: Path) -> None:
    pages = _pages(pdf)
    first = " ".join(pages[0])
    assert "Visit at a glance" in first and "Key messages" in first  # page 1: why and what to say
    assert "Program at a glance" in " ".join(pages[1])
    at = [_heading_page(pages, h) for h in MEETINGS]
    run_sheet = _heading_page(pages, "Run sheet")
    # one page each: every meeting starts the page after the one before it, so none spills
    assert at == [at[0], at[0] + 1, at[0] + 2] and at[0] >= 1, (pdf.name, at)
    assert run_sheet == at[-1] + 1
    # each meeting page holds its whole brief: its last section is on it
    for page in at:
        text = " ".join(pages[page])
        assert "Handling" in text and "Interpreter:" in text, (pdf.name, page)
    assert "Likely asks and responses" in " ".join(pages[at[1]])


def test_each_meeting_brief_fits_one_page_in_the_pdf(reference_packs: Path) -> None:
    _check_layout(reference_packs / "esa-illustrative.pdf")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_each_meeting_brief_fits_one_page_in_word(reference_editions: tuple[Path, Path]) -> None:
    _, lo = reference_editions
    _check_layout(lo / "esa-illustrative.pdf")


def test_a_meeting_page_names_participants_from_their_records() -> None:
    doc = briefgen.load_workspace(ROOT).pack("esa-illustrative").document
    text = [t.plain_text(b.children) for b in t.iter_blocks(doc.blocks) if hasattr(b, "children")]
    # titles come from data/organisation.yaml and data/partners/esa.yaml
    assert (
        "European Space Agency: Josef Aschbacher (Director General) and Rolf Densing "
        "(Director of Operations)" in text
    )
    assert "Australian Space Agency: Katherine Bennell-Pegg (Australian astronaut)" in text
    breaks = [b for b in doc.blocks if isinstance(b, t.PageBreak)]
    assert len(breaks) == 4  # before each of the three meetings and the run sheet


def test_handling_is_a_labelled_value_printed_once_on_the_meeting_page() -> None:
    """The handling reads "Media: open; media present", not "Press: open: media present";
    the run sheet does not print a meeting's media and interpreter again (its page does)."""
    doc = briefgen.load_workspace(ROOT).pack("esa-illustrative").document
    items = [t.plain_text(i) for b in t.iter_blocks(doc.blocks) for i in t.block_inlines(b)]
    assert items.count("Media: closed; no media") == 2
    assert items.count("Media: open; media present") == 1
    assert not [x for x in items if x.startswith("Press")]
    sheets = [
        b
        for b in t.iter_blocks(doc.blocks)
        if isinstance(b, t.Table) and (b.name or "").startswith("Run sheet")
    ]
    cells = [t.plain_text(c) for b in sheets for c in (*b.header, *(c for r in b.rows for c in r))]
    assert len(sheets) == 2 and "Notes" in cells
    assert not [c for c in cells if "Interpreter" in c or "Press" in c or "Handling" in c]


# ---------------------------------------------------------------- data files


def _load(root: Path) -> tuple[YAML, dict]:  # type: ignore[type-arg]
    yaml = YAML()
    return yaml, yaml.load((root / VISIT).read_text(encoding="utf-8"))


def _save(root: Path, yaml: YAML, data: object) -> None:
    buf = io.StringIO()
    yaml.dump(data, buf)
    (root / VISIT).write_text(buf.getvalue(), encoding="utf-8")


def _problems(root: Path) -> list[str]:
    with pytest.raises(briefgen.DataError) as info:
        briefgen.load_workspace(root)
    return [str(p) for p in info.value.problems]


def _line_of(root: Path, needle: str) -> int:
    lines = (root / VISIT).read_text(encoding="utf-8").split("\n")
    return next(i + 1 for i, line in enumerate(lines) if needle in line)


def test_a_participant_by_id_and_by_name_at_once(ws_copy: Path) -> None:
    yaml, data = _load(ws_copy)
    data["program"][0]["brief"]["ours"][0]["name"] = "Enrico Palermo"
    _save(ws_copy, yaml, data)
    (msg,) = _problems(ws_copy)
    line = _line_of(ws_copy, "person: enrico-palermo")
    assert msg.startswith(f"{VISIT}:{line}: program[0].brief.ours[0]: "), msg
    assert "name a participant by id or by name and title, not both" in msg
    assert "{person: enrico-palermo}" in msg and "\n" not in msg


def test_a_participant_by_name_needs_a_title(ws_copy: Path) -> None:
    yaml, data = _load(ws_copy)
    del data["program"][1]["brief"]["ours"][1]["title"]
    _save(ws_copy, yaml, data)
    (msg,) = _problems(ws_copy)
    assert "program[1].brief.ours[1]" in msg and "takes name: and title:" in msg


def test_an_unknown_participant_says_where_people_are(ws_copy: Path) -> None:
    yaml, data = _load(ws_copy)
    data["program"][0]["brief"]["ours"][0]["person"] = "enrico-palerm"
    data["program"][2]["brief"]["theirs"][0]["person"] = "rolf-densign"
    _save(ws_copy, yaml, data)
    first, second = sorted(_problems(ws_copy), key=lambda m: "program[2]" in m)
    assert "program[0].brief.ours[0].person: person 'enrico-palerm' is not in " in first
    assert "data/organisation.yaml" in first and "enrico-palermo" in first  # did you mean
    assert "program[2].brief.theirs[0].person: person 'rolf-densign' is not in " in second
    assert "data/partners/esa.yaml" in second and "rolf-densing" in second


def test_a_partners_person_without_partner_gets_told_to_add_it(ws_copy: Path) -> None:
    yaml, data = _load(ws_copy)
    data["program"][0]["brief"]["ours"][0]["person"] = "rolf-densing"
    _save(ws_copy, yaml, data)
    (msg,) = _problems(ws_copy)
    assert msg.endswith(
        "program[0].brief.ours[0].person: person 'rolf-densing' is not in "
        "data/organisation.yaml: for a partner's person add partner:, e.g. "
        "{partner: esa, person: rolf-densing}"
    )


def test_the_schema_takes_a_brief_written_out_or_by_id() -> None:
    from briefgen.data.model import json_schemas

    schema = json_schemas()["visit"]
    brief = schema["$defs"]["ProgramItem"]["properties"]["brief"]
    kinds = [k.get("$ref", k.get("type")) for k in brief["anyOf"]]
    assert kinds == ["#/$defs/MeetingBrief", "string", "null"]
    fields = schema["$defs"]["MeetingBrief"]["properties"]
    assert {"purpose", "ours", "theirs", "outcomes", "talking_points"} <= set(fields)
    assert {"likely_asks", "handling", "contributed", "marking"} <= set(fields)
    assert {"protocol", "interpreting", "media_lines", "security"} <= set(schema["properties"])


def test_press_is_open_or_closed(ws_copy: Path) -> None:
    yaml, data = _load(ws_copy)
    data["program"][0]["brief"]["handling"]["press"] = "ajar"
    _save(ws_copy, yaml, data)
    (msg,) = _problems(ws_copy)
    assert "program[0].brief.handling.press" in msg
    assert "'open'" in msg and "'closed'" in msg and "\n" not in msg


def test_an_unknown_contributed_brief(ws_copy: Path) -> None:
    yaml, data = _load(ws_copy)
    data["program"][2]["brief"] = "astronaut-training"
    _save(ws_copy, yaml, data)
    (msg,) = _problems(ws_copy)
    line = _line_of(ws_copy, "brief: astronaut-training")
    assert msg.startswith(f"{VISIT}:{line}: program[2].brief: no brief 'astronaut-training'")
    assert "write data/briefs/astronaut-training.md" in msg


BRIEF = """---
title: Astronaut training cooperation
kind: talking points
team: Human Spaceflight Section (illustrative)
---
Quokka meeting brief text, printed on the meeting's page.

- A point from the contributed brief.
"""


def test_a_meeting_prints_the_contributed_brief_it_names(ws_copy: Path) -> None:
    (ws_copy / "data/briefs").mkdir(exist_ok=True)
    (ws_copy / "data/briefs/astronaut-training.md").write_text(BRIEF, encoding="utf-8")
    yaml, data = _load(ws_copy)
    data["program"][2]["brief"] = "astronaut-training"  # by id alone
    _save(ws_copy, yaml, data)
    pack = briefgen.load_workspace(ws_copy).pack("esa-illustrative")
    pdf = ws_copy / "v.pdf"
    pdf.write_bytes(pack.render("pdf").data)
    pages = _pages(pdf)
    page = _heading_page(pages, MEETINGS[2])
    text = " ".join(" ".join(p) for p in pages)
    assert "Quokka meeting brief text" in " ".join(pages[page])
    assert text.count("Quokka meeting brief text") == 1  # not again as a section of its own
    assert "Talking points; Human Spaceflight Section (illustrative)" in " ".join(pages[page])


# ---------------------------------------------------------------- releasable editions

SENSITIVE_POINT = "Wombat sensitive talking point."
SENSITIVE_BRIEF = "Illustrative example: discuss how Europe and Australia might continue"


def _readable(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        reader = pypdf.PdfReader(io.BytesIO(data))
        return " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def test_marked_meeting_content_is_withheld_from_a_releasable_edition(ws_copy: Path) -> None:
    yaml, data = _load(ws_copy)
    points = data["program"][0]["brief"]["talking_points"]
    points.append({"text": SENSITIVE_POINT, "marking": "OFFICIAL: Sensitive"})
    data["program"][2]["brief"]["marking"] = "OFFICIAL: Sensitive"  # the whole brief
    _save(ws_copy, yaml, data)
    ws = briefgen.load_workspace(ws_copy)
    full = ws.build(ws_copy / "full", formats=("docx", "pdf"), targets=("esa-illustrative",))
    assert full.exit_code == 0
    text = _readable(ws_copy / "full/esa-illustrative.pdf")
    assert f"(OFFICIAL: Sensitive) {SENSITIVE_POINT}" in text
    assert MEETINGS[2] in text and SENSITIVE_BRIEF in text
    report = ws.build(
        ws_copy / "rel",
        formats=("docx", "pdf"),
        targets=("esa-illustrative",),
        max_marking="OFFICIAL",
    )
    assert report.exit_code == 0
    for suffix in ("pdf", "docx"):
        text = _readable(ws_copy / f"rel/esa-illustrative.releasable-official.{suffix}")
        assert MEETINGS[0] in text and MEETINGS[1] in text
        for secret in (SENSITIVE_POINT, MEETINGS[2], SENSITIVE_BRIEF, "sensitive response"):
            assert secret not in text, (suffix, secret)
        assert not re.search(r"OFFICIAL: Sensitive\)", text), suffix


def _biography_ends(doc: t.Document) -> list[tuple[str, str]]:
    """Each biography's first and last words (squashed), as the pages print them."""
    out = []
    for b in t.iter_blocks(doc.blocks):
        if isinstance(b, t.Callout) and b.kind == "biography":
            texts = [
                t.plain_text(p.children)
                for p in t.iter_blocks(b.blocks)
                if isinstance(p, t.Paragraph)
            ]
            out.append((_squash(texts[0])[:25], _squash(texts[-1])[-25:]))
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u2011", "-"))


def test_no_biography_of_the_visit_is_split_over_two_pages(
    reference_editions: tuple[Path, Path],
) -> None:
    """Moving the meetings to the front moved the biographies: each stays on one page, in
    the PDF and in LibreOffice's layout of the .docx (its last paragraph kept in one)."""
    out, lo = reference_editions
    ends = _biography_ends(briefgen.load_workspace(ROOT).pack("esa-illustrative").document)
    assert len(ends) == 4
    files = [out / "esa-illustrative.pdf"]
    if shutil.which("soffice") is not None:
        files.append(lo / "esa-illustrative.pdf")
    for pdf in files:
        pages = [_squash(" ".join(p)) for p in brief_pages(_pages(pdf))]  # not attachments
        for first, last in ends:
            (page,) = [p for p in pages if first in p]
            assert last in page[page.index(first) :], (pdf.name, first, last)
