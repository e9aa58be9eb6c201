"""The Python API users import: a workspace that makes packs and builds, and a pack that
writes files.  It joins the stages (data, compose, writers, build) and adds no logic."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.build.batch import build as _build
from briefgen.build.render import render, theme_of
from briefgen.build.since import resolve_since
from briefgen.compose.pack import Pack as _Pack
from briefgen.compose.pack import make_pack
from briefgen.data import workspace as _data
from briefgen.data.edition import Edition
from briefgen.fileio import atomic_write
from briefgen.markings import Marking
from briefgen.theme import Theme
from briefgen.writers import Rendered


@dataclass
class Pack(_Pack):
    """One buildable brief.  ``document`` is its tree; ``write(path)`` renders a file."""

    def theme(self) -> Theme:
        """The theme of the pack's workspace."""
        return theme_of(self)

    def render(self, fmt: str, theme: Theme | None = None) -> Rendered:
        """Render the pack as ``fmt`` ("docx" or "pdf") in memory."""
        return render(self, fmt, theme)

    def write(self, path: str | Path, theme: Theme | None = None) -> Path:
        """Write the pack to ``path``; its suffix (.docx or .pdf) picks the writer.  The file
        is written under a temporary name and renamed into place."""
        path = Path(path)
        fmt = path.suffix.lower().lstrip(".")
        atomic_write(path, self.render(fmt, theme).data)
        return path


@dataclass(frozen=True)
class Workspace(_data.Workspace):
    """A validated set of partnership data and its settings.

    Load one from a folder with `load_workspace`, or build one from model objects
    with `Workspace.create`.  ``partners``, ``regions``, ``visits`` and ``sources``
    map ids to records.
    """

    def pack(
        self,
        id: str,
        max_marking: str | Marking | None = None,
        since: str | Edition | None = None,
    ) -> Pack:
        """The pack for a partner, region or visit id; unknown ids raise
        `BriefgenError` listing close matches.  ``max_marking`` leaves out records
        marked above it (a releasable edition).  ``since`` (a git revision of the
        workspace, or the folder of an earlier build) makes the pack tell what changed
        since that edition."""
        ceiling = Marking.parse(max_marking) if isinstance(max_marking, str) else max_marking
        edition = resolve_since(self.root, since) if since is not None else None
        return make_pack(self, id, ceiling, Pack, since=edition)

    build = _build  # the batch build itself, so its options and their types are stated once


def load_workspace(path: str | Path = ".", *, partial: bool = False) -> Workspace:
    """Load and validate the workspace in folder ``path``.

    Raises `DataError` listing every problem of every file (not only the first).
    With ``partial``, records that are invalid are left out and the problems are kept in
    ``Workspace.problems`` instead (for builds with ``--keep-going``).
    """
    return _data.load_workspace(path, partial=partial, cls=Workspace)
