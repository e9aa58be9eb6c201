"""The dependency record: every file a pack read while it was made, by content hash.

Whatever reads a file on a pack's behalf (the template loader, the image reader, the pack
noting the data files it used, the build noting what each writer read) tells the record
that is current in this context.  The build stores the record in the manifest; the
incremental check and the no-load shortcut compare only against it.  Only the standard
library is imported here.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

MISSING = "missing"
"""The digest recorded for a file that was looked for and not found."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Record:
    """What one pack read: files by absolute path, templates by name (the winning file's
    digest, so that an override added later is seen), each with its SHA-256."""

    files: dict[str, str] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)

    def merge(self, other: Record) -> None:
        self.files.update(other.files)
        self.templates.update(other.templates)


_current: contextvars.ContextVar[Record | None] = contextvars.ContextVar(
    "briefgen_record", default=None
)


@contextlib.contextmanager
def recording() -> Iterator[Record]:
    """Collect, into a new `Record`, every read noted while the block runs.  Records nest:
    what an inner block noted counts for the enclosing one too."""
    record = Record()
    outer = _current.get()
    token = _current.set(record)
    try:
        yield record
    finally:
        _current.reset(token)
        if outer is not None:
            outer.merge(record)


def note_file(path: str | Path, digest: str) -> None:
    """Note that the file ``path`` was read and had ``digest`` (`MISSING`: looked for and
    not found); a no-op outside a record."""
    record = _current.get()
    if record is not None:
        record.files[str(Path(path).absolute())] = digest


def noting() -> bool:
    """Whether a record is collecting reads now (to skip work that only notes)."""
    return _current.get() is not None


def note_template(name: str, digest: str) -> None:
    """Note that template ``name`` was loaded and its winning file had ``digest``."""
    record = _current.get()
    if record is not None:
        record.templates[name] = digest


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of ``path`` if it is a regular file (after symlinks), else `OSError`.

    FIFOs, sockets and devices are refused before they are opened, so reading never hangs
    or runs without end; ``limit`` refuses larger files.
    """
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise OSError(f"{path} is not a regular file")
    if limit is not None and st.st_size > limit:
        raise OSError(f"{path} is larger than {limit} bytes")
    with open(path, "rb") as fh:
        return fh.read()


def read(path: Path) -> bytes:
    """Read a regular file and note it in the current record."""
    data = read_regular(path)
    note_file(path, sha256(data))
    return data


@functools.cache
def code_fingerprint() -> str:
    """A digest of briefgen's own files (code, shipped fonts and resources) by name, size
    and modification time: a changed installation rebuilds every pack."""
    package = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(package):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            st = os.stat(os.path.join(dirpath, name))
            rel = os.path.relpath(os.path.join(dirpath, name), package)
            h.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def digest_of(path: Path) -> str:
    """The digest a record would hold for ``path`` now (`MISSING` if unreadable)."""
    try:
        return sha256(read_regular(path))
    except OSError:
        return MISSING
