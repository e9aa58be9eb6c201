"""Is a file in the output folder still what a build would write?  Answered from the
dependency record alone: every recorded input is looked at again, by content."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from briefgen import deps
from briefgen.build import manifest as mf
from briefgen.compose.jinja import search_path
from briefgen.data.workspace import Workspace

_outside: dict[tuple[str, int, int, int], str] = {}
"""Digests of files outside the workspace (fonts, shipped templates), by path and stat:
such files are large and shared by every pack."""


class Freshness:
    """Current digests of recorded labels, for one build of one workspace (memoised)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.root = ws.root.absolute() if ws.root is not None else None
        self.label = mf.labeller(self.root)
        self.memo: dict[str, str] = {}
        folder = self.root / ws.config.templates if self.root is not None else None
        self.search = search_path(folder)

    def current(self, label: str) -> str:
        found = self.memo.get(label)
        if found is None:
            found = self.memo[label] = self._current(label)
        return found

    def _current(self, label: str) -> str:
        if label.startswith(mf.TEMPLATE):
            name = label.removeprefix(mf.TEMPLATE)
            for base in self.search:  # the file that wins the search now
                path = Path(base) / name
                if path.exists():
                    return deps.digest_of(path)
            return deps.MISSING
        loaded = self.ws.digests.get(label)
        if loaded is not None:  # a data file: what this build parsed
            return loaded
        path = mf.path_of(label, self.root) or Path(label)
        if self.root is not None and path.is_relative_to(self.root):
            return deps.digest_of(path)
        return outside_digest(path)

    def now(self, recorded: Mapping[str, str]) -> dict[str, str]:
        """The digests today of every label in ``recorded``."""
        return {label: self.current(label) for label in recorded}

    def labelled(self, record: deps.Record) -> dict[str, str]:
        """A pack's record as manifest labels."""
        out = {self.label(p): d for p, d in record.files.items()}
        out.update((mf.TEMPLATE + name, d) for name, d in record.templates.items())
        return out

    def reads(self, paths: tuple[str, ...]) -> dict[str, str]:
        """What a writer read (by path), as labels with today's digests."""
        return {(label := self.label(p)): self.current(label) for p in paths}


def outside_digest(path: Path) -> str:
    """The digest of a file outside the workspace, hashed once per version of the file."""
    try:
        st = os.stat(path)
    except OSError:
        return deps.MISSING
    key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
    found = _outside.get(key)
    if found is None:
        found = _outside[key] = deps.digest_of(path)
    return found
