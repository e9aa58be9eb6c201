"""Every class of bad data gives a :class:`briefgen.DataError` naming the file, line and field.

Each test copies the small valid workspace ``tests/fixtures/mini`` into a temporary folder,
breaks one thing and checks the message: the workspace-relative file, the line where the YAML
parser knows it, and the field path (``agreements[1].date``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import briefgen
from briefgen import DataError
from briefgen.cli import main
from briefgen.errors import BriefgenError, Problem

MINI = Path(__file__).parent / "fixtures" / "mini"
ROOT = Path(__file__).resolve().parents[1]
JP = "data/partners/jp.yaml"
ESA = "data/partners/esa.yaml"
REGIONS = "data/regions.yaml"
SOURCES = "data/sources.yaml"
ORGANISATION = "data/organisation.yaml"


# ----------------------------------------------------------------- helpers


@pytest.fixture
def ws(mini_copy: Path) -> Path:
    """A fresh copy of the mini workspace, to break."""
    return mini_copy


def edit(ws: Path, rel: str, old: str, new: str) -> None:
    """Replace ``old`` (which must occur exactly once) by ``new`` in one data file."""
    path = ws / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_with(ws: Path, rel: str, needle: str, nth: int = 1) -> int:
    """The 1-based line number of the ``nth`` line of ``rel`` that contains ``needle``."""
    found = [
        i
        # split on newlines only: str.splitlines() also splits on \v and other controls
        for i, line in enumerate((ws / rel).read_text(encoding="utf-8").split("\n"), 1)
        if needle in line
    ]
    assert len(found) >= nth, f"{needle!r} not in {rel}"
    return found[nth - 1]


def load_error(ws: Path) -> DataError:
    with pytest.raises(DataError) as info:
        briefgen.load_workspace(ws)
    assert isinstance(info.value, BriefgenError)
    return info.value


def assert_reported(err: DataError, file: str, line: int | None, path: str, *words: str) -> Problem:
    """``err``'s message has a line ``file:line: path: ...`` holding every one of ``words``."""
    where = file if line is None else f"{file}:{line}"
    prefix = f"{where}: {path}: " if path else f"{where}: "
    lines = [m for m in str(err).splitlines() if m.startswith(prefix)]
    assert lines, f"no message starting {prefix!r} in:\n{err}"
    matching = [m for m in lines if all(w in m for w in words)]
    assert matching, f"{prefix!r} lines lack {words!r}:\n{err}"
    problem = next(p for p in err.problems if str(p) == matching[0])
    assert (problem.file, problem.line, problem.path) == (file, line, path)
    return problem


def test_the_mini_fixture_is_valid() -> None:
    ws = briefgen.load_workspace(MINI)
    assert set(ws.partners) == {"jp", "esa"}
    assert set(ws.regions) == {"asia", "everywhere"}


# ----------------------------------------------------------------- YAML itself


def test_yaml_syntax_error_names_file_and_line(ws: Path) -> None:
    edit(ws, JP, "    title: First memorandum\n", "    title: First: memorandum\n")
    err = load_error(ws)
    # the parser knows the line; the field is the key written on it
    line = line_with(ws, JP, "First: memorandum")
    assert_reported(err, JP, line, "title", 'put this value in quotes: title: "First: memorandum"')


def test_unclosed_bracket_names_file_and_line(ws: Path) -> None:
    edit(ws, ESA, "2025-10\n    sources: [mini-source]\n", "2025-10\n    sources: [mini-source\n")
    err = load_error(ws)
    problem = next(p for p in err.problems if p.file == ESA)
    assert problem.line is not None and problem.line >= line_with(ws, ESA, "[mini-source")
    assert str(problem).startswith(f"{ESA}:{problem.line}: YAML syntax error")


def test_tab_indentation_is_a_syntax_error(ws: Path) -> None:
    edit(ws, ESA, "kind: organisation\n", "kind: organisation\n\tname: Tabbed\n")
    assert_reported(load_error(ws), ESA, 2, "", "indent with spaces, not tabs")


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_file(ws: Path, text: str) -> None:
    (ws / JP).write_text(text, encoding="utf-8")
    err = load_error(ws)
    assert_reported(err, JP, None, "", "is empty")  # a whole-file fault: no line, no field


