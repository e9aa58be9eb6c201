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
from click.testing import CliRunner, Result

from briefgen.cli import main

JP = "data/partners/jp.yaml"
SOURCES = "data/sources.yaml"
ORG = "data/organisation.yaml"


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def build(ws: Path, *args: str) -> Result:
    return run("build", "-w", str(ws), "--out", str(ws / "out"), "--jobs", "1", *args)


def edit(ws: Path, old: str, new: str, rel: str = JP) -> None:
    path = ws / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def one_error(result: Result, where: str) -> str:
    """The one line of ``result`` that names ``where`` (a file and field)."""
    lines = [line.strip() for line in result.output.splitlines() if where in line]
    assert len(lines) == 1, result.output
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
