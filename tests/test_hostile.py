"""Hostile and careless input through ``briefgen build`` and ``validate``: each case gives a
valid file in both editions, or exit 1 or 2 with a one-line error naming the file and
field; never a traceback, a torn file of briefgen's or a touched file of the user's."""

from __future__ import annotations

import io
import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
from PIL import Image

from briefgen.build.run import render_job as _render_job
from cli_checks import JP, build, edit, run


def with_photo(ws: Path, name: str) -> None:
    edit(
        ws,
        "  - caption: A photograph described but not embedded.",
        f"  - path: {name}\n    alt: A test picture.\n"
        "    caption: A photograph described but not embedded.",
    )


def pdf_text(path: Path) -> str:
    return "".join(p.extract_text() for p in pypdf.PdfReader(path).pages)


# ---------------------------------------------------------------- images


def cmyk_jpeg(path: Path) -> None:
    Image.new("CMYK", (60, 40), (0, 200, 200, 0)).save(path, "JPEG")


def webp(path: Path) -> None:
    Image.new("RGB", (60, 40), "teal").save(path, "WEBP")


def huge_jpeg(path: Path) -> None:
    Image.new("RGB", (6000, 300), "navy").save(path, "JPEG")


@pytest.mark.parametrize("make", [cmyk_jpeg, webp, huge_jpeg])
def test_unusual_pictures_are_converted(make: Callable[[Path], None], mini_copy: Path) -> None:
    make(mini_copy / "picture.img")
    with_photo(mini_copy, "picture.img")
    result = build(mini_copy, "jp")
    assert result.exit_code == 0, result.output
    pdf = pypdf.PdfReader(mini_copy / "out" / "jp.pdf")
    images = [img for page in pdf.pages for img in page.images]
    assert images and all(max(img.image.size) <= 4000 for img in images)
    assert b"word/media/" in (mini_copy / "out" / "jp.docx").read_bytes()


def truncated_jpeg(path: Path) -> None:
    buf = io.BytesIO()
    Image.effect_noise((300, 300), 50).convert("RGB").save(buf, "JPEG")
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])


