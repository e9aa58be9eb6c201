"""The unchanged-rebuild shortcut: answer "nothing changed" without loading the workspace.

After a successful ``briefgen build``, the manifest records a fingerprint of every file the
build could have read (data, templates, settings, fonts and images under the workspace, the
shipped templates and briefgen's own files) and of the command's options.  The same command
over the same files then needs no YAML parsing and no model: it checks the fingerprint and
that every output is still there.  Only the standard library is imported here.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
RECORD = "last_build"

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _settings(root: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomllib.loads((root / "briefgen.toml").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data


def output_folder(root: Path, out: Path | None) -> Path:
    """The folder a build writes to: ``--out``, else ``output`` in briefgen.toml, else build/."""
    return out if out is not None else root / str(_settings(root).get("output", "build"))


def _files(folder: Path) -> Iterable[Path]:
    if folder.is_dir():
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                yield Path(dirpath) / name


def fingerprint(root: Path, key: str) -> str:
    """A digest of the options ``key`` and of every file a build of ``root`` may read."""
    package = Path(__file__).resolve().parent
    settings = _settings(root)
    h = hashlib.sha256(key.encode())
    folders = [root / "data", root / str(settings.get("templates", "templates"))]
    named: list[Path] = [root / "briefgen.toml"]
    theme = settings.get("theme", {}) if isinstance(settings.get("theme"), dict) else {}
    for font in theme.get("fonts", []) if isinstance(theme.get("fonts"), list) else []:
        if isinstance(font, dict):
            named += [root / str(v) for v in font.values() if isinstance(v, str)]
    named += [root / str(theme[k]) for k in ("logo", "reference_docx") if k in theme]
    for path in [*named, *(f for d in folders for f in _files(d))]:
        try:
            h.update(str(path).encode() + b"\0" + path.read_bytes())
        except OSError:
            h.update(str(path).encode() + b"\0missing")
    shipped = [package.parent.parent / "templates", package]  # a source checkout's templates
    for path in (f for d in shipped for f in _files(d)):
        if "__pycache__" not in path.parts:
            st = path.stat()
            h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def options_key(**options: Any) -> str:
    """The options of a build command, as a stable string."""
    return json.dumps(options, sort_keys=True, default=str)


def _manifest(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def unchanged(root: Path, out: Path, key: str) -> list[str] | None:
    """The pack ids of the last build when nothing it depends on has changed, else None."""
    data = _manifest(out)
    record = data.get(RECORD)
    packs = data.get("packs")
    if not isinstance(record, dict) or not isinstance(packs, dict):
        return None
    if record.get("key") != key or record.get("fingerprint") != fingerprint(root, key):
        return None
    ids = record.get("packs")
    if not isinstance(ids, list):
        return None
    for ident in ids:
        entry = packs.get(ident)
        if not isinstance(entry, dict):
            return None
        for info in entry.get("files", {}).values():
            try:
                if (out / info["path"]).stat().st_size != info["size"]:
                    return None
            except (OSError, KeyError, TypeError):
                return None
    return [str(i) for i in ids]


def record(root: Path, out: Path, key: str, ids: Sequence[str]) -> None:
    """Note in the manifest that the build ``key`` of ``ids`` succeeded over today's files."""
    from briefgen.fileio import atomic_write

    data = _manifest(out)
    if not data:
        return
    data[RECORD] = {"key": key, "fingerprint": fingerprint(root, key), "packs": list(ids)}
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    atomic_write(out / MANIFEST, text.encode("utf-8"))
