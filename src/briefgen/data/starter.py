"""New workspaces and new data files: ``briefgen init``, ``new partner``, ``new region``.

Every file written here validates as it is, so a new workspace builds at once.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from briefgen.countries import is_country_code
from briefgen.data.layout import MAX_DATA_FILE, REGIONS_FILE, SOURCES_FILE, record_file
from briefgen.deps import read_regular
from briefgen.errors import BriefgenError
from briefgen.fileio import OutputError, atomic_write, inside
from briefgen.theme import resource_path

SCHEMA_FOLDER = "schemas"
SCHEMA_FILES = {  # schema kind -> the files it checks
    "organisation": ["data/organisation.yaml"],
    "sources": ["data/sources.yaml"],
    "glossary": ["data/glossary.yaml"],
    "regions": ["data/regions.yaml"],
    "partner": ["data/partners/*.yaml"],
    "visit": ["data/visits/*.yaml"],
}


def init_workspace(folder: Path, today: date) -> list[Path]:
    """Make a new workspace in ``folder`` (new or empty); the files written."""
    if folder.is_symlink() and not folder.exists():
        raise BriefgenError(
            f"{folder} is a link to {os.readlink(folder)}, which does not exist: give a new "
            "folder, e.g. 'briefgen init briefs', or make the folder the link leads to first"
        )
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BriefgenError(f"{folder} is not an empty folder: init makes a new workspace")
    try:
        shutil.copytree(resource_path("starter"), folder, dirs_exist_ok=True)
        write_schemas(folder)
    except OSError as exc:
        raise OutputError(f"cannot make a workspace in {folder}: {exc.strerror or exc}") from None
    from briefgen.data.skeleton import visit_skeleton
    from briefgen.data.workspace import load_workspace

    visit = folder / record_file("visit", "nz-visit")
    write_new(folder, visit, visit_skeleton(load_workspace(folder), "nz", today))
    return sorted(p for p in folder.rglob("*") if p.is_file())


def write_new(root: Path, path: Path, text: str) -> None:
    """Write the new data file ``path`` of the workspace ``root`` (whole or not at all); an
    existing file or link there, or a folder on the way that leads out of the workspace, is
    a one-line error."""
    if os.path.lexists(path):
        link = f" (a link to {os.readlink(path)})" if path.is_symlink() else ""
        raise BriefgenError(f"{path} already exists{link}: choose another id, or remove it")
    atomic_write(inside(root, path), text.encode("utf-8"))


def write_schemas(folder: Path) -> None:
    """The JSON Schemas of the data files, and editor settings that map them to the files
    (VS Code's YAML extension; other editors read ``schemas/`` the same way)."""
    from briefgen.data.model import json_schemas

    (folder / SCHEMA_FOLDER).mkdir(exist_ok=True)
    mapping: dict[str, list[str]] = {}
    for kind, schema in json_schemas().items():
        if kind not in SCHEMA_FILES:  # a brief's front matter: not a YAML file of its own
            continue
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
    write_new(folder, path, text)
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
    target = inside(folder, path)  # never through a link out of the workspace
    yaml = YAML()
    data = _regions(yaml, target, path) if os.path.lexists(path) else None
    data = data if data is not None else {"regions": []}
    regions = data.setdefault("regions", [])
    if not isinstance(regions, list) or not all(isinstance(r, dict) for r in regions):
        raise BriefgenError(
            f"{REGIONS_FILE}: regions: expected a list of regions, each with an id, name and "
            "members: fix the file ('briefgen validate' says where), then run this again"
        )
    if any(r.get("id") == id for r in regions):
        raise BriefgenError(f"{REGIONS_FILE} already has a region {id!r}")
    regions.append({"id": id, "name": id.replace("-", " ").title(), "members": members})
    text = io.StringIO()
    yaml.dump(data, text)
    atomic_write(target, text.getvalue().encode("utf-8"))  # the old file, or all the new one
    return path


def _regions(yaml: Any, target: Path, path: Path) -> Any:
    """The regions file's content (comments kept), or a one-line error naming it."""
    from ruamel.yaml.error import YAMLError

    if not target.is_file():  # a FIFO would never end, a device never either
        raise BriefgenError(f"{path} is not a regular file: put the regions file itself there")
    try:
        data = yaml.load(read_regular(target, MAX_DATA_FILE).decode("utf-8"))
    except OSError as exc:
        raise BriefgenError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise BriefgenError(f"{path}: not UTF-8 text: save it as UTF-8") from None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        why = getattr(exc, "problem", None) or "not valid YAML"
        raise BriefgenError(
            f"{path}{where}: {why}: fix the file ('briefgen validate' shows every problem), "
            "then run this again"
        ) from None
    if data is not None and not isinstance(data, dict):
        raise BriefgenError(
            f"{path}: expected a mapping with 'regions:' at the top, e.g. 'regions: []'"
        )
    return data


def _first_source(folder: Path) -> str:
    """The id of a source the new file can cite until the officer adds the real one."""
    from ruamel.yaml import YAML

    try:
        text = read_regular(folder / SOURCES_FILE, MAX_DATA_FILE).decode("utf-8")
        return str(YAML(typ="safe").load(text)["sources"][0]["id"])
    except Exception:  # unreadable or not as expected: the placeholder
        return "replace-with-a-source-id"
