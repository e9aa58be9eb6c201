"""A batch build: plan the packs, skip those whose recorded inputs are unchanged, render the
rest (in parallel), write files atomically and keep the manifest."""

from __future__ import annotations

import contextlib
import os
import sys
import time
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from briefgen import deps
from briefgen.build import brief_clearance, budgets, register, shortcut
from briefgen.build import manifest as mf
from briefgen.build.bind import attached_ids
from briefgen.build.edited import edited_error
from briefgen.build.final import final_refusals
from briefgen.build.fresh import Freshness
from briefgen.build.lock import FolderLock
from briefgen.build.options import BuildOptions
from briefgen.build.part import Parts
from briefgen.build.plan import groups, invalid_targets, select, withheld
from briefgen.build.report import BuildReport, FileResult, PackResult
from briefgen.build.run import Job, Output, lent, run
from briefgen.build.since import resolve_since
from briefgen.compose.control import edition_slug
from briefgen.data import records
from briefgen.data.edition import Edition
from briefgen.data.workspace import Workspace
from briefgen.errors import BriefgenError
from briefgen.fileio import OutputError, atomic_write, prepare_output
from briefgen.markings import Marking, highest
from briefgen.writers import FORMATS

Progress = Callable[[PackResult], None]
_DEFAULT = BuildOptions()


def pack_options(
    ceiling: Marking | None,
    overrides: tuple[tuple[str, Any], ...],
    ws: Workspace,
    since: Edition | None = None,
) -> str:
    """Everything besides the files that decides a pack's bytes (`shortcut.options_key` of
    these options).  A workspace made in code has no data files to record, so its records
    themselves are part of the key."""
    in_code = None
    if ws.root is None:
        parts = (ws.config, ws.organisation, ws.partners, ws.regions, ws.visits, ws.sources)
        in_code = deps.sha256(repr(parts).encode("utf-8"))
    return shortcut.options_key(
        max_marking=str(ceiling) if ceiling else None,
        workspace_in_code=in_code,
        since=since.key if since is not None else None,
        **dict(overrides),
    )


def build(
    ws: Workspace, out: str | Path | None = None, options: BuildOptions = _DEFAULT
) -> BuildReport:
    """Build packs of ``ws`` into ``out`` (default: the workspace's output folder) with
    ``options`` (`BuildOptions`; `briefgen.Workspace.build` takes them as keywords).

    A pack whose recorded inputs (every file it read, the options and briefgen's version)
    are unchanged since the manifest, and whose files are intact, is skipped unless
    ``force``.  ``executor`` may be any `concurrent.futures.Executor` (a Dask
    cluster's ``client.get_executor()`` included); otherwise ``jobs`` worker processes are
    used (1: in this process).  One failing pack never stops the others.  ``since`` (a git
    revision of the workspace, or the folder of an earlier build) makes every pack tell
    what changed since that edition; a pack built against another edition is rebuilt.
    The manifest records this build's edition, for a later ``since``, and, given
    ``remember`` (a command's `shortcut.options_key`) and no pack failed, this build for
    the no-load shortcut of the same command.

    ``final`` refuses each pack not ready to be final (`refusals`): it gets no file, its
    earlier files go (those an officer edited stay, withdrawn), and its result is
    "refused", with the reasons as its error; a pack over a length budget fails.

    ``releasable`` (a marking, default ``releasable`` in briefgen.toml unless
    ``max_marking`` is given) also builds the releasable edition at that ceiling into
    ``releasable_out`` (default: the output folder's name followed by
    ``-releasable-official``, beside it); its report is ``report.releasable``.  A build
    with a ceiling names its files ``ID.releasable-official.pdf`` and keeps no data text
    in its folder.
    """
    if not isinstance(options, BuildOptions):
        raise BriefgenError(f"options={options!r}: expected a briefgen.build.BuildOptions")
    if options.final is True and options.refused is None:  # once, for every edition
        options = replace(options, refused=refusals(ws, out, options))
    if options.editions:
        return _editions(ws, out, options)
    releasable, releasable_out = options.releasable, options.releasable_out
    if releasable is None and options.max_marking is None and ws.config.releasable is not None:
        releasable = ws.config.releasable
        if releasable_out is None and ws.config.releasable_output is not None:
            releasable_out = (ws.root or Path(".")) / ws.config.releasable_output
    if releasable is None:
        return _edition(ws, out, options)
    if options.max_marking is not None:
        raise BriefgenError(
            "max_marking and releasable: give one (max_marking builds only the "
            "releasable edition; releasable builds it beside the full one)"
        )
    try:
        level = Marking.parse(releasable)
    except ValueError as exc:
        raise BriefgenError(f"releasable: {exc}") from None
    if out is None:
        out = (ws.root or Path(".")) / ws.config.output
    since = options.since
    if since is not None:  # once: the full build may rewrite the folder it names
        since = resolve_since(ws.root, since)
    if releasable_out is None:
        releasable_out = Path(out).parent / f"{Path(out).name}-releasable-{edition_slug(level)}"
    if Path(releasable_out).resolve() == Path(out).resolve():
        raise BriefgenError(
            f"{releasable_out}: the releasable edition needs a folder of its own, "
            "not the full edition's"
        )
    full = _edition(ws, out, replace(options, since=since))
    remember = options.remember
    keep = None if remember is None else f"{remember}|releasable"
    full.releasable = _edition(
        ws, releasable_out, replace(options, max_marking=level, since=since, remember=keep)
    )
    return full


