"""The options of a batch build, declared once: `briefgen.build.batch.build` takes them as
one object, `briefgen.Workspace.build` as keywords of the same names and defaults (a test
holds the two together), and the releasable edition's build is the same options with a
ceiling."""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.markings import Marking
from briefgen.writers import DEFAULT_FORMATS

if TYPE_CHECKING:
    from briefgen.build.report import PackResult
    from briefgen.data.edition import Edition


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build is told besides the workspace and the output folder; see
    `briefgen.build.batch.build` for what each does."""

    formats: Sequence[str] = DEFAULT_FORMATS
    targets: Sequence[str] = ()
    jobs: int | None = None
    executor: cf.Executor | None = None
    shard: tuple[int, int] | None = None
    max_marking: str | Marking | None = None
    force: bool = False
    strict: bool = False
    # refuse a pack with a part outstanding (`briefgen.build.batch.refusals`); fail one over a
    # length budget (briefgen.build.budgets)
    final: bool = False
    allow_missing_glyphs: bool = False
    tagged_pdf: bool = True
    progress: Callable[[PackResult], None] | None = None
    since: str | Edition | None = None
    remember: str | None = None  # the command's `shortcut.options_key`: not for the API
    releasable: str | Marking | None = None
    releasable_out: str | Path | None = None
    editions: Sequence[str | Marking] = ()  # "full" and ceilings, built into one folder
    archive: bool = False  # PDF/A-2u beside PDF/UA-1
    # with final: the packs refused and why, when worked out already (`batch.refusals`: the
    # command says them before it builds); None: the build works them out
    refused: Mapping[str, Sequence[str]] | None = None
