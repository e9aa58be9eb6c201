"""Writing files so that a reader never sees a torn one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from briefgen.errors import BriefgenError


class OutputError(BriefgenError):
    """A file or folder briefgen was asked to write cannot be written."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_MODE = 0o666 & ~_umask()


def atomic_write(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (bytes, or pieces of them: a large file need not be held whole) to a
    temporary file beside ``path``, then rename it into place.

    Readers see the old file or the new one, never a torn one; an interruption (including
    KeyboardInterrupt) removes the temporary file.  A failure (a read-only folder, a full
    disk) is an `OutputError` naming the path.
    """
    try:
        _write(path, data)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None


def within(root: Path, rel: str | Path) -> bool:
    """Whether ``rel`` (a name relative to the workspace ``root``) names a file inside it,
    every link followed: the one test of "inside the workspace" for whatever briefgen reads
    (data, templates, images, theme files).  An absolute name never does.  A loop of links
    raises `OSError` or `RuntimeError`, as `Path.resolve` does."""
    if Path(rel).is_absolute():
        return False
    return (root / rel).resolve().is_relative_to(root.resolve())


def inside(root: Path, path: Path) -> Path:
    """The file that writing ``path`` (in the workspace ``root``) would really write: itself,
    or where a link leads when that is inside ``root``.  A link (of the file or of a folder
    above it) leading out of the workspace is an `OutputError`: briefgen never writes
    through it."""
    try:
        target, base = path.resolve(), root.resolve()
    except (OSError, RuntimeError) as exc:  # a loop of links
        raise OutputError(f"cannot write {path}: {exc}") from None
    if not target.is_relative_to(base):  # within(), with the target named in the message
        raise OutputError(
            f"{path} is a link leading outside the workspace (to {target}); briefgen writes "
            "only inside it: put the file itself there instead of the link"
        )
    return target


def prepare_output(folder: Path) -> None:
    """Make the output folder, or raise `OutputError` naming it."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"cannot write into {folder}: it is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = exc.strerror or exc
        raise OutputError(f"cannot make the output folder {folder}: {why}") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write into {folder}: permission denied")


def _write(path: Path, data: bytes | Iterable[bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _MODE)  # mkstemp makes 0600; give the file the usual permissions
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, bytes):
                fh.write(data)
            else:
                fh.writelines(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
