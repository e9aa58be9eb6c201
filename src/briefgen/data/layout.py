"""Where things live in a workspace: every data file name, in one place."""

from __future__ import annotations

CONFIG_FILE = "briefgen.toml"
ORGANISATION_FILE = "data/organisation.yaml"
SOURCES_FILE = "data/sources.yaml"
REGIONS_FILE = "data/regions.yaml"
PARTNERS_DIR = "data/partners"
VISITS_DIR = "data/visits"
MAX_DATA_FILE = 16 * 1024 * 1024
"""Data and settings files larger than this (bytes) are refused, not parsed."""
CODE = "<code>"
"""The 'file' of records built in Python rather than loaded from YAML."""

FOLDER_OF = {"partner": PARTNERS_DIR, "visit": VISITS_DIR}
"""The folder holding one ``<id>.yaml`` per record, by kind."""


def record_file(kind: str, id: str) -> str:
    """The data file a partner or visit with ``id`` is read from."""
    return f"{FOLDER_OF[kind]}/{id}.yaml"
