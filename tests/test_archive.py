"""The archive copy (issue 27 item 7): ``--archive`` writes each PDF as PDF/A-2u beside its
PDF/UA-1 claim.  Checked here by tools that did not write it: page-validation's PDF/A-2b and
PDF/UA-1 profiles, pikepdf's PDF/A allowlist validator, and pikepdf read-back of the rules
those do not cover (the output intent, the identification, Unicode maps for 2u)."""

from __future__ import annotations

import io
from pathlib import Path

import page
import pikepdf
import pytest
from click.testing import CliRunner

import briefgen
from briefgen.cli import main
from briefgen.errors import RenderError
from briefgen.theme import Theme
from briefgen.writers.pdf import render
from treesamples import sample_document

PDFA_EXTENSION = ("pdfaExtension", "pdfaSchema", "pdfaProperty", "pdfuaid:part")


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import ROOT

    out = tmp_path_factory.mktemp("archive")
    ws = briefgen.load_workspace(ROOT)
    report = ws.build(out, ("pdf",), targets=("jp", "esa-illustrative"), jobs=1, archive=True)
    assert report.exit_code == 0, [r.error for r in report.failed]
    return out


@pytest.mark.parametrize("name", ["jp.pdf", "esa-illustrative.pdf"])
def test_page_validation_passes_pdfa_2b_and_ua1(archived: Path, name: str, tmp_path: Path) -> None:
    path = archived / name
    ua = page.validate_pdf(path, profile="ua1")
    assert ua.is_compliant, [(f.rule_id, f.message) for f in ua.failures]
    # the 2b profile knows no 2u claim: every other rule passes on the file as it is ...
    report = page.validate_pdf(path, profile="2b")
    assert {f.rule_id for f in report.failures} == {"PDFA2B-ID-CONFORMANCE-001"}
    # ... and all pass once the claim's letter reads B (one byte: lengths unchanged)
    data = path.read_bytes()
    claim = b"<pdfaid:conformance>U</pdfaid:conformance>"
    assert data.count(claim) == 1
    as_2b = tmp_path / name
    as_2b.write_bytes(data.replace(claim, claim.replace(b">U<", b">B<")))
    report = page.validate_pdf(as_2b, profile="2b")
    assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]


def test_pikepdf_pdfa_validator_finds_only_the_pdfua_extension(archived: Path) -> None:
    """pikepdf's allowlist validator (2b) does not know XMP extension schemas, which PDF/A
    requires for ``pdfuaid``, nor the 2u letter: those are its only objections.  (pikepdf has
    its validator from 10.18; the oldest Python's index may offer an earlier one.)"""
    pdfa = pytest.importorskip("pikepdf.pdfa", reason="pikepdf before 10.18 has no validator")
    with pikepdf.open(archived / "esa-illustrative.pdf") as pdf:
        report = pdfa.check(pdf, "2b")
    violations = [f for f in report.findings if f.kind == "violation"]
    assert violations
    for f in violations:
        extension = f.rule == "ISO_19005_2:6.6.2.3.1-1" and any(
            n in f.message for n in PDFA_EXTENSION
        )
        letter = f.rule == "ISO_19005_2:6.6.4-3" and "'U'" in f.message
        assert extension or letter, f


def test_the_rules_read_back(archived: Path) -> None:
    with pikepdf.open(archived / "jp.pdf") as pdf:
        assert not pdf.is_encrypted
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and intent.OutputConditionIdentifier == "sRGB IEC61966-2.1"
        icc = intent.DestOutputProfile
        assert icc.N == 3 and icc.read_bytes()[36:40] == b"acsp"
        assert icc.read_bytes()[16:20] == b"RGB "
        with pdf.open_metadata() as xmp:
            assert xmp["pdfaid:part"] == "2" and xmp["pdfaid:conformance"] == "U"
            assert xmp["pdfuaid:part"] == "1"
        fonts = [
            f
            for page_ in pdf.pages
            for f in page_.Resources.get("/Font", pikepdf.Dictionary()).values()
        ]
        assert fonts
        for font in fonts:  # 2u: every font maps its glyphs to Unicode, and is embedded
            assert "/ToUnicode" in font, font
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            assert "/FontFile2" in descendant.FontDescriptor, font
        for obj in pdf.objects:  # no transparency
            if isinstance(obj, pikepdf.Dictionary):
                assert "/SMask" not in obj and "/CA" not in obj and "/ca" not in obj
        for page_ in pdf.pages:
            for annot in page_.obj.get("/Annots", pikepdf.Array()):
                assert int(annot.F) & 4, annot  # printed


