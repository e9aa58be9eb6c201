"""The mistakes officers make when they edit YAML get one line each that says what to type
instead (issue 26): a copy of the reference workspace is broken the way an officer would
break it and `briefgen validate` (and `build`) must name the file, line and field and give
an example of the right form, exit 2, and print no traceback."""

from __future__ import annotations

from pathlib import Path

from cli_checks import build, run

VISIT = "data/visits/esa-illustrative.yaml"


def edit(ws: Path, old: str, new: str, rel: str = VISIT) -> None:
    path = ws / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(ws: Path, needle: str, rel: str = VISIT) -> int:
    lines = (ws / rel).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def problems(ws: Path, command: str = "validate") -> list[str]:
    """The problem lines ``command`` prints for the workspace; it must exit 2."""
    result = run(command, "-w", str(ws)) if command == "validate" else build(ws)
    assert result.exit_code == 2, result.output
    return [line.strip() for line in result.output.splitlines() if line.startswith("  ")]


def test_unquoted_marking_says_put_it_in_quotes(ws_copy: Path) -> None:
    edit(ws_copy, "status: draft\n", "status: draft\nmarking: OFFICIAL: Sensitive\n")
    line = line_of(ws_copy, "marking: OFFICIAL: Sensitive")
    (only,) = problems(ws_copy)
    assert only.startswith(f"{VISIT}:{line}: marking: ")
    assert only.endswith('put this value in quotes: marking: "OFFICIAL: Sensitive"')
    assert "mapping values" not in only


def test_tab_indentation_says_indent_with_spaces(ws_copy: Path) -> None:
    edit(ws_copy, "    person: josef-aschbacher\n", "\tperson: josef-aschbacher\n")
    line = line_of(ws_copy, "\tperson")
    (only,) = problems(ws_copy)
    assert only.startswith(f"{VISIT}:{line}: ")
    assert "indent with spaces, not tabs" in only


def test_comma_in_braces_says_quote_it_or_use_block_style(ws_copy: Path) -> None:
    edit(
        ws_copy,
        "  reference: ILLUSTRATIVE",
        "  cleared_by: {name: Jo Bloggs, position: Director, International Engagement,"
        " date: 2026-11-25}\n  reference: ILLUSTRATIVE",
    )
    line = line_of(ws_copy, "cleared_by: {name: Jo")
    (only,) = problems(ws_copy)
    assert only.startswith(f"{VISIT}:{line}: document_control.cleared_by.position: ")
    assert "comma inside { }" in only
    assert 'position: "Director, International Engagement"' in only
    assert "block style" in only
    assert "unknown field" not in only


def test_misspelt_field_of_inline_delegate_is_one_error_with_did_you_mean(
    ws_copy: Path,
) -> None:
    edit(
        ws_copy,
        "  - partner: esa\n    person: rolf-densing\n",
        "  - name: Jo Bloggs\n    role: Adviser\n    organization: ESA\n",
    )
    line = line_of(ws_copy, "organization: ESA")
    (only,) = problems(ws_copy)
    assert only.startswith(f"{VISIT}:{line}: delegation[1].organization: ")
    assert "a delegate written here takes name, role, organisation" in only
    assert only.endswith("did you mean 'organisation'?")


def test_misspelt_field_name_gets_did_you_mean(ws_copy: Path) -> None:
    edit(ws_copy, "locations: [Adelaide]", "locatons: [Adelaide]")
    line = line_of(ws_copy, "locatons:")
    (only,) = problems(ws_copy)
    assert only == f"{VISIT}:{line}: locatons: unknown field; did you mean 'locations'?"


def test_time_without_leading_zero_shows_the_right_form(ws_copy: Path) -> None:
    edit(ws_copy, 'start: "09:00"', "start: 9:00")
    line = line_of(ws_copy, "start: 9:00")
    (only,) = problems(ws_copy)
    assert only.startswith(f"{VISIT}:{line}: program[0].start: '9:00' is not a time: ")
    assert only.endswith('write times as 24-hour HH:MM in quotes, e.g. start: "09:00"')
    assert "[0-5]" not in only  # no regular expression


