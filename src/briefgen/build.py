"""Batch builds: gather the packs, render them (in parallel), write files atomically,
keep a manifest, and skip packs whose inputs have not changed."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen import __version__
from briefgen.errors import BriefgenError
from briefgen.fileio import atomic_write
from briefgen.markings import Marking
from briefgen.writers import FORMATS

if TYPE_CHECKING:
    from briefgen.workspace import Workspace

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class FileResult:
    """One written file."""

    format: str
    path: str
    sha256: str
    size: int
    pages: int | None


@dataclass(frozen=True)
class PackResult:
    """The outcome for one pack: built, skipped (unchanged) or failed (with the error)."""

    id: str
    kind: str
    status: str  # "built" | "skipped" (unchanged) | "withheld" (above --max-marking) | "failed"
    title: str = ""
    marking: str = ""
    files: tuple[FileResult, ...] = ()
    inputs: tuple[str, ...] = ()
    inputs_sha256: str = ""
    seconds: float = 0.0
    error: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass
class BuildReport:
    """What a build did.  ``exit_code`` is 0 unless a pack failed."""

    out: Path
    results: list[PackResult] = field(default_factory=list)
    seconds: float = 0.0

    def having(self, status: str) -> list[PackResult]:
        """The results with ``status`` ("built", "skipped", "withheld" or "failed")."""
        return [r for r in self.results if r.status == status]

    @property
    def built(self) -> list[PackResult]:
        return self.having("built")

    @property
    def skipped(self) -> list[PackResult]:
        return self.having("skipped")

    @property
    def withheld(self) -> list[PackResult]:
        return self.having("withheld")

    @property
    def failed(self) -> list[PackResult]:
        return self.having("failed")

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


# ---------------------------------------------------------------- selection


def shard_of(ident: str, count: int) -> int:
    """The 1-based shard of a pack id among ``count``: stable, whatever other packs exist."""
    digest = hashlib.sha256(ident.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/4"`` -> ``(2, 4)``; raises :class:`BriefgenError` for anything else."""
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise BriefgenError(f"--shard {text!r}: expected K/N, e.g. 1/4") from None
    if not 1 <= k <= n:
        raise BriefgenError(f"--shard {text!r}: K must be between 1 and N")
    return k, n


def select(
    ws: Workspace, targets: Sequence[str] = (), shard: tuple[int, int] | None = None
) -> list[str]:
    """The pack ids to build: ``targets`` (all when empty), restricted to ``shard``."""
    known = [ident for _, ident, _ in ws.targets()]
    if targets:
        from briefgen.pack import make_pack

        for ident in targets:
            if ident not in known:
                make_pack(ws, ident)  # raises with close matches
        ids = list(dict.fromkeys(targets))
    else:
        ids = known + sorted(i for i in _invalid_targets(ws) if i not in known)
    if shard is not None:
        ids = [i for i in ids if shard_of(i, shard[1]) == shard[0]]
    return ids


# ---------------------------------------------------------------- inputs


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _kind_of(ws: Workspace, ident: str) -> str:
    """The kind of target ``ident``, as :meth:`Workspace.targets` orders them (no list built)."""
    for kind, records in (("partner", ws.partners), ("region", ws.regions), ("visit", ws.visits)):
        if ident in records:
            return kind
    return next(kind for kind, i, _ in ws.targets() if i == ident)  # StopIteration, as before


def _template_names(ws: Workspace, memo: dict[str, Any] | None = None) -> list[str]:
    """Every template file name (relative, sorted) found in the search path."""
    if memo is not None and "templates" in memo:
        return memo["templates"]  # type: ignore[no-any-return]
    from briefgen.templating import search_path

    folder = ws.root / ws.config.templates if ws.root is not None else None
    templates: set[str] = set()
    for base in search_path(folder):
        for path in Path(base).rglob("*.j2"):
            templates.add(path.relative_to(base).as_posix())
    names = sorted(templates)
    if memo is not None:
        memo["templates"] = names
    return names


