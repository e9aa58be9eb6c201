"""Hostile values in a workspace's data and settings: links that are not web links, bidi
controls, deep nesting, extreme dates, odd settings and odd image paths.  Each is a
one-line error naming the file and field (exit 2, no traceback) or renders correctly."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from bidi import get_display
from click.testing import Result

from cli_checks import JP, build, edit, run

SOURCES = "data/sources.yaml"
ORG = "data/organisation.yaml"


def one_error(result: Result | str, where: str) -> str:
    """The one line of ``result`` that names ``where`` (a file and field)."""
    output = result if isinstance(result, str) else result.output
    lines = [line.strip() for line in output.splitlines() if where in line]
    assert len(lines) == 1, output
    return lines[0]


# ---------------------------------------------------------------- links


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "pdf:../../secret.pdf", "smb://server/share/brief.pdf", "../x.pdf"],
)
def test_a_source_url_that_is_not_a_web_link_is_refused(link: str, mini_copy: Path) -> None:
    edit(mini_copy, "url: https://example.org/source", f'url: "{link}"', SOURCES)
    for command in ("validate", "build"):
        result = run(command, "-w", str(mini_copy))
        assert result.exit_code == 2, result.output
        line = one_error(result, f"{SOURCES}:")
        assert "sources[0].url" in line and repr(link) in line
        assert "https://www.example.gov.au/page" in line  # what to type instead
    assert not (mini_copy / "build").exists()


@pytest.mark.parametrize(
    ("field", "value"), [("url", "file:///etc/passwd"), ("email", "javascript:alert(1)")]
)
def test_organisation_contact_links_are_web_links(field: str, value: str, mini_copy: Path) -> None:
    edit(mini_copy, "  email: contact@example.org", f'  {field}: "{value}"', ORG)
    result = run("validate", "-w", str(mini_copy))
    assert result.exit_code == 2, result.output
    line = one_error(result, f"{ORG}:")
    assert f"contact.{field}" in line and repr(value) in line


def test_web_and_mail_links_still_pass(mini_copy: Path) -> None:
    edit(mini_copy, "url: https://example.org/source", "url: HTTP://example.org/a?b=c#d", SOURCES)
    edit(mini_copy, "  email: contact@example.org", "  email: o'brien@example.gov.au", ORG)
    assert run("validate", "-w", str(mini_copy)).exit_code == 0


def test_a_link_in_the_tree_to_a_file_is_refused() -> None:
    """Templates are untrusted too: a link to a share or a local file never reaches a pack."""
    from datetime import date

    from briefgen import tree as t
    from briefgen.tree.check import TreeError, check

    meta = t.Metadata(title="T", marking="OFFICIAL", edition=date(2026, 1, 1), organisation="O")
    for href in ("smb://server/share", "pdf:../../secret.pdf", "file:///etc/passwd"):
        doc = t.Document(meta, (t.Paragraph((t.Link(href, (t.Text("here"),)),)),))
        with pytest.raises(TreeError, match="never to a file"):
            check(doc)
    check(t.Document(meta, (t.Paragraph((t.Link("https://x.org", (t.Text("ok"),)),)),)))


# ---------------------------------------------------------------- bidi controls

RLO, PDF_, FSI, PDI = "\u202e", "\u202c", "\u2068", "\u2069"


def docx_paragraphs(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs]


def test_an_open_override_in_data_never_reverses_template_text(mini_copy: Path) -> None:
    edit(
        mini_copy, "publisher: Example Publisher", 'publisher: "Example \\u202ePublisher"', SOURCES
    )
    result = build(mini_copy, "jp")
    assert result.exit_code == 0, result.output
    notes = [p for p in docx_paragraphs(mini_copy / "out" / "jp.docx") if "Publisher" in p]
    assert notes
    for paragraph in notes:
        shown = get_display(paragraph)  # the Unicode bidi algorithm, as Word applies it
        assert "accessed 15 January 2026." in shown, shown  # template text after the value
        assert "rehsilbuP" in shown  # the value itself is still overridden, as typed
    text = pdf_text(mini_copy / "out" / "jp.pdf")
    assert "accessed 15 January 2026." in " ".join(text.split())


def pdf_text(path: Path) -> str:
    return "".join(p.extract_text() for p in pypdf.PdfReader(path).pages)


def test_bidi_isolates_and_marks_need_no_glyph(mini_copy: Path) -> None:
    value = f"Before {FSI}isolated{PDI} \u2066left\u2069 \u2067right\u2069 \u061cmark After"
    escaped = value.encode("unicode_escape").decode()
    edit(mini_copy, "text: A partnership described for tests.", f'text: "{escaped}"')
    result = build(mini_copy, "jp")
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(mini_copy / "out" / "jp.pdf").split())
    assert "Before isolated left right mark After" in text
    with zipfile.ZipFile(mini_copy / "out" / "jp.docx") as z:
        document = z.read("word/document.xml").decode()
    assert value in document  # Word gets the value as typed (in an isolate of its own)


def test_isolate_closes_what_a_value_opens() -> None:
    from briefgen.compose.bidi import isolate

    assert isolate("plain text") == "plain text"
    assert isolate(f"a{RLO}b") == f"{FSI}a{RLO}b{PDF_}{PDI}"
    assert isolate(f"a{PDI}{PDF_}b") == f"{FSI}ab{PDI}"  # stray closers would leak out
    assert isolate(f"{FSI}x{RLO}y{PDI}z") == f"{FSI}{FSI}x{RLO}y{PDI}z{PDI}"
    for value in (f"x{RLO}", f"{RLO}{RLO}x{PDF_}", "\u2067y\u202a", f"{PDI}{RLO}q"):
        shown = get_display(isolate(value) + " after")
        assert shown.endswith(" after") or shown.startswith("after "), (value, shown)


# ---------------------------------------------------------------- deep nesting

ESA = "data/partners/esa.yaml"


def _flow(n: int) -> str:
    return "kind: organisation\nname: Deep\nx: " + "[" * n + "]" * n + "\n"


def _block(n: int) -> str:
    lines = "".join("  " * i + "a:\n" for i in range(n))
    return "kind: organisation\nname: Deep\nx:\n" + lines + "  " * n + "a: 1\n"


def _aliases(n: int) -> str:
    chain = "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, n))
    return "kind: organisation\nname: Deep\na0: &a0 [x]\n" + chain


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (_flow(50_000), "nested more than"),  # a segmentation fault on main
        (_block(1_000), "nested more than"),  # a RecursionError on main
        (_aliases(1_000), "nested more than"),  # deep only once its aliases are expanded
        ("kind: organisation\nname: Deep\na: &a [*a]\n", "holds itself"),
    ],
    ids=["flow-50000", "block-1000", "aliases-1000", "itself"],
)
def test_a_data_file_nested_too_deep_is_one_error(text: str, words: str, mini_copy: Path) -> None:
    import subprocess
    import sys

    (mini_copy / ESA).write_text(text)
    command = [sys.executable, "-m", "briefgen", "validate", "-w", str(mini_copy)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, (done.returncode, done.stdout[-300:], done.stderr[-300:])
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    line = one_error(done.stderr + done.stdout, f"{ESA}:")
    assert words in line


def test_deep_settings_are_one_error(mini_copy: Path) -> None:
    with open(mini_copy / "briefgen.toml", "a") as fh:
        fh.write("x = " + "[" * 1000 + "]" * 1000 + "\n")
    result = run("validate", "-w", str(mini_copy))
    assert result.exit_code == 2
    assert "briefgen.toml: is nested too deeply" in result.output


# ---------------------------------------------------------------- settings, dates, fonts


def test_a_month_in_december_9999_builds(mini_copy: Path) -> None:
    edit(mini_copy, "date: 2020-07", "date: 9999-12")
    edit(mini_copy, "date: 1979", "date: 9999-11/9999-12")
    result = build(mini_copy, "jp")
    assert result.exit_code == 0, result.output
    assert "December 9999" in pdf_text(mini_copy / "out" / "jp.pdf")


def test_a_control_character_in_a_setting_is_one_error(mini_copy: Path) -> None:
    edit(mini_copy, 'title = "Mini test workspace"', 'title = "Mini\\u0001"', "briefgen.toml")
    edit(
        mini_copy,
        "review_months = 12",
        'review_months = 12\n[theme]\nword_font = "A\\u001b"',
        "briefgen.toml",
    )
    result = run("validate", "-w", str(mini_copy))
    assert result.exit_code == 2, result.output
    assert "briefgen.toml: title: contains the control character U+0001" in result.output
    assert "briefgen.toml: theme.word_font: contains the control character U+001B" in result.output


@pytest.mark.parametrize("folder", ["/", "../..", "templates/../../elsewhere"])
def test_a_templates_folder_outside_the_workspace_is_refused(folder: str, mini_copy: Path) -> None:
    edit(
        mini_copy,
        "review_months = 12",
        f'review_months = 12\ntemplates = "{folder}"',
        "briefgen.toml",
    )
    for command in ("validate", "build"):
        result = run(command, "-w", str(mini_copy))
        assert result.exit_code == 2, result.output
        line = one_error(result, "briefgen.toml: templates:")
        assert "outside the workspace" in line and 'templates = "templates"' in line


def _font_without(table: str, path: Path) -> None:
    from fontTools.ttLib import TTFont

    from briefgen.theme import resource_path

    font = TTFont(str(resource_path("fonts/DejaVuSans.ttf")))
    del font[table]
    font.save(str(path))


def test_a_theme_font_without_a_name_table_is_one_error(mini_copy: Path) -> None:
    _font_without("name", mini_copy / "noname.ttf")
    settings = mini_copy / "briefgen.toml"
    settings.write_text(
        settings.read_text() + '\n[[theme.fonts]]\nfamily = "X"\nregular = "noname.ttf"\n'
    )
    for command in ("validate", "build"):
        result = run(command, "-w", str(mini_copy))
        assert result.exit_code == 2, result.output
        line = one_error(result, "theme.fonts[0].regular")
        assert "'noname.ttf'" in line and "no name table" in line


def test_the_pdf_writer_refuses_a_font_without_a_name_table(tmp_path: Path) -> None:
    from briefgen.errors import RenderError
    from briefgen.theme import FontFace, Theme, default_fonts
    from briefgen.writers.pdf import render
    from treesamples import sample_document

    _font_without("name", tmp_path / "noname.ttf")
    theme = Theme(fonts=(FontFace("X", tmp_path / "noname.ttf"), *default_fonts()))
    with pytest.raises(RenderError, match="cannot use the font .*noname.ttf"):
        render(sample_document(), theme)


def test_an_image_path_with_percent_is_refused_not_read_decoded(mini_copy: Path) -> None:
    from PIL import Image

    Image.new("RGB", (60, 40), "navy").save(mini_copy / "my photo.png")  # what %20 decodes to
    Image.new("RGB", (60, 40), "teal").save(mini_copy / "my%20photo.png")
    edit(
        mini_copy,
        "  - caption: A photograph described but not embedded.",
        "  - path: my%20photo.png\n    alt: A test picture.\n"
        "    caption: A photograph described but not embedded.",
    )
    result = run("validate", "-w", str(mini_copy))
    assert result.exit_code == 2, result.output
    line = one_error(result, f"{JP}:")
    assert "images[0].path" in line and "'my%20photo.png'" in line and "my-photo.png" in line


# ---------------------------------------------------------------- the Python API


def test_the_api_answers_wrong_argument_types_plainly(mini_copy: Path) -> None:
    import briefgen

    ws = briefgen.load_workspace(mini_copy)
    out = mini_copy / "out"
    calls = {
        "load_workspace(123)": lambda: briefgen.load_workspace(123),  # type: ignore[arg-type]
        "partial": lambda: briefgen.load_workspace(mini_copy, partial="yes"),  # type: ignore[arg-type]
        "pack max_marking=3": lambda: ws.pack("jp", max_marking=3),  # type: ignore[arg-type]
        "pack max_marking text": lambda: ws.pack("jp", max_marking="SECRETISH"),
        "write(42)": lambda: ws.pack("jp").write(42),  # type: ignore[arg-type]
        "write theme": lambda: ws.pack("jp").write(out / "x.pdf", theme=5),  # type: ignore[arg-type]
        "formats=7": lambda: ws.build(out=out, formats=7, max_marking=3),  # type: ignore[arg-type]
        "targets=5": lambda: ws.build(out=out, targets=5),  # type: ignore[arg-type]
        "out=5": lambda: ws.build(out=5),  # type: ignore[arg-type]
        "force": lambda: ws.build(out=out, force="no"),  # type: ignore[arg-type]
    }
    for name, call in calls.items():
        with pytest.raises(briefgen.BriefgenError) as caught:
            call()
        message = str(caught.value)
        assert "\n" not in message and "object" not in message, (name, message)
    assert not out.exists()