def refusals(ws: Workspace, out: str | Path | None, options: BuildOptions) -> dict[str, list[str]]:
    """The packs of a ``final`` build of ``ws`` into ``out`` with ``options`` that are not
    ready to be final, each with why (`briefgen.build.final.final_refusals`: one line per
    part outstanding, naming its file and field), the briefs changed since cleared told by
    the records of the folder.  `build` works them out unless ``options.refused`` holds
    them already (the command says them before it builds)."""
    targets = _words("targets", options.targets)
    shard = _shard(options.shard)
    try:
        ceiling = None if options.max_marking is None else Marking.parse(options.max_marking)
    except ValueError as exc:
        raise BriefgenError(f"max_marking: {exc}") from None
    folder = Path(out) if out is not None else (ws.root or Path(".")) / ws.config.output
    changed = brief_clearance.changed_in(folder, ws, ceiling)
    return final_refusals(ws, select(ws, targets, shard), date.today(), changed)


FULL = "full"
"""The name of the full edition in ``editions``."""


def parse_editions(given: Sequence[str | Marking]) -> list[Marking | None]:
    """``editions`` as ceilings (None: the full edition), the full one first, then the
    ceilings from the highest, without repeats; a `BriefgenError` for a word that is
    neither "full" nor a marking."""
    if isinstance(given, (str, Marking)):
        given = (given,)
    if not isinstance(given, Iterable) or isinstance(given, (bytes, Mapping)):
        raise BriefgenError(f"editions={given!r}: expected a list such as ['full', 'OFFICIAL']")
    found: list[Marking | None] = []
    for word in given:
        if isinstance(word, str) and word.strip().lower() == FULL:
            found.append(None)
            continue
        try:
            found.append(Marking.parse(word.strip() if isinstance(word, str) else word))
        except ValueError:
            raise BriefgenError(
                f"editions: {word!r} is neither 'full' nor a marking; give 'full' and the "
                "ceilings of the releasable editions, e.g. full,OFFICIAL"
            ) from None
    return _highest_first(list(dict.fromkeys(found)))


def _highest_first(editions: list[Marking | None]) -> list[Marking | None]:
    full = [m for m in editions if m is None]
    ceilings = sorted((m for m in editions if m is not None), key=lambda m: (m.rank, str(m)))
    return [*full, *reversed(ceilings)]


