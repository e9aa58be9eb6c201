"""An exclusive lock on an output folder, so that two builds into it take turns."""

from __future__ import annotations

import os
from pathlib import Path


class FolderLock:
    """Held while a build reads and writes ``out``; closing the descriptor releases it."""

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
            os.close(self.fd)
