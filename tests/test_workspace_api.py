"""The public API: ``briefgen.load_workspace`` and ``Workspace.create`` from model objects."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

import briefgen
from briefgen import DataError, Workspace
from briefgen.data.config import Config
from briefgen.data.model import (
    Agreement,
    Area,
    Event,
    Narrative,
    Organisation,
    Partner,
    PartnerKind,
    Person,
    Region,
    Source,
)
from briefgen.dates import FuzzyDate
from briefgen.markings import Marking

MINI = Path(__file__).parent / "fixtures" / "mini"
ROOT = Path(__file__).resolve().parents[1]
SRC = ("code-source",)


# ----------------------------------------------------------------- loading


def test_load_workspace_mini() -> None:
    ws = briefgen.load_workspace(MINI)
    assert isinstance(ws, Workspace)
    assert isinstance(ws.partners, Mapping)
    assert isinstance(ws.regions, Mapping)
    assert isinstance(ws.visits, Mapping)
    assert sorted(ws.partners) == ["esa", "jp"]
    assert ws.partners["jp"].display_name == "Japan"  # a country's name comes from pycountry
    assert ws.partners["jp"].kind is PartnerKind.country
    assert ws.partners["esa"].display_name == "Example Space Organisation"
    assert ws.regions["everywhere"].members == ("jp", "esa")
    assert dict(ws.visits) == {}
    assert ws.organisation.name == "Example Space Office"
    assert ws.organisation.person("bo-example") is not None
    assert ws.config.title == "Mini test workspace"
    assert ws.config.review_months == 12
    assert ws.config.marking == Marking.parse("OFFICIAL")
    assert set(ws.sources) == {"mini-source"}
    assert ws.root == MINI
    assert ws.problems == ()


def test_loaded_values_are_typed() -> None:
    ws = briefgen.load_workspace(MINI)
    jp = ws.partners["jp"]
    assert jp.agreements[0].date == FuzzyDate.parse("2019-08-28")
    assert jp.agreements[1].date.format() == "July 2020"
    assert jp.milestones[0].date == FuzzyDate.parse("1979")
    assert ws.sources["mini-source"].accessed == date(2026, 1, 15)


def test_load_workspace_accepts_a_string_path() -> None:
    assert set(briefgen.load_workspace(str(MINI)).partners) == {"jp", "esa"}


def test_files_record_where_each_record_came_from() -> None:
    ws = briefgen.load_workspace(MINI)
    assert ws.file_of("partner", "jp") == "data/partners/jp.yaml"
    assert ws.file_of("region", "asia") == "data/regions.yaml"


def test_targets_list_partners_regions_and_visits() -> None:
    targets = briefgen.load_workspace(MINI).targets()
    assert ("partner", "jp", "Japan") in targets
    assert ("region", "asia", "Asia") in targets


def test_load_reference_workspace() -> None:
    ws = briefgen.load_workspace(ROOT)
    assert {"us", "in", "esa", "gb", "jp", "pacific-islands"} <= set(ws.partners)
    assert {"europe", "indo-pacific", "americas", "middle-east"} <= set(ws.regions)
    assert isinstance(ws.visits, Mapping)
    for visit_id, visit in ws.visits.items():
        assert visit.id == visit_id


def test_visits_load(mini_copy: Path) -> None:
    ws_dir = mini_copy
    (ws_dir / "data" / "visits").mkdir()
    (ws_dir / "data" / "visits" / "jp-visit.yaml").write_text(
        "title: A visit from Japan\n"
        "partners: [jp]\n"
        "direction: inbound\n"
        "dates: 2026-12-01/2026-12-03\n"
        "delegation:\n"
        "  - {partner: jp, person: taro-example}\n"
        "attendees: [bo-example]\n",
        encoding="utf-8",
    )
    ws = briefgen.load_workspace(ws_dir)
    visit = ws.visits["jp-visit"]
    assert visit.dates.format() == "1 to 3 December 2026"
    assert ("visit", "jp-visit", "A visit from Japan") in ws.targets()


# ----------------------------------------------------------------- building in code


def _source() -> Source:
    return Source(
        id="code-source", title="Built in code", publisher="Tests", accessed=date(2026, 1, 1)
    )


def _organisation() -> Organisation:
    head = Person(id="head", name="Ada Head", role="Head", sources=SRC)
    return Organisation(name="Code Office", head=head)


def _partner(ident: str = "jp", **fields: object) -> Partner:
    return Partner(
        id=ident,
        kind=PartnerKind.country if len(ident) == 2 else PartnerKind.organisation,
        overview=(Narrative(text=f"About {ident}.", sources=SRC),),
        **fields,  # type: ignore[arg-type]
    )


def test_create_from_model_objects_without_yaml() -> None:
    jp = _partner(
        "jp",
        cooperation_areas=(Area(name="Science", sources=SRC),),
        agreements=(
            Agreement(
                id="mou",
                title="A memorandum",
                kind="memorandum of understanding",  # type: ignore[arg-type]
                status="signed",  # type: ignore[arg-type]
                date=FuzzyDate.parse("2020-07"),
                sources=SRC,
            ),
        ),
        milestones=(Event(text="It began.", date=FuzzyDate.parse(1979), sources=SRC),),
    )
    esa = _partner("esa", name="Example Organisation")
    ws = Workspace.create(
        organisation=_organisation(),
        partners=[jp, esa],
        regions=[Region(id="everywhere", name="Everywhere", members=("jp", "esa"))],
        sources=[_source()],
    )
    assert isinstance(ws, Workspace)
    assert set(ws.partners) == {"jp", "esa"}
    assert ws.partners["jp"] is jp
    assert ws.regions["everywhere"].members == ("jp", "esa")
    assert dict(ws.visits) == {}
    assert ws.config == Config()
    assert ws.root is None
    assert ws.file_of("partner", "jp") == "<code>"
    assert ("partner", "esa", "Example Organisation") in ws.targets()


def test_create_with_a_config() -> None:
    config = Config(title="Code packs", review_months=6)
    ws = Workspace.create(_organisation(), [_partner()], sources=[_source()], config=config)
    assert ws.config.title == "Code packs"
    assert [s.id for s in ws.stale_sources(date(2026, 8, 1))] == ["code-source"]
    assert ws.stale_sources(date(2026, 6, 1)) == []


def test_create_rejects_a_dangling_region_member() -> None:
    region = Region(id="asia", name="Asia", members=("jp", "kr"))
    with pytest.raises(DataError) as info:
        Workspace.create(_organisation(), [_partner()], regions=[region], sources=[_source()])
    (problem,) = info.value.problems
    assert problem.file == "<code>"
    assert problem.line is None
    assert problem.path == "regions[0].members[1]"
    assert "'asia'" in problem.message and "'kr'" in problem.message  # both ends
    assert str(info.value).startswith("<code>: regions[0].members[1]: ")


def test_create_rejects_an_unknown_source() -> None:
    with pytest.raises(DataError) as info:
        Workspace.create(_organisation(), [_partner()])  # no sources given
    paths = {p.path for p in info.value.problems}
    assert "head.sources[0]" in paths
    assert "overview[0].sources[0]" in paths
    assert {p.file for p in info.value.problems} == {"<code>"}  # no file was involved


def test_create_rejects_duplicate_partner_ids() -> None:
    with pytest.raises(DataError) as info:
        Workspace.create(_organisation(), [_partner(), _partner()], sources=[_source()])
    assert [str(p) for p in info.value.problems] == [
        "<code>: partners[1].id: duplicate partner id 'jp'"
    ]


def test_create_rejects_a_country_id_that_is_not_a_country() -> None:
    with pytest.raises(DataError, match="not an ISO 3166-1 alpha-2"):
        Workspace.create(_organisation(), [_partner("zz")], sources=[_source()])


def test_data_error_is_a_briefgen_error() -> None:
    assert issubclass(DataError, briefgen.BriefgenError)
    assert issubclass(briefgen.BriefgenError, Exception)


# ----------------------------------------------------------------- the models themselves


def test_models_are_frozen() -> None:
    partner = briefgen.load_workspace(MINI).partners["jp"]
    with pytest.raises(ValidationError, match="frozen"):
        partner.name = "Other"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="frozen"):
        partner.agreements[0].title = "Other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        partner.agreements.append(partner.agreements[0])  # type: ignore[attr-defined]
    changed = partner.model_copy(update={"name": "Other"})
    assert changed.name == "Other" and partner.name is None


def test_config_is_frozen() -> None:
    config = Config()
    with pytest.raises(ValidationError, match="frozen"):
        config.title = "Other"  # type: ignore[misc]


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError) as info:
        Partner(id="jp", kind="country", nmae="Japan")  # type: ignore[call-arg,arg-type]
    (error,) = info.value.errors()
    assert error["type"] == "extra_forbidden"
    assert error["loc"] == ("nmae",)
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Source.model_validate(
            {"id": "s", "title": "t", "publisher": "p", "accessed": "2026-01-01", "link": "x"}
        )
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Config.model_validate({"titel": "x"})


def test_fact_records_need_a_source() -> None:
    with pytest.raises(ValidationError) as info:
        Narrative(text="Unsourced.", sources=())
    assert info.value.errors()[0]["loc"] == ("sources",)


def test_text_refuses_control_characters() -> None:
    with pytest.raises(ValidationError, match="U\\+000B"):
        Narrative(text="bad\vtext", sources=SRC)


# ----------------------------------------------------------------- partial loading


@pytest.fixture
def broken(mini_copy: Path) -> Path:
    ws_dir = mini_copy
    esa = ws_dir / "data" / "partners" / "esa.yaml"
    esa.write_text(esa.read_text(encoding="utf-8") + "bogus: 1\n", encoding="utf-8")
    return ws_dir


def test_partial_keeps_going_and_records_problems(broken: Path) -> None:
    with pytest.raises(DataError):
        briefgen.load_workspace(broken)
    ws = briefgen.load_workspace(broken, partial=True)
    assert set(ws.partners) == {"jp"}  # the invalid partner is left out
    assert set(ws.regions) == {"asia", "everywhere"}
    files = {p.file for p in ws.problems}
    assert files == {"data/partners/esa.yaml", "data/regions.yaml"}
    bogus = next(p for p in ws.problems if p.file == "data/partners/esa.yaml")
    assert (bogus.path, bogus.message) == ("bogus", "unknown field")
    assert bogus.line == len((broken / "data/partners/esa.yaml").read_text().splitlines())


def test_partial_still_needs_an_organisation(broken: Path) -> None:
    (broken / "data" / "organisation.yaml").unlink()
    with pytest.raises(DataError) as info:
        briefgen.load_workspace(broken, partial=True)
    files = {p.file for p in info.value.problems}
    assert {"data/organisation.yaml", "data/partners/esa.yaml"} <= files


def test_partial_of_a_clean_workspace_has_no_problems() -> None:
    assert briefgen.load_workspace(MINI, partial=True).problems == ()


def test_a_workspace_made_in_code_rebuilds_when_its_records_change(tmp_path: Path) -> None:
    def make(role: str) -> Workspace:
        partner = _partner("jp", people=(Person(id="p", name="Pat", role=role, sources=SRC),))
        return Workspace.create(_organisation(), [partner], sources=[_source()])

    out = tmp_path / "out"
    assert [r.id for r in make("Director").build(out, ("docx",), jobs=1).built] == ["jp"]
    assert make("Director").build(out, ("docx",), jobs=1).built == []  # unchanged
    assert [r.id for r in make("Chair").build(out, ("docx",), jobs=1).built] == ["jp"]
