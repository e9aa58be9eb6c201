"""Rendering packs, in this process or in workers: a job in, the bytes and the record out."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import gc
import itertools
import os
import threading
import time
import warnings
from collections.abc import Iterable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from briefgen.build import budgets
from briefgen.build.bind import attaching, pack_marking, render_pack, sharing
from briefgen.build.fresh import Freshness
from briefgen.build.issued import issue
from briefgen.data.config import make_theme
from briefgen.data.workspace import Workspace, load_workspace
from briefgen.errors import BriefgenError
from briefgen.markings import Marking

if TYPE_CHECKING:
    from briefgen.theme import Theme


@dataclass(frozen=True)
class Job:
    """What a worker needs to render one pack: picklable for any executor."""

    id: str
    formats: tuple[str, ...]
    max_marking: str | None
    root: str | None
    workspace: Any  # the part of the Workspace the pack reads, or the whole one built in
    # code (root is None); None: the worker uses the lent workspace or loads it from root
    theme_overrides: tuple[tuple[str, Any], ...] = ()
    since: Any = None  # the Edition the pack tells its changes against
    cleared: dict[str, str] | None = None  # the manifest's record of its last cleared edition
    changed: frozenset[str] = frozenset()  # briefs changed since cleared (brief_clearance)
    first: tuple[Job, ...] = ()  # packs this one binds in, rendered before it in this job
    attached: dict[str, dict[str, str] | None] | None = None  # their records, by id


@dataclass(frozen=True)
class Rendition:
    """One format of a pack: its bytes, what the writer read, what it warned about."""

    format: str
    data: bytes
    pages: int | None
    reads: dict[str, str]
    warnings: tuple[str, ...]
    sources: dict[str, Any] = field(default_factory=dict)  # a .docx's provenance bookmarks
    paragraphs: tuple[str, ...] = ()  # ... and the signature of each of its paragraphs


@dataclass(frozen=True)
class Output:
    """A worker's answer: each format's rendition and the pack's inputs, or an error."""

    id: str
    kind: str = ""
    title: str = ""
    marking: str = ""
    files: tuple[Rendition, ...] = ()
    inputs: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    error: str | None = None
    edition: str = ""  # the pack's 'information as at' date, ISO
    version: str = ""  # the version page 1 prints
    control: dict[str, str] = field(default_factory=dict)  # the register's facts
    content: str = ""  # the digest of its text (`briefgen.build.register.content_of`)
    cleared: dict[str, str] | None = None  # the record of its last cleared edition, to keep
    also: tuple[Output, ...] = ()  # the outputs of the job's `Job.first`, before this one

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(w for f in self.files for w in f.warnings)


_WORKSPACES: dict[str, Workspace] = {}
_DIED = "killed, perhaps out of memory; nothing of it was written"


def _workspace_for(job: Job) -> Workspace:
    if job.workspace is not None or job.root is None:
        return job.workspace  # type: ignore[no-any-return]
    ws = _WORKSPACES.get(job.root)
    if ws is None:
        ws = _WORKSPACES[job.root] = load_workspace(job.root, partial=True)
    return ws


@contextlib.contextmanager
def lent(ws: Workspace) -> Any:
    """Let this build's jobs use ``ws`` itself, in this process and in forked workers,
    instead of loading the workspace again from its folder (workers started by spawn or on
    other machines still load it)."""
    key = str(ws.root.resolve()) if ws.root is not None else None
    if key is not None:
        _WORKSPACES[key] = ws
    try:
        with sharing():
            yield
    finally:
        if key is not None and _WORKSPACES.get(key) is ws:
            del _WORKSPACES[key]


def render_job(job: Job) -> Output:
    """Render one pack in every format requested, after the packs it binds in (``first``):
    runs in a worker."""
    with attaching(job.attached):
        before = tuple(_render_one(j) for j in job.first)
        return replace(_render_one(job), also=before)


def each(output: Output) -> Iterable[Output]:
    """The outputs a job's ``output`` holds: those of the packs it bound in, then its own."""
    yield from output.also
    yield replace(output, also=()) if output.also else output


