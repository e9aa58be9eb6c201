"""The unchanged-rebuild shortcut: answer "nothing changed" without loading the workspace.

After a successful ``briefgen build``, the manifest's ``last_build`` notes the command's
options, the data files the workspace loader read (and the names in the data folders), and
which packs were built.  The same command later needs no YAML parsing and no model when
every data file and every input those packs recorded still has its digest.  It opens only
regular files inside the workspace that a record names; files outside the workspace
(shipped templates, fonts) are compared by size and modification time, never opened.  The
output files must be those the build wrote: each is compared by size, times and inode (as
git's index does), and read for its digest only when those changed.  Anything it cannot
vouch for sends the build the ordinary way.  Only the standard library
is imported here (and the workspace's layout, the settings file's parser and
`briefgen.fileio.within`).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from briefgen import deps, version, writers
from briefgen.build import manifest as mf
from briefgen.data.layout import (
    CONFIG_FILE,
    DATA_FOLDERS,
    MAX_DATA_FILE,
    OUTPUT_DIR,
    TEMPLATES_DIR,
)
from briefgen.data.settings_file import parse_settings
from briefgen.errors import DataError
from briefgen.fileio import within


def settings(root: Path) -> dict[str, Any]:
    """The table of the workspace's briefgen.toml, read by the loader's own parser (empty
    when it is missing or unreadable: the ordinary build then reports it)."""
    try:
        return parse_settings(deps.read_regular(root / CONFIG_FILE, MAX_DATA_FILE))
    except (OSError, DataError):
        return {}


def output_folder(root: Path, out: Path | None) -> Path:
    """The folder a build writes to: ``--out``, else ``output`` in briefgen.toml, else build/."""
    return out if out is not None else root / str(settings(root).get("output", OUTPUT_DIR))


def options_key(**options: Any) -> str:
    """``options`` (a build command's, or those deciding a pack's bytes) with briefgen's
    version, own files and the writers' environment switches, as a stable string: the one
    place a build's key is made."""
    mine = {
        "briefgen": version.__version__,
        "code": deps.code_fingerprint(),
        "switches": writers.switches(),
    }
    return json.dumps({**options, **mine}, sort_keys=True, default=str)


def _listing(root: Path) -> dict[str, list[str]]:
    """The data file names in each data folder (a new partner, visit or brief changes it)."""
    out = {}
    for folder in DATA_FOLDERS:
        try:
            names = os.listdir(root / folder)
        except OSError:
            names = []
        out[folder] = sorted(n for n in names if n.endswith((".yaml", ".md")))
    return out


def _signature(path: Path) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return deps.MISSING
    return f"{st.st_size}:{st.st_mtime_ns}"


def output_signature(path: Path) -> str | None:
    """An output file's size, modification and change times and inode (None: absent), as
    git's index keeps them: any write to the file, or a file put in its place, changes it
    (the change time cannot be set back)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"


def _intact(out: Path, f: mf.FileEntry, signature: object) -> bool:
    """Whether an output file is still the one briefgen wrote: its signature as noted,
    else (copied, touched, or written to) its bytes by digest."""
    path = out / f.path
    if signature is not None and output_signature(path) == signature:
        return True
    return not path.is_symlink() and deps.digest_of(path) == f.sha256


def _inside_digest(root: Path, rel: str) -> str:
    """The digest of a workspace file, if it is a regular file inside the workspace."""
    path = root / rel
    try:
        if not within(root, rel):
            return deps.MISSING
        if not stat.S_ISREG(os.stat(path).st_mode):
            return deps.MISSING
    except OSError:
        return deps.MISSING
    return deps.digest_of(path)


def _labels(entry: mf.PackEntry) -> dict[str, str]:
    labels = dict(entry.inputs)
    for f in entry.files.values():
        labels.update(f.reads)
    return labels


def unchanged(root: Path, out: Path, key: str) -> list[str] | None:
    """The pack ids of the last build when nothing it depends on has changed, else None."""
    manifest = mf.read(out)
    last = manifest.last_build
    if last is None or last.get("key") != key or manifest.problem:
        return None
    ids, data, outside = last.get("packs"), last.get("data"), last.get("outside")
    outputs = last.get("outputs")
    if not (isinstance(ids, list) and isinstance(data, dict) and isinstance(outside, dict)):
        return None
    if not isinstance(outputs, dict):
        return None
    if last.get("listing") != _listing(root):
        return None
    if any(_inside_digest(root, rel) != sha for rel, sha in data.items()):
        return None
    templates = str(settings(root).get("templates", TEMPLATES_DIR))
    for id in ids:
        entry = manifest.packs.get(id)
        if entry is None:
            return None
        labels = _labels(entry)
        for label, sha in labels.items():
            if label.startswith(mf.TEMPLATE):  # an override added since is not yet recorded
                rel = f"{templates}/{label.removeprefix(mf.TEMPLATE)}"
                if rel not in labels and os.path.lexists(root / rel):
                    return None
            elif os.path.isabs(label):
                if outside.get(label) != _signature(Path(label)):
                    return None
            elif label not in data and _inside_digest(root, label) != sha:
                return None
        for f in entry.files.values():
            if not _intact(out, f, outputs.get(f.path)):
                return None
    for name, sha in manifest.register.items():  # the register too, as written
        path = out / name
        if output_signature(path) != outputs.get(name) and deps.digest_of(path) != sha:
            return None
    return [str(i) for i in ids]


def note(
    manifest: mf.Manifest,
    root: Path,
    key: str,
    ids: Sequence[str],
    data: Mapping[str, str],
    outputs: Mapping[str, str | None],
) -> None:
    """Note in ``manifest`` (before the build writes it) that the build ``key`` of ``ids``
    succeeded over ``data`` (the digests of the data files the workspace loader read),
    leaving ``outputs`` (file name -> `output_signature` when the build wrote or checked
    it)."""
    if not manifest.packs:
        return
    outside = {
        label: _signature(Path(label))
        for id in ids
        if id in manifest.packs
        for label in _labels(manifest.packs[id])
        if os.path.isabs(label)
    }
    manifest.last_build = {
        "key": key,
        "packs": list(ids),
        "data": dict(sorted(data.items())),
        "listing": _listing(root),
        "outside": dict(sorted(outside.items())),
        "outputs": {name: sig for name, sig in sorted(outputs.items()) if sig is not None},
    }