def pack_inputs(ws: Workspace, ident: str, memo: dict[str, Any] | None = None) -> list[str]:
    """Workspace-relative files a pack is built from (data, images and templates).

    ``memo`` (a dict kept for one build) remembers what every pack shares: the template
    list and whether files exist.
    """
    from briefgen.workspace import ORGANISATION_FILE, SOURCES_FILE

    files = {ORGANISATION_FILE, SOURCES_FILE, "briefgen.toml"}
    pack_kind = _kind_of(ws, ident)
    partner_ids: Iterable[str] = ()
    if pack_kind == "partner":
        partner_ids = (ident,)
    elif pack_kind == "region":
        files.add(ws.file_of("region", ident))
        partner_ids = ws.regions[ident].members
    else:
        files.add(ws.file_of("visit", ident))
        partner_ids = ws.visits[ident].partners
    for pid in partner_ids:
        if pid not in ws.partners:  # invalid, in a partially loaded workspace
            files.add(f"data/partners/{pid}.yaml")
            continue
        files.add(ws.file_of("partner", pid))
        files.update(img.path for img in ws.partners[pid].images if img.path)
        files.update(
            person.photo.path
            for person in ws.partners[pid].people
            if person.photo is not None and person.photo.path
        )
    root = ws.root
    if root is None:
        out = []
    elif memo is None:
        out = sorted(f for f in files if (root / f).is_file())
    else:
        exists: dict[str, bool] = memo.setdefault("is_file", {})
        for f in files:
            if f not in exists:
                exists[f] = (root / f).is_file()
        out = sorted(f for f in files if exists[f])
    return out + [f"templates/{t}" for t in _template_names(ws, memo)]


def inputs_digest(
    ws: Workspace,
    ident: str,
    formats: Sequence[str],
    extra: str,
    memo: dict[str, Any] | None = None,
    inputs: Sequence[str] | None = None,
) -> str:
    """A fingerprint of everything that decides a pack's bytes.

    ``memo`` (a dict kept for one build) keeps what every pack shares: file contents, the
    winning template files and the theme's part; ``inputs`` is :func:`pack_inputs` if known.
    """
    h = hashlib.sha256()
    h.update(f"briefgen {__version__}\n{','.join(formats)}\n{extra}\n".encode())
    root = ws.root
    if root is None:  # built in code: fingerprint the objects themselves
        h.update(repr(ws.partners).encode())
        h.update(repr(ws.regions).encode())
        h.update(repr(ws.visits).encode())
        h.update(repr(ws.organisation).encode())
    chunks: dict[str, bytes] = memo.setdefault("chunks", {}) if memo is not None else {}
    for rel in inputs if inputs is not None else pack_inputs(ws, ident, memo):
        chunk = chunks.get(rel)
        if chunk is None:
            chunk = _input_chunk(ws, rel)
            if memo is not None:
                chunks[rel] = chunk
        h.update(chunk)
    theme_part = memo.get("theme") if memo is not None else None
    if theme_part is None:
        theme_part = _theme_chunk(ws)
        if memo is not None:
            memo["theme"] = theme_part
    h.update(theme_part)
    return h.hexdigest()


def _input_chunk(ws: Workspace, rel: str) -> bytes:
    """What one input adds to a digest: its name and bytes (templates: the winning file)."""
    from briefgen.templating import search_path

    root = ws.root
    if rel.startswith("templates/"):
        name = rel.removeprefix("templates/")
        folder = root / ws.config.templates if root is not None else None
        for base in search_path(folder):  # the file that wins the search
            path = Path(base) / name
            if path.is_file():
                return f"{rel}\n".encode() + path.read_bytes()
        return b""
    if root is not None:
        return f"{rel}\n".encode() + (root / rel).read_bytes()
    return b""


