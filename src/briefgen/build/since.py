"""``--since REF``: the edition a build or a diff compares with: a git revision of the
workspace, or the folder of an earlier build whose manifest recorded its edition."""

from __future__ import annotations

import contextlib
import hashlib
import json
from datetime import date
from pathlib import Path

from briefgen.build import manifest as mf
from briefgen.data.edition import Edition, git_edition, load_edition
from briefgen.data.source import RevisionError, Snapshot
from briefgen.errors import BriefgenError


def resolve_since(root: Path | None, ref: str | Edition, option: str = "--since") -> Edition:
    """The edition ``ref`` names for the workspace in ``root``: a folder holding a
    ``manifest.json`` (as given, or inside the workspace) is an earlier build; anything
    else, a git revision.  A ref that is neither is a `BriefgenError` in one line that
    names it as ``option`` (``--since``, or ``diff REF`` for the diff command)."""
    if isinstance(ref, Edition):
        return ref
    if not isinstance(ref, str) or not ref:
        raise BriefgenError(f"since={ref!r}: expected a git revision or a build folder")
    try:
        return _resolve(root, ref)
    except BriefgenError as exc:
        raise BriefgenError(f"{option} {shown(ref)}: {exc}") from None


def shown(ref: str) -> str:
    """``ref`` as an error message shows it: on one line (a newline shown as ``\\n``) and
    cut to 60 characters."""
    text = ref if ref.isprintable() and ref.strip() == ref else repr(ref)
    return text if len(text) <= 60 else text[:57] + "..."


def _resolve(root: Path | None, ref: str) -> Edition:
    places = [Path(ref)] + ([root / ref] if root is not None else [])
    for folder in places:  # as given, or inside the workspace (as --out is)
        if _is_build_folder(folder):
            return build_edition(root, folder, ref)
    if root is None:
        raise BriefgenError("not a build folder (a workspace made in code has no git history)")
    try:
        return git_edition(root, ref)
    except RevisionError as exc:
        why = (  # the ref is named once, in front
            str(exc)
            .replace(f"no git revision {ref!r}", "no such git revision")
            .replace(repr(ref), "it")
        )
        raise BriefgenError(
            f"neither a git revision of the workspace nor the folder of an earlier build ({why})"
        ) from None


def _is_build_folder(folder: Path) -> bool:
    try:
        return folder.is_dir() and (folder / mf.NAME).is_file()
    except OSError:  # a name too long, say: not a folder
        return False


def build_edition(root: Path | None, folder: Path, ref: str) -> Edition:
    """The edition an earlier build into ``folder`` recorded in its manifest."""
    manifest = mf.read(folder)
    if manifest.problem:
        raise BriefgenError(manifest.problem.removesuffix("; ignored"))
    texts = manifest.edition
    if texts is None and manifest.stored is not None:  # a releasable build's edition
        texts = mf.stored_edition(root, manifest.stored) if root is not None else None
        if texts is None:
            where = root / mf.STORE if root is not None else mf.STORE
            raise BriefgenError(
                f"a releasable build, whose edition is kept in the workspace's edition store, "
                f"but {where} does not hold it (built in another copy of the workspace?): "
                "give a git revision, or the full build's folder"
            )
    if texts is None:
        raise BriefgenError(
            "its manifest records no edition (built by an older briefgen, or while the data "
            "changed): build into it again, or give a git revision"
        )
    files = {rel: text.encode("utf-8") for rel, text in texts.items()}
    dates: dict[str, date] = {}
    for id, entry in manifest.packs.items():
        if entry.edition:
            with contextlib.suppress(ValueError):  # a hand-edited date: not trusted
                dates[id] = date.fromisoformat(entry.edition)
    versions = {id: e.version for id, e in sorted(manifest.packs.items()) if e.version}
    content = json.dumps(
        [texts, {k: v.isoformat() for k, v in sorted(dates.items())}, versions],
        sort_keys=True,
    )
    key = "build:" + hashlib.sha256(content.encode("utf-8")).hexdigest()
    workspace = load_edition(root or folder, ref, key, Snapshot(files))
    return Edition(ref, key, workspace, dates, versions)