def _render_one(job: Job) -> Output:
    started = time.perf_counter()
    kind = title = marking = ""
    try:
        ws = _workspace_for(job)
        ceiling = Marking.parse(job.max_marking) if job.max_marking else None
        issued = issue(ws, job.id, ceiling, job.since, job.cleared, job.changed)
        pack, control, content, cleared = (
            issued.pack,
            issued.control,
            issued.content,
            issued.cleared,
        )
        kind, title, marking = pack.kind, pack.title, pack_marking(pack).banner()
        theme = make_theme(ws.config, ws.root, **dict(job.theme_overrides))
        fresh = Freshness(ws)
        files = []
        pdf = None
        for fmt in job.formats:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                rendered = render_pack(pack, fmt, theme)
            notes = tuple(str(w.message) for w in caught)
            reads = fresh.reads(rendered.reads)
            sources, paragraphs = (
                provenance_of(pack.document, rendered.data) if fmt == "docx" else ({}, ())
            )
            files.append(
                Rendition(fmt, rendered.data, rendered.pages, reads, notes, sources, paragraphs)
            )
            pdf = rendered if fmt == "pdf" else pdf
            if fmt == "docx":
                files += _companions(pack)
        over = tuple(budgets.check(pack, theme, pdf))
        if over and files:  # the pack's, told once: with its PDF, else its first file
            at = next((i for i, f in enumerate(files) if f.format == "pdf"), 0)
            files[at] = replace(files[at], warnings=files[at].warnings + over)
        inputs = fresh.labelled(pack.inputs)
        seconds = time.perf_counter() - started
        edition = pack.edition.isoformat()
        version = str(pack.control["version"])
        return Output(
            job.id,
            kind,
            title,
            marking,
            tuple(files),
            inputs,
            seconds,
            edition=edition,
            version=version,
            control=control,
            content=content,
            cleared=cleared,
        )
    except BriefgenError as exc:
        seconds = time.perf_counter() - started
        return Output(job.id, kind, title, marking, seconds=seconds, error=str(exc))
    except Exception as exc:  # a bug: report it against the pack, keep building the rest
        seconds = time.perf_counter() - started
        error = f"internal error: {type(exc).__name__}: {exc}"
        return Output(job.id, kind, title, marking, seconds=seconds, error=error)


def _companions(pack: Any) -> list[Rendition]:
    """The files written beside the pack's Word edition (copies of the external PDFs its
    tab pages link to), each under its `briefgen.build.manifest.companion_key`."""
    from briefgen.build import manifest as mf
    from briefgen.build.bind import companions

    return [
        Rendition(mf.companion_key("docx", name), data, None, {}, ())
        for name, data in companions(pack)
    ]


def provenance_of(doc: Any, data: bytes) -> tuple[dict[str, Any], tuple[str, ...]]:
    """What each provenance bookmark of a document's Word edition (``data``) stands for,
    and the signature of each of its paragraphs (for the manifest, which `briefgen absorb`
    reads to tell what an officer changed)."""
    from briefgen.build.docxtext import signatures
    from briefgen.writers.docx.provenance import entries

    return dict(entries(doc)), tuple(signatures(data))


def _warm_writers(formats: Iterable[str], theme: Theme) -> None:
    """Render a one-line document with each writer of ``formats``, so that the process (and
    the workers forked from it) hold the imports, registered fonts and reference document
    instead of loading them for a pack."""
    from datetime import date

    from briefgen import tree as t
    from briefgen.writers import get_writer

    meta = t.Metadata("warm-up", "OFFICIAL", date(2000, 1, 1), "briefgen")
    doc = t.Document(meta, (t.Heading(1, "w", (t.Text("Warm-up"),)),))
    for fmt in formats:
        with contextlib.suppress(Exception):  # a broken theme fails the packs, with their ids
            get_writer(fmt)(doc, theme)


def _freeze() -> None:
    """Keep everything alive out of the garbage collector's passes (``gc.freeze``), so that
    collections stay as cheap at the thousandth pack as at the first and do not touch (and
    copy) pages shared with a parent process."""
    gc.collect()
    gc.freeze()


def _warm_up(job: Job) -> None:
    """Warm up the writers the job needs with its theme, before workers fork."""
    ws = _workspace_for(job)
    _warm_writers(job.formats, make_theme(ws.config, ws.root, **dict(job.theme_overrides)))