def test_top_level_must_be_a_mapping(ws: Path) -> None:
    (ws / ESA).write_text("- kind\n- organisation\n", encoding="utf-8")
    assert_reported(load_error(ws), ESA, 1, "", "must be a mapping")


def test_binary_garbage(ws: Path) -> None:
    (ws / JP).write_bytes(b"kind: country\n\x89PNG\r\n\x1a\n\xff\xfe\x00\x01garbage")
    err = load_error(ws)
    assert_reported(err, JP, 2, "", "is not UTF-8 text")


def test_utf16_file_is_not_utf8(ws: Path) -> None:
    (ws / ESA).write_bytes((ws / ESA).read_text(encoding="utf-8").encode("utf-16"))
    assert_reported(load_error(ws), ESA, 1, "", "is not UTF-8 text")


# ----------------------------------------------------------------- the model


def test_unknown_field(ws: Path) -> None:
    edit(ws, JP, "    acronym: EAJ\n", "    acronym: EAJ\n    acronymn: EAJ\n")
    err = load_error(ws)
    assert_reported(err, JP, line_with(ws, JP, "acronymn"), "agencies[0].acronymn", "unknown field")


def test_unknown_top_level_field(ws: Path) -> None:
    edit(ws, ESA, "kind: organisation\n", "kind: organisation\nnmae: Typo\n")
    assert_reported(load_error(ws), ESA, 2, "nmae", "unknown field")


def test_unknown_capitalised_field_keeps_its_name(ws: Path) -> None:
    # pydantic's union tags are capitalised model names; a capitalised typo must not vanish
    edit(ws, JP, "    acronym: EAJ\n", "    acronym: EAJ\n    Name: Other\n")
    err = load_error(ws)
    assert_reported(err, JP, line_with(ws, JP, "Name: Other"), "agencies[0].Name", "unknown field")


def test_wrong_type_text(ws: Path) -> None:
    edit(ws, ESA, "  - text: An organisation partner for tests.\n", "  - text: [1, 2]\n")
    err = load_error(ws)
    assert_reported(err, ESA, line_with(ws, ESA, "text: [1, 2]"), "overview[0].text", "string")


def test_wrong_type_list(ws: Path) -> None:
    edit(ws, ESA, "highlights:\n", "agencies: 5\nhighlights:\n")
    err = load_error(ws)
    assert_reported(err, ESA, line_with(ws, ESA, "agencies: 5"), "agencies", "5", "tuple")


def test_wrong_enum_value(ws: Path) -> None:
    edit(ws, JP, "    status: in force\n", "    status: enforced\n")
    err = load_error(ws)
    line = line_with(ws, JP, "status: enforced")
    assert_reported(err, JP, line, "agreements[1].status", "'enforced'", "in force")


def test_missing_required_field_points_at_its_record(ws: Path) -> None:
    edit(ws, JP, "    title: Second arrangement\n", "")
    err = load_error(ws)
    line = line_with(ws, JP, "id: second-arrangement")
    assert_reported(err, JP, line, "agreements[1].title", "is required")


def test_invalid_date_as_in_the_issue(ws: Path) -> None:
    edit(ws, JP, "    date: 2020-07\n", "    date: 2020-13\n")
    err = load_error(ws)
    line = line_with(ws, JP, "2020-13")
    found = f"{JP}:{line}: agreements[1].date: '2020-13' is not a date: write dates as"
    assert any(m.startswith(found) for m in str(err).splitlines()), str(err)


def test_impossible_day_is_an_error_not_a_crash(ws: Path) -> None:
    # YAML reads 2019-02-30 as a timestamp; the parser must not crash on it
    edit(ws, JP, "    date: 2019-08-28\n", "    date: 2019-02-30\n")
    err = load_error(ws)
    line = line_with(ws, JP, "2019-02-30")
    assert_reported(err, JP, line, "agreements[0].date", "'2019-02-30' is not a date")


def test_impossible_access_date_of_a_source(ws: Path) -> None:
    edit(ws, SOURCES, "accessed: 2026-01-15", "accessed: 2026-02-30")
    err = load_error(ws)
    assert_reported(err, SOURCES, line_with(ws, SOURCES, "accessed"), "sources[0].accessed")


