"""New workspaces and new data files: ``briefgen init``, ``new partner``, ``new region``.

Every file written here validates as it is, so a new workspace builds at once.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from briefgen.countries import is_country_code
from briefgen.data.layout import REGIONS_FILE, record_file
from briefgen.errors import BriefgenError
from briefgen.theme import resource_path

SCHEMA_FOLDER = "schemas"
SCHEMA_FILES = {  # schema kind -> the files it checks
    "organisation": ["data/organisation.yaml"],
    "sources": ["data/sources.yaml"],
    "regions": ["data/regions.yaml"],
    "partner": ["data/partners/*.yaml"],
    "visit": ["data/visits/*.yaml"],
}


def init_workspace(folder: Path, today: date) -> list[Path]:
    """Make a new workspace in ``folder`` (new or empty); the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BriefgenError(f"{folder} is not an empty folder: init makes a new workspace")
    shutil.copytree(resource_path("starter"), folder, dirs_exist_ok=True)
    write_schemas(folder)
    from briefgen.data.skeleton import visit_skeleton
    from briefgen.data.workspace import load_workspace

    visit = folder / record_file("visit", "nz-visit")
    visit.parent.mkdir(parents=True, exist_ok=True)
    visit.write_text(visit_skeleton(load_workspace(folder), "nz", today), encoding="utf-8")
    return sorted(p for p in folder.rglob("*") if p.is_file())


def write_schemas(folder: Path) -> None:
    """The JSON Schemas of the data files, and editor settings that map them to the files
    (VS Code's YAML extension; other editors read ``schemas/`` the same way)."""
    from briefgen.data.model import json_schemas

    (folder / SCHEMA_FOLDER).mkdir(exist_ok=True)
    mapping: dict[str, list[str]] = {}
    for kind, schema in json_schemas().items():
        rel = f"{SCHEMA_FOLDER}/{kind}.schema.json"
        (folder / rel).write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
        mapping[f"./{rel}"] = SCHEMA_FILES[kind]
    settings = {"yaml.schemas": mapping}
    (folder / ".vscode").mkdir(exist_ok=True)
    (folder / ".vscode" / "settings.json").write_text(
        json.dumps(settings, indent=2) + "\n", encoding="utf-8"
    )


def new_partner(folder: Path, id: str) -> Path:
    """A partner file for ``id``: a country when it is an ISO code, else an organisation."""
    path = folder / record_file("partner", id)
    if path.exists():
        raise BriefgenError(f"{path} already exists")
    source = _first_source(folder)
    if is_country_code(id):
        head = f"kind: country\ncountry: {id.upper()}\n"
        agency = f"  - name: Replace with the partner agency's name\n    country: {id.upper()}\n"
    else:
        head = "kind: organisation\nname: Replace with the partner's name\n"
        agency = "  - name: Replace with the partner's name\n"
    text = (
        f"# Partner {id!r}: replace the example text with facts, each citing its source.\n"
        + head
        + "agencies:\n"
        + agency
        + f"    sources: [{source}]\n"
        + "overview:\n"
        + "  - text: Replace this with what the partnership is, in a sentence or two.\n"
        + f"    sources: [{source}]\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def new_region(folder: Path, id: str, members: list[str]) -> Path:
    """Add region ``id`` with ``members`` to the regions file (made if missing), keeping its
    comments and layout."""
    from ruamel.yaml import YAML

    if not members:
        raise BriefgenError("a region needs at least one member: --member ID")
    for member in members:
        if not (folder / record_file("partner", member)).is_file():
            raise BriefgenError(f"there is no {record_file('partner', member)}")
    path = folder / REGIONS_FILE
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8")) if path.exists() else None
    data = data if data is not None else {"regions": []}
    regions = data.setdefault("regions", [])
    if any(r.get("id") == id for r in regions):
        raise BriefgenError(f"{REGIONS_FILE} already has a region {id!r}")
    regions.append({"id": id, "name": id.replace("-", " ").title(), "members": members})
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh)
    return path


def _first_source(folder: Path) -> str:
    """The id of a source the new file can cite until the officer adds the real one."""
    from ruamel.yaml import YAML

    try:
        data = YAML(typ="safe").load((folder / "data" / "sources.yaml").read_text())
        return str(data["sources"][0]["id"])
    except (OSError, KeyError, IndexError, TypeError):
        return "replace-with-a-source-id"