def _exit_with_parent(parent: int) -> None:
    """Make this worker exit when the process that started it is gone (a build killed with
    SIGKILL cannot stop its workers, which would otherwise live on): a daemon thread
    watches the parent's process id, which changes when the worker is orphaned."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="briefgen-watch-parent", daemon=True).start()


WATCH_SECONDS = 0.5
"""How often a worker looks whether its build is still there."""

IN_FLIGHT = 4
"""Jobs submitted ahead per worker: the rest are cut only as packs come back, so that the
main process never holds more than a few jobs and outputs (their files' bytes) at once,
however many packs the build has."""


def _ready_worker(parent: int) -> None:
    """A worker's start: tied to its parent, the writers warmed up with the default theme,
    then frozen."""
    from briefgen.theme import Theme
    from briefgen.writers import FORMATS

    _exit_with_parent(parent)
    _warm_writers(FORMATS, Theme())
    _freeze()


def start_workers(count: int | None = None) -> cf.ProcessPoolExecutor:
    """``count`` worker processes (default: one per CPU), forked now: call this before
    loading the workspace and give the pool to `briefgen.build.build` as its executor.
    The workers hold no workspace; each job brings the part its pack reads (a few KB), so
    their memory stays the same from ten packs to thousands."""
    pool = cf.ProcessPoolExecutor(
        max_workers=count or os.cpu_count() or 1,
        mp_context=_context(),
        initializer=_ready_worker,
        initargs=(os.getpid(),),
    )
    pool.submit(int)  # forks every worker now (fork starts them all at the first job)
    return pool


def run(
    jobs: Iterable[Job], count: int, workers: int | None, executor: cf.Executor | None
) -> Iterable[Output]:
    """Each of the ``count`` jobs' output, as it finishes: in this process for one worker
    or one job, else in ``executor`` or in forked worker processes.  ``jobs`` may be made
    as they are taken: the first is rendering while the rest are still being cut, and a
    pool of known size is given a few jobs per worker ahead (`IN_FLIGHT`).  When a
    worker dies (killed, out of memory), the packs it took down with it are rendered again
    one by one, each in a process of its own, so that the one that kills its worker is
    named and the rest built."""
    if not count:
        return
    cpus = workers if workers is not None else (os.cpu_count() or 1)
    if executor is None and (cpus <= 1 or count == 1):
        for job in jobs:
            yield from each(render_job(job))
        return
    jobs = iter(jobs)
    own = executor is None
    if executor is None:
        first = next(jobs)
        _warm_up(first)  # forked workers inherit what is loaded here
        _freeze()  # the collector leaves what they inherit alone (no copied pages)
        executor = _pool(min(cpus, count))
        jobs = itertools.chain([first], jobs)
    futures: dict[cf.Future[Output], Job] = {}
    again: list[Job] = []
    width = min(cpus, count) if own else getattr(executor, "_max_workers", None)
    ahead = IN_FLIGHT * width if isinstance(width, int) else count  # a cluster: all at once
    try:
        more = True
        while more or futures:
            wanted = max(0, ahead - len(futures))
            taken = 0
            for job in itertools.islice(jobs, wanted) if more else ():
                taken += 1
                try:
                    futures[executor.submit(render_job, job)] = job
                except BrokenProcessPool:  # its workers died before this build (in the load)
                    again.append(job)
            more = more and taken == wanted
            if not futures:
                continue
            done, _ = cf.wait(list(futures), return_when=cf.FIRST_COMPLETED)
            for future in done:
                job = futures.pop(future)  # a finished future keeps its output's bytes
                try:
                    yield from each(future.result())
                except BrokenProcessPool:
                    again.append(job)
                del future
    except BaseException:
        for f in futures:
            f.cancel()
        raise
    finally:
        if own:
            _close(executor, broken=bool(again))
            gc.unfreeze()
    for job in sorted(again, key=lambda j: j.id):
        yield from each(_alone(job))


def _pool(workers: int) -> cf.ProcessPoolExecutor:
    """A pool of ``workers`` processes of this build, which exit with it."""
    return cf.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_exit_with_parent,
        initargs=(os.getpid(),),
    )


def _context() -> Any:
    import multiprocessing

    return multiprocessing.get_context("fork" if os.name == "posix" else "spawn")


def _alone(job: Job) -> Output:
    """Render ``job`` in a process of its own; a death there is this pack's."""
    pool = _pool(1)
    try:
        return pool.submit(render_job, job).result()
    except BrokenProcessPool:
        died = [
            Output(j.id, error=f"the worker rendering {job.id!r} died ({_DIED})") for j in job.first
        ]
        return Output(
            job.id, error=f"the worker rendering {job.id!r} died ({_DIED})", also=tuple(died)
        )
    finally:
        _close(pool, broken=True)


def stop_workers(pool: cf.Executor, *, broken: bool) -> None:
    """Shut down a pool from `start_workers`: wait for its workers, or kill them when the
    build was interrupted or failed."""
    _close(pool, broken=broken)


def _close(pool: cf.Executor, *, broken: bool) -> None:
    """Shut ``pool`` down; a broken pool's surviving workers are killed first (they may be
    blocked sending a result nobody will read).  Either way the pool's management thread
    is waited for: left running, it races the interpreter's exit and prints a traceback
    ("Bad file descriptor") after briefgen's own one-line error."""
    if broken and isinstance(pool, cf.ProcessPoolExecutor):
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)
