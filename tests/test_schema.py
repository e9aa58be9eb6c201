"""The JSON Schemas ``briefgen schema`` prints accept every shipped data file and every
skeleton ``briefgen new`` writes, checked by a tool that did not write them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from click.testing import CliRunner

from briefgen.cli import main
from conftest import ROOT, tool

KINDS = {
    "organisation": ["data/organisation.yaml"],
    "sources": ["data/sources.yaml"],
    "regions": ["data/regions.yaml"],
    "partner": sorted(str(p.relative_to(ROOT)) for p in (ROOT / "data/partners").glob("*.yaml")),
    "visit": sorted(str(p.relative_to(ROOT)) for p in (ROOT / "data/visits").glob("*.yaml")),
}


def schema_file(kind: str, tmp_path: Path) -> Path:
    result = CliRunner().invoke(main, ["schema", kind])
    assert result.exit_code == 0, result.output
    path = tmp_path / f"{kind}.json"
    path.write_text(result.output)
    return path


def check(schema: Path, files: list[Path]) -> subprocess.CompletedProcess[str]:
    command = [tool("check-jsonschema"), "--schemafile", str(schema), *map(str, files)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_every_shipped_data_file_passes_its_schema(tmp_path: Path) -> None:
    for kind, files in KINDS.items():
        done = check(schema_file(kind, tmp_path), [ROOT / f for f in files])
        assert done.returncode == 0, f"{kind}: {done.stdout}{done.stderr}"


def test_the_new_visit_skeleton_passes_the_schema(ws_copy: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new", "visit", "jp", "-w", str(ws_copy), "--id", "jp-x"])
    assert result.exit_code == 0, result.output
    done = check(schema_file("visit", tmp_path), [ws_copy / "data/visits/jp-x.yaml"])
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_still_refuses_what_the_model_refuses(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: country\ncountry: JP\nbogus: 1\n")
    done = check(schema_file("partner", tmp_path), [bad])
    assert done.returncode == 1 and "bogus" in done.stdout


def test_the_id_is_optional_and_described() -> None:
    from briefgen.data.model import json_schemas

    for kind in ("partner", "visit"):
        schema = json_schemas()[kind]
        assert "id" not in schema.get("required", [])
        assert "file name" in json.dumps(schema["properties"]["id"])


def test_every_property_has_a_description_and_dates_and_markings_examples() -> None:
    from briefgen.data.model import json_schemas

    for kind, schema in json_schemas().items():
        for name, model in [(kind, schema), *schema.get("$defs", {}).items()]:
            for prop, value in model.get("properties", {}).items():
                assert value.get("description"), f"{name}.{prop} has no description"
    text = json.dumps(json_schemas())
    assert '"2019-08-28"' in text and '"OFFICIAL: Sensitive"' in text
