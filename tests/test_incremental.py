"""Incremental builds are never stale: after any change to any input, an ordinary build
leaves files byte-identical to a fresh ``--force`` build of the changed workspace, by the
command line and by the API called repeatedly in one process."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

import briefgen
from briefgen.cli import main
from briefgen.compose import jinja
from briefgen.theme import resource_path
from conftest import build_command

Change = Callable[[Path], None]


def build(ws: Path, out: Path, via: str, *options: str) -> set[str]:
    """Build ``ws`` into ``out``; the ids of the packs the build rendered (CLI: all or none)."""
    if via == "api":
        report = briefgen.load_workspace(ws).build(out, jobs=1, force="--force" in options)
        assert report.exit_code == 0, [r.error for r in report.failed]
        return {r.id for r in report.built}
    args = ["build", "-w", str(ws), "--out", str(out), "--jobs", "1", *options]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return set() if "unchanged since the last build" in result.output else {"?"}


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix != ".json"}


def keeping_size_and_time(path: Path, old: bytes, new: bytes) -> None:
    """Replace ``old`` by ``new`` (same length) in ``path`` and put its size and times back."""
    assert len(old) == len(new)
    st = path.stat()
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size


def settings(ws: Path, text: str) -> None:
    path = ws / "briefgen.toml"
    path.write_text(path.read_text() + text)


def override(name: str, extra: str) -> Change:
    def add(ws: Path) -> None:
        target = ws / "templates" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text((jinja.default_template_dir() / name).read_text() + extra)

    return add


def photo(colour: str) -> Change:
    def draw(ws: Path) -> None:
        path = ws / "assets" / "visit.png"  # outside data/
        path.parent.mkdir(exist_ok=True)
        st = path.stat() if path.exists() else None
        Image.new("RGB", (40, 30), colour).save(path)
        if st is not None:
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))

    return draw


def with_photo(ws: Path) -> None:
    photo("navy")(ws)
    jp = ws / "data" / "partners" / "jp.yaml"
    jp.write_text(
        jp.read_text()
        + "  - path: assets/visit.png\n    alt: A navy rectangle.\n"
        + "    caption: A test photograph.\n    sources: [mini-source]\n"
    )


def body_size(points: int) -> Change:
    """The corporate reference document's body text set in ``points``, edited in place."""

    def edit(ws: Path) -> None:
        import docx
        from docx.shared import Pt

        path = ws / "corp.docx"
        st = path.stat()
        document = docx.Document(str(path))
        document.styles["Normal"].font.size = Pt(points)
        document.save(str(path))
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))

    return edit


def with_reference(ws: Path) -> None:
    shutil.copy(resource_path("reference.docx"), ws / "corp.docx")
    body_size(14)(ws)
    settings(ws, '\n[theme]\nreference_docx = "corp.docx"\n')


def nothing(ws: Path) -> None:
    pass


SCENARIOS: dict[str, tuple[Change, Change]] = {  # (before the first build, the change)
    "data edit keeping size and time": (
        nothing,
        lambda ws: keeping_size_and_time(
            ws / "data" / "partners" / "jp.yaml", b"described for tests", b"DESCRIBED for tests"
        ),
    ),
    "template override added": (nothing, override("partials/overview.md.j2", "\nAdded.\n")),
    "template override edited": (
        override("partials/overview.md.j2", "\nFirst.\n"),
        lambda ws: keeping_size_and_time(
            ws / "templates" / "partials" / "overview.md.j2", b"First.", b"Later."
        ),
    ),
    "theme setting": (nothing, lambda ws: settings(ws, '\n[theme]\naccent_colour = "7A1F3D"\n')),
    "reference document set": (nothing, with_reference),
    "reference document edited in place": (with_reference, body_size(13)),
    "photograph added": (nothing, with_photo),
    "photograph changed": (with_photo, photo("maroon")),
}


@pytest.mark.parametrize("via", ["api", "cli"])
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_an_ordinary_build_equals_a_fresh_one(
    scenario: str, via: str, mini_copy: Path, tmp_path: Path
) -> None:
    before, change = SCENARIOS[scenario]
    before(mini_copy)
    out = tmp_path / "out"
    build(mini_copy, out, via)
    first = outputs(out)
    assert not build(mini_copy, out, via), "an unchanged workspace rebuilt packs"
    change(mini_copy)
    assert build(mini_copy, out, via), "the change was not seen"
    build(mini_copy, tmp_path / "fresh", via, "--force")
    assert outputs(out) == outputs(tmp_path / "fresh")
    assert outputs(out) != first  # every change here shows in some file