def _theme_chunk(ws: Workspace) -> bytes:
    """What the theme adds to a digest: its settings and its font files' sizes and times."""
    from briefgen.config import make_theme

    theme = make_theme(ws.config, ws.root)
    parts = [repr(theme).encode()]
    for face in theme.fonts:
        for font in (face.regular, face.bold, face.italic, face.bold_italic):
            if font is not None and font.is_file():
                stat = font.stat()
                parts.append(f"{font}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return b"".join(parts)


# ---------------------------------------------------------------- work


@dataclass(frozen=True)
class Job:
    """What a worker needs to render one pack: picklable for any executor."""

    ident: str
    formats: tuple[str, ...]
    max_marking: str | None
    root: str | None
    workspace: Any  # the Workspace when it was built in code (root is None)
    theme_overrides: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Output:
    """A worker's answer: the bytes of each format, or an error."""

    ident: str
    kind: str
    title: str
    marking: str
    files: tuple[tuple[str, bytes, int | None], ...]
    seconds: float
    error: str | None = None
    warnings: tuple[str, ...] = ()


_WORKSPACES: dict[str, Any] = {}


def _workspace_for(job: Job) -> Any:
    if job.root is None:
        return job.workspace
    ws = _WORKSPACES.get(job.root)
    if ws is None:
        from briefgen.workspace import load_workspace

        ws = _WORKSPACES[job.root] = load_workspace(job.root, partial=True)
    return ws


def _lend(ws: Workspace) -> None:
    """Let this build's jobs use ``ws`` itself, in this process and in forked workers,
    instead of loading the workspace again from its folder (workers started by spawn or on
    other machines still load it)."""
    if ws.root is not None:
        _WORKSPACES[str(ws.root.resolve())] = ws


def _unlend(ws: Workspace) -> None:
    if ws.root is not None and _WORKSPACES.get(str(ws.root.resolve())) is ws:
        del _WORKSPACES[str(ws.root.resolve())]


def render_job(job: Job) -> Output:
    """Render one pack in every format requested (runs in a worker)."""
    import warnings

    from briefgen.config import make_theme

    started = time.perf_counter()
    kind = title = marking = ""
    try:
        ws = _workspace_for(job)
        ceiling = Marking.parse(job.max_marking) if job.max_marking else None
        from briefgen.pack import make_pack

        pack = make_pack(ws, job.ident, ceiling)
        kind, title, marking = pack.kind, pack.title, pack.marking.banner()
        theme = make_theme(ws.config, ws.root, **dict(job.theme_overrides))
        files = []
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for fmt in job.formats:
                rendered = pack.render(fmt, theme)
                files.append((fmt, rendered.data, rendered.pages))
        notes = tuple(str(w.message) for w in caught)
        return Output(
            job.ident,
            kind,
            title,
            marking,
            tuple(files),
            time.perf_counter() - started,
            None,
            notes,
        )
    except BriefgenError as exc:
        return Output(job.ident, kind, title, marking, (), time.perf_counter() - started, str(exc))
    except Exception as exc:  # a bug: report it against the pack, keep building the rest
        return Output(
            job.ident,
            kind,
            title,
            marking,
            (),
            time.perf_counter() - started,
            f"internal error: {type(exc).__name__}: {exc}",
        )


# ---------------------------------------------------------------- manifest


def read_manifest(out: Path) -> dict[str, Any]:
    path = out / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    packs = data.get("packs") if isinstance(data, dict) else None
    return packs if isinstance(packs, dict) else {}


def write_manifest(out: Path, packs: dict[str, Any]) -> None:
    data = {"generator": f"briefgen {__version__}", "packs": dict(sorted(packs.items()))}
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    atomic_write(out / MANIFEST, text.encode("utf-8"))


def _entry(r: PackResult) -> dict[str, Any]:
    return {
        "kind": r.kind,
        "title": r.title,
        "marking": r.marking,
        "inputs": list(r.inputs),
        "inputs_sha256": r.inputs_sha256,
        "warnings": list(r.warnings),
        "files": {
            f.format: {"path": f.path, "sha256": f.sha256, "size": f.size, "pages": f.pages}
            for f in r.files
        },
    }


def _unchanged(out: Path, entry: Any, digest: str, formats: Sequence[str]) -> bool:
    if not isinstance(entry, dict) or entry.get("inputs_sha256") != digest:
        return False
    files = entry.get("files", {})
    for fmt in formats:
        info = files.get(fmt)
        if not info:
            return False
        path = out / info["path"]
        try:
            if path.stat().st_size != info["size"]:
                return False
        except OSError:
            return False
    return True


# ---------------------------------------------------------------- build

Progress = Callable[[PackResult], None]


def build(
    ws: Workspace,
    out: str | Path | None = None,
    formats: Sequence[str] = FORMATS,
    *,
    targets: Sequence[str] = (),
    jobs: int | None = None,
    executor: cf.Executor | None = None,
    shard: tuple[int, int] | None = None,
    max_marking: str | Marking | None = None,
    force: bool = False,
    strict: bool = False,
    allow_missing_glyphs: bool = False,
    tagged_pdf: bool = True,
    progress: Progress | None = None,
) -> BuildReport:
    """Build packs of ``ws`` into ``out`` (default: the workspace's output folder).

    Packs whose inputs are unchanged since the manifest are skipped unless ``force``.
    ``executor`` may be any :class:`concurrent.futures.Executor` (a Dask cluster's
    ``client.get_executor()`` included); otherwise ``jobs`` worker processes are used
    (1: in this process).  One failing pack never stops the others.
    """
    started = time.perf_counter()
    for fmt in formats:
        if fmt not in FORMATS:
            raise BriefgenError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    formats = tuple(dict.fromkeys(formats))
    ceiling = Marking.parse(max_marking) if isinstance(max_marking, str) else max_marking
    if out is None:
        out = (ws.root or Path(".")) / ws.config.output
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    report = BuildReport(out)
    ids = select(ws, targets, shard)

    with _lock(out):
        manifest = read_manifest(out)
        overrides: tuple[tuple[str, Any], ...] = (
            ("allow_missing_glyphs", allow_missing_glyphs),
            ("tagged_pdf", tagged_pdf),
        )
        extra = f"{ceiling}|{overrides}"
        pending: list[tuple[Job, tuple[str, ...], str]] = []
        memo: dict[str, Any] = {}  # what every pack's fingerprint shares, for this build
        bad = _invalid_targets(ws)
        for ident in ids:
            if ident in bad:
                _discard(out, manifest, ident, formats)
                result = PackResult(ident, bad[ident][0], "failed", error=bad[ident][1])
                _record(report, result, progress)
                continue
            withheld = _withheld(ws, ident, ceiling)
            if withheld is not None:  # a releasable edition leaves the whole pack out
                _discard(out, manifest, ident, formats)
                result = PackResult(ident, withheld[0], "withheld", error=withheld[1])
                _record(report, result, progress)
                continue
            inputs = tuple(pack_inputs(ws, ident, memo))
            digest = inputs_digest(ws, ident, formats, extra, memo, inputs)
            if not force and _unchanged(out, manifest.get(ident), digest, formats):
                entry = manifest[ident]
                result = PackResult(
                    ident,
                    entry.get("kind", ""),
                    "skipped",
                    entry.get("title", ""),
                    entry.get("marking", ""),
                    tuple(
                        FileResult(f, i["path"], i["sha256"], i["size"], i.get("pages"))
                        for f, i in sorted(entry.get("files", {}).items())
                    ),
                    inputs,
                    digest,
                )
                _record(report, result, progress)
                continue
            job = Job(
                ident,
                formats,
                str(ceiling) if ceiling else None,
                str(ws.root.resolve()) if ws.root is not None else None,
                ws if ws.root is None else None,
                overrides,
            )
            pending.append((job, inputs, digest))

        try:
            _lend(ws)
            for output, inputs, digest in _run(pending, jobs, executor):
                result = _write(out, output, inputs, digest, strict)
                if result.status == "built":
                    manifest[result.id] = _entry(result)
                else:  # no stale file may pass for this build's output
                    _discard(out, manifest, result.id, formats)
                _record(report, result, progress)
        finally:
            _unlend(ws)
            write_manifest(out, manifest)
    report.results.sort(key=lambda r: ids.index(r.id) if r.id in ids else len(ids))
    report.seconds = time.perf_counter() - started
    return report


def _withheld(ws: Workspace, ident: str, ceiling: Marking | None) -> tuple[str, str] | None:
    """(kind, reason) when the pack's own record is marked above ``ceiling``."""
    if ceiling is None:
        return None
    record: Any = ws.partners.get(ident) or ws.visits.get(ident)
    marking = getattr(record, "marking", None)
    if isinstance(marking, Marking) and marking.above(ceiling):
        kind = "partner" if ident in ws.partners else "visit"
        return kind, f"marked {marking}, above --max-marking {ceiling}: left out of this edition"
    return None


def _discard(out: Path, manifest: dict[str, Any], ident: str, formats: Sequence[str]) -> None:
    """Remove a pack's earlier outputs (and its manifest entry) for ``formats``."""
    entry = manifest.get(ident)
    files = entry.get("files", {}) if isinstance(entry, dict) else {}
    for fmt in formats:
        name = files.get(fmt, {}).get("path") or f"{ident}.{fmt}"
        (out / Path(name).name).unlink(missing_ok=True)
        files.pop(fmt, None)
    if not files:
        manifest.pop(ident, None)


def _record(report: BuildReport, result: PackResult, progress: Progress | None) -> None:
    report.results.append(result)
    if progress is not None:
        progress(result)


def _invalid_targets(ws: Workspace) -> dict[str, tuple[str, str]]:
    """Targets touched by data problems of a partially loaded workspace (``--keep-going``)."""
    problems = getattr(ws, "problems", ())
    if not problems:
        return {}
    out: dict[str, tuple[str, str]] = {}
    by_file: dict[str, list[str]] = {}
    for p in problems:
        by_file.setdefault(p.file, []).append(str(p))
    region_index = {rid: i for i, rid in enumerate(ws.regions)}
    for kind, ident, _ in ws.targets():
        files = set(pack_inputs(ws, ident)) | {ws.file_of(kind, ident)}
        found = [
            str(p)
            for p in problems
            if p.file in files
            and not (  # a problem of another region in the shared regions file
                p.file == ws.file_of("region", ident)
                and kind == "region"
                and p.path.startswith("regions[")
                and not p.path.startswith(f"regions[{region_index[ident]}]")
            )
        ]
        if found:
            out[ident] = (kind, "\n".join(found))
    for file, messages in by_file.items():  # records that did not load at all
        for kind, folder in (("partner", "data/partners/"), ("visit", "data/visits/")):
            if file.startswith(folder) and file.endswith(".yaml"):
                out.setdefault(file[len(folder) : -5], (kind, "\n".join(messages)))
    return out


def _warm_up(job: Job) -> None:
    """Render a one-line document with each writer the job needs, so that forked workers
    inherit the imports, registered fonts and reference document instead of loading them."""
    from datetime import date

    from briefgen import tree as t
    from briefgen.config import make_theme
    from briefgen.writers import get_writer

    ws = _workspace_for(job)
    theme = make_theme(ws.config, ws.root, **dict(job.theme_overrides))
    meta = t.Metadata("warm-up", "OFFICIAL", date(2000, 1, 1), "briefgen")
    doc = t.Document(meta, (t.Heading(1, "w", (t.Text("Warm-up"),)),))
    for fmt in job.formats:
        with contextlib.suppress(Exception):  # a broken theme fails the packs, with their ids
            get_writer(fmt)(doc, theme)


def _run(
    pending: list[tuple[Job, tuple[str, ...], str]], jobs: int | None, executor: cf.Executor | None
) -> Iterable[tuple[Output, tuple[str, ...], str]]:
    if not pending:
        return
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if executor is None and (workers <= 1 or len(pending) == 1):
        for job, inputs, digest in pending:
            yield render_job(job), inputs, digest
        return
    own = executor is None
    if executor is None:
        import multiprocessing

        forking = os.name == "posix"
        if forking:  # workers inherit what is loaded here instead of each loading it again
            _warm_up(pending[0][0])
        context = multiprocessing.get_context("fork" if forking else "spawn")
        executor = cf.ProcessPoolExecutor(
            max_workers=min(workers, len(pending)), mp_context=context
        )
    futures = {
        executor.submit(render_job, job): (inputs, digest) for job, inputs, digest in pending
    }
    try:
        for future in cf.as_completed(futures):
            inputs, digest = futures.pop(future)  # a finished future keeps its output's bytes
            yield future.result(), inputs, digest
    except BaseException:
        for f in futures:
            f.cancel()
        raise
    finally:
        if own:
            executor.shutdown(wait=True, cancel_futures=True)


def _write(out: Path, o: Output, inputs: tuple[str, ...], digest: str, strict: bool) -> PackResult:
    if o.error is None and strict and o.warnings:
        return PackResult(
            o.ident,
            o.kind,
            "failed",
            o.title,
            o.marking,
            seconds=o.seconds,
            error="warnings with --strict:\n" + "\n".join(o.warnings),
            warnings=o.warnings,
        )
    if o.error is not None:
        return PackResult(
            o.ident,
            o.kind,
            "failed",
            o.title,
            o.marking,
            seconds=o.seconds,
            error=o.error,
            warnings=o.warnings,
        )
    files = []
    for fmt, data, pages in o.files:
        name = f"{o.ident}.{fmt}"
        atomic_write(out / name, data)
        files.append(FileResult(fmt, name, _sha(data), len(data), pages))
    return PackResult(
        o.ident,
        o.kind,
        "built",
        o.title,
        o.marking,
        tuple(files),
        inputs,
        digest,
        o.seconds,
        None,
        o.warnings,
    )


class _lock:
    """An exclusive lock on the output folder itself, so two builds into it take turns."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.fd: int | None = None

    def __enter__(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            return
        self.fd = os.open(self.out, os.O_RDONLY)
        fcntl.flock(self.fd, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the lock
