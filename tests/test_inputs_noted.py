"""A pack's inputs are what it read, noted where it read them: every data file of the
reference workspace, edited in turn, rebuilds exactly the packs that print from it, and
every optional file, created, rebuilds the packs it affects (issue 24, item 2)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

import briefgen
from briefgen.cli import main
from briefgen.compose import jinja


def built(ws: Path, out: Path, **options: object) -> set[str]:
    """Build the Word edition of ``ws`` into ``out``: the ids of the packs it rendered."""
    report = briefgen.load_workspace(ws).build(out, formats=("docx",), jobs=1, **options)  # type: ignore[arg-type]
    assert report.exit_code == 0, [r.error for r in report.failed]
    return {r.id for r in report.built}


def word_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def delegate(ws: Path, partner: str, person: str) -> None:
    """Add ``person`` of ``partner`` (a partner the visit does not list) to the delegation."""
    path = ws / "data" / "visits" / "esa-illustrative.yaml"
    text = path.read_text()
    anchor = "  - partner: esa\n    person: rolf-densing\n"
    assert anchor in text
    path.write_text(text.replace(anchor, f"{anchor}  - partner: {partner}\n    person: {person}\n"))


def test_a_delegate_of_a_partner_the_visit_does_not_list_is_printed_and_followed(
    ws_copy: Path, tmp_path: Path
) -> None:
    delegate(ws_copy, "gb", "paul-bate")
    out = tmp_path / "out"
    built(ws_copy, out)
    assert "UK Space Agency CEO" in word_text(out / "esa-illustrative.docx")
    gb = ws_copy / "data" / "partners" / "gb.yaml"
    gb.write_text(
        gb.read_text().replace("role: UK Space Agency CEO", "role: UK Space Agency Chief")
    )
    assert "esa-illustrative" in built(ws_copy, out)
    text = word_text(out / "esa-illustrative.docx")
    assert "UK Space Agency Chief" in text
    assert "UK Space Agency CEO" not in text


def test_a_delegate_of_an_unlisted_partner_reaches_a_worker_given_only_its_part(
    ws_copy: Path, tmp_path: Path
) -> None:
    """An executor's worker gets the part of the workspace the pack reads: the unlisted
    partner's record is in it, so the pack prints the same bytes as in this process."""
    import concurrent.futures as cf

    delegate(ws_copy, "gb", "paul-bate")
    ws = briefgen.load_workspace(ws_copy)
    with cf.ThreadPoolExecutor(1) as pool:
        ws.build(tmp_path / "parts", formats=("docx",), executor=pool, targets=["esa-illustrative"])
    ws.build(tmp_path / "whole", formats=("docx",), jobs=1, targets=["esa-illustrative"])
    parts = (tmp_path / "parts" / "esa-illustrative.docx").read_bytes()
    assert parts == (tmp_path / "whole" / "esa-illustrative.docx").read_bytes()
    assert "UK Space Agency CEO" in word_text(tmp_path / "parts" / "esa-illustrative.docx")


@pytest.mark.parametrize("via", ["api", "cli"])
def test_a_settings_file_created_where_there_was_none_rebuilds_every_pack(
    via: str, ws_copy: Path, tmp_path: Path
) -> None:
    assert not (ws_copy / "briefgen.toml").exists()
    out = tmp_path / "out"
    every = {i for _, i, _ in briefgen.load_workspace(ws_copy).targets()}
    args = ["build", "-w", str(ws_copy), "--out", str(out), "--jobs", "1", "-f", "docx"]
    if via == "api":
        assert built(ws_copy, out) == every
    else:
        assert CliRunner().invoke(main, args).exit_code == 0
    (ws_copy / "briefgen.toml").write_text('[theme]\naccent_colour = "7A1F3D"\n')
    if via == "api":
        assert built(ws_copy, out) == every
    else:
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert "unchanged since the last build" not in result.output
        assert built(ws_copy, out) == set()  # the CLI rebuilt them, and recorded it
    with zipfile.ZipFile(out / "jp.docx") as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
    assert b"7A1F3D" in xml.upper()