def test_invalid_marking(ws: Path) -> None:
    edit(
        ws,
        ESA,
        "    date: 2025-04/2025-10\n",
        "    date: 2025-04/2025-10\n    marking: SECRETISH\n",
    )
    err = load_error(ws)
    line = line_with(ws, ESA, "SECRETISH")
    assert_reported(err, ESA, line, "highlights[0].marking", "not a protective marking")


def test_id_field_must_match_the_file_name(ws: Path) -> None:
    edit(ws, ESA, "kind: organisation\n", "kind: organisation\nid: other\n")
    assert_reported(load_error(ws), ESA, 2, "id", "'other'", "file name")


def test_image_with_a_path_needs_alt_text(ws: Path) -> None:
    (ws / "photo.png").write_bytes(b"not really a png")
    edit(ws, JP, "  - caption: A photograph", "  - path: photo.png\n    caption: A photograph")
    err = load_error(ws)
    assert_reported(err, JP, line_with(ws, JP, "path: photo.png"), "images[0]", "alt")


# ----------------------------------------------------------------- duplicates


def test_duplicate_region_id(ws: Path) -> None:
    edit(ws, REGIONS, "id: everywhere", "id: asia")
    err = load_error(ws)
    line = line_with(ws, REGIONS, "id: asia", nth=2)
    assert_reported(err, REGIONS, line, "regions[1].id", "duplicate region id 'asia'")


def test_duplicate_person_id(ws: Path) -> None:
    edit(ws, JP, "id: hana-example", "id: taro-example")
    err = load_error(ws)
    line = line_with(ws, JP, "id: taro-example", nth=2)
    assert_reported(err, JP, line, "people[1].id", "duplicate person id 'taro-example'")


def test_duplicate_agreement_id(ws: Path) -> None:
    edit(ws, JP, "id: second-arrangement", "id: first-mou")
    err = load_error(ws)
    line = line_with(ws, JP, "id: first-mou", nth=2)
    assert_reported(err, JP, line, "agreements[1].id", "duplicate agreement id 'first-mou'")


def test_duplicate_source_id_across_files(ws: Path) -> None:
    edit(
        ws,
        ESA,
        "kind: organisation\n",
        "kind: organisation\nsources:\n  - id: mini-source\n    title: Again\n"
        "    publisher: Someone\n    accessed: 2026-01-01\n",
    )
    err = load_error(ws)
    line = line_with(ws, ESA, "id: mini-source")
    assert_reported(err, ESA, line, "sources[0].id", "duplicate source id 'mini-source'", SOURCES)


def test_duplicate_yaml_key_top_level(ws: Path) -> None:
    edit(ws, ESA, "kind: organisation\n", "kind: organisation\nkind: group\n")
    err = load_error(ws)
    assert_reported(err, ESA, 2, "kind", "duplicate key 'kind'", "line 1")


def test_duplicate_yaml_key_nested(ws: Path) -> None:
    edit(ws, JP, "    acronym: EAJ\n", "    acronym: EAJ\n    acronym: XYZ\n")
    err = load_error(ws)
    first = line_with(ws, JP, "acronym: EAJ")
    line = line_with(ws, JP, "acronym: XYZ")
    assert_reported(err, JP, line, "agencies[0].acronym", "duplicate key", f"line {first}")


# ----------------------------------------------------------------- references


def test_dangling_region_member_names_both_ends(ws: Path) -> None:
    edit(ws, REGIONS, "members: [jp, esa]", "members: [jp, esa, zz]")
    err = load_error(ws)
    line = line_with(ws, REGIONS, "zz")
    problem = assert_reported(err, REGIONS, line, "regions[1].members[2]")
    # both ends: the region that refers, the partner (and its missing file) referred to
    assert "'everywhere'" in problem.message
    assert "'zz'" in problem.message
    assert "data/partners/zz.yaml" in problem.message


def test_reference_to_an_invalid_partner_file_says_so(ws: Path) -> None:
    (ws / ESA).write_text("", encoding="utf-8")
    err = load_error(ws)
    assert_reported(err, ESA, None, "", "is empty")
    problem = assert_reported(err, REGIONS, line_with(ws, REGIONS, "esa"), "regions[1].members[1]")
    assert "is invalid" in problem.message
    assert "there is no" not in problem.message  # the file exists


