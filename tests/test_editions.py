"""Editions: what changed since an earlier edition, by the command line (``build --since``,
``diff``) and the API, checked in the files with tools that did not write them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import docx
import page
import pytest
from pypdf import PdfReader

import briefgen
from briefgen import tree as t
from briefgen.compose.pack import make_pack
from briefgen.data.edition import Edition
from briefgen.errors import DataError
from briefgen.markings import Marking
from conftest import ROOT, tool
from docx_checks import libreoffice_convert, schema_findings
from pdf_checks import change_bars

CHANGES = ("Lunar Gateway cooperation", "Memorandum of Understanding", "Woomera Prohibited Area")
PROGRAM = (
    "  - name: Lunar Gateway cooperation\n    kind: program\n"
    "    summary: Cooperation on the Lunar Gateway.\n"
    "    sources: [asa-international-partnerships]\n"
)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def change_jp(ws: Path, *, marking: str | None = None) -> None:
    """The done-when commit: an agreement's status, a program added, a facility removed."""
    path = ws / "data/partners/jp.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "    status: signed\n    date: 2020-07", "    status: in force\n    date: 2020-07"
    )
    program = PROGRAM + (f"    marking: '{marking}'\n" if marking else "")
    text = text.replace("programs:\n", "programs:\n" + program, 1)
    start = text.index("  - name: Woomera Prohibited Area")
    path.write_text(text[:start] + text[text.index("  # The page writes only") :], "utf-8")