def _expected(ws: Path, rel: str) -> set[str]:
    """The packs that print from the data file ``rel``, told from the YAML itself: a
    partner's file by its partner, the regions holding it, the visits naming it (listed or
    by a delegate) and the packs citing a source it defines; the shared sources file by the
    packs citing its sources; the organisation's and the glossary by every pack; regions by
    region packs."""
    loaded = briefgen.load_workspace(ws)
    every = {i for _, i, _ in loaded.targets()}
    data = yaml.safe_load((ws / rel).read_text())
    listed = data.get("sources", ()) if isinstance(data, dict) else ()
    defined = {s["id"] for s in listed if isinstance(s, dict)}  # a visit cites by id
    citing = {i for i in every if defined & {s.id for s in loaded.pack(i).sources}}
    if rel in ("data/organisation.yaml", "data/glossary.yaml"):  # every pack spells names
        return every
    if rel == "data/regions.yaml":
        return set(loaded.regions)
    if rel == "data/sources.yaml":
        return citing
    stem = Path(rel).stem
    if rel.startswith("data/visits/"):
        return {stem}
    regions = {rid for rid, r in loaded.regions.items() if stem in r.members}
    visits = {
        vid
        for vid, v in loaded.visits.items()
        if stem in v.partners or any(getattr(d, "partner", None) == stem for d in v.delegation)
    }
    return {stem} | regions | visits | citing


def test_every_data_file_edited_in_turn_rebuilds_the_packs_that_print_from_it(
    ws_copy: Path, tmp_path: Path
) -> None:
    delegate(ws_copy, "gb", "paul-bate")  # a visit reading a partner it does not list
    out = tmp_path / "out"
    built(ws_copy, out)
    files = sorted(p.relative_to(ws_copy).as_posix() for p in (ws_copy / "data").rglob("*.yaml"))
    assert len(files) == 18
    for rel in files:
        expected = _expected(ws_copy, rel)
        path = ws_copy / rel
        path.write_text(path.read_text() + "\n# edited\n")  # the same records, new bytes
        assert built(ws_copy, out) == expected, rel
        assert built(ws_copy, out) == set(), rel


def test_every_optional_file_created_rebuilds_the_packs_it_affects(
    ws_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    ws = briefgen.load_workspace(ws_copy)
    every = {i for _, i, _ in ws.targets()}
    by_kind = {
        k: {i for kk, i, _ in ws.targets() if kk == k} for k in ("partner", "region", "visit")
    }
    built(ws_copy, out)
    binding = by_kind["visit"]  # a visit's pack binds its partner's brief (issue 27)
    overrides = {
        "partner.md.j2": by_kind["partner"] | binding,
        "region.md.j2": by_kind["region"],
        "visit.md.j2": by_kind["visit"],
        "partials/biography.md.j2": by_kind["visit"],
        "partials/people.md.j2": by_kind["partner"] | binding,  # regions leave people out
        "partials/sources.md.j2": every,
    }
    for name, expected in overrides.items():
        target = ws_copy / "templates" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text((jinja.default_template_dir() / name).read_text() + "\n")
        assert built(ws_copy, out) == expected, name
    (ws_copy / "briefgen.toml").write_text('edition = "2026-12-01"\n')
    assert built(ws_copy, out) == every
    assert built(ws_copy, out) == set()


def test_the_regions_note_is_an_input_of_the_packs_whose_templates_print_it(
    ws_copy: Path, tmp_path: Path
) -> None:
    """``regions_note`` comes from data/regions.yaml: a partner template that prints it
    rebuilds when the note is added; the packs whose templates do not look it up stay."""
    out = tmp_path / "out"
    ws = briefgen.load_workspace(ws_copy)
    partners = {i for k, i, _ in ws.targets() if k == "partner"}
    template = ws_copy / "templates" / "partner.md.j2"
    template.parent.mkdir(parents=True, exist_ok=True)
    default = (jinja.default_template_dir() / "partner.md.j2").read_text()
    template.write_text(
        default + "\n{% if regions_note %}\nRegions: {{ regions_note }}\n{% endif %}\n"
    )
    built(ws_copy, out)
    regions = ws_copy / "data" / "regions.yaml"
    regions.write_text("note: Grouped for the reference packs only.\n" + regions.read_text())
    visits = set(ws.visits)  # a visit's pack binds its partner's brief (issue 27)
    assert built(ws_copy, out) == partners | set(ws.regions) | visits
    assert "Regions: Grouped for the reference packs only." in word_text(out / "jp.docx")
    assert built(ws_copy, out) == set()
