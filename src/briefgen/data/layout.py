"""Where things live in a workspace: every data file name, in one place."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

CONFIG_FILE = "briefgen.toml"
OUTPUT_DIR = "build"
"""The output folder when briefgen.toml names none."""
TEMPLATES_DIR = "templates"
"""The folder of override templates when briefgen.toml names none."""
ORGANISATION_FILE = "data/organisation.yaml"
SOURCES_FILE = "data/sources.yaml"
GLOSSARY_FILE = "data/glossary.yaml"
REGIONS_FILE = "data/regions.yaml"
PARTNERS_DIR = "data/partners"
VISITS_DIR = "data/visits"
BRIEFS_DIR = "data/briefs"
"""Contributed briefs: one ``<id>.md`` each, YAML front matter then Markdown text."""
MAX_DATA_FILE = 16 * 1024 * 1024
"""Data and settings files larger than this (bytes) are refused, not parsed."""
CODE = "<code>"
"""The 'file' of records built in Python rather than loaded from YAML."""

DATA_FOLDERS = ("data", PARTNERS_DIR, VISITS_DIR, BRIEFS_DIR)
"""The folders whose YAML (and, in BRIEFS_DIR, Markdown) files are data: a file added to or
removed from one changes the workspace."""
FOLDER_OF = {"partner": PARTNERS_DIR, "visit": VISITS_DIR}
"""The folder holding one ``<id>.yaml`` per record, by kind."""


def record_file(kind: str, id: str) -> str:
    """The data file a partner, visit or contributed brief with ``id`` is read from."""
    if kind == "brief":
        return f"{BRIEFS_DIR}/{id}.md"
    return f"{FOLDER_OF[kind]}/{id}.yaml"


def most_packs(folder: Path) -> int:
    """At most how many packs the workspace in ``folder`` has, told from its file names and
    the ids in its regions file without loading it (to size a pool of workers)."""
    import re

    count = 0
    for sub in FOLDER_OF.values():
        with contextlib.suppress(OSError):
            count += sum(1 for n in os.listdir(folder / sub) if n.endswith(".yaml"))
    regions = folder / REGIONS_FILE
    with contextlib.suppress(OSError, UnicodeDecodeError):
        if regions.is_file() and regions.stat().st_size <= MAX_DATA_FILE:
            count += len(re.findall(r"\bid\s*:", regions.read_text(encoding="utf-8")))
    return count


def is_workspace(folder: Path) -> bool:
    """Whether ``folder`` holds a workspace: settings or the organisation's file."""
    return (folder / CONFIG_FILE).is_file() or (folder / ORGANISATION_FILE).is_file()


def find_workspace(start: Path) -> Path | None:
    """The workspace holding ``start``: it or the nearest folder above it (as git finds
    its repository), or None."""
    here = start.absolute()
    for folder in (here, *here.parents):
        if is_workspace(folder):
            return folder
    return None