def without_jp(ws: Path) -> None:
    (ws / "data/partners/jp.yaml").unlink()
    regions = ws / "data/regions.yaml"
    text = regions.read_text(encoding="utf-8")
    assert " jp," in text
    regions.write_text(text.replace(" jp,", ""), "utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository whose workspace is its subfolder ``briefs/``: three commits, the first
    without Japan, the second the reference data, the third the done-when change."""
    root = tmp_path_factory.mktemp("editions")
    ws = root / "briefs"
    shutil.copytree(ROOT / "data", ws / "data")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "reference data")
    without_jp(ws)
    git(root, "commit", "-qam", "no Japan yet")
    git(root, "revert", "--no-edit", "HEAD")  # Japan back, as in the reference data
    change_jp(ws)
    git(root, "commit", "-qam", "MoU in force, Lunar Gateway, no Woomera")
    return ws


def cli(ws: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "briefgen", "-C", str(ws), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def built(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("since-out")
    done = cli(
        repo, "build", "jp", "indo-pacific", "--since", "HEAD~1", "--out", str(out), "-j", "1"
    )
    assert done.returncode == 0, done.stderr
    return out


def section(lines: list[str]) -> list[str]:
    """The lines of the "Changes since" section (its heading is the last line so starting:
    the contents lists it first), up to what follows it."""
    heads = [i for i, line in enumerate(lines) if line.startswith("Changes since the edition")]
    start = heads[-1]
    ends = ("Key facts", "Relationship overview", "Region overview")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(ends))
    return lines[start:end]


def docx_lines(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def pdf_lines(path: Path) -> list[str]:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return [line for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("ident", ["jp", "indo-pacific"])
def test_the_changes_section_names_all_three_in_both_editions(built: Path, ident: str) -> None:
    for lines in (docx_lines(built / f"{ident}.docx"), pdf_lines(built / f"{ident}.pdf")):
        found = re.sub(r"\s+", " ", " ".join(section(lines)))
        assert "Program added: Lunar Gateway cooperation" in found
        assert "‘Memorandum of Understanding’: status changed from signed to in force" in found
        assert "Facility no longer listed: Woomera Prohibited Area" in found
        if ident == "indo-pacific":
            assert found.count("Japan:") == 3  # a region pack names the partner


def test_word_edition_holds_tracked_revisions_that_pass_the_schema(built: Path) -> None:
    xml = zipfile.ZipFile(built / "jp.docx").read("word/document.xml").decode("utf-8")
    inserted = re.findall(r'<w:ins w:id="\d+" w:author="([^"]+)" w:date="([^"]+)">', xml)
    deleted = re.findall(r'<w:del w:id="\d+" w:author="([^"]+)" w:date="([^"]+)">', xml)
    assert inserted and deleted
    assert {a for a, _ in inserted + deleted} == {"Australian Space Agency"}
    assert {d for _, d in inserted + deleted} == {"2026-11-25T00:00:00Z"}
    assert "<w:delText>Signed</w:delText>" in xml
    assert re.search(r"<w:ins [^>]*><w:r><w:t>In force since</w:t>", xml)
    assert re.search(r"<w:delText[^>]*>Woomera Prohibited Area</w:delText>", xml)
    # a list item that came or went: its paragraph mark is tracked too
    assert re.search(r'<w:pStyle w:val="ListBullet"/>(?:<w:keep\w+/>)*<w:rPr><w:ins w:id', xml)
    assert re.search(r'<w:pStyle w:val="ListBullet"/>(?:<w:keep\w+/>)*<w:rPr><w:del w:id', xml)
    ids = re.findall(r'<w:(?:ins|del|bookmarkStart) w:id="(\d+)"', xml)
    assert len(ids) == len(set(ids))
    assert schema_findings(built / "jp.docx") == []


def test_libreoffice_shows_the_revisions_as_tracked_changes(built: Path, tmp_path: Path) -> None:
    tool("soffice")
    libreoffice_convert([built / "jp.docx"], tmp_path, to="odt")
    odt = tmp_path / "jp.odt"
    assert odt.exists(), "LibreOffice could not open the .docx"
    content = zipfile.ZipFile(odt).read("content.xml").decode("utf-8")
    assert "<text:tracked-changes" in content
    assert content.count("<text:insertion>") >= 2 and content.count("<text:deletion>") >= 2
    assert "Australian Space Agency" in content
    assert "Woomera Prohibited Area" in content  # the deleted text is kept, as a deletion


def test_pdf_with_change_bars_is_tagged_and_sound(built: Path) -> None:
    for ident in ("jp", "indo-pacific"):
        path = built / f"{ident}.pdf"
        report = page.validate_pdf(path, profile="ua1")
        assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]
        check = subprocess.run([tool("qpdf"), "--check", str(path)], capture_output=True)
        assert check.returncode == 0, check.stdout
    text = "\n".join(pdf_lines(built / "jp.pdf"))
    assert (
        "In force" in text
        and "Woomera Prohibited Area" not in text.split("Sources")[0][text.index("Facilities") :]
    )


def test_pdf_changes_list_links_to_the_changed_text(built: Path) -> None:
    reader = PdfReader(str(built / "jp.pdf"))
    page_of = {pg.indirect_reference.idnum: n for n, pg in enumerate(reader.pages)}
    links: dict[str, tuple[int, float]] = {}
    for pg in reader.pages:
        for annot in pg.get("/Annots") or []:
            a = annot.get_object()
            told = str(a.get("/Contents", ""))
            if told.startswith(("Program added", "Agreement ‘", "Facility")):
                dest = a["/Dest"]
                links[told] = (page_of[dest[0].idnum], float(dest[3]))
    # the removal has nothing left to show: only the addition and the change link
    assert sorted(links) == [
        "Agreement ‘Memorandum of Understanding’: status changed from signed to in force",
        "Program added: Lunar Gateway cooperation",
    ]
    for told, words in (
        ("Program", "Lunar Gateway cooperation"),
        ("Agreement", "In force"),
    ):
        number, top = next(v for k, v in links.items() if k.startswith(told))
        assert words in (reader.pages[number].extract_text() or "")
        assert 0 < top < float(reader.pages[number].mediabox.top)


def test_diff_lists_the_changes_as_json(repo: Path) -> None:
    done = cli(repo, "diff", "HEAD~1", "--format", "json")
    assert done.returncode == 0, done.stderr
    packs = {p["id"]: p for p in json.loads(done.stdout)["packs"]}
    for ident in ("jp", "indo-pacific"):
        changes = {(c["action"], c["kind"], c["label"]) for c in packs[ident]["changes"]}
        assert changes == {
            ("added", "program", "Lunar Gateway cooperation"),
            ("changed", "agreement", "Memorandum of Understanding"),
            ("removed", "facility", "Woomera Prohibited Area"),
        }
    status = next(c for c in packs["jp"]["changes"] if c["action"] == "changed")
    assert (status["field"], status["old"], status["new"]) == ("status", "signed", "in force")
    assert packs["us"]["changes"] == [] and not packs["us"]["new"]
    text = cli(repo, "diff", "HEAD~1", "jp")
    assert text.returncode == 0 and "Woomera Prohibited Area" in text.stdout


def test_since_a_revision_without_the_partner_says_it_is_new(repo: Path, tmp_path: Path) -> None:
    done = cli(repo, "build", "jp", "--since", "HEAD~2", "--out", str(tmp_path), "-j", "1")
    assert done.returncode == 0, done.stderr
    lines = docx_lines(tmp_path / "jp.docx")
    assert any("This brief is new: there was no Partner brief: Japan" in x for x in lines)
    assert "<w:ins " not in zipfile.ZipFile(tmp_path / "jp.docx").read("word/document.xml").decode()
    diff = json.loads(cli(repo, "diff", "HEAD~2", "jp", "indo-pacific", "-f", "json").stdout)
    jp, region = diff["packs"]
    assert jp["new"] and jp["changes"] == []
    assert ("added", "partner", "Japan") in {
        (c["action"], c["kind"], c["label"]) for c in region["changes"]
    }


@pytest.mark.parametrize("command", ["build", "diff"])
def test_a_ref_that_does_not_exist_is_one_clear_error(
    repo: Path, tmp_path: Path, command: str
) -> None:
    args = ["build", "jp", "--since", "no-such-ref", "--out", str(tmp_path)]
    done = cli(repo, *(args if command == "build" else ["diff", "no-such-ref"]))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "no-such-ref" in done.stderr and "git revision" in done.stderr
    assert not (tmp_path / "jp.docx").exists()


def test_builds_against_another_edition_are_rebuilt(repo: Path, tmp_path: Path) -> None:
    def built(*options: str) -> bool:
        """Whether the build rendered jp again (else it found it unchanged)."""
        done = cli(
            repo, "build", "jp", "--format", "docx", "--out", str(tmp_path), "-j", "1", *options
        )
        assert done.returncode == 0, done.stderr
        if "unchanged since the last build" in done.stderr:  # the no-load shortcut
            return False
        found = re.search(r"(\d+) built, (\d+) unchanged", done.stderr + done.stdout)
        assert found is not None, done.stderr
        return found.groups() == ("1", "0")

    assert built("--since", "HEAD~1")
    data = (tmp_path / "jp.docx").read_bytes()
    assert not built("--since", "HEAD~1")  # the same edition: unchanged
    assert built("--since", "HEAD~1", "--force")
    assert (tmp_path / "jp.docx").read_bytes() == data  # deterministic
    assert built()  # without --since: another pack
    assert "<w:ins " not in zipfile.ZipFile(tmp_path / "jp.docx").read("word/document.xml").decode()
    assert not built()
    assert built("--since", "HEAD~2")  # another edition
    assert not built("--since", "HEAD~2")
    assert built("--since", str(tmp_path))  # this folder's own recorded edition
    git(repo, "branch", "-f", "last-issue", "HEAD~1")
    assert built("--since", "last-issue")
    assert not built("--since", "last-issue")
    git(repo, "branch", "-f", "last-issue", "HEAD~2")  # the same name, other content
    assert built("--since", "last-issue")


def test_the_api_builds_and_makes_packs_since_a_revision(repo: Path, tmp_path: Path) -> None:
    ws = briefgen.load_workspace(repo)
    report = ws.build(tmp_path, ("docx",), targets=["jp"], jobs=1, since="HEAD~1")
    assert report.exit_code == 0 and [r.id for r in report.built] == ["jp"]
    xml = zipfile.ZipFile(tmp_path / "jp.docx").read("word/document.xml").decode()
    assert "<w:ins " in xml and "<w:del " in xml
    assert len(ws.pack("jp", since="HEAD~1").changes) == 3
    with pytest.raises(briefgen.BriefgenError, match="no-such-ref"):
        ws.build(tmp_path, since="no-such-ref")
    tree = cli(repo, "tree", "jp", "--since", "HEAD~1")
    assert (
        tree.returncode == 0 and "inserted" in tree.stdout and "anchor id='change-1'" in tree.stdout
    )


# ---------------------------------------------------------------- in one process


def two_editions(
    tmp_path: Path, change: Callable[[Path], None]
) -> tuple[briefgen.Workspace, Edition]:
    """The reference data before and after ``change`` (a function of the folder)."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(ROOT / "data", old / "data")
    shutil.copytree(ROOT / "data", new / "data")
    change(new)
    return briefgen.load_workspace(new), Edition("test", "k", briefgen.load_workspace(old))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_each_kind_of_change_is_told(tmp_path: Path) -> None:
    def change(ws: Path) -> None:
        change_jp(ws)
        us = ws / "data/partners/us.yaml"
        edit(us, "role: acting Administrator", "role: Administrator")
        edit(ws / "data/partners/jp.yaml", "date: 2020-07", "date: 2020-07-15")
        # the pack prints the brief's words: a change to them is a change to the pack
        edit(ws / "data/partners/jp.yaml", "is an important part of it", "is a key part of it")

    ws, since = two_editions(tmp_path, change)
    jp = make_pack(ws, "jp", since=since)
    told = [c.sentence() for c in jp.changes]
    assert told == [
        "Overview paragraph ‘Australia and Japan have more than 45 years of treaty-level…’: "
        "text revised",
        "Program added: Lunar Gateway cooperation",
        "Agreement ‘Memorandum of Understanding’: status changed from signed to in force",
        "Agreement ‘Memorandum of Understanding’: date changed from July 2020 to 15 July 2020",
        "Facility no longer listed: Woomera Prohibited Area",
    ]
    us = make_pack(ws, "us", since=since)
    assert [c.sentence() for c in us.changes] == [
        "Person ‘Sean Duffy’: role changed from acting Administrator to Administrator"
    ]
    assert make_pack(ws, "gb", since=since).changes == []
    dumped = t.dump(make_pack(ws, "gb", since=since).document)
    assert "No facts in this brief have changed since the edition of" in dumped
    assert "inserted" not in dumped and "meta revision" not in dumped


def test_a_change_above_the_ceiling_is_withheld_with_its_record(tmp_path: Path) -> None:
    ws, since = two_editions(tmp_path, lambda w: change_jp(w, marking="OFFICIAL: Sensitive"))
    full = make_pack(ws, "jp", since=since)
    assert "Program added: Lunar Gateway cooperation" in [c.sentence() for c in full.changes]
    assert full.marking == Marking.parse("OFFICIAL: Sensitive")
    ceiling = Marking.parse("OFFICIAL")
    released = make_pack(ws, "jp", ceiling, since=since)
    told = [c.sentence() for c in released.changes]
    assert len(told) == 2 and not any("Lunar Gateway" in x for x in told)
    assert "Lunar Gateway" not in t.dump(released.document)
    assert released.marking == ceiling


def test_a_removed_record_that_was_marked_marks_the_pack(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(ROOT / "data", old / "data")
    shutil.copytree(ROOT / "data", new / "data")
    edit(
        old / "data/partners/jp.yaml",
        "  - name: Woomera Prohibited Area\n",
        "  - name: Woomera Prohibited Area\n    marking: 'OFFICIAL: Sensitive'\n",
    )
    change_jp(new)
    since = Edition("test", "k", briefgen.load_workspace(old))
    pack = make_pack(briefgen.load_workspace(new), "jp", since=since)
    assert "Facility no longer listed: Woomera Prohibited Area" in [
        c.sentence() for c in pack.changes
    ]
    assert pack.marking == Marking.parse("OFFICIAL: Sensitive")
    released = make_pack(briefgen.load_workspace(new), "jp", Marking.parse("OFFICIAL"), since=since)
    assert not any("Woomera" in c.sentence() for c in released.changes)


def test_since_an_earlier_build_folder(tmp_path: Path) -> None:
    ws_dir = tmp_path / "ws"
    shutil.copytree(ROOT / "data", ws_dir / "data")
    out = tmp_path / "out"
    assert (
        briefgen.load_workspace(ws_dir).build(out, ("docx",), targets=["jp"], jobs=1).exit_code == 0
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["schema"] == 3 and manifest["packs"]["jp"]["edition"] == "2026-11-25"
    assert "data/partners/jp.yaml" in manifest["edition"]["files"]
    change_jp(ws_dir)
    ws = briefgen.load_workspace(ws_dir)
    told = [c.sentence() for c in ws.pack("jp", since=str(out)).changes]
    assert "Facility no longer listed: Woomera Prohibited Area" in told
    manifest.pop("edition")
    (out / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(briefgen.BriefgenError, match="records no edition"):
        ws.pack("jp", since=str(out))


def test_records_repeating_an_identity_are_refused_with_their_place(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(ROOT / "data", ws / "data")
    edit(ws / "data/partners/jp.yaml", "programs:\n", "programs:\n" + PROGRAM + PROGRAM)
    with pytest.raises(DataError) as caught:
        briefgen.load_workspace(ws)
    (problem,) = caught.value.problems
    assert str(problem).startswith("data/partners/jp.yaml:")
    assert problem.path == "programs[1].name"
    assert "listed twice (also programs[0])" in problem.message


# ---------------------------------------------------------------- the tree contract


def _doc(*inlines: t.Inline, revision: t.Revision | None = None) -> t.Document:
    meta = t.Metadata("T", "OFFICIAL", date(2026, 1, 1), "Org", revision=revision)
    return t.Document(meta, (t.Heading(1, "h", (t.Text("H"),)), t.Paragraph(tuple(inlines))))


def test_tree_contract_for_revision_marks() -> None:
    rev = t.Revision("Org", date(2026, 1, 1))
    good = _doc(
        t.Anchor("a"),
        t.Deleted((t.Text("old"),)),
        t.Inserted((t.Strong((t.Text("new"),)),)),
        t.Link("#a", (t.Text("x"),)),
        revision=rev,
    )
    t.check(good)
    dumped = t.dump(good)
    assert "meta revision author='Org' date=2026-01-01" in dumped
    assert "anchor id='a'" in dumped and "deleted" in dumped and "inserted" in dumped
    assert t.plain_text(good.blocks[1].children) == "newx"  # type: ignore[union-attr]
    with pytest.raises(t.TreeError, match="names no revision"):
        t.check(_doc(t.Inserted((t.Text("new"),))))
    with pytest.raises(t.TreeError, match="holds a Link"):
        t.check(_doc(t.Inserted((t.Link("https://x.org", (t.Text("x"),)),)), revision=rev))
    with pytest.raises(t.TreeError, match="used twice"):
        t.check(_doc(t.Anchor("h")))


# ---------------------------------------------------------------- the tree comparison


def test_a_paragraph_is_compared_word_by_word() -> None:
    from briefgen.compose.revisions import diff_inlines

    old = (t.Strong((t.Text("MoU"),)), t.Text(" status signed in 2020."), t.FootnoteRef("a", 1))
    new = (t.Strong((t.Text("MoU"),)), t.Text(" status in force in 2020."), t.FootnoteRef("b", 2))
    marked = diff_inlines(old, new)
    assert marked[0] == t.Strong((t.Text("MoU"),))  # unchanged text stays as it was
    assert t.Deleted((t.Text("signed"),)) in marked
    assert t.Inserted((t.Text("in force"),)) in marked
    assert t.plain_text(marked) == "MoU status in force in 2020.2"
    # citations are not text: the new one is kept unmarked, the old one dropped
    assert marked[-1] == t.FootnoteRef("b", 2)
    assert t.FootnoteRef("a", 1) not in marked
    assert diff_inlines(old, old) is old


def test_revision_marks_stay_inside_links_and_emphasis() -> None:
    from briefgen.compose.revisions import diff_inlines

    old = (t.Link("https://x.org", (t.Text("the old page"),)),)
    new = (t.Link("https://x.org", (t.Text("the new page"),)),)
    (link,) = diff_inlines(old, new)
    assert isinstance(link, t.Link)
    assert t.Deleted((t.Text("old"),)) in link.children
    assert t.Inserted((t.Text("new"),)) in link.children


def test_lists_and_tables_are_compared_item_by_item_and_row_by_row() -> None:
    from briefgen.compose.revisions import diff_blocks

    def items(*texts: str) -> t.BulletList:
        return t.BulletList(tuple(t.ListItem((t.Paragraph((t.Text(x),)),)) for x in texts))

    def table(*rows: tuple[str, str]) -> t.Table:
        cells = tuple(tuple((t.Text(c),) for c in r) for r in rows)
        return t.Table(((t.Text("A"),), (t.Text("B"),)), cells, (), (0.5, 0.5))

    (lst,) = diff_blocks([items("a", "b", "c")], [items("a", "c", "d")])
    assert isinstance(lst, t.BulletList)
    texts = [x.blocks[0].children for x in lst.items]  # type: ignore[union-attr]
    assert texts == [
        (t.Text("a"),),
        (t.Deleted((t.Text("b"),)),),
        (t.Text("c"),),
        (t.Inserted((t.Text("d"),)),),
    ]
    (tbl,) = diff_blocks([table(("x", "signed"), ("y", "z"))], [table(("x", "in force"))])
    assert isinstance(tbl, t.Table)
    assert tbl.rows[0][0] == (t.Text("x"),)
    assert tbl.rows[0][1] == (t.Deleted((t.Text("signed"),)), t.Inserted((t.Text("in force"),)))
    assert all(t.all_deleted(c) for c in tbl.rows[1])


def test_change_bars_stand_beside_the_changed_text_only(built: Path, repo: Path) -> None:
    plain = repo.parent / "plain"
    briefgen.load_workspace(repo).build(plain, ("pdf",), targets=["jp"], jobs=1)
    # the agreement's status cell, the program added, and a short bar where the removed
    # facility stood (its text is not set)
    assert change_bars(built / "jp.pdf") - change_bars(plain / "jp.pdf") == 3


def test_a_visit_brief_tells_the_changes_to_the_visit_and_its_partner(tmp_path: Path) -> None:
    def change(ws: Path) -> None:
        visit = ws / "data/visits/esa-illustrative.yaml"
        edit(visit, "visits the Agency to\n  follow up", "visits the Agency to\n  advance")
        edit(visit, "for almost\n      50 years.", "for 50 years.")
        esa = ws / "data/partners/esa.yaml"
        edit(esa, "purpose: Deep space antenna", "purpose: Deep space antenna (35 m)")

    ws, since = two_editions(tmp_path, change)
    told = [
        c.sentence(with_owner=True) for c in make_pack(ws, "esa-illustrative", since=since).changes
    ]
    assert any(
        x.startswith("European Space Agency: Facility ‘New Norcia-3’: purpose") for x in told
    )
    assert any(x.endswith(": purpose revised") and "Visit" in x for x in told)
    assert any("Key message" in x and "text revised" in x for x in told)
    dumped = t.dump(make_pack(ws, "esa-illustrative", since=since).document)
    assert "meta revision" in dumped and "inserted" in dumped


def test_the_manifest_schema_is_versioned(tmp_path: Path) -> None:
    from briefgen.build import manifest as mf

    entry = {"kind": "partner", "title": "T", "marking": "OFFICIAL", "files": {}}
    for schema, readable in ((2, True), (3, True), (4, False)):
        data = {"schema": schema, "packs": {"jp": entry}}
        (tmp_path / mf.NAME).write_text(json.dumps(data), encoding="utf-8")
        found = mf.read(tmp_path)
        assert (found.problem is None) is readable
        assert found.edition is None  # schema 2 recorded no edition
    mf.write(tmp_path, mf.Manifest(edition={"data/x.yaml": "a: 1\n"}))
    written = json.loads((tmp_path / mf.NAME).read_text(encoding="utf-8"))
    assert written["schema"] == mf.SCHEMA == 3
    assert mf.read(tmp_path).edition == {"data/x.yaml": "a: 1\n"}


def test_a_deleted_link_to_a_heading_that_went_keeps_its_text() -> None:
    from briefgen.compose.revisions import mark_revisions

    meta = t.Metadata("T", "OFFICIAL", date(2026, 1, 1), "Org")
    link = t.Paragraph((t.Text("See "), t.Link("#japan", (t.Text("Japan"),)), t.Text(".")))
    old = t.Document(meta, (link, t.Heading(1, "japan", (t.Text("Japan"),))))
    new = t.Document(meta, (t.Heading(1, "korea", (t.Text("Korea"),)),))
    marked = mark_revisions(old, new, t.Revision("Org", date(2026, 1, 2)), [])
    t.check(marked)  # no link is left dangling
    first = marked.blocks[0]
    assert isinstance(first, t.Paragraph) and t.all_deleted(first.children)
    assert not any(isinstance(n, t.Link) for n in t.iter_inlines(marked.blocks))
    gone = [n.children for n in first.children if isinstance(n, t.Deleted)]
    assert "".join(t.plain_text(c) for c in gone) == "See Japan."
    assert marked.meta.revision == t.Revision("Org", date(2026, 1, 2))