def test_unknown_source(ws: Path) -> None:
    edit(
        ws,
        JP,
        "    date: 2020-07\n    sources: [mini-source]",
        "    date: 2020-07\n    sources: [mini-source, nope]",
    )
    err = load_error(ws)
    line = line_with(ws, JP, "nope")
    assert_reported(err, JP, line, "agreements[1].sources[1]", "unknown source 'nope'")


def test_unknown_source_in_the_organisation(ws: Path) -> None:
    edit(
        ws,
        ORGANISATION,
        "  role: Head of the Example Space Office\n  sources: [mini-source]",
        "  role: Head of the Example Space Office\n  sources: [other]",
    )
    err = load_error(ws)
    line = line_with(ws, ORGANISATION, "[other]")
    assert_reported(err, ORGANISATION, line, "head.sources[0]", "unknown source 'other'")


def test_agency_head_must_be_a_person_of_the_partner(ws: Path) -> None:
    edit(ws, JP, "    head: taro-example\n", "    head: nobody\n")
    err = load_error(ws)
    assert_reported(err, JP, line_with(ws, JP, "head: nobody"), "agencies[0].head", "'nobody'")


def _add_image(ws: Path, path: str) -> None:
    edit(
        ws,
        JP,
        "  - caption: A photograph",
        f"  - path: {path}\n    alt: A view\n    caption: A photograph",
    )


@pytest.mark.parametrize("path", ["../outside.png", "images/../../outside.png", "/etc/hostname"])
def test_image_path_outside_the_workspace(ws: Path, path: str) -> None:
    (ws.parent / "outside.png").write_bytes(b"x")  # exists, but outside
    _add_image(ws, path)
    err = load_error(ws)
    line = line_with(ws, JP, f"path: {path}")
    assert_reported(err, JP, line, "images[0].path", "outside the workspace")


def test_image_path_missing(ws: Path) -> None:
    _add_image(ws, "images/nope.png")
    err = load_error(ws)
    line = line_with(ws, JP, "images/nope.png")
    assert_reported(err, JP, line, "images[0].path", "'images/nope.png'", "does not exist")


def test_image_path_inside_the_workspace_is_fine(ws: Path) -> None:
    (ws / "images").mkdir()
    shutil.copy(Path(__file__).parent / "sample.png", ws / "images" / "ok.png")
    _add_image(ws, "images/ok.png")
    assert briefgen.load_workspace(ws).partners["jp"].images[0].path == "images/ok.png"


# ----------------------------------------------------------------- text XML cannot hold


def test_raw_nul_names_file_and_line(ws: Path) -> None:
    # YAML refuses a raw NUL before any tree exists: file and line, no field path
    edit(ws, JP, "Something happened.", "Some\x00thing happened.")
    err = load_error(ws)
    assert_reported(err, JP, line_with(ws, JP, "thing happened"), "", "U+0000")


def test_raw_vertical_tab_names_file_and_line(ws: Path) -> None:
    edit(ws, JP, "Something happened.", "Some\x0bthing happened.")
    err = load_error(ws)
    assert_reported(err, JP, line_with(ws, JP, "thing happened"), "", "U+000B")


@pytest.mark.parametrize(
    ("escape", "code"), [("\\0", "U+0000"), ("\\v", "U+000B"), ("\\ud800", "U+D800")]
)
def test_escaped_control_character(ws: Path, escape: str, code: str) -> None:
    edit(ws, JP, "text: Something happened.", f'text: "Some{escape}thing happened."')
    err = load_error(ws)
    line = line_with(ws, JP, "thing happened")
    assert_reported(err, JP, line, "milestones[0].text", code, "cannot hold")


def test_control_character_in_a_list_item(ws: Path) -> None:
    edit(ws, REGIONS, "members: [jp, esa]", 'members: [jp, "e\\vsa"]')
    err = load_error(ws)
    assert_reported(
        err, REGIONS, line_with(ws, REGIONS, "e\\vsa"), "regions[1].members[1]", "U+000B"
    )


