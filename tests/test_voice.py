"""Two texts: records keep the source's words and carry the brief's; packs print the brief's,
in the third person, and a brief may only reword its source (issue 25, items 1 and 11)."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

import briefgen
from briefgen.data.model import Briefed, Event
from briefgen.data.records import walk
from briefgen.data.voice import briefed, source_text, unsupported
from briefgen.errors import DataError

ROOT = Path(__file__).resolve().parents[1]

FIRST_PERSON = re.compile(r"(?<![\w-])(we|our|ours|us)(?![\w-])", re.IGNORECASE)
"""We, our, us as words; "US" in capitals is the United States, and a code such as
"ILLUSTRATIVE-us-20261125" is no word."""


WEB_ADDRESS = re.compile(r"https?://\S+|\b[\w-]+(?:\.[\w-]+)+\b")


def first_person(text: str) -> list[str]:
    """Each we, our or us in ``text`` with its context (not "US", the country, nor a web
    address or domain name such as a source's "infoblog.us")."""
    text = WEB_ADDRESS.sub(" ", text)
    return [
        text[max(0, m.start() - 40) : m.end() + 20]
        for m in FIRST_PERSON.finditer(text)
        if m.group() != "US"
    ]


# ------------------------------------------------------------------ the rests-on check


@pytest.mark.parametrize(
    ("brief", "added"),
    [
        ("Australia and Japan signed it in July 2020.", []),
        ("The Australian Space Agency signed it in Canberra in July 2020.", ["Canberra"]),
        ("Japan signed it in July 2021.", ["2021"]),
        ("Japan signed it in June 2020.", ["June"]),
        ("Japan and NASA signed two of them in July 2020.", ["NASA", "two"]),
        ("Together, Japan signed it in July 2020.", ["Together"]),
    ],
)
def test_a_brief_may_not_add_a_number_or_a_proper_noun(brief: str, added: list[str]) -> None:
    source = "Japan signed the Memorandum of Understanding in July 2020."
    assert unsupported(brief, source) == added


def test_house_words_and_sentence_openings_rest_on_any_source() -> None:
    source = "We signed our agreement with ESA in 1979; together we track spacecraft."
    brief = (
        "In 1979, the Australian Space Agency signed an agreement with ESA. Together, "
        "Australia and ESA track spacecraft; the Agency’s staff do so."
    )
    assert unsupported(brief, source) == []


def test_a_label_rests_on_its_record_too() -> None:
    event = Event(text="The forum met in Perth.", label="Forum met in Darwin", sources=("s",))
    [(loc, text, source)] = list(briefed(event))
    assert loc == ("label",) and unsupported(text, source) == ["Darwin"]


def test_an_unsupported_word_is_a_one_line_error_naming_file_field_and_word(
    ws_copy: Path,
) -> None:
    jp = ws_copy / "data" / "partners" / "jp.yaml"
    text = jp.read_text(encoding="utf-8")
    assert text.count("the ASDC since October 2025.") == 1
    jp.write_text(
        text.replace("the ASDC since October 2025.", "the ASDC since October 2024."),
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        briefgen.load_workspace(ws_copy)
    [problem] = caught.value.problems
    line = str(problem)
    assert "\n" not in line
    assert line.startswith("data/partners/jp.yaml:")
    assert "highlights[2].brief: '2024' is not in the record's source text" in line
    assert "take '2024' out" in line


# ------------------------------------------------------------------ the reference data


@pytest.fixture(scope="module")
def ws() -> briefgen.Workspace:
    return briefgen.load_workspace(ROOT)


def test_every_narrative_record_of_the_reference_data_has_brief_text(
    ws: briefgen.Workspace,
) -> None:
    roots = [ws.organisation, *ws.partners.values(), *ws.regions.values()]
    missing = [
        (getattr(root, "id", "organisation"), rec)
        for root in roots
        for _, rec in walk(root)
        if isinstance(rec, Briefed)
        and getattr(rec, type(rec).prose) is not None
        and getattr(rec, "brief", None) is None
    ]
    assert not missing, missing


def test_the_reference_briefs_rest_on_their_sources(ws: briefgen.Workspace) -> None:
    """Loading checks it too; this says which record fails, should the check change."""
    roots = [
        (ws.organisation, ws.organisation.name),
        *((p, p.display_name) for p in ws.partners.values()),
        *((r, r.name) for r in ws.regions.values()),
    ]
    bad = [
        (loc, unsupported(text, f"{source}\n{name}"))
        for root, name in roots
        for loc, text, source in briefed(root)
        if unsupported(text, f"{source}\n{name}")
    ]
    assert not bad, bad


def test_brief_text_is_in_the_third_person_and_the_house_style(ws: briefgen.Workspace) -> None:
    roots = [ws.organisation, *ws.partners.values(), *ws.regions.values()]
    for root in roots:
        for loc, text, _ in briefed(root):
            assert not first_person(text), (loc, text)
            assert "'" not in text and '"' not in text, (loc, "straight quote", text)
            assert not re.search(r"\bAustralia-", text), (loc, "hyphen for an en dash", text)
            assert not re.search(r"\b(landmark|exciting|South Korea)\b", text), (loc, text)
            assert not re.search(r"\b[A-Z]\.\s", text), (loc, "initial with a full stop", text)
            assert loc[-1] == "label" or text.rstrip().endswith("."), (loc, text)


def test_the_pacific_brief_does_not_carry_the_indo_pacific_section(
    ws: briefgen.Workspace,
) -> None:
    pacific = ws.partners["pacific-islands"]
    said = " ".join(text for _, text in _texts(pacific))
    assert "APRSAF" not in said and "Indo-Pacific" not in said
    assert "Climate resilience" not in {a.name for a in pacific.cooperation_areas}
    region = ws.regions["indo-pacific"]
    moved = " ".join(text for _, text in _texts(region))
    assert "APRSAF-30" in moved and "climate resilience" in moved
    assert all(rec.sources for rec in (*region.picture, *region.highlights))


def _texts(obj: object) -> list[tuple[object, str]]:
    from briefgen.data.records import walk_text

    return list(walk_text(obj))


def test_a_record_keeps_the_source_words_it_rests_on(ws: briefgen.Workspace) -> None:
    """The brief's words never replace the evidence: the record's source text is unchanged."""
    [mou] = [h for h in ws.partners["jp"].highlights if h.date and str(h.date) == "2020-07"]
    assert "Space cooperation formalised through signing" in source_text(mou)
    assert mou.brief is not None and mou.brief.startswith("Space cooperation between Australia")


# ------------------------------------------------------------------ the packs


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header):
            parts += [p.text for p in part.paragraphs]
            parts += [c.text for t in part.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_no_pack_says_we_our_or_us_in_either_edition(reference_packs: Path) -> None:
    files = sorted(reference_packs.glob("*.pdf")) + sorted(reference_packs.glob("*.docx"))
    assert len(files) >= 2 * 18
    said = {
        f.name: found
        for f in files
        if (found := first_person(_pdf_text(f) if f.suffix == ".pdf" else _docx_text(f)))
    }
    assert not said, said


def test_packs_print_the_brief_not_the_source(reference_packs: Path) -> None:
    text = _pdf_text(reference_packs / "jp.pdf")
    assert "Australia and Japan have more than 45 years of treaty-level science" in text
    assert "our work with JAXA" not in text
    assert "Dr V Narayanan" in _pdf_text(reference_packs / "in.pdf")
    ack = _docx_text(reference_packs / "jp.docx")
    assert (
        "The Australian Space Agency acknowledges First Nations Peoples as the Traditional" in ack
    )
