"""One ``briefgen build`` run from a workspace folder: the no-load shortcut, workers started
before the workspace loads, the data's warnings, Ctrl-C and SIGTERM turned into a clean
stop, and the batch build.  Printing is the caller's (a `Console`), so the command line
and other front ends share the orchestration.

Only light modules are imported at the top: an unchanged build answers before pydantic,
the YAML reader or a writer loads.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from briefgen.build import shortcut
from briefgen.build.shard import parse_shard
from briefgen.data.layout import is_workspace, most_packs
from briefgen.errors import BriefgenError
from briefgen.markings import Marking
from briefgen.writers import DEFAULT_FORMATS

if TYPE_CHECKING:
    from briefgen.build.report import BuildReport, PackResult
    from briefgen.data.workspace import Workspace

EXIT_INTERRUPTED = 130
"""The exit code of a build stopped by Ctrl-C or SIGTERM (as a shell reports SIGINT)."""


@dataclass(frozen=True)
class BuildRequest:
    """The options of one build of the workspace in ``root``; see `briefgen.build.batch.build`
    for what each does.  Relative ``out`` and ``releasable_out`` are inside ``root``."""

    root: Path
    targets: tuple[str, ...] = ()
    out: Path | None = None
    formats: tuple[str, ...] = ()  # none: every format
    jobs: int | None = None
    shard: str | None = None  # "K/N"
    max_marking: Marking | None = None
    releasable: Marking | None = None
    releasable_out: Path | None = None
    editions: tuple[str, ...] = ()  # "full" and ceilings, into one folder
    archive: bool = False  # PDF/A-2u
    keep_going: bool = False  # build every pack whose data is valid
    strict: bool = False  # a warning (a stale source, a gap in a brief) stops the build
    final: bool = False  # refuse a pack with anything outstanding; fail one over a budget
    force: bool = False
    allow_missing_glyphs: bool = False
    tagged_pdf: bool = True
    since: str | None = None


class Console(Protocol):
    """Where a build tells a person what happens."""

    def say(self, message: str) -> None:
        """One line for the person running the build (a warning, a note)."""

    def progress(self, total: int) -> AbstractContextManager[Callable[[PackResult], None]]:
        """A context giving the function called with each finished pack of ``total``."""

    def summary(self, report: BuildReport) -> None:
        """What one edition's build did, after the progress has ended."""


def data_warnings(ws: Workspace, day: date) -> list[str]:
    """Each source read longer ago than the review period on ``day``, and each visit brief
    without a contact officer or clearance, as a line for the person."""
    lines = [
        f"source {source.id!r} was accessed on {source.accessed.isoformat()}, more than "
        f"{ws.config.review_months} months ago: review the facts that cite it"
        for source in ws.stale_sources(day)
    ]
    return lines + [str(gap) for gap in ws.brief_gaps()]


def stub_warnings(ws: Workspace, targets: Sequence[str]) -> list[str]:
    """A line for each partner pack to build (``targets``; all when empty) whose data
    records too little to brief from: its brief says so on page 1."""
    from briefgen.compose.facts import little_recorded

    return [
        f"{ws.file_of('partner', p.id)}: little is recorded about {p.display_name}; its "
        "brief says so on page 1 (add an overview, agreements, programs or events)"
        for p in ws.partners.values()
        if (not targets or p.id in targets) and little_recorded(p)
    ]


def perishable_warnings(ws: Workspace, day: date) -> list[str]:
    """For ``validate``: each perishable statement (`briefgen.data.perishable`) of a record
    that does not say when it was verified.  A build marks them in drafts instead, and
    ``build --final`` refuses them."""
    from briefgen.data.perishable import workspace_perishable

    return [f.warning(ws.config.edition or day) for f in workspace_perishable(ws)]


def say_refusals(refused: dict[str, list[str]], say: Callable[[str], None]) -> None:
    """Each line of `final_refusals` once (packs share the organisation's), then the
    packs refused."""
    for line in dict.fromkeys(line for lines in refused.values() for line in lines):
        say(f"error: {line}")
    if refused:
        say(
            f"error: {len(refused)} pack(s) not ready for a final build: {', '.join(refused)} "
            "('briefgen status' shows where each stands)"
        )