def test_control_character_in_a_field_name(ws: Path) -> None:
    edit(ws, ESA, "kind: organisation\n", 'kind: organisation\n"na\\vme": X\n')
    err = load_error(ws)
    assert_reported(err, ESA, 2, "", "field name", "U+000B")


def test_control_character_in_an_error_is_printable(ws: Path) -> None:
    """A lone surrogate must not break the CLI's own output."""
    edit(ws, JP, "text: Something happened.", 'text: "Some\\ud800thing happened."')
    result = CliRunner().invoke(main, ["validate", "--workspace", str(ws)])
    assert result.exit_code == 2
    assert "milestones[0].text" in result.output
    assert "Traceback" not in result.output


# ----------------------------------------------------------------- the workspace


def test_missing_workspace_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    err = load_error(missing)
    assert str(missing) in str(err)
    assert "does not exist" in str(err)


def test_workspace_that_is_a_file(tmp_path: Path) -> None:
    file = tmp_path / "file.yaml"
    file.write_text("x: 1\n", encoding="utf-8")
    err = load_error(file)
    assert str(file) in str(err)


def test_missing_organisation_file(ws: Path) -> None:
    (ws / ORGANISATION).unlink()
    assert_reported(load_error(ws), ORGANISATION, None, "", "is missing")


def test_missing_optional_files_are_fine(ws: Path) -> None:
    (ws / REGIONS).unlink()
    (ws / "briefgen.toml").unlink()
    loaded = briefgen.load_workspace(ws)
    assert loaded.regions == {}
    assert loaded.config.title == "Briefing packs"


def test_toml_syntax_error(ws: Path) -> None:
    (ws / "briefgen.toml").write_text('title = "ok"\nreview_months = \n', encoding="utf-8")
    assert_reported(load_error(ws), "briefgen.toml", 2, "", "not valid TOML")


def test_toml_unknown_and_wrong_settings(ws: Path) -> None:
    (ws / "briefgen.toml").write_text(
        'review_month = 3\n[theme]\nmarking_colour = "red"\n', encoding="utf-8"
    )
    err = load_error(ws)  # TOML keeps no line numbers: file and field path only
    assert_reported(err, "briefgen.toml", None, "review_month", "unknown field")
    assert_reported(err, "briefgen.toml", None, "theme.marking_colour", "'red'")


def test_all_errors_of_a_workspace_are_reported_together(ws: Path) -> None:
    edit(ws, JP, "    date: 2020-07\n", "    date: 2020-13\n")
    edit(ws, ESA, "kind: organisation\n", "kind: organisation\nbogus: 1\n")
    edit(
        ws,
        SOURCES,
        "    publisher: Example Publisher\n",
        "    publisher: Example Publisher\n    extra: 1\n",
    )
    (ws / "briefgen.toml").write_text("review_months = 0\n", encoding="utf-8")
    err = load_error(ws)
    assert_reported(err, JP, line_with(ws, JP, "2020-13"), "agreements[1].date", "not a date")
    assert_reported(err, ESA, 2, "bogus", "unknown field")
    assert_reported(err, SOURCES, line_with(ws, SOURCES, "extra"), "sources[0].extra")
    assert_reported(err, "briefgen.toml", None, "review_months")
    assert len(str(err).splitlines()) == len(err.problems)


# ----------------------------------------------------------------- the command


def _break_two_files(ws: Path) -> None:
    edit(ws, JP, "    date: 2020-07\n", "    date: 2020-13\n")
    edit(ws, REGIONS, "members: [jp, esa]", "members: [jp, esa, zz]")


def test_cli_validate_lists_every_problem_and_exits_2(ws: Path) -> None:
    _break_two_files(ws)
    result = CliRunner().invoke(main, ["validate", "--workspace", str(ws)])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert f"{JP}:{line_with(ws, JP, '2020-13')}: agreements[1].date:" in result.stderr
    assert f"{REGIONS}:{line_with(ws, REGIONS, 'zz')}: regions[1].members[2]:" in result.stderr
    expected = load_error(ws).problems  # the same problems, every one listed
    assert f"{len(expected)} problem(s)" in result.stderr
    for problem in expected:
        assert f"  {problem}\n" in result.stderr


