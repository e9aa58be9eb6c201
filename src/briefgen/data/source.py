"""Where the loader reads a workspace's files from: a folder, or a git revision of one.

The loader (`briefgen.data.workspace.load_workspace`) asks a `FileSource` for bytes and
listings by workspace-relative path, so the same loader reads the files in a folder and
the files of an earlier commit, without touching the work tree: a revision's files are read
through one ``git cat-file --batch`` process (one process per file cost 8 s at 1,000 partners).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

from briefgen.deps import read_regular
from briefgen.errors import BriefgenError
from briefgen.fileio import within


class FileSource(Protocol):
    """Workspace-relative files: their bytes, whether they exist, a folder's names."""

    def read(self, rel: str, limit: int | None = None) -> bytes:
        """The bytes of ``rel``; `OSError` when it cannot be read (or is too large)."""
        ...

    def is_file(self, rel: str) -> bool: ...

    def names(self, folder: str) -> list[str]:
        """The file names directly in ``folder`` (empty when there is no such folder)."""
        ...


@dataclass(frozen=True)
class Folder:
    """The files of a folder on disk; only regular files inside it are read."""

    root: Path

    def read(self, rel: str, limit: int | None = None) -> bytes:
        path = self.root / rel
        if not within(self.root, rel):
            raise OSError("is a link to a file outside the workspace")
        return read_regular(path, limit)

    def is_file(self, rel: str) -> bool:
        return (self.root / rel).is_file()

    def names(self, folder: str) -> list[str]:
        try:
            return sorted(os.listdir(self.root / folder))
        except OSError:
            return []


class RevisionError(BriefgenError):
    """A git revision that does not exist, or a folder that is not in a git repository."""


def _git(cwd: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RevisionError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(lines[-1] if lines else f"git {args[0]} failed")
    return done.stdout


class _Blobs:
    """One ``git cat-file --batch`` process of a repository, started on the first read and
    ended by `close` (or when its owner is collected): blobs by object name, in order."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._ender: weakref.finalize[[subprocess.Popen[bytes]], _Blobs] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        if self._proc is None:
            try:
                proc = subprocess.Popen(
                    ["git", "cat-file", "--batch"],
                    cwd=self.repo,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
            except OSError as exc:
                raise RevisionError(f"cannot run git: {exc}") from None
            self._proc = proc
            self._ender = weakref.finalize(self, _end, proc)
        return self._proc

    def read(self, name: str) -> bytes:
        """The bytes of blob ``name`` (an object id); `RevisionError` when git cannot give it."""
        with self._lock:
            proc = self._start()
            stdin, stdout = proc.stdin, proc.stdout
            assert stdin is not None and stdout is not None
            try:
                stdin.write(name.encode("ascii") + b"\n")
                stdin.flush()
                header = stdout.readline().split()
                if len(header) != 3 or header[1] != b"blob":
                    raise RevisionError(f"git has no blob {name} ({b' '.join(header).decode()})")
                data = _read_exactly(stdout, int(header[2]) + 1)  # and its newline
            except (OSError, ValueError) as exc:
                self._close()
                raise RevisionError(f"git cat-file stopped: {exc}") from None
            return data[:-1]

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._ender is not None:
            self._ender()
        self._proc = self._ender = None


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise OSError(f"git gave {len(data)} of {size} bytes")
    return data


def _end(proc: subprocess.Popen[bytes]) -> None:
    """Let a ``cat-file --batch`` process finish (its input closed), or end it."""
    for stream in (proc.stdin, proc.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):  # a pipe to a process that died
                stream.close()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@dataclass(frozen=True)
class GitRevision:
    """The files of a workspace folder as they were at commit ``commit`` of its repository
    (the workspace may be a subfolder of the repository).  Reads go through one git
    process, started on the first read; `close` ends it (a later read starts another)."""

    repo: Path
    prefix: str  # the workspace folder inside the repository, "" or "sub/dir/"
    commit: str
    _files: dict[str, tuple[str, int]] = field(default_factory=dict, compare=False, repr=False)
    _blobs: _Blobs | None = field(default=None, compare=False, repr=False)

    @classmethod
    def open(cls, workspace: Path, rev: str) -> GitRevision:
        """Revision ``rev`` (any name git understands: HEAD~1, a tag, a hash) of the
        repository holding ``workspace``; `RevisionError` when there is none."""
        if rev.startswith("-"):
            raise RevisionError(f"{rev!r} is not a git revision")
        try:
            top = _git(workspace, "rev-parse", "--show-toplevel").decode().strip()
            prefix = _git(workspace, "rev-parse", "--show-prefix").decode().strip()
        except RevisionError:
            raise RevisionError(f"{workspace} is not in a git repository") from None
        try:
            commit = _git(workspace, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
        except RevisionError:
            raise RevisionError(f"no git revision {rev!r} in {top}") from None
        source = cls(Path(top), prefix, commit.decode().strip(), {}, _Blobs(Path(top)))
        where = prefix or "."
        listing = _git(source.repo, "ls-tree", "-r", "-l", "-z", source.commit, "--", where)
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, _, path = entry.partition(b"\t")
            mode, kind, name, size = meta.split()
            if kind == b"blob" and mode != b"120000":  # links are not followed
                rel = path.decode("utf-8", "surrogateescape")[len(prefix) :]
                source._files[rel] = (name.decode("ascii"), int(size))
        return source

    def read(self, rel: str, limit: int | None = None) -> bytes:
        found = self._files.get(rel)
        if found is None:
            raise OSError(f"not a file at {self.commit[:12]}")
        name, size = found
        if limit is not None and size > limit:
            raise OSError(f"is larger than {limit} bytes")
        assert self._blobs is not None, "made by GitRevision.open"
        return self._blobs.read(name)

    def is_file(self, rel: str) -> bool:
        return rel in self._files

    def names(self, folder: str) -> list[str]:
        return _names_in(self._files, folder)

    def close(self) -> None:
        """End the git process reading the files (if one was started)."""
        if self._blobs is not None:
            self._blobs.close()

    def __enter__(self) -> GitRevision:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class Snapshot:
    """Files held in memory (an earlier build's data, as its manifest recorded them)."""

    files: dict[str, bytes]

    def read(self, rel: str, limit: int | None = None) -> bytes:
        data = self.files.get(rel)
        if data is None:
            raise OSError("is not in the recorded edition")
        if limit is not None and len(data) > limit:
            raise OSError(f"is larger than {limit} bytes")
        return data

    def is_file(self, rel: str) -> bool:
        return rel in self.files

    def names(self, folder: str) -> list[str]:
        return _names_in(self.files, folder)


def _names_in(paths: Iterable[str], folder: str) -> list[str]:
    """The names of the files directly in ``folder`` among workspace-relative ``paths``."""
    start = folder.rstrip("/") + "/"
    return sorted(
        rel[len(start) :] for rel in paths if rel.startswith(start) and "/" not in rel[len(start) :]
    )
