"""The reference dataset in ``data/`` says what its one source page says, and no more.

The source is ``sources/australian-space-agency-international-partnerships.txt``: the
captured text of the page, kept in the repository so that these tests always run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel

import briefgen
from briefgen.data.model import Event, Fact, Partner, Person
from briefgen.dates import FuzzyDate

SOURCE_ID = "asa-international-partnerships"
ROOT = Path(__file__).resolve().parents[1]
SOURCE_FILE = ROOT / "sources" / "australian-space-agency-international-partnerships.txt"

BROADER = {
    "ca": "Canadian Space Agency",
    "fr": "CNES (French Space Agency)",
    "it": "Agenzia Spaziale Italiana (Italian Space Agency)",
    "de": "DLR (German Aerospace Centre)",
    "nz": "New Zealand Space Agency",
    "kr": "Korea AeroSpace Administration",
    "ae": "The United Arab Emirates Space Agency",
}
ALL_PARTNERS = {"us", "in", "esa", "gb", "jp", "pacific-islands", *BROADER}


def normalise(text: str) -> str:
    """Straighten quotes and collapse all whitespace (the page has non-breaking spaces)."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def ws() -> briefgen.Workspace:
    return briefgen.load_workspace(ROOT)


@pytest.fixture(scope="module")
def source() -> str:
    return normalise(SOURCE_FILE.read_text(encoding="utf-8"))


def walk(obj: object) -> Iterator[BaseModel]:
    """Every model nested in ``obj``, itself included."""
    if isinstance(obj, BaseModel):
        yield obj
        for name in type(obj).model_fields:
            yield from walk(getattr(obj, name))
    elif isinstance(obj, tuple):
        for item in obj:
            yield from walk(item)


def all_records(ws: briefgen.Workspace) -> Iterator[BaseModel]:
    yield from walk(ws.organisation)
    for partner in ws.partners.values():
        yield from walk(partner)


def highlight(partner: Partner, needle: str) -> Event:
    found = [h for h in partner.highlights if needle in h.text]
    assert len(found) == 1, f"{partner.id}: {len(found)} highlights mention {needle!r}"
    return found[0]


def date_of(event: Event) -> FuzzyDate:
    assert event.date is not None, event
    return event.date


# ------------------------------------------------------------------ structure


def test_partners_and_regions(ws: briefgen.Workspace) -> None:
    assert set(ws.partners) == ALL_PARTNERS
    assert set(ws.regions) == {"europe", "indo-pacific", "americas", "middle-east"}


def test_regions_cover_every_partner_and_say_the_grouping_is_ours(ws: briefgen.Workspace) -> None:
    covered = {m for r in ws.regions.values() for m in r.members}
    assert covered == set(ws.partners)
    text = (ROOT / "data" / "regions.yaml").read_text()  # said in a comment, never printed
    assert "# This grouping was made for the reference packs. It is not" in text


def test_every_fact_cites_the_source(ws: briefgen.Workspace) -> None:
    facts = [r for r in all_records(ws) if isinstance(r, Fact)]
    assert len(facts) > 50
    for fact in facts:
        assert fact.sources == (SOURCE_ID,), fact


def test_source_record(ws: briefgen.Workspace) -> None:
    src = ws.sources[SOURCE_ID]
    assert src.title == (
        "Space is a global industry and relies on strong international partnerships"
    )
    assert src.publisher == "Australian Space Agency"
    # the capture gives none; the page's own address, from a stored earlier copy of it
    assert src.url == "https://space.gov.au/international-partnerships"
    assert src.accessed == date(2026, 11, 25)


def test_no_markings_on_a_public_page(ws: briefgen.Workspace) -> None:
    for rec in all_records(ws):
        assert getattr(rec, "marking", None) is None, rec


# ------------------------------------------------------------------ sampled facts


def test_organisation(ws: briefgen.Workspace) -> None:
    org = ws.organisation
    assert org.name == "Australian Space Agency"
    assert org.acronym is None  # the page says "the Agency", never an acronym
    assert org.contact is None
    assert org.head.name == "Enrico Palermo"
    assert org.head.role == "Head of the Australian Space Agency"
    assert [p.name for p in org.people] == ["Katherine Bennell-Pegg"]
    # People of the Agency are not repeated under partners.
    for partner in ws.partners.values():
        assert not {p.name for p in partner.people} & {"Enrico Palermo", "Katherine Bennell-Pegg"}


def test_acknowledgement_verbatim(ws: briefgen.Workspace) -> None:
    assert [n.text for n in ws.organisation.acknowledgement] == [
        "Our department recognises the First Peoples of this Nation and their ongoing cultural "
        "and spiritual connections to the lands, waters, seas, skies, and communities.",
        "We Acknowledge First Nations Peoples as the Traditional Custodians and Lore Keepers of "
        "the oldest living culture and pay respects to their Elders past and present. We extend "
        "that respect to all First Nations Peoples.",
    ]


def test_jaxa_mou_july_2020(ws: briefgen.Workspace) -> None:
    (mou,) = ws.partners["jp"].agreements
    assert mou.kind.value == "memorandum of understanding"
    assert mou.status.value == "signed"
    assert mou.date.format() == "July 2020"
    assert (
        date_of(highlight(ws.partners["jp"], "Memorandum of Understanding")).format() == "July 2020"
    )


def test_mmx_samples_approximately_2031(ws: briefgen.Workspace) -> None:
    (landing,) = [m for m in ws.partners["jp"].milestones if "Phobos" in m.text]
    assert landing.date is not None and landing.date.approximate
    assert landing.date.format() == "approximately 2031"
    assert date_of(highlight(ws.partners["jp"], "MMX")).format() == "2023"