def test_a_shipped_template_change_rebuilds(
    mini_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = tmp_path / "shipped"
    shutil.copytree(jinja.default_template_dir(), shipped)
    monkeypatch.setattr(jinja, "default_template_dir", lambda: shipped)
    for via in ("api", "cli"):
        out = tmp_path / f"out-{via}"
        build(mini_copy, out, via)
        overview = shipped / "partials" / "overview.md.j2"
        overview.write_text(overview.read_text() + f"\nShipped {via}.\n")
        assert build(mini_copy, out, via)
        build(mini_copy, tmp_path / f"fresh-{via}", via, "--force")
        assert outputs(out) == outputs(tmp_path / f"fresh-{via}")


def test_a_new_briefgen_version_rebuilds_everything(
    mini_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    ws = briefgen.load_workspace(mini_copy)
    build(mini_copy, out, "cli")
    monkeypatch.setattr(briefgen.version, "__version__", "99.0")
    assert build(mini_copy, out, "cli")
    assert {r.id for r in ws.build(out, jobs=1).built} == set()  # the CLI rebuilt them all
    monkeypatch.setattr(briefgen.version, "__version__", "99.1")
    assert {r.id for r in ws.build(out, jobs=1).built} == {i for _, i, _ in ws.targets()}


def test_the_api_twice_in_one_process_sees_a_template_edit(mini_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    override("partials/overview.md.j2", "\nOne.\n")(mini_copy)
    briefgen.load_workspace(mini_copy).build(out, jobs=1)
    override("partials/overview.md.j2", "\nTwo, longer.\n")(mini_copy)
    again = briefgen.load_workspace(mini_copy).build(out, jobs=1)
    assert "jp" in {r.id for r in again.built}
    assert "Two, longer." in briefgen.load_workspace(mini_copy).pack("jp").markdown
    briefgen.load_workspace(mini_copy).build(tmp_path / "fresh", jobs=1, force=True)
    assert outputs(out) == outputs(tmp_path / "fresh")
    third = briefgen.load_workspace(mini_copy).build(out, jobs=1)  # the record is the new one
    assert third.built == []


def test_strict_fails_an_unchanged_pack_that_had_warnings(mini_copy: Path, tmp_path: Path) -> None:
    jp = mini_copy / "data" / "partners" / "jp.yaml"
    jp.write_text(jp.read_text().replace("described for tests", "described \U0010fffd"))
    out = tmp_path / "out"
    ws = briefgen.load_workspace(mini_copy)
    first = ws.build(out, ("pdf",), jobs=1, targets=["jp"], allow_missing_glyphs=True)
    assert first.exit_code == 0 and first.built[0].warnings
    strict = ws.build(out, ("pdf",), jobs=1, targets=["jp"], allow_missing_glyphs=True, strict=True)
    assert strict.exit_code == 1 and "warnings with --strict" in (strict.failed[0].error or "")
    assert not (out / "jp.pdf").exists()  # as a fresh --strict build leaves it


def test_the_shortcut_ignores_fifos_sockets_and_links_out(mini_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    os.mkfifo(mini_copy / "data" / "pipe")
    os.mkfifo(mini_copy / "templates-pipe")
    os.symlink("/dev/zero", mini_copy / "data" / "zero")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(mini_copy / "data" / "sock"))
    try:
        for _ in range(2):  # the second build takes the shortcut
            done = subprocess.run(
                build_command(mini_copy, out), capture_output=True, text=True, timeout=120
            )
            assert done.returncode == 0, done.stderr
        assert "unchanged since the last build" in done.stderr
    finally:
        server.close()


def test_a_data_file_that_is_a_fifo_or_a_link_out_is_a_data_error(mini_copy: Path) -> None:
    partners = mini_copy / "data" / "partners"
    os.mkfifo(partners / "kr.yaml")
    os.symlink("/etc/hostname", partners / "nz.yaml")
    done = subprocess.run(
        build_command(mini_copy, mini_copy / "out"), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2, done.stderr
    assert "data/partners/kr.yaml: cannot be read" in done.stderr
    assert "data/partners/nz.yaml: is a link to a file outside the workspace" in done.stderr
    assert "Traceback" not in done.stderr
