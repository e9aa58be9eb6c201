"""The Python API users import: a workspace that makes packs and builds, and a pack that
writes files.  It joins the stages (data, compose, writers, build) and adds no logic."""

from __future__ import annotations

import concurrent.futures as cf
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.build import batch
from briefgen.build.bind import BINDS, render_pack
from briefgen.build.options import BuildOptions
from briefgen.build.render import render, theme_of
from briefgen.build.report import BuildReport, PackResult
from briefgen.build.since import resolve_since
from briefgen.compose.pack import Pack as _Pack
from briefgen.compose.pack import make_pack
from briefgen.data import workspace as _data
from briefgen.data.edition import Edition
from briefgen.errors import BriefgenError
from briefgen.fileio import atomic_write
from briefgen.markings import Marking
from briefgen.theme import Theme
from briefgen.writers import DEFAULT_FORMATS, Rendered


@dataclass
class Pack(_Pack):
    """One buildable brief, from `Workspace.pack`.  ``document`` is its tree;
    ``write(path)`` renders a file.

    ``id`` and ``kind`` ("partner", "region" or "visit") name it; ``workspace`` is the
    workspace it comes from; ``max_marking`` and ``since`` are as given to
    `Workspace.pack` (``since`` resolved to an `Edition`).
    """

    def theme(self) -> Theme:
        """The theme of the pack's workspace."""
        return theme_of(self)

    def render(self, fmt: str, theme: Theme | None = None) -> Rendered:
        """Render the pack as ``fmt`` ("docx", "pdf" or "html") in memory: a visit's Word
        and PDF editions bound with its attachments, as a build writes them."""
        if fmt not in BINDS:
            return render(self, fmt, _theme(theme))  # the HTML edition, or the writers' error
        return render_pack(self, fmt, _theme(theme) or theme_of(self))

    def write(self, path: str | Path, theme: Theme | None = None) -> Path:
        """Write the pack to ``path``; its suffix (.docx, .pdf or .html) picks the writer.  The file
        is written under a temporary name and renamed into place."""
        path = _path("path", path, "'jp.pdf'")
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
        try:
            ceiling = None if max_marking is None else Marking.parse(max_marking)
        except ValueError as exc:
            raise BriefgenError(f"max_marking: {exc}") from None
        edition = resolve_since(self.root, since) if since is not None else None
        return make_pack(self, id, ceiling, Pack, since=edition)

    def build(
        self,
        out: str | Path | None = None,
        formats: Sequence[str] = DEFAULT_FORMATS,
        *,
        targets: Sequence[str] = (),
        jobs: int | None = None,
        executor: cf.Executor | None = None,
        shard: tuple[int, int] | None = None,
        max_marking: str | Marking | None = None,
        force: bool = False,
        strict: bool = False,
        final: bool = False,
        allow_missing_glyphs: bool = False,
        tagged_pdf: bool = True,
        progress: Callable[[PackResult], None] | None = None,
        since: str | Edition | None = None,
        releasable: str | Marking | None = None,
        releasable_out: str | Path | None = None,
        editions: Sequence[str | Marking] = (),
        archive: bool = False,
    ) -> BuildReport:
        """Build packs into ``out`` (default: ``output`` in briefgen.toml, else build/):
        every partner, region and visit, or the ``targets`` ids; ``formats`` any of
        "docx", "pdf" and "html" (default: the first two).  Returns what was done; one
        failing pack never stops the others.

        A pack whose recorded inputs (every file it read, the options and briefgen's
        version) are unchanged since the last build, and whose files are intact, is
        skipped unless ``force``.  ``jobs`` worker processes render the packs (default:
        the CPU count; 1: in this process), or ``executor``, any
        `concurrent.futures.Executor` (a Dask cluster's ``client.get_executor()``
        included).  ``shard`` ``(K, N)`` builds only shard K of N.  ``strict`` fails a
        pack that has warnings; ``allow_missing_glyphs`` only warns when no font has a
        character; ``tagged_pdf=False`` writes untagged PDF (not PDF/UA).  ``progress``
        is called with each pack's `PackResult` as it finishes.

        ``final`` refuses what ``briefgen build --final --keep-going`` refuses: a pack with
        a part outstanding (a brief or the pack not cleared, a biography missing, a
        placeholder left, a perishable fact unverified, a brief changed since cleared)
        gets no file, its earlier files are removed (one an officer edited stays, marked
        withdrawn), and its result is "refused" (in ``report.refused`` and
        ``report.failed``), its ``error`` one line per part, naming file and field;
        ``report.exit_code`` is then 2.  The other packs are built as final, and one over
        a length budget (``[budgets]`` in briefgen.toml) fails.

        ``since`` (a git revision of the workspace, or the folder of an earlier build)
        makes every pack tell what changed since that edition.  ``max_marking`` builds
        only the releasable edition at that ceiling; ``releasable`` (default
        ``releasable`` in briefgen.toml unless ``max_marking`` is given) builds it too,
        beside the full one, into ``releasable_out`` (default: the output folder's name
        followed by ``-releasable-official``), reported as ``report.releasable``.
        A releasable edition names its files ``ID.releasable-official.pdf``.
        ``editions`` (e.g. ``["full", "OFFICIAL"]``) builds the full edition and each
        releasable one into the one folder ``out``, each with its own file names, reported
        as ``report.editions``; it replaces ``max_marking`` and ``releasable``.
        ``archive`` writes each PDF as PDF/A-2u beside its PDF/UA-1 claim.
        """
        options = BuildOptions(
            formats=formats, targets=targets, jobs=jobs, executor=executor, shard=shard,
            max_marking=max_marking, force=force, strict=strict, final=final,
            allow_missing_glyphs=allow_missing_glyphs, tagged_pdf=tagged_pdf,
            progress=progress, since=since, releasable=releasable,
            releasable_out=releasable_out, editions=editions, archive=archive,
        )  # fmt: skip
        return batch.build(self, out, options)


def load_workspace(path: str | Path = ".", *, partial: bool = False) -> Workspace:
    """Load and validate the workspace in folder ``path``.

    Raises `DataError` listing every problem of every file (not only the first).
    With ``partial``, records that are invalid are left out and the problems are kept in
    ``Workspace.problems`` instead (for builds with ``--keep-going``).
    """
    if not isinstance(partial, bool):
        raise BriefgenError(f"partial={partial!r}: expected True or False")
    return _data.load_workspace(_path("path", path, "'.'"), partial=partial, cls=Workspace)


def _path(name: str, value: Any, example: str) -> Path:
    """``value`` as a path, or a `BriefgenError` saying what to give instead."""
    if not isinstance(value, (str, os.PathLike)):
        raise BriefgenError(f"{name}={value!r}: expected a file or folder name, e.g. {example}")
    return Path(value)


def _theme(theme: Any) -> Theme | None:
    if theme is not None and not isinstance(theme, Theme):
        raise BriefgenError(f"theme={theme!r}: expected a briefgen.Theme or None")
    return theme