def _editions(ws: Workspace, out: str | Path | None, options: BuildOptions) -> BuildReport:
    """Several editions into one folder (`BuildOptions.editions`): the highest first, as a
    build alone would make it; each lower one beside it, with its own file names and its
    own part of the manifest."""
    if options.max_marking is not None or options.releasable is not None:
        other = "max_marking" if options.max_marking is not None else "releasable"
        raise BriefgenError(
            f"editions and {other}: give one (editions full,OFFICIAL builds the full and "
            "the releasable edition into one folder; editions OFFICIAL builds only the "
            "releasable one)"
        )
    editions = parse_editions(options.editions)
    if out is None:
        out = (ws.root or Path(".")) / ws.config.output
    since = options.since
    if since is not None:  # once: the first edition's build may rewrite the folder it names
        since = resolve_since(ws.root, since)
    top, *lower = editions
    alone = replace(options, editions=(), since=since, remember=None if lower else options.remember)
    unlisted: set[tuple[str | None, str]] = set()  # the last edition writes the register
    report = _edition(ws, out, replace(alone, max_marking=top), unlisted=unlisted, last=not lower)
    for n, ceiling in enumerate(lower, 1):
        assert ceiling is not None  # the full edition is always the highest
        beside = replace(alone, max_marking=ceiling)
        report.editions[edition_slug(ceiling)] = _edition(
            ws, out, beside, beside=True, unlisted=unlisted, last=n == len(lower)
        )
    return report