def corrupt_png(path: Path) -> None:
    buf = io.BytesIO()
    Image.effect_noise((200, 200), 50).save(buf, "PNG")
    data = bytearray(buf.getvalue())
    data[len(data) // 2 : len(data) // 2 + 200] = bytes(200)
    path.write_bytes(bytes(data))


def bomb_png(path: Path) -> None:
    """A PNG header claiming 100,000 x 100,000 pixels, with almost no data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    head = struct.pack(">IIBBBBB", 100_000, 100_000, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1000)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", idat))


def not_an_image(path: Path) -> None:
    path.write_text("just words")


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (truncated_jpeg, "truncated"),
        (corrupt_png, "damaged"),
        (bomb_png, "megapixels"),
        (not_an_image, "not an image"),
    ],
)
def test_bad_pictures_are_data_errors_naming_file_and_field(
    make: Callable[[Path], None], words: str, mini_copy: Path
) -> None:
    make(mini_copy / "picture.png")
    with_photo(mini_copy, "picture.png")
    for command in (("validate", "-w", str(mini_copy)), ("build", "-w", str(mini_copy))):
        result = run(*command)
        assert result.exit_code == 2, result.output
        assert f"{JP}:" in result.output and "images[0].path" in result.output
        assert words in result.output
    assert not (mini_copy / "build").exists()  # no partial output


# ---------------------------------------------------------------- layout breakers


def test_a_table_row_taller_than_a_page_splits(mini_copy: Path) -> None:
    edit(mini_copy, "title: First memorandum", "title: " + " ".join(["Long title"] * 400))
    result = build(mini_copy, "jp")
    assert result.exit_code == 0, result.output
    assert pypdf.PdfReader(mini_copy / "out" / "jp.pdf").pages


def test_a_name_over_255_characters_fits_word_and_the_cover(mini_copy: Path) -> None:
    name = " ".join(["Very Long Organisation Name"] * 30)
    edit(mini_copy, "name: Example Space Organisation", f"name: {name}", "data/partners/esa.yaml")
    result = build(mini_copy, "esa")
    assert result.exit_code == 0, result.output
    import docx

    props = docx.Document(str(mini_copy / "out" / "esa.docx")).core_properties
    assert len(props.title) == 255 and props.title.endswith("\u2026")
    assert "OFFICIAL" in props.keywords
    reader = pypdf.PdfReader(mini_copy / "out" / "esa.pdf")
    assert name in " ".join(reader.pages[0].extract_text().split())  # whole on the cover


def test_thousands_of_dated_facts_make_a_timeline_over_many_pages(mini_copy: Path) -> None:
    facts = "".join(
        f"  - text: Event {i}.\n    date: {1000 + i}\n    sources: [mini-source]\n"
        for i in range(2000)
    )
    edit(mini_copy, "milestones:\n", "milestones:\n" + facts)
    result = build(mini_copy, "jp")
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(mini_copy / "out" / "jp.pdf").split())
    first, last = text.find("1000 Event 0."), text.find("2999 Event 1999.")
    assert 0 <= first < last  # every entry, as text, in date order


def test_right_to_left_text_with_brackets_and_cjk(mini_copy: Path) -> None:
    edit(mini_copy, "A partnership described for tests.", "وكالة (宇宙) الفضاء")
    result = build(mini_copy, "jp")
    assert result.exit_code == 0, result.output
    assert "宇宙" in pdf_text(mini_copy / "out" / "jp.pdf")


def test_citations_of_one_fact_are_separated(mini_copy: Path) -> None:
    src = mini_copy / "data" / "sources.yaml"
    src.write_text(
        src.read_text()
        + "  - id: second-source\n    publisher: Example Publisher\n"
        + "    title: Another source\n    url: https://example.org/other\n"
        + "    accessed: 2026-01-15\n"
    )
    edit(  # a paragraph's: a name (the agency's) carries no marker
        mini_copy,
        "for tests.\n    sources: [mini-source]",
        "for tests.\n    sources: [mini-source, second-source]",
    )
    result = build(mini_copy, "jp")
    assert result.exit_code == 0, result.output
    assert "1, 2" in pdf_text(mini_copy / "out" / "jp.pdf")
    document = zlib_docx_part(mini_copy / "out" / "jp.docx", "word/document.xml")
    assert b'<w:t xml:space="preserve">, </w:t>' in document


def zlib_docx_part(path: Path, name: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read(name)


# ---------------------------------------------------------------- files and folders


def test_a_failed_pack_never_deletes_a_file_briefgen_did_not_write(mini_copy: Path) -> None:
    out = mini_copy / "out"
    out.mkdir()
    (out / "jp.pdf").write_bytes(b"the user's own file")
    (mini_copy / "templates").mkdir()
    (mini_copy / "templates" / "partner.md.j2").write_text("{{ nonsense }}")
    result = build(mini_copy, "jp")
    assert result.exit_code == 1
    assert (out / "jp.pdf").read_bytes() == b"the user's own file"


def test_an_output_path_that_is_a_file_or_read_only(mini_copy: Path) -> None:
    (mini_copy / "file").write_text("x")
    result = run("build", "-w", str(mini_copy), "--out", str(mini_copy / "file" / "sub"))
    assert result.exit_code == 2 and "file" in result.output
    if os.geteuid() != 0:  # root writes anywhere
        ro = mini_copy / "ro"
        ro.mkdir(mode=0o555)
        result = run("build", "-w", str(mini_copy), "--out", str(ro))
        assert result.exit_code == 2 and str(ro) in result.output


def test_a_manifest_of_the_wrong_shape_is_ignored(mini_copy: Path) -> None:
    out = mini_copy / "out"
    out.mkdir()
    (out / "manifest.json").write_text('{"schema": 2, "packs": {"jp": {"files": []}}}')
    result = build(mini_copy, "jp")
    assert result.exit_code == 0, result.output
    result = build(mini_copy, "jp")  # and the next build reads the new one
    assert result.exit_code == 0 and "unchanged" in result.output


@pytest.mark.parametrize("ident", ["../../../../escaped-visit", "Bad Id"])
def test_new_visit_ids_are_checked_like_data_ids(ident: str, mini_copy: Path) -> None:
    result = run("new", "visit", "jp", "-w", str(mini_copy), "--id", ident)
    assert result.exit_code == 2 and "--id" in result.output
    assert not list(mini_copy.rglob("*escaped*")) and not (mini_copy / "data" / "visits").exists()


def test_a_yaml_alias_bomb_is_refused_at_once(mini_copy: Path) -> None:
    lines = ["kind: organisation", "name: Bomb", 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefghi", "bcdefghij", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    (mini_copy / "data" / "partners" / "esa.yaml").write_text("\n".join(lines) + "\n")
    result = run("validate", "-w", str(mini_copy))
    assert result.exit_code == 2 and "YAML aliases" in result.output


def test_a_data_file_over_the_size_limit_is_refused(mini_copy: Path) -> None:
    with open(mini_copy / "data" / "partners" / "esa.yaml", "a") as fh:
        fh.write("# " + "x" * (17 * 1024 * 1024) + "\n")
    result = run("validate", "-w", str(mini_copy))
    assert result.exit_code == 2 and "larger than" in result.output


def test_validate_fails_what_build_would_fail(mini_copy: Path) -> None:
    (mini_copy / "templates" / "partials").mkdir(parents=True)
    (mini_copy / "templates" / "partials" / "overview.md.j2").write_text("{% if x %}\nopen\n")
    result = run("validate", "-w", str(mini_copy))
    assert result.exit_code == 2
    assert "templates/partials/overview.md.j2:2: Unexpected end of template" in result.output
    settings = mini_copy / "briefgen.toml"
    settings.write_text(
        settings.read_text()
        + '\n[theme]\nreference_docx = "nope.docx"\nlogo = "briefgen.toml"\n'
        + '[[theme.fonts]]\nfamily = "X"\nregular = "briefgen.toml"\n'
    )
    for command in ("validate", "build"):
        result = run(command, "-w", str(mini_copy))
        assert result.exit_code == 2
        font = "briefgen.toml: theme.fonts[0].regular: 'briefgen.toml' is not a font"
        assert font in result.output
        assert "briefgen.toml: theme.logo: 'briefgen.toml' is not an image" in result.output
        assert "briefgen.toml: theme.reference_docx: 'nope.docx' does not exist" in result.output


def _die_on_jp(job: Any) -> Any:
    """A worker that is killed (as by the out-of-memory killer) while rendering jp."""
    if job.id == "jp":
        os._exit(9)
    return _render_job(job)


def test_a_worker_that_dies_fails_its_pack_by_name(
    mini_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefgen
    from briefgen.build import run as runner

    monkeypatch.setattr(runner, "render_job", _die_on_jp)
    report = briefgen.load_workspace(mini_copy).build(mini_copy / "out", jobs=2)
    failed = {r.id: r.error or "" for r in report.failed}
    assert list(failed) == ["jp"] and "the worker rendering 'jp' died" in failed["jp"]
    assert {r.id for r in report.built} == {"esa", "asia", "everywhere"}  # the rest is built
    assert "Traceback" not in failed["jp"]
    assert not (mini_copy / "out" / "jp.pdf").exists()


def test_building_one_format_then_the_other_keeps_both(mini_copy: Path) -> None:
    import json

    assert build(mini_copy, "--format", "docx").exit_code == 0
    assert build(mini_copy, "--format", "pdf").exit_code == 0
    manifest = json.loads((mini_copy / "out" / "manifest.json").read_text())
    assert sorted(manifest["packs"]["jp"]["files"]) == ["docx", "pdf"]
    again = build(mini_copy)  # both formats: nothing to do
    assert again.exit_code == 0 and "unchanged" in again.output


def test_the_timeline_sets_every_script_and_warns_of_a_character_no_font_has(
    mini_copy: Path,
) -> None:
    import briefgen

    edit(mini_copy, "Something happened.", "宇宙航空研究開発機構 한국어 \U0010fffd")
    report = briefgen.load_workspace(mini_copy).build(
        mini_copy / "out", jobs=1, targets=["jp", "asia"], allow_missing_glyphs=True
    )
    for result in report.built:  # every pack that sets it says so, not only the first
        notes = [w for w in result.warnings if "U+10FFFD" in w]
        assert len(notes) == 1, result.warnings
        assert not [w for w in result.warnings if "U+5B87" in w or "U+D55C" in w]


def test_a_huge_review_period_is_a_data_error(mini_copy: Path) -> None:
    edit(mini_copy, "review_months = 12", "review_months = 99999999", "briefgen.toml")
    result = run("validate", "-w", str(mini_copy))
    assert result.exit_code == 2 and "briefgen.toml" in result.output
    assert "review_months" in result.output


def test_the_api_checks_its_arguments(mini_copy: Path) -> None:
    import briefgen

    ws = briefgen.load_workspace(mini_copy)
    for call in (
        lambda: ws.pack(123),  # type: ignore[arg-type]
        lambda: ws.build(mini_copy / "out", shard=(0, 0)),
        lambda: ws.build(mini_copy / "out", jobs=0),
        lambda: ws.build(mini_copy / "out", max_marking="TOP SECRET"),
        lambda: ws.build(mini_copy / "out", formats=("odt",)),
    ):
        with pytest.raises(briefgen.BriefgenError):
            call()
    one = ws.build(mini_copy / "out", formats="pdf", targets="jp", jobs=1)  # one string is one
    assert [(r.id, [f.format for f in r.files]) for r in one.built] == [("jp", ["pdf"])]


def test_the_logo_is_on_page_one_of_both_editions(mini_copy: Path) -> None:
    Image.new("RGB", (600, 200), "navy").save(mini_copy / "logo.png")
    settings = mini_copy / "briefgen.toml"
    settings.write_text(settings.read_text() + '\n[theme]\nlogo = "logo.png"\n')
    assert build(mini_copy, "jp").exit_code == 0
    pdf = pypdf.PdfReader(mini_copy / "out" / "jp.pdf")
    assert len(pdf.pages[0].images) == 1  # the logo, on the cover only
    document = zlib_docx_part(mini_copy / "out" / "jp.docx", "word/document.xml").decode()
    assert 'descr="Logo of Example Space Office"' in document
    assert document.index("<w:drawing>") < document.index("Partner brief: Japan")