def test_deterministic_and_only_when_asked(tmp_path: Path) -> None:
    doc = sample_document()
    one = render(doc, Theme(archive=True)).data
    assert render(doc, Theme(archive=True)).data == one
    plain = render(doc, Theme()).data
    with pikepdf.open(io.BytesIO(plain)) as pdf:
        assert "/OutputIntents" not in pdf.Root
        assert b"pdfaid" not in pdf.Root.Metadata.read_bytes()


def test_untagged_archive_claims_pdfa_only(tmp_path: Path) -> None:
    path = tmp_path / "untagged.pdf"
    path.write_bytes(render(sample_document(), Theme(archive=True, tagged_pdf=False)).data)
    with pikepdf.open(path) as pdf, pdf.open_metadata() as xmp:
        assert xmp["pdfaid:part"] == "2" and "pdfuaid:part" not in xmp
    report = page.validate_pdf(path, profile="2b")
    assert {f.rule_id for f in report.failures} == {"PDFA2B-ID-CONFORMANCE-001"}


def test_transparency_is_refused_with_the_way_out(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGBA", (40, 20), (0, 80, 160, 128)).save(logo)
    doc = sample_document()
    render(doc, Theme(logo=logo))  # fine as an ordinary PDF
    with pytest.raises(RenderError, match=r"archive copy: .*a PNG without an alpha channel"):
        render(doc, Theme(logo=logo, archive=True))


def test_the_option_rebuilds_and_names_no_other_file(ws_copy: Path) -> None:
    run = CliRunner().invoke
    base = ["-C", str(ws_copy), "build", "-j", "1", "-f", "pdf", "jp"]
    assert run(main, base).exit_code == 0
    plain = (ws_copy / "build" / "jp.pdf").read_bytes()
    result = run(main, [*base, "--archive"])
    assert result.exit_code == 0 and "built" in result.output, result.output
    assert sorted(p.name for p in (ws_copy / "build").iterdir()) == [
        "jp.pdf",
        "manifest.json",
        "register.csv",
        "register.json",
    ]
    archived = (ws_copy / "build" / "jp.pdf").read_bytes()
    assert archived != plain and b"<pdfaid:part>2</pdfaid:part>" in archived
    result = run(main, [*base, "--archive"])
    assert result.exit_code == 0 and "unchanged" in result.output


def test_no_stream_ends_in_a_carriage_return() -> None:
    """A Flate stream whose bytes end in CR (its content's checksum decides that byte) reads
    to a PDF/A validator as one byte short of its /Length; a page's content gains a space
    that draws nothing, and the same text is on the page."""
    import zlib

    from briefgen.writers.pdf.archive import unambiguous_ends

    content = next(
        c
        for i in range(10_000)
        if zlib.compress(c := b"BT /F1 12 Tf 72 720 Td (Page %d) Tj ET" % i).endswith(b"\r")
    )
    pdf = pikepdf.new()
    pdf.add_blank_page()
    stream = pdf.make_stream(b"")
    stream.write(zlib.compress(content), filter=pikepdf.Name.FlateDecode)
    pdf.pages[0].obj.Contents = stream
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1)
    font.BaseFont = pikepdf.Name.Helvetica
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    assert stream.read_raw_bytes().endswith(b"\r")
    unambiguous_ends(pdf)
    assert not stream.read_raw_bytes().endswith(b"\r")
    assert stream.read_bytes().rstrip() == content