def _edition(
    ws: Workspace,
    out: str | Path | None,
    given: BuildOptions,
    beside: bool = False,
    unlisted: set[tuple[str | None, str]] | None = None,
    last: bool = True,
) -> BuildReport:
    """One edition (full, or released at ``given.max_marking``) into one folder: see
    `build`.  ``beside``: the folder holds a higher edition of the same build, which owns
    the manifest's packs and data; this one keeps its own part of the manifest.  The
    ``last`` edition built into the folder writes its register, of every edition's files
    but the packs each left out (``unlisted``, which each adds to)."""
    formats, targets, jobs = given.formats, given.targets, given.jobs
    executor, shard, max_marking = given.executor, given.shard, given.max_marking
    force, strict, progress = given.force, given.strict, given.progress
    final = given.final
    allow_missing_glyphs, tagged_pdf = given.allow_missing_glyphs, given.tagged_pdf
    since, remember = given.since, given.remember
    started = time.perf_counter()
    _check_types(
        out,
        force=force,
        strict=strict,
        final=final,
        allow_missing_glyphs=allow_missing_glyphs,
        tagged_pdf=tagged_pdf,
        archive=given.archive,
    )
    formats = _words("formats", formats)
    for fmt in formats:
        if fmt not in FORMATS:
            raise BriefgenError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    targets = _words("targets", targets)
    shard = _shard(shard)
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise BriefgenError(f"jobs={jobs!r}: expected a whole number of at least 1")
    try:
        ceiling = None if max_marking is None else Marking.parse(max_marking)
    except ValueError as exc:
        raise BriefgenError(f"max_marking: {exc}") from None
    if out is None:
        out = (ws.root or Path(".")) / ws.config.output
    out = Path(out)
    edition = resolve_since(ws.root, since) if since is not None else None
    prepare_output(out)
    report = BuildReport(out)
    ids = select(ws, targets, shard)
    overrides: tuple[tuple[str, Any], ...] = (
        ("allow_missing_glyphs", allow_missing_glyphs),
        ("tagged_pdf", tagged_pdf),
    )
    if given.archive:  # named only when asked: earlier builds' records stay current
        overrides += (("archive", True),)
    options = pack_options(ceiling, overrides, ws, edition)
    slug = edition_slug(ceiling) if ceiling is not None else None  # names the files

    def record(result: PackResult) -> None:
        report.results.append(result)
        if progress is not None:
            progress(result)

    with FolderLock(out):
        manifest = whole = mf.read(out)
        if manifest.problem:
            report.notes.append(manifest.problem)
        if beside:  # the packs of this edition only; the data and shortcut are the top's
            assert slug is not None
            manifest = mf.Manifest(packs=whole.releasable.setdefault(slug, {}))
        elif ws.root is not None:
            manifest.edition = manifest.stored = None  # replaced by this build's at the end
        manifest.last_build = None  # the shortcut's record holds only until the next build
        # briefs whose text changed since cleared: outstanding on page 1 of each pack
        changed = brief_clearance.note(ws, whole.brief_clearances, ceiling)
        if not beside:  # told once, by the highest edition
            report.notes += brief_clearance.warnings(ws, changed)
        if changed:  # a page 1 depends on them: an incremental build as a --force one
            options += "\nbriefs changed since cleared: " + ", ".join(changed)
        fresh = Freshness(ws)
        pending: list[str] = []
        bad = invalid_targets(ws)
        seen: dict[str, dict[str, str | None]] = {}  # each pack's files' stat, as checked
        refused = given.refused or {}
        order = {id: i for i, id in enumerate(ids)}  # of the results, refused ones included
        ids = [i for i in ids if i not in refused]
        if ceiling is not None and not beside:  # a releasable folder holds nothing above
            above = _held_above(whole, ceiling, set(ids))
            if above:
                raise BriefgenError(_above_error(out, above, ceiling))
        unlisted_here: set[str] = set(refused)  # packs the register names not
        kinds = {i: k for k, i, _ in ws.targets()}
        for id, why in refused.items():  # not ready to be final: no file, none looking current
            entry = manifest.packs.get(id)
            if entry is not None:  # one someone edited stays, listed, but not as issued
                _discard(out, manifest, id, list(entry.files), force)
                _withdraw(manifest, id)
            record(PackResult(id, kinds.get(id, ""), "refused", error="\n".join(why)))
        for id in ids:
            entry = manifest.packs.get(id)
            seen[id] = _stats(out, id, formats, slug)
            edited = [] if entry is None or beside else _other_edition(out, entry, id, slug, force)
            if edited:  # another edition's file, changed since written: never lost
                kind = next((k for k, i, _ in ws.targets() if i == id), "")
                error = f"{edited_error(out, edited)} (another edition's file, in the way)"
                record(PackResult(id, kind, "failed", error=error))
                continue
            moved = None if beside or slug is None else whole.releasable.get(slug, {}).pop(id, None)
            if moved is not None:  # this edition's record, beside another's: now the packs'
                for fmt, f in (entry.files if entry is not None else {}).items():
                    moved.files.setdefault(fmt, f)  # of this edition too (by `_other_edition`)
                entry = manifest.packs[id] = moved
            kept = None if force else _kept(out, entry, id, formats, slug)
            if id in bad:
                _discard(out, manifest, id, formats, force)
                record(PackResult(id, bad[id][0], "failed", error=bad[id][1]))
                continue
            held = withheld(ws, id, ceiling)
            if held is not None:  # a releasable edition leaves the whole pack out
                unlisted_here.add(id)  # and its register names it not, though files stay
                _discard(out, manifest, id, formats, force)
                _withdraw(manifest, id)  # nor any later one
                if kept is None:
                    record(PackResult(id, held[0], "withheld", error=held[1]))
                else:  # but deleting its files would lose someone's work
                    error = f"{kept} (the pack is withheld: {held[1]})"
                    record(PackResult(id, held[0], "failed", error=error))
                continue
            if kept is not None:  # never replace a file briefgen did not write as it is
                _discard(out, manifest, id, formats, force)
                kind = next((k for k, i, _ in ws.targets() if i == id), "")
                record(PackResult(id, kind, "failed", error=kept))
                continue
            withdrawn = entry is not None and entry.control.get("status") == register.WITHDRAWN
            if (
                not force
                and entry is not None
                and not withdrawn  # never current: built again once its files may be replaced
                and _unchanged(out, entry, formats, options, fresh)
            ):
                record(_skipped(out, manifest, id, entry, formats, strict, final))
                continue
            pending.append(id)

        root = str(ws.root.resolve()) if ws.root is not None else None
        parts = Parts(ws) if executor is not None else None  # workers of their own
        marking = str(ceiling) if ceiling else None

        records_at_start = dict(manifest.cleared)  # what each job is given, whenever made

        def job(id: str) -> Job:
            # an executor's workers get the part of the workspace the pack reads; forked
            # ones are lent the workspace itself
            records = ws if root is None else None
            if parts is not None and edition is None:  # changes are told from whole editions
                with contextlib.suppress(Exception):  # else the worker meets the error itself
                    records = parts.of(id)
            cleared = records_at_start.get(id)
            return Job(
                id, formats, marking, root, records, overrides, edition, cleared, frozenset(changed)
            )

        def grouped(ids: list[str]) -> Job:
            """One job for a visit and the packs it binds in (`plan.groups`), those first;
            each bound pack composed as its own job issues it (its cleared record)."""
            *first, last = ids
            attached = {p: records_at_start.get(p) for i in ids for p in attached_ids(ws, i)}
            return replace(job(last), first=tuple(map(job, first)), attached=attached or None)

        done = False
        try:
            with lent(ws):
                batches = groups(ws, pending)
                for output in run(map(grouped, batches), len(batches), jobs, executor):
                    checked = seen.get(output.id, {})
                    record(
                        _write(
                            out,
                            manifest,
                            output,
                            options,
                            strict,
                            formats,
                            slug,
                            force,
                            checked,
                            final,
                        )
                    )
            done = True
        finally:
            report.results.sort(key=lambda r: order.get(r.id, len(order)))
            if ws.root is not None and not beside:  # this build's data, for a later --since
                texts = mf.edition_files(ws.root, ws.digests)
                if ceiling is None:
                    manifest.edition = texts
                    manifest.edition_marking = _data_marking(ws).banner()
                elif texts is not None:  # not in a releasable folder: in the store
                    manifest.stored = mf.store_edition(ws.root, out, texts)
            part = slug if beside else None  # this edition's part of the manifest
            left_out = {(part, i) for i in unlisted_here} | (unlisted or set())
            if unlisted is not None:
                unlisted |= left_out
            if last:  # the register lists every edition's files in the folder
                unwritten = register.write(out, whole, force, frozenset(left_out))
                if unwritten is not None:
                    report.errors.append(unwritten)
            if done and remember is not None and ws.root is not None and not report.failed:
                built = [r.id for r in report.results if r.files]
                stats = {
                    mf.file_name(id, fmt, slug): sig
                    for id in built
                    for fmt, sig in seen[id].items()
                }
                stats |= {n: shortcut.output_signature(out / n) for n in manifest.register}
                shortcut.note(manifest, ws.root, remember, built, ws.digests, stats)
            mf.write(out, whole)
    report.seconds = time.perf_counter() - started
    return report