def test_time_read_as_sexagesimal_by_yaml_1_1_shows_the_right_form(ws_copy: Path) -> None:
    # under a %YAML 1.1 directive, 9:30 is the base-60 integer 570
    path = ws_copy / VISIT
    path.write_text("%YAML 1.1\n---\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    edit(ws_copy, 'start: "09:30"', "start: 9:30")
    (only,) = problems(ws_copy)
    assert "program[1].start: " in only
    assert only.endswith('e.g. start: "09:30"')


def test_day_first_date_shows_the_right_form(ws_copy: Path) -> None:
    edit(ws_copy, "  - date: 2027-03-03\n", "  - date: 19/01/2027\n")
    line = line_of(ws_copy, "19/01/2027")
    (only,) = problems(ws_copy)
    assert only == (
        f"{VISIT}:{line}: program[2].date: '19/01/2027' is not a date: "
        "write dates as YYYY-MM-DD, e.g. date: 2027-01-19"
    )


def test_bad_date_and_id_typo_are_reported_together(ws_copy: Path) -> None:
    edit(ws_copy, "  - date: 2027-03-03\n", "  - date: 19/01/2027\n")
    edit(ws_copy, "katherine-bennell-pegg]", "katherine-bennel-pegg]")
    edit(ws_copy, "    person: rolf-densing\n", "    person: rolf-densin\n")
    found = problems(ws_copy)
    assert len(found) == 3, found
    assert any("program[2].date: '19/01/2027' is not a date" in p for p in found)
    assert f"{VISIT}:{line_of(ws_copy, 'bennel-pegg')}: attendees[1]: person " in "\n".join(found)
    assert any(p.endswith("did you mean 'katherine-bennell-pegg'?") for p in found)
    assert any(
        "delegation[1].person: person 'rolf-densin'" in p
        and p.endswith("did you mean 'rolf-densing'?")
        for p in found
    )


def test_unknown_partner_and_source_ids_get_did_you_mean(ws_copy: Path) -> None:
    edit(ws_copy, "partners: [esa]", "partners: [eas]")
    old = "\nsources: [asa-international-partnerships]"
    edit(ws_copy, old, "\nsources: [asa-intl-partnerships]")
    found = "\n".join(problems(ws_copy))
    assert "partners[0]: unknown partner 'eas'" in found
    assert "did you mean 'esa'?" in found
    assert "did you mean 'asa-international-partnerships'?" in found


def test_build_gives_the_same_advice(ws_copy: Path) -> None:
    edit(ws_copy, 'start: "09:00"', "start: 9:00")
    found = problems(ws_copy, "build")
    assert any('e.g. start: "09:00"' in p for p in found), found
    assert not (ws_copy / "out").exists() or not any((ws_copy / "out").rglob("*.pdf"))


def test_entry_left_out_for_its_own_error_is_not_blamed_again(ws_copy: Path) -> None:
    # the person with a bad field heads ESA: the one-pass checks must not then say that
    # the head is not among ESA's people
    esa = "data/partners/esa.yaml"
    edit(ws_copy, "  - id: josef-aschbacher\n", "  - id: josef-aschbacher\n    nmae: x\n", esa)
    found = [p for p in problems(ws_copy) if p.startswith(esa)]
    assert found == [
        f"{esa}:{line_of(ws_copy, 'nmae: x', esa)}: people[0].nmae: unknown field; "
        "did you mean 'name'?"
    ]


def test_field_indented_under_a_value_is_not_called_a_quoting_problem(ws_copy: Path) -> None:
    edit(ws_copy, "direction: inbound\n", "direction: inbound\n  status: draft\n")
    edit(ws_copy, "status: draft\nedition", "edition")
    (only,) = problems(ws_copy)
    assert "quotes" not in only
    assert only.endswith(
        "status: this field is indented under a field that already has a "
        "value: indent it as far as the fields beside it"
    )
    assert only.startswith(f"{VISIT}:{line_of(ws_copy, '  status: draft')}: ")
