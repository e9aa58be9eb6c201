"""Where the loader reads a workspace's files from: a folder, or a git revision of one.

The loader (`briefgen.data.workspace.load_workspace`) asks a `FileSource` for bytes and
listings by workspace-relative path, so the same loader reads the files in a folder and
the files of an earlier commit (``git show REV:path``), without touching the work tree.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from briefgen.deps import read_regular
from briefgen.errors import BriefgenError


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
        if not path.resolve().is_relative_to(self.root.resolve()):
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


@dataclass(frozen=True)
class GitRevision:
    """The files of a workspace folder as they were at commit ``commit`` of its repository
    (the workspace may be a subfolder of the repository)."""

    repo: Path
    prefix: str  # the workspace folder inside the repository, "" or "sub/dir/"
    commit: str
    _files: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

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
        source = cls(Path(top), prefix, commit.decode().strip())
        where = prefix or "."
        listing = _git(source.repo, "ls-tree", "-r", "-l", "-z", source.commit, "--", where)
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, _, path = entry.partition(b"\t")
            mode, kind, _, size = meta.split()
            if kind == b"blob" and mode != b"120000":  # links are not followed
                rel = path.decode("utf-8", "surrogateescape")[len(prefix) :]
                source._files[rel] = int(size)
        return source

    def read(self, rel: str, limit: int | None = None) -> bytes:
        size = self._files.get(rel)
        if size is None:
            raise OSError(f"not a file at {self.commit[:12]}")
        if limit is not None and size > limit:
            raise OSError(f"is larger than {limit} bytes")
        return _git(self.repo, "cat-file", "blob", f"{self.commit}:{self.prefix}{rel}")

    def is_file(self, rel: str) -> bool:
        return rel in self._files

    def names(self, folder: str) -> list[str]:
        return _names_in(self._files, folder)


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