def _other_edition(
    out: Path, entry: mf.PackEntry, id: str, slug: str | None, force: bool
) -> list[str]:
    """Remove the pack's listed files of another edition than this build's (``jp.pdf`` in a
    folder now built at a ceiling, or the reverse), in every format, as a build replacing
    the edition of the folder's packs; return the names of those changed since briefgen
    wrote them (kept, unless ``force``)."""
    edited = []
    for fmt, f in list(entry.files.items()):
        if f.path == mf.file_name(id, fmt, slug):
            continue
        path = out / Path(f.path).name
        if not force and _changed(path, f.sha256):
            edited.append(Path(f.path).name)
            continue
        path.unlink(missing_ok=True)
        del entry.files[fmt]
    return edited


def _held_above(manifest: mf.Manifest, ceiling: Marking, ids: set[str]) -> list[str]:
    """The listed files of ``manifest`` marked above ``ceiling`` that a build of the packs
    ``ids`` at that ceiling would leave in the folder: those of other packs, and those of
    the lower editions a build with ``editions`` put beside them."""
    found = []
    sections = [
        ({k: v for k, v in manifest.packs.items() if k not in ids}),
        *manifest.releasable.values(),
    ]
    for packs in sections:
        for entry in packs.values():
            try:
                marked = Marking.parse(entry.marking)
            except ValueError:  # unreadable: taken as above
                marked = None
            if marked is None or marked.above(ceiling):
                found += [Path(f.path).name for f in entry.files.values()]
    return sorted(found)


def _above_error(out: Path, names: list[str], ceiling: Marking) -> str:
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return (
        f"{out}: holds {shown}, marked above {ceiling}, which this build would not replace; "
        f"a releasable edition needs a folder of its own: give --out DIR (for example "
        f"--out {out.name}-releasable), or build every pack of the folder"
    )


def _data_marking(ws: Workspace) -> Marking:
    """The highest marking of every record in the workspace's data (at least the default):
    what a copy of the data files must be handled as."""
    found = records.markings((*ws.partners.values(), *ws.visits.values(), ws.organisation))
    return highest(found, ws.config.marking)


def _check_types(out: object, **flags: object) -> None:
    """A `BriefgenError` for an ``out`` that is no path or a flag that is no bool."""
    if out is not None and not isinstance(out, (str, os.PathLike)):
        raise BriefgenError(f"out={out!r}: expected a folder name, e.g. 'build'")
    for name, value in flags.items():
        if not isinstance(value, bool):
            raise BriefgenError(f"{name}={value!r}: expected True or False")