def run_build(request: BuildRequest, console: Console) -> int:
    """Run ``request``; return the exit code (0 done or unchanged, 1 a pack failed, 2 a
    warning under ``strict``, 130 interrupted).  Raises `BriefgenError` for options that
    do not go together and `DataError` for invalid data."""
    root = request.root
    which = parse_shard(request.shard) if request.shard is not None else None  # "" too
    for target in request.targets:  # the mkdocs habit: `build DIR`
        if Path(target).is_dir() and is_workspace(Path(target)):
            raise BriefgenError(
                f"{target!r} is a workspace folder, not a pack id: run 'briefgen -C {target} build'"
            )
    out = _inside(root, request.out)
    releasable_out = _inside(root, request.releasable_out)
    if request.max_marking is not None and request.releasable is not None:
        raise BriefgenError(
            "--max-marking and --releasable: give one (--max-marking builds only the "
            "releasable edition; --releasable builds it beside the full one)"
        )
    if request.editions and (
        request.max_marking is not None
        or request.releasable is not None
        or request.releasable_out is not None
    ):
        given = (
            "--max-marking"
            if request.max_marking is not None
            else "--releasable"
            if request.releasable is not None
            else "--releasable-out"
        )
        raise BriefgenError(
            f"--editions and {given}: give one (--editions full,OFFICIAL builds the full "
            "and the releasable edition into one folder; --editions OFFICIAL only the "
            "releasable one)"
        )
    if request.editions:  # a misspelt edition is told before the data loads
        from briefgen.build.batch import parse_editions as _parse

        _parse(request.editions)
    key = shortcut.options_key(
        targets=sorted(request.targets),
        formats=sorted(request.formats or DEFAULT_FORMATS),
        shard=request.shard,
        max_marking=str(request.max_marking) if request.max_marking else None,
        no_tags=not request.tagged_pdf,
        allow_missing_glyphs=request.allow_missing_glyphs,
        out=str(out) if out else None,
        **({"archive": True} if request.archive else {}),
    )
    folder = shortcut.output_folder(root, out)
    # strict must look at the data again; since at the edition REF names today; two
    # editions (releasable, or 'releasable' in briefgen.toml) are two folders to check
    both = bool(request.editions) or (
        request.releasable is not None
        or (request.max_marking is None and "releasable" in shortcut.settings(root))
    )
    remembered = not (request.keep_going or request.since is not None or both)
    if remembered and not (request.force or request.strict or request.final):
        ids = shortcut.unchanged(root, folder, key)
        if ids is not None:
            console.say(f"{len(ids)} packs unchanged since the last build into {folder}")
            return 0

    from briefgen.build.batch import build, parse_editions, refusals
    from briefgen.build.options import BuildOptions
    from briefgen.build.plan import select
    from briefgen.build.run import start_workers, stop_workers
    from briefgen.build.since import resolve_since
    from briefgen.data.workspace import load_workspace

    # workers forked before the workspace is loaded: each job brings the records it reads;
    # never more than there are packs
    jobs = request.jobs
    count = min(jobs or os.cpu_count() or 1, len(set(request.targets)) or most_packs(root))
    pool = start_workers(count) if count > 1 else None
    finished = False
    try:
        ws = load_workspace(root, partial=request.keep_going, executor=pool)
        edition = resolve_since(ws.root, request.since) if request.since is not None else None
        warnings = data_warnings(ws, date.today())
        for line in warnings:
            console.say(f"warning: {line}")
        if request.strict and warnings:
            console.say(f"error: {len(warnings)} warning(s) with --strict; nothing was built")
            return 2
        for line in stub_warnings(ws, request.targets):  # told, not refused: the page says so
            console.say(f"warning: {line}")
        if ws.problems:
            console.say(f"warning: {len(ws.problems)} data problem(s); building the valid packs:")
            for problem in ws.problems:
                console.say(f"  {problem}")
        options = BuildOptions(
            formats=request.formats or DEFAULT_FORMATS,
            targets=request.targets,
            jobs=jobs,
            executor=pool,
            shard=which,
            max_marking=request.max_marking,
            force=request.force,
            strict=request.strict,
            final=request.final,
            allow_missing_glyphs=request.allow_missing_glyphs,
            tagged_pdf=request.tagged_pdf,
            since=edition,
            # a clean build is noted for the no-load shortcut of this command
            remember=key if remembered else None,
            releasable=request.releasable,
            releasable_out=releasable_out,
            editions=request.editions,
            archive=request.archive,
        )
        chosen = select(ws, request.targets, which)
        refused: dict[str, list[str]] = {}
        if request.final:  # said before building: no file for a pack that is not ready
            refused = refusals(ws, out, options)
            say_refusals(refused, console.say)
            if refused and not request.keep_going:
                console.say(
                    "error: nothing was built (--keep-going builds the packs that are ready)"
                )
                return 2
            if not chosen:
                return 0
            # the build removes the refused packs' earlier files and reports them refused
            options = replace(options, refused=refused)
        with _interruptible() as stopped:
            try:
                selected = [i for i in chosen if i not in refused]
                editions = (
                    len(parse_editions(request.editions))
                    if request.editions
                    else 2
                    if request.releasable is not None
                    or (request.max_marking is None and ws.config.releasable)
                    else 1
                )
                with console.progress(len(selected) * editions) as update:

                    def progress(result: PackResult) -> None:
                        if result.status != "refused":  # said above
                            update(result)
                        if stopped:
                            raise KeyboardInterrupt

                    report = build(ws, out, replace(options, progress=progress))
                if stopped:
                    raise KeyboardInterrupt
            except KeyboardInterrupt:
                console.say(
                    "interrupted: files already written are whole; nothing half-written was left"
                )
                return EXIT_INTERRUPTED
        console.summary(report)  # after the progress has ended
        if report.releasable is not None:
            console.say(f"releasable edition in {report.releasable.out}:")
            console.summary(report.releasable)
        for name, lower in report.editions.items():
            console.say(f"releasable edition {name} (ID.releasable-{name}.*) in {lower.out}:")
            console.summary(lower)
        finished = True
        return report.exit_code  # 2 when a pack was refused
    finally:
        if pool is not None:
            stop_workers(pool, broken=not finished)


def _inside(root: Path, folder: Path | None) -> Path | None:
    """A folder option relative to the workspace, as the folders' defaults are."""
    return folder if folder is None or folder.is_absolute() else root / folder


@contextmanager
def _interruptible() -> Iterator[list[int]]:
    """While inside, SIGINT and SIGTERM raise `KeyboardInterrupt` and are remembered in the
    list it gives (should a library swallow the exception), so a killed build cleans up
    as Ctrl-C does: no torn files.  The earlier handlers come back on leaving."""
    stopped: list[int] = []

    def interrupted(signum: int, frame: Any) -> None:
        stopped.append(signum)
        raise KeyboardInterrupt

    earlier = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    for s in earlier:
        signal.signal(s, interrupted)
    try:
        yield stopped
    finally:
        for s, handler in earlier.items():
            signal.signal(s, handler)