@pytest.mark.parametrize(
    "breakage",
    [
        lambda ws: (ws / JP).write_bytes(b"\xff\xfe\x00garbage"),
        lambda ws: (ws / JP).write_text("kind: [country\n", encoding="utf-8"),
        lambda ws: (ws / JP).write_text('kind: country\ncountry: "J\\ud800P"\n', encoding="utf-8"),
        lambda ws: (ws / JP).write_text("kind: country\nmilestones:\n  - date: 2019-02-30\n"),
        lambda ws: (ws / ORGANISATION).unlink(),
        lambda ws: (ws / "briefgen.toml").write_bytes(b"\xff\xfe"),
    ],
    ids=["binary", "syntax", "surrogate", "impossible-day", "no-organisation", "binary-toml"],
)
def test_cli_never_shows_a_traceback(ws: Path, breakage) -> None:  # type: ignore[no-untyped-def]
    breakage(ws)
    result = CliRunner().invoke(main, ["validate", "--workspace", str(ws)])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "error:" in result.stderr


def test_cli_missing_workspace(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--workspace", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_cli_validate_reference_workspace_is_clean() -> None:
    result = CliRunner().invoke(
        main, ["validate", "--workspace", str(ROOT), "--today", "2026-12-01"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok:")
    # the only warnings: the two ESA delegates the source gives no biography for, and the
    # statements to verify before a final build (an acting title, the 2026 milestone, "now",
    # "today", "more than 45 years"): see test_glossary_citations.py
    warnings = [x for x in result.output.splitlines() if x.startswith("warning")]
    bios = [x for x in warnings if "has no biography" in x]
    assert len(bios) == 2, warnings
    assert all("e.g. as_at: 2026-12-01" in x for x in warnings if x not in bios), warnings


def test_cli_validate_warns_about_stale_sources() -> None:
    result = CliRunner().invoke(
        main, ["validate", "--workspace", str(MINI), "--today", "2030-01-01"]
    )
    assert result.exit_code == 0, result.output
    assert "warning: source 'mini-source' was accessed on 2026-01-15" in result.stderr
    assert "12 months" in result.stderr
    fresh = CliRunner().invoke(
        main, ["validate", "--workspace", str(MINI), "--today", "2026-06-01"]
    )
    assert fresh.exit_code == 0
    assert "warning" not in fresh.output
    strict = CliRunner().invoke(
        main, ["validate", "--workspace", str(MINI), "--today", "2030-01-01", "--strict"]
    )
    assert strict.exit_code == 2


def test_cli_list_gives_ids_with_names() -> None:
    result = CliRunner().invoke(main, ["list", "--workspace", str(MINI)])
    assert result.exit_code == 0, result.output
    rows = [line.split(None, 2) for line in result.stdout.splitlines()]
    assert ["partner", "jp", "Japan"] in rows
    assert ["partner", "esa", "Example Space Organisation"] in rows
    assert ["region", "asia", "Asia"] in rows
    assert ["region", "everywhere", "Everywhere"] in rows


def test_cli_list_bad_workspace(ws: Path) -> None:
    _break_two_files(ws)
    result = CliRunner().invoke(main, ["list", "--workspace", str(ws)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_cli_schema_is_json_schema() -> None:
    result = CliRunner().invoke(main, ["schema", "partner"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert schema["type"] == "object"
    assert {"kind", "agreements", "people", "images", "sources"} <= set(schema["properties"])
    assert "kind" in schema["required"]
    assert schema.get("additionalProperties") is False  # typos are errors in the editor too


def test_cli_schema_all_kinds() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    schemas = json.loads(result.stdout)
    kinds = {"partner", "organisation", "regions", "sources", "glossary", "visit", "brief"}
    assert set(schemas) == kinds
    for schema in schemas.values():
        assert "properties" in schema
        assert schema.get("additionalProperties") is False


def test_cli_real_exit_code(ws: Path) -> None:
    _break_two_files(ws)
    run = subprocess.run(
        [sys.executable, "-m", "briefgen", "validate", "--workspace", str(ws)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert "agreements[1].date" in run.stderr
    assert "regions[1].members[2]" in run.stderr