def _shard(shard: tuple[int, int] | None) -> tuple[int, int] | None:
    """``shard``, or a `BriefgenError` when it is not ``(K, N)`` with 1 <= K <= N."""
    if shard is not None:
        valid = isinstance(shard, tuple) and len(shard) == 2
        if not valid or not all(isinstance(n, int) for n in shard) or not 1 <= shard[0] <= shard[1]:
            raise BriefgenError(f"shard={shard!r}: expected (K, N) with 1 <= K <= N")
    return shard


def _words(name: str, value: str | Sequence[str]) -> tuple[str, ...]:
    """``formats`` or ``targets`` as a tuple of strings without repeats ("pdf" is one)."""
    if not isinstance(value, (str, Iterable)) or isinstance(value, (bytes, Mapping)):
        raise BriefgenError(f"{name}={value!r}: expected a string or a list of strings")
    words = (value,) if isinstance(value, str) else tuple(value)
    if not all(isinstance(w, str) for w in words):
        raise BriefgenError(f"{name}={value!r}: expected strings")
    return tuple(dict.fromkeys(words))


def _unchanged(
    out: Path, entry: mf.PackEntry, formats: Sequence[str], options: str, fresh: Freshness
) -> bool:
    """Every requested file is there and was built from today's inputs and options (its
    bytes were found intact by `_kept`)."""
    if not entry.control:  # recorded before the register: its facts are wanted
        return False
    inputs = fresh.now(entry.inputs)
    for fmt in formats:
        f = entry.files.get(fmt)
        if f is None or mf.built_from(options, inputs, fresh.now(f.reads)) != f.built_from:
            return False
        if not (out / f.path).is_file():
            return False
    return all((out / entry.files[k].path).is_file() for k in mf.with_companions(entry, formats))


def _stats(out: Path, id: str, formats: Sequence[str], slug: str | None) -> dict[str, str | None]:
    """The size, times and inode of each of the pack's output files (None: absent): whether
    one changed since it was checked, told without reading it."""
    return {fmt: shortcut.output_signature(out / mf.file_name(id, fmt, slug)) for fmt in formats}


def _kept(
    out: Path, entry: mf.PackEntry | None, id: str, formats: Sequence[str], slug: str | None
) -> str | None:
    """Why the pack's files in ``formats`` must stay as they are (one line naming them and
    saying how to keep or discard them), or None when the build may replace them."""
    foreign = _foreign(out, entry, id, formats, slug)
    if foreign:
        return _foreign_error(out, foreign)
    edited = _edited(out, entry, formats)
    if edited:
        return edited_error(out, edited)
    return None


def _edited(out: Path, entry: mf.PackEntry | None, formats: Sequence[str]) -> list[str]:
    """Names of the pack's listed files whose bytes are no longer those briefgen wrote (an
    officer's edits in Word, a PDF's annotations): a build must not replace or delete them."""
    keys = mf.with_companions(entry, formats)  # a copy beside the .docx too
    files = [entry.files[k] for k in keys if entry is not None and k in entry.files]
    return [Path(f.path).name for f in files if _changed(out / Path(f.path).name, f.sha256)]


def _changed(path: Path, sha: str) -> bool:
    """Whether ``path`` exists but is not the file of digest ``sha`` (a link never is)."""
    if not os.path.lexists(path):
        return False
    return path.is_symlink() or deps.digest_of(path) != sha


def _foreign(
    out: Path,
    entry: mf.PackEntry | None,
    id: str,
    formats: Sequence[str],
    slug: str | None = None,
) -> list[str]:
    """Names of the pack's output files that exist but that the manifest does not list:
    files briefgen did not write (or whose record is lost), which a build must not replace."""
    listed = entry.files if entry is not None else {}
    names = [mf.file_name(id, fmt, slug) for fmt in formats if fmt not in listed]
    return [
        n
        for n in names
        if (out / n).is_symlink() or ((out / n).exists() and not _briefgen_made(out / n))
    ]


