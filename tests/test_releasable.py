"""Releasable editions by construction: with ``--max-marking M`` no built file carries
anything above M anywhere (text, properties, metadata), and the build lists what it left
out.  Every ceiling is walked against every reference pack."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

import briefgen
from briefgen.markings import LEVELS, Marking
from conftest import ROOT

SENSITIVE_TEXT = "defensive point marked OFFICIAL: Sensitive"


def everything(path: Path) -> str:
    """Every piece of text a reader or a tool could find in a file: body, headers and
    footers, notes and properties."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        reader = pypdf.PdfReader(io.BytesIO(data))
        meta = " ".join(str(v) for v in (reader.metadata or {}).values())
        return (
            meta
            + "".join(page.extract_text() for page in reader.pages)
            + str(reader.xmp_metadata.stream.get_data() if reader.xmp_metadata else "")
        )
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:  # every XML part: body, notes, properties
        return " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def test_the_unreleasable_edition_does_carry_them(tmp_path: Path) -> None:
    """The check below is not vacuous: without a ceiling the visit shows both."""
    pack = briefgen.load_workspace(ROOT).pack("esa-illustrative")
    for suffix in (".docx", ".pdf"):
        text = everything(pack.write(tmp_path / f"visit{suffix}"))
        assert SENSITIVE_TEXT in " ".join(text.split())
        assert "OFFICIAL: Sensitive" in text or "OFFICIAL: SENSITIVE" in text


@pytest.mark.parametrize("ceiling", LEVELS)
def test_no_file_carries_anything_above_the_ceiling(ceiling: str, tmp_path: Path) -> None:
    ws = briefgen.load_workspace(ROOT)
    limit = Marking.parse(ceiling)
    report = ws.build(tmp_path, jobs=2, max_marking=ceiling)
    assert report.exit_code == 0
    assert {r.id for r in report.results} == {i for _, i, _ in ws.targets()}
    above = [lvl for lvl in LEVELS if Marking.parse(lvl).above(limit)]
    for result in report.built:
        assert not Marking.parse(result.marking).above(limit)
        for f in result.files:
            text = everything(tmp_path / f.path)
            for level in above:
                for form in (level, level.upper()):
                    if form != "OFFICIAL" and form != "UNOFFICIAL":
                        assert form not in text, (f.path, form)
            if limit.rank < Marking.parse("OFFICIAL: Sensitive").rank:
                assert SENSITIVE_TEXT not in " ".join(text.split()), f.path
    for result in report.withheld:
        assert not list(tmp_path.glob(f"{result.id}.*"))
        assert "above --max-marking" in (result.error or "")
    if ceiling == "UNOFFICIAL":  # every record takes the default OFFICIAL: all withheld
        assert len(report.withheld) == len(ws.targets()) and not report.built
    else:
        assert not report.withheld