def test_osaka_expo_span(ws: briefgen.Workspace) -> None:
    expo = date_of(highlight(ws.partners["jp"], "World Expo in Osaka"))
    assert str(expo) == "2025-04/2025-10"
    assert expo.format() == "April to October 2025"


def test_esa_agreements(ws: briefgen.Workspace) -> None:
    ground, cooperative = ws.partners["esa"].agreements
    assert ground.date.format() == "1979"
    assert ground.status.value == "in place"  # the source: "agreements in place since 1979"
    assert cooperative.kind.value == "cooperative agreement"
    assert cooperative.status.value == "negotiation mandated"
    assert cooperative.date.format() == "2025"


def test_us_framework_agreement_has_no_date(ws: briefgen.Workspace) -> None:
    (framework,) = ws.partners["us"].agreements
    assert framework.title == "US-AU Space Framework Agreement"
    assert framework.kind.value == "framework agreement"
    assert framework.status.value == "signed"
    assert not framework.date.known
    assert framework.date.format() == "unknown date"


def test_uk_space_bridge_signed(ws: briefgen.Workspace) -> None:
    (bridge,) = ws.partners["gb"].agreements
    assert bridge.title == "UK-AU Space Bridge Agreement"
    assert bridge.status.value == "signed"
    assert str(bridge.date) == "2025"


def test_new_norcia_3(ws: briefgen.Workspace) -> None:
    esa = ws.partners["esa"]
    (antenna,) = [f for f in esa.facilities if f.name == "New Norcia-3"]
    assert antenna.summary is not None and "35-metre" in antenna.summary
    assert antenna.date is not None and antenna.date.format() == "October 2025"
    (service,) = [m for m in esa.milestones if "New Norcia-3" in m.text]
    assert str(service.date) == "2026"


def test_astronaut_graduated_april_2024(ws: briefgen.Workspace) -> None:
    assert date_of(highlight(ws.partners["esa"], "graduated")).format() == "April 2024"


def test_heads_of_agencies(ws: briefgen.Workspace) -> None:
    heads: dict[str, Person] = {}
    for pid in ("us", "in", "esa", "gb"):
        partner = ws.partners[pid]
        (agency,) = partner.agencies
        assert agency.head is not None
        person = partner.person(agency.head)
        assert person is not None
        heads[pid] = person
    assert heads["in"].name == "V. Narayanan"
    assert heads["in"].honorific == "Dr"
    assert heads["in"].full_name == "Dr V. Narayanan"
    assert heads["in"].role == "Chairman of the Indian Space Research Organisation"
    assert heads["us"].name == "Sean Duffy" and "acting" in heads["us"].role
    assert heads["esa"].name == "Josef Aschbacher"
    assert heads["gb"].full_name == "Dr Paul Bate"
    assert ws.partners["jp"].agencies[0].head is None  # no JAXA person is named


def test_empty_highlight_lists_stay_empty(ws: briefgen.Workspace) -> None:
    for pid in ("us", "in", "gb"):
        partner = ws.partners[pid]
        assert partner.highlights == () and partner.milestones == () and partner.events == ()


def test_broader_partners_stay_thin(ws: briefgen.Workspace) -> None:
    for pid, heading in BROADER.items():
        partner = ws.partners[pid]
        (agency,) = partner.agencies
        shown = f"{agency.acronym} ({agency.name})" if agency.acronym else agency.name
        assert shown == heading  # as the page's heading writes it
        assert len(partner.overview) == 1
        filled = {
            name
            for name in Partner.model_fields
            if name not in {"id", "kind", "country", "agencies", "overview"}
            and not (pid == "kr" and name == "name")  # "Republic of Korea", the house name
            and getattr(partner, name) not in (None, ())
        }
        assert not filled, f"{pid}: {filled}"


def test_image_credits_only_where_given(ws: briefgen.Workspace) -> None:
    images = [i for p in ws.partners.values() for i in p.images]
    assert len(images) == 6  # one per photograph the page describes
    assert [i.credit for i in images if i.credit] == ["ESA/Fisheye"]
    assert all(i.path is None for i in images)


# ------------------------------------------------------------------ faithfulness to the page


def test_verbatim_text_appears_in_the_source(ws: briefgen.Workspace, source: str) -> None:
    """Text kept verbatim (highlights, overviews, captions, roles...) is on the page."""
    quoted: list[str] = [n.text for n in ws.organisation.acknowledgement]
    quoted += [ws.organisation.head.role] + [p.role for p in ws.organisation.people]
    for partner in ws.partners.values():
        if partner.id in BROADER:
            quoted += [BROADER[partner.id]]
        else:
            quoted += [h.text for h in partner.highlights]
            quoted += [n.text for n in partner.overview]
        quoted += [i.caption for i in partner.images]
        quoted += [i.credit for i in partner.images if i.credit]
        quoted += [p.role for p in partner.people] + [p.name for p in partner.people]
        quoted += [a.name for a in partner.agencies]
        quoted += [f.name for f in partner.facilities] + [g.name for g in partner.programs]
    quoted += [r.summary for r in ws.regions.values() if r.summary]
    quoted += [n.text for r in ws.regions.values() for n in (*r.picture, *r.highlights)]
    missing = [q for q in quoted if normalise(q) not in source]
    assert not missing, missing


def test_dates_are_the_ones_the_text_gives(ws: briefgen.Workspace) -> None:
    """A dated highlight or milestone states its own date: no date comes from elsewhere."""
    for partner in ws.partners.values():
        for event in (*partner.highlights, *partner.milestones, *partner.events):
            if event.date is not None:
                assert event.date.format() in event.text, (partner.id, event.text)