def _briefgen_made(path: Path) -> bool:
    """Whether a file says briefgen made it (a build killed before it wrote the manifest
    leaves such files): a PDF's producer, a Word file's application, a page's generator."""
    if not path.is_file():  # a FIFO or a device would never end
        return False
    try:
        if path.suffix == ".pdf":
            return b"/Producer (briefgen " in path.read_bytes()
        if path.suffix == ".html":
            return b'<meta name="generator" content="briefgen">' in path.read_bytes()[:4096]
        with zipfile.ZipFile(path) as z:
            return b"<Application>briefgen</Application>" in z.read("docProps/app.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def _foreign_error(out: Path, names: list[str]) -> str:
    files = " and ".join(str(out / n) for n in names)
    it = "it" if len(names) == 1 else "them"
    return (
        f"{files}: not written by briefgen ({mf.NAME} does not list {it}); "
        f"move {it} away, or build with --force to replace {it}"
    )


def _skipped(
    out: Path,
    manifest: mf.Manifest,
    id: str,
    entry: mf.PackEntry,
    formats: Sequence[str],
    strict: bool,
    final: bool = False,
) -> PackResult:
    """The result of an unchanged pack: skipped, or failed by ``strict`` for the warnings
    its files were built with, or by ``final`` for its length budgets' overruns (as a
    fresh build would fail it)."""
    notes = tuple(w for fmt in formats for w in entry.files[fmt].warnings)
    error = _refused(notes, strict, final)
    if error is not None:
        _discard(out, manifest, id, formats, force=False)
        return PackResult(id, entry.kind, "failed", entry.title, entry.marking, (), 0.0, error)
    files = tuple(
        FileResult(fmt, f.path, f.sha256, f.size, f.pages)
        for fmt, f in sorted(entry.files.items())
        if fmt in formats
    )
    return PackResult(id, entry.kind, "skipped", entry.title, entry.marking, files, warnings=notes)


def _withdraw(manifest: mf.Manifest, id: str) -> None:
    """Record that the pack's files still listed (those an officer edited, which
    `_discard` keeps) are not an issued edition: `build --final` refused the pack, or a
    releasable edition withholds it.

    They stay in the manifest rather than being dropped from it.  Listed, they are still
    briefgen's: a later build never replaces them without ``--force`` but says how to keep
    the edits (a file it did not list would be a stranger it can only refuse to touch),
    and ``absorb`` can still read the edits in a .docx back into the data, which needs the
    file's record.  Marked withdrawn (the register's ``status``), no later register lists
    them as issued, and no later build takes them for current."""
    entry = manifest.packs.get(id)
    if entry is not None:
        entry.control = {**entry.control, "status": register.WITHDRAWN}


def _discard(
    out: Path, manifest: mf.Manifest, id: str, formats: Sequence[str], force: bool
) -> None:
    """Remove the pack's files in ``formats`` that briefgen wrote (the manifest lists them),
    and their entries; a file the manifest does not list is never touched, nor (unless
    ``force``) one changed since it was written, which stays listed."""
    entry = manifest.packs.get(id)
    if entry is None:
        return
    for fmt in mf.with_companions(entry, formats):
        f = entry.files.get(fmt)
        if f is None:
            continue
        path = out / Path(f.path).name
        if not force and _changed(path, f.sha256):
            continue  # an officer's edits: kept, and still listed so the next build sees them
        del entry.files[fmt]
        path.unlink(missing_ok=True)
    if not entry.files:
        del manifest.packs[id]


def _write(
    out: Path,
    manifest: mf.Manifest,
    o: Output,
    options: str,
    strict: bool,
    formats: Sequence[str],
    slug: str | None = None,
    force: bool = False,
    checked: dict[str, str | None] | None = None,
    final: bool = False,
) -> PackResult:
    """Write a worker's files and record them, or fail the pack (leaving none of its old
    files to pass for this build's).  A file changed since it was ``checked`` (its stat)
    is checked again, so that an edit saved while the pack rendered is never replaced;
    ``checked`` then takes the stat of each file written."""
    notes = o.warnings
    error = o.error
    if error is None:
        error = _refused(notes, strict, final)
    if error is None and not force and checked != _stats(out, o.id, formats, slug):
        error = _kept(out, manifest.packs.get(o.id), o.id, formats, slug)
    if error is not None:
        _discard(out, manifest, o.id, formats, force)
        return PackResult(o.id, o.kind, "failed", o.title, o.marking, (), o.seconds, error, notes)
    entry = manifest.packs.get(o.id)
    inputs = _shared(o.inputs)
    if entry is None or entry.inputs != inputs:
        kept = entry.files if entry is not None else {}
        entry = manifest.packs[o.id] = mf.PackEntry(o.kind, o.title, o.marking, inputs, kept)
    entry.kind, entry.title, entry.marking = o.kind, o.title, o.marking
    entry.edition = o.edition or None
    entry.version = o.version or None
    entry.control, entry.content = o.control, o.content or None
    if o.cleared is not None:  # kept even when the pack's entry goes (`_discard`)
        manifest.cleared[o.id] = o.cleared
    error = _companions_in_the_way(out, entry, o, slug, force)
    if error is not None:
        _discard(out, manifest, o.id, formats, force)
        return PackResult(o.id, o.kind, "failed", o.title, o.marking, (), o.seconds, error, notes)
    _drop_companions(out, entry, o, formats)
    files = []
    for r in o.files:
        name = mf.file_name(o.id, r.format, slug)
        try:
            atomic_write(out / name, r.data)
            if checked is not None:
                checked[r.format] = shortcut.output_signature(out / name)
        except OutputError as exc:  # a full disk: this pack fails whole, the others go on
            _discard(out, manifest, o.id, formats, force)
            return PackResult(o.id, o.kind, "failed", o.title, o.marking, (), o.seconds, str(exc))
        sha = deps.sha256(r.data)
        reads = _shared(r.reads)
        built_from = mf.built_from(options, inputs, reads)
        entry.files[r.format] = mf.FileEntry(
            name,
            sha,
            len(r.data),
            r.pages,
            built_from,
            reads,
            list(r.warnings),
            r.sources,
            list(r.paragraphs),
        )
        files.append(FileResult(r.format, name, sha, len(r.data), r.pages))
    return PackResult(
        o.id, o.kind, "built", o.title, o.marking, tuple(files), o.seconds, None, notes
    )


def _companions_in_the_way(
    out: Path, entry: mf.PackEntry, o: Output, slug: str | None, force: bool
) -> str | None:
    """Why a companion of the pack (a copy beside its .docx) may not be written: a file of
    its name is there that the manifest does not list as briefgen's, or that changed since
    briefgen wrote it, and holds other bytes (never replaced without ``force``)."""
    if force:
        return None
    for r in o.files:
        if mf.COMPANION not in r.format:
            continue
        name = mf.file_name(o.id, r.format, slug)
        path = out / name
        if not os.path.lexists(path) or not _changed(path, deps.sha256(r.data)):
            continue
        listed = entry.files.get(r.format)
        if listed is None or listed.path != name:
            return _foreign_error(out, [name])
        if _changed(path, listed.sha256):
            return edited_error(out, [name])
    return None


def _drop_companions(out: Path, entry: mf.PackEntry, o: Output, formats: Sequence[str]) -> None:
    """Remove the pack's companions of ``formats`` that this build does not write again
    (their attachment is gone, or no longer a PDF); one changed since briefgen wrote it
    has already failed the pack (`_kept`)."""
    written = {r.format for r in o.files}
    for key in mf.with_companions(entry, formats):
        if mf.COMPANION in key and key not in written:
            (out / Path(entry.files[key].path).name).unlink(missing_ok=True)
            del entry.files[key]


def _refused(notes: Sequence[str], strict: bool, final: bool) -> str | None:
    """Why a pack with warnings ``notes`` fails: any warning with ``strict``, a length
    budget's overrun with ``final``; else None."""
    if strict and notes:
        return "warnings with --strict:\n" + "\n".join(notes)
    over = [n for n in notes if budgets.is_overrun(n)]
    if final and over:
        return "over its length budget with --final:\n" + "\n".join(over)
    return None


def _shared(labels: dict[str, str]) -> dict[str, str]:
    """A worker's record of inputs (file -> digest) with each name and digest held once in
    this process: most are the same in every pack (templates, fonts, settings), and the
    manifest keeps a record per pack and format."""
    return {sys.intern(k): sys.intern(v) for k, v in labels.items()}
