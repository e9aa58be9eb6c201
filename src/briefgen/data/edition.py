"""An earlier edition of a workspace's records, to compare packs with (``--since REF``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from briefgen.data.source import FileSource, GitRevision
from briefgen.data.workspace import Workspace, load_workspace
from briefgen.errors import BriefgenError, DataError


@dataclass(frozen=True)
class Edition:
    """The records of an earlier edition: ``ref`` as the user named it, ``key`` naming its
    content (a commit, a digest: a pack built against another key is rebuilt), and the
    'information as at' date and the version each pack was built with, when a build
    recorded them."""

    ref: str
    key: str
    workspace: Workspace
    dates: Mapping[str, date] = field(default_factory=dict)
    versions: Mapping[str, str] = field(default_factory=dict)


def load_edition(root: Path, ref: str, key: str, source: FileSource) -> Workspace:
    """The workspace ``source`` holds (read by the ordinary loader; invalid records of an
    old edition are left out rather than refused); `BriefgenError` when it holds none."""
    try:
        return load_workspace(root, partial=True, source=source)
    except DataError as exc:
        first = exc.problems[0] if exc.problems else "no data"
        raise BriefgenError(f"no valid workspace there ({first})") from None


def git_edition(root: Path, ref: str) -> Edition:
    """Revision ``ref`` of the git repository holding the workspace ``root``."""
    with GitRevision.open(root, ref) as source:  # its git process ends with the loading
        key = f"git:{source.commit}:{source.prefix}"
        return Edition(ref, key, load_edition(root, ref, key, source))
