"""``docs/data-model.md`` is generated from the models and must not drift from them."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from types import ModuleType

from pydantic import BaseModel

from briefgen.data import config, model
from conftest import load_tool

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "data-model.md"


GEN = load_tool("gen_data_model_doc")


def test_doc_is_up_to_date() -> None:
    expected = GEN.render()
    assert DOC.read_text(encoding="utf-8") == expected, (
        "docs/data-model.md is out of date: run python tools/gen_data_model_doc.py"
    )


def test_check_mode_agrees() -> None:
    assert GEN.main(["--check"]) == 0


def _model_classes(module: ModuleType) -> set[type[BaseModel]]:
    return {
        cls
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, BaseModel) and cls.__module__ == module.__name__
    }


def test_every_model_is_described() -> None:
    every = _model_classes(model) | _model_classes(config)
    # base classes (Model, Fact, ...) are described through the records built on them
    bases = {cls for cls in every if any(o is not cls and issubclass(o, cls) for o in every)}
    missing = every - bases - GEN.documented_models()
    assert not missing, f"models no file reaches, so undocumented: {missing}"


def test_every_field_has_a_row() -> None:
    text = DOC.read_text(encoding="utf-8")
    for cls in GEN.documented_models():
        section = text.split(f"\n### {cls.__name__}\n", 1)[1].split("\n### ", 1)[0]
        for name in cls.model_fields:
            assert f"| `{name}` |" in section, f"{cls.__name__}.{name} has no row"


def test_every_data_file_has_a_section() -> None:
    text = DOC.read_text(encoding="utf-8")
    for file in [
        "briefgen.toml",
        "data/organisation.yaml",
        "data/sources.yaml",
        "data/partners/<id>.yaml",
        "data/regions.yaml",
        "data/visits/<id>.yaml",
    ]:
        assert f"\n## `{file}`\n" in text


def test_links_point_at_headings() -> None:
    text = DOC.read_text(encoding="utf-8")
    headings = {
        re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-")
        for h in re.findall(r"^#+ (.+)$", text, flags=re.M)
    }
    for target in set(re.findall(r"\]\(#([^)]+)\)", text)):
        assert target in headings, f"link to #{target} has no heading"


def test_doc_explains_editor_schemas_and_dates() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert "yaml.schemas" in text
    assert "briefgen schema partner > " in text
    assert "| `2020-07` | a month | July 2020 |" in text
    assert "approximately 2031" in text
