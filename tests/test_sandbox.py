"""Templates are untrusted: they see plain read-only data, call no method, include nothing
outside their folders, use only briefgen's filters and stop within time and size limits.
Each hostile template fails its pack with an error naming the template; nothing runs."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

import briefgen
from briefgen.compose import sandbox


class Boom:
    """Unpickling this would run a command: the classic pickle payload."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch /tmp/briefgen-pwned",))


PAYLOAD = pickle.dumps(Boom())


def failure(ws: Path, template: str, tmp_path: Path) -> str:
    """Build the partner pack with ``template`` as its partner template; the error."""
    (ws / "templates").mkdir(exist_ok=True)
    (ws / "templates" / "partner.md.j2").write_text(template)
    report = briefgen.load_workspace(ws).build(tmp_path / "out", jobs=1, targets=["jp"])
    assert [r.id for r in report.failed] == ["jp"]
    assert not (tmp_path / "out" / "jp.pdf").exists()
    error = report.failed[0].error or ""
    assert "templates/partner.md.j2" in error, error
    return error


@pytest.mark.parametrize(
    "template",
    [
        "{{ partner.p.model_validate_json('{}') }}",
        "{{ partner.p.overview[0].text.parse_raw(payload, proto='pickle', allow_pickle=True) }}",
        "{{ partner.p.__class__ }}",
        "{{ pack.marking.parse('PROTECTED') }}",
        "{{ partner.p._fields }}",
        "{{ partner.name.format(partner) }}",
        "{{ config.model_copy() }}",
        "{{ ''.__class__.__mro__ }}",
        "{{ range.__globals__ }}",
    ],
)
def test_templates_reach_no_method_and_no_object(
    template: str, mini_copy: Path, tmp_path: Path
) -> None:
    failure(mini_copy, template.replace("payload", repr(PAYLOAD)), tmp_path)
    assert not Path("/tmp/briefgen-pwned").exists()


def test_templates_see_records_as_plain_read_only_data(mini_copy: Path, tmp_path: Path) -> None:
    (mini_copy / "templates").mkdir()
    (mini_copy / "templates" / "partner.md.j2").write_text(
        "# {{ partner.name }}\n\n{{ partner.p.kind.value }} {{ partner.p.agencies[0].label }}"
        " {{ partner.p['display_name'] }} {{ partner.p.agreements|map(attribute='title')"
        "|and_join }}\n"
    )
    ws = briefgen.load_workspace(mini_copy)
    markdown = ws.pack("jp").markdown
    assert "country Example Agency of Japan (EAJ) Japan First memorandum and" in markdown
    data = sandbox.plain(ws.partners["jp"])
    assert isinstance(data, sandbox.Record) and isinstance(data.agreements, tuple)
    with pytest.raises(TypeError):
        data.name = "changed"


@pytest.mark.parametrize("name", ["safe", "e", "attr", "format", "center", "indent", "pprint"])
def test_only_briefgen_filters(name: str, mini_copy: Path, tmp_path: Path) -> None:
    assert "No filter named" in failure(mini_copy, f"{{{{ partner.name|{name} }}}}", tmp_path)


def test_an_include_cannot_leave_the_template_folders(mini_copy: Path, tmp_path: Path) -> None:
    (mini_copy / "templates").mkdir()
    os.symlink("/etc/hostname", mini_copy / "templates" / "outside.md.j2")
    error = failure(mini_copy, '{% include "outside.md.j2" %}', tmp_path)
    assert "outside the template folders" in error
    error = failure(mini_copy, '{% include "../../etc/hostname" %}', tmp_path)
    assert "../../etc/hostname" in error
    elsewhere = tmp_path / "elsewhere"  # a linked folder, the file in it a regular one
    elsewhere.mkdir()
    (elsewhere / "inside.md.j2").write_text("secret\n")
    os.symlink(elsewhere, mini_copy / "templates" / "partials")
    error = failure(mini_copy, '{% include "partials/inside.md.j2" %}', tmp_path)
    assert "outside the template folders" in error


def test_links_within_the_template_folders_are_followed(tmp_path: Path) -> None:
    from briefgen.compose.jinja import render_template

    folder = tmp_path / "templates"
    (folder / "real").mkdir(parents=True)
    (folder / "real" / "x.md.j2").write_text("inside\n")
    os.symlink(folder / "real", folder / "alias")
    os.symlink(folder / "real" / "x.md.j2", folder / "y.md.j2")
    for name in ("real/x.md.j2", "alias/x.md.j2", "y.md.j2"):
        assert render_template(name, {}, (str(folder),)).markdown == "inside\n"


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("{{ 'x' * 10**10 }}", "repetition"),
        ("{{ 2 ** 10000 }}", "power"),
        ("{% for i in range(10**9) %}{% endfor %}", "range"),
        ("{% for i in range(100000) %}{{ 'y' * 100 }}{% endfor %}", "more than"),
        (
            "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
            "took longer",
        ),
        (
            "{% for a in range(100000) %}{% for b in partner.p.agreements %}"
            "{% for c in range(1000) %}{% endfor %}{% endfor %}{% endfor %}",
            "took longer",
        ),
        ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "RecursionError"),
    ],
)
def test_a_render_is_bounded_in_time_and_size(
    template: str, words: str, mini_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.5)
    assert words in failure(mini_copy, template, tmp_path)


def test_the_limits_grow_with_the_pack_but_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A region of many partners may write (and take) in proportion to its partners, so a
    2,000-partner region builds; a small pack keeps the base limits."""
    assert [sandbox.allowances(n) for n in (0, 1, 100, 101, 2000)] == [1, 1, 1, 2, 20]
    monkeypatch.setattr(sandbox, "MAX_OUTPUT", 10)
    assert sandbox.limited(iter(["x" * 15]), partners=150) == "x" * 15
    with pytest.raises(sandbox.LimitError, match="more than 20 characters"):
        sandbox.limited(iter(["x" * 25]), partners=150)
    with pytest.raises(sandbox.LimitError, match="more than 10 characters"):
        sandbox.limited(iter(["x" * 15]))
