"""Contributed briefs (issue 26): data/briefs/<id>.md commissioned by a visit, printed in its
pack in both editions with their Markdown structure, their text literal, their marking
withholding them from a releasable edition, and bad front matter a one-line error."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pikepdf
import pypdf
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

import briefgen
from briefgen.cli import main
from workspace_edits import unprinted_points

VISIT = "data/visits/esa-illustrative.yaml"
COMMISSIONS = """\
briefs:
  - id: coop-agreement
    team: International Engagement Branch
    due: 2027-02-10
  - id: mmx-talking
    team: Science Branch
    due: 2027-02-12
  - id: media-lines
    team: Communications Branch
    due: 2026-11-01
    title: Media lines for the visit
"""
CLEARED = """\
---
title: Cooperative Agreement negotiations
kind: issue
team: International Engagement Branch
status: cleared
cleared_by:
  name: Jane Citizen
  position: Director, International Engagement
cleared_on: 2027-02-09
sources: [asa-international-partnerships]
---
# Where things stand

Negotiations opened in **2026**. See [the Agency site](https://www.space.gov.au/).

- Kestrel first point
- Kestrel second point

| Annex | State |
|---|---|
| Wombat annex | Open |

## Next steps

1. Settle the annex.
"""
DRAFTED = """\
---
title: MMX sample recovery
kind: talking points
team: Science Branch
status: drafted
---
Drafted kookaburra text: {{ 7*7 }} and {% if x %}y{% endif %} and <b>x</b>.
"""
REQUESTED = "Requested of Communications Branch, due 1 November 2026"


def commission(root: Path, drafted: str = DRAFTED) -> Path:
    """The reference visit asking for three briefs: cleared, drafted, and one requested
    (no file yet, past its due date)."""
    visit = root / VISIT
    own = re.sub(r"(?m)^briefs:\n(?:  .*\n)*", "", visit.read_text())  # the reference's own
    own = unprinted_points(own)  # ... and its use
    visit.write_text(own + COMMISSIONS)
    folder = root / "data" / "briefs"
    for written in folder.glob("*.md"):
        written.unlink()
    folder.mkdir(exist_ok=True)
    (folder / "coop-agreement.md").write_text(CLEARED)
    (folder / "mmx-talking.md").write_text(drafted)
    return root


def docx_text(path: Path) -> str:
    doc = docx.Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for table in doc.tables for row in table.rows for c in row.cells]
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(str(path))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture()
def built(ws_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    pack = briefgen.load_workspace(commission(ws_copy)).pack("esa-illustrative")
    return pack.write(tmp_path / "visit.docx"), pack.write(tmp_path / "visit.pdf")


def test_both_editions_print_the_cleared_and_drafted_text_and_the_requested_line(
    built: tuple[Path, Path],
) -> None:
    word, pdf = docx_text(built[0]), pdf_text(built[1])
    for text in (word, " ".join(word.split()), pdf):
        assert "Cooperative Agreement negotiations" in text
        assert "Issue brief; International Engagement Branch; cleared by Jane Citizen" in text
        assert "Kestrel first point" in text
        assert "Talking points; Science Branch; drafted, not yet cleared" in text
        assert "Drafted kookaburra text" in text
        assert "Media lines for the visit" in text
    assert REQUESTED in word and REQUESTED in pdf
    # in the visit's order
    assert word.index("Cooperative Agreement negotiations") < word.index("MMX sample recovery")
    assert word.index("MMX sample recovery") < word.index(REQUESTED)


def test_markdown_structure_reaches_word(built: tuple[Path, Path]) -> None:
    doc = docx.Document(str(built[0]))
    styles = {p.text: p.style.name for p in doc.paragraphs}
    for text, style in list(styles.items()):  # portion marks: "(OFFICIAL) text"
        styles[text.rsplit(") ", 1)[-1]] = style
    assert styles["Where things stand"] == "Heading 2"  # shifted under the brief's heading
    assert styles["Next steps"] == "Heading 3"
    assert styles["Cooperative Agreement negotiations"] == "Heading 1"
    assert "List" in styles["Kestrel first point"]
    assert "List" in styles["Settle the annex."]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert any(c.endswith("Wombat annex") for c in cells) and "Open" in cells
    links = [r.target_ref for r in doc.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert "https://www.space.gov.au/" in links
    strong = [r.text for p in doc.paragraphs for r in p.runs if r.style.name == "Strong"]
    assert "2026" in strong


def _tags(path: Path) -> Counter[str]:
    """How many structure elements of each type the PDF's structure tree holds."""
    found: Counter[str] = Counter()
    with pikepdf.open(path) as pdf:
        todo: list[Any] = [pdf.Root.StructTreeRoot]
        while todo:
            node = todo.pop()
            if isinstance(node, pikepdf.Dictionary):
                if "/S" in node:
                    found[str(node.S)[1:]] += 1
                kids = node.get("/K")
                if isinstance(kids, pikepdf.Array):
                    todo.extend(k for k in kids if isinstance(k, pikepdf.Dictionary))
                elif isinstance(kids, pikepdf.Dictionary):
                    todo.append(kids)
    return found


def test_markdown_structure_is_tagged_in_the_pdf(
    built: tuple[Path, Path], ws_copy: Path, tmp_path: Path
) -> None:
    text = pdf_text(built[1])
    for piece in ("Where things stand", "Next steps", "Wombat annex", "the Agency site"):
        assert piece in text
    reader = pypdf.PdfReader(str(built[1]))
    uris = [
        a.get_object()["/A"]["/URI"]
        for page in reader.pages
        for a in page.get("/Annots") or []
        if "/A" in a.get_object()
    ]
    assert "https://www.space.gov.au/" in uris
    # against the same visit without the briefs: one more table, link, list and headings
    plain = tmp_path / "plain"
    plain.mkdir()
    (ws_copy / "data" / "briefs" / "coop-agreement.md").unlink()
    (ws_copy / "data" / "briefs" / "mmx-talking.md").unlink()
    visit = ws_copy / VISIT
    visit.write_text(visit.read_text().replace(COMMISSIONS, ""))
    before = _tags(briefgen.load_workspace(ws_copy).pack("esa-illustrative").write(plain / "v.pdf"))
    after = _tags(built[1])
    assert after["Table"] == before["Table"] + 1
    assert after["Link"] == before["Link"] + 1
    assert after["L"] == before["L"] + 2  # a bulleted and a numbered list
    assert after["H1"] == before["H1"] + 3  # a section for each brief
    assert after["H2"] >= before["H2"] + 1 and after["H3"] >= before["H3"] + 1


def test_raw_html_and_template_code_print_literally(built: tuple[Path, Path]) -> None:
    word, pdf = docx_text(built[0]), pdf_text(built[1])
    for text in (word, pdf):
        assert "{{ 7*7 }}" in text
        assert "{% if x %}y{% endif %}" in text
        assert "<b>x</b>" in text
        assert "49" not in text.split("Drafted kookaburra text", 1)[1][:80]


def test_a_brief_marked_above_the_ceiling_is_withheld_with_its_text(ws_copy: Path) -> None:
    marked = DRAFTED.replace("status: drafted\n", "status: drafted\nmarking: PROTECTED\n")
    ws = briefgen.load_workspace(commission(ws_copy, marked))
    secrets = ("MMX sample recovery", "Drafted kookaburra", "Science Branch", "PROTECTED")
    full = ws.build(ws_copy / "full", formats=("docx", "pdf"), targets=("esa-illustrative",))
    assert full.exit_code == 0
    carried = pdf_text(ws_copy / "full" / "esa-illustrative.pdf")
    assert all(s in carried for s in secrets)  # not vacuous: the full edition has it
    report = ws.build(
        ws_copy / "rel",
        formats=("docx", "pdf"),
        targets=("esa-illustrative",),
        max_marking="OFFICIAL",
    )
    assert report.exit_code == 0 and len(report.built) == 1
    files = [p for p in sorted((ws_copy / "rel").rglob("*")) if p.is_file()]
    assert len(files) >= 3
    for path in files:
        if path.suffix == ".pdf":
            text = pdf_text(path)
        elif path.suffix == ".docx":
            with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
                text = " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        else:
            text = path.read_text(encoding="utf-8", errors="replace")
        for secret in secrets:
            assert secret not in text, (path.name, secret)
    kept = pdf_text(ws_copy / "rel" / "esa-illustrative.releasable-official.pdf")
    assert "Kestrel first point" in kept and REQUESTED in kept  # the others still print


def problem_lines(output: str) -> list[str]:
    """The problems ``validate`` lists, one a line (no warnings, no heading)."""
    return [x.strip() for x in output.splitlines() if x.startswith("  ")]


@pytest.mark.parametrize(
    ("front", "where", "says"),
    [
        (
            "kind: memo\n",
            "data/briefs/coop-agreement.md:3: kind:",
            "'memo': input should be 'issue'",
        ),
        (
            "marking: OFFICIAL: Sensitive\n",
            "data/briefs/coop-agreement.md:3:",
            "",
        ),
        ("cleared_on: 2027-02-30\n", "data/briefs/coop-agreement.md:3: cleared_on:", ""),
        ("sources: [no-such-source]\n", "data/briefs/coop-agreement.md:3: sources[0]:", "unknown"),
    ],
)
def test_bad_front_matter_is_a_one_line_error(
    ws_copy: Path, front: str, where: str, says: str
) -> None:
    commission(ws_copy)
    path = ws_copy / "data" / "briefs" / "coop-agreement.md"
    text = path.read_text()
    key = front.split(":", 1)[0]
    lines = [x for x in text.split("\n") if not x.startswith(f"{key}:")]
    lines.insert(2, front.rstrip("\n"))  # the file's line 3
    path.write_text("\n".join(lines))
    result = CliRunner().invoke(main, ["validate", "--workspace", str(ws_copy)])
    assert result.exit_code == 2, result.output
    errors = problem_lines(result.output)
    assert len(errors) == 1, errors
    assert errors[0].startswith(where) and says in errors[0], errors[0]
    assert "Traceback" not in result.output


def test_a_text_problem_names_the_line_of_the_file(ws_copy: Path) -> None:
    commission(ws_copy)
    path = ws_copy / "data" / "briefs" / "mmx-talking.md"
    path.write_text(DRAFTED + "\n![a map](images/map.png)\n")  # a picture, on line 9
    result = CliRunner().invoke(main, ["validate", "--workspace", str(ws_copy)])
    assert result.exit_code == 2
    errors = problem_lines(result.output)
    assert errors == [
        "data/briefs/mmx-talking.md:9: text: holds a picture: a brief's text holds no "
        "pictures; describe it in words"
    ]


def test_new_brief_writes_a_skeleton_that_validates(ws_copy: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(main, ["new", "brief", "mmx-samples", "--workspace", str(ws_copy)])
    assert made.exit_code == 0, made.output
    text = (ws_copy / "data" / "briefs" / "mmx-samples.md").read_text()
    assert text.startswith("---\n") and "{" not in text.split("---")[1]  # block style
    checked = runner.invoke(main, ["validate", "--workspace", str(ws_copy)])
    assert checked.exit_code == 0, checked.output
    ws = briefgen.load_workspace(ws_copy)
    assert ws.briefs["mmx-samples"].kind == "issue"
    schema = runner.invoke(main, ["schema", "brief"])
    assert '"cleared_on"' in schema.output and '"packs"' in schema.output


def test_a_table_in_a_brief_is_named_by_the_heading_it_sits_under(
    built: tuple[Path, Path], ws_copy: Path
) -> None:
    """A table in an officer's text has no caption: its accessible name (Word's table
    caption, the PDF Table's summary, the HTML table's name) is the heading above it."""
    from briefgen import tree as t

    doc = briefgen.load_workspace(ws_copy).pack("esa-illustrative").document
    (table,) = [
        b
        for b in t.iter_blocks(doc.blocks)
        if isinstance(b, t.Table) and "Wombat annex" in t.plain_text(b.rows[0][0])
    ]
    assert table.name == "Where things stand" and table.caption is None  # nothing printed
    word = docx.Document(str(built[0]))
    named = [
        tbl._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val"))
        for tbl in word.tables
        if any(c.text.endswith("Wombat annex") for row in tbl.rows for c in row.cells)
    ]
    assert named == ["Where things stand"]
