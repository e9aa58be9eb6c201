"""Length budgets (issue 26 item 6): ``[budgets]`` in briefgen.toml, per pack kind, with
defaults from practice (a visit's key messages on page 1, each background at most two
pages), measured on the PDF writer's laid-out pages: a warning in a build, a failed pack
under ``build --final``."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

import briefgen
from briefgen.build.budgets import overruns
from briefgen.cli import main
from briefgen.data.config import Budget, Config
from briefgen.errors import DataError
from briefgen.tree import Document, Heading, Metadata, Text
from briefgen.tree.text import plain_text
from conftest import ROOT
from workspace_edits import ready_visit

VISIT = "data/visits/esa-illustrative.yaml"
POINT = (
    "  - text: >-\n"
    "      Australia and Europe have shared a close and productive space partnership for "
    "almost 50 years, point {n}.\n"
    "    sources: [asa-international-partnerships]\n"
)


def _long_key_messages(root: Path, count: int = 25) -> None:
    """Key messages long enough to run past page 1."""
    path = root / VISIT
    text = path.read_text()
    extra = "".join(POINT.format(n=n) for n in range(count))
    path.write_text(text.replace("key_messages:\n", "key_messages:\n" + extra, 1))


def _doc(*levels: tuple[int, str]) -> Document:
    meta = Metadata("t", "OFFICIAL", date(2026, 1, 1), "org")
    blocks = tuple(Heading(level, f"h{i}", (Text(text),)) for i, (level, text) in enumerate(levels))
    return Document(meta, blocks)


def test_the_defaults_come_from_practice() -> None:
    budgets = Config().budgets
    assert Budget(heading="Key messages", by_page=1) in budgets.visit
    assert Budget(heading="Background*", pages=2) in budgets.visit


def test_a_budget_without_a_limit_says_what_to_write(mini_copy: Path) -> None:
    (mini_copy / "briefgen.toml").write_text('[[budgets.visit]]\nheading = "Key messages"\n')
    with pytest.raises(DataError) as caught:
        briefgen.load_workspace(mini_copy)
    message = str(caught.value)
    assert "briefgen.toml" in message and "budgets.visit[0]" in message
    assert 'by_page or pages, e.g. { heading = "Key messages", by_page = 1 }' in message


def test_a_section_ends_before_a_heading_that_starts_its_page() -> None:
    doc = _doc((1, "Purpose"), (1, "Background: ESA"), (2, "Overview"), (1, "Logistics"))
    budget = (Budget(heading="Background*", pages=2), Budget(heading="Purpose", by_page=1))
    fits = overruns(doc, [("h0", 1, False), ("h1", 2, True), ("h2", 2, False),
                          ("h3", 4, True)], 5, budget, "visit")  # fmt: skip
    assert fits == []  # background: pages 2 and 3 (Logistics starts page 4)
    over = overruns(doc, [("h0", 1, False), ("h1", 2, True), ("h2", 3, False),
                          ("h3", 4, False)], 5, budget, "visit")  # fmt: skip
    assert over == [
        "length budget: 'Background: ESA' spans 3 pages (2 to 4); its budget is 2 "
        '(budgets.visit { heading = "Background*" } in briefgen.toml): shorten it, or '
        "change the budget"
    ]
    last = overruns(_doc((1, "Purpose")), [("h0", 1, False)], 2, budget, "visit")
    assert last == [  # the last section runs to the end of the pack
        "length budget: 'Purpose' runs to page 2; its budget is to end by page 1 "
        '(budgets.visit { heading = "Purpose" } in briefgen.toml): shorten it, or change '
        "the budget"
    ]


def test_the_pdf_writer_reports_where_each_heading_lands(tmp_path: Path) -> None:
    pack = briefgen.load_workspace(ROOT).pack("esa-illustrative")
    rendered = pack.render("pdf")
    pages = pypdf.PdfReader(io.BytesIO(rendered.data)).pages
    titles = {h.id: plain_text(h.children) for h in pack.document.iter_headings()}
    assert [hid for hid, _, _ in rendered.headings] == list(titles)
    for hid, page, starts in rendered.headings:
        text = " ".join(pages[page - 1].extract_text().split())
        assert titles[hid] in text, (hid, page)
        if starts:  # nothing of the body before it on its page
            body = text.split(titles[hid])[0]
            assert len(body) < 200, (hid, body)  # the running head and marking only
    assert any(starts for _, _, starts in rendered.headings)


def test_the_reference_visit_keeps_its_budgets() -> None:
    report = briefgen.load_workspace(ROOT).pack("esa-illustrative")
    rendered = report.render("pdf")
    budget = Config().budgets.visit
    assert overruns(report.document, rendered.headings, rendered.pages or 0, budget, "visit") == []


def test_an_overrun_warns_in_a_build_and_fails_under_final(ws_copy: Path) -> None:
    _long_key_messages(ready_visit(ws_copy))  # nothing outstanding: only the budget fails it
    out = ws_copy / "out"
    ws = briefgen.load_workspace(ws_copy)
    report = ws.build(out, formats=["pdf"], targets=["esa-illustrative"], jobs=1)
    assert report.exit_code == 0
    (built,) = report.built
    over = [w for w in built.warnings if w.startswith("length budget: ")]
    # so long a pack opens with its contents (pages 1-2): the key messages start page 3
    assert len(over) == 1 and "'Key messages' runs to page 4" in over[0]
    reader = pypdf.PdfReader(out / "esa-illustrative.pdf")  # the measure is the page itself
    assert "Key messages" in reader.pages[2].extract_text()
    assert "point 24" in " ".join(reader.pages[3].extract_text().split())

    final = briefgen.load_workspace(ws_copy).build(
        out, formats=["pdf"], targets=["esa-illustrative"], jobs=1, final=True
    )  # unchanged since the draft build: its recorded overrun still fails it
    (failed,) = final.failed
    assert (failed.error or "").startswith("over its length budget with --final:\n")
    assert "'Key messages' runs to page 4" in (failed.error or "")
    assert not (out / "esa-illustrative.pdf").exists()


def test_a_word_only_build_measures_the_same_layout(ws_copy: Path) -> None:
    _long_key_messages(ws_copy)
    ws = briefgen.load_workspace(ws_copy)
    report = ws.build(ws_copy / "out", formats=["docx"], targets=["esa-illustrative"], jobs=1)
    (built,) = report.built
    assert any("'Key messages' runs to page 4" in w for w in built.warnings)


def test_the_budgets_are_settings(ws_copy: Path) -> None:
    _long_key_messages(ready_visit(ws_copy))
    (ws_copy / "briefgen.toml").write_text("[budgets]\nvisit = []\n")
    report = briefgen.load_workspace(ws_copy).build(
        ws_copy / "out", formats=["pdf"], targets=["esa-illustrative"], jobs=1, final=True
    )
    assert report.exit_code == 0
    assert not [w for r in report.built for w in r.warnings if w.startswith("length budget")]


def test_build_final_fails_the_pack_from_the_command_line(mini_copy: Path) -> None:
    with (mini_copy / "briefgen.toml").open("a") as fh:
        fh.write('[budgets]\npartner = [{ heading = "Relationship overview", by_page = 1 }]\n')
    jp = mini_copy / "data/partners/jp.yaml"
    para = (
        "  - text: A partnership described for tests, at length {n}.\n    sources: [mini-source]\n"
    )
    long = "".join(para.format(n=n) for n in range(60))
    jp.write_text(jp.read_text().replace("overview:\n", "overview:\n" + long, 1))
    runner = CliRunner()
    args = ["-C", str(mini_copy), "build", "-j", "1", "-f", "pdf", "jp"]
    draft = runner.invoke(main, args)
    assert draft.exit_code == 0, draft.output
    assert "warning: jp: length budget: 'Relationship overview' runs to page 2" in draft.output
    with (mini_copy / "data/organisation.yaml").open("a") as fh:  # cleared: nothing
        fh.write(  # outstanding, so --final measures the budget
            "document_control:\n"
            "  cleared_by: {name: Jo Citizen, position: Director, date: 2026-11-25}\n"
        )
    final = runner.invoke(main, [*args, "--final"])  # the unchanged-build shortcut is not taken
    assert final.exit_code == 1, final.output
    assert "over its length budget with --final" in final.output
