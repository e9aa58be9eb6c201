"""The workspace watched: a counter that goes up at each saved change of its data,
templates, settings or images, and lets the open pages wait for the next one."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

WATCHED = ("data", "templates", "images", "sources", "briefgen.toml")
"""What a workspace's packs are made from, relative to its folder."""

DEBOUNCE_MS = 100
"""Changes closer together than this are one (an editor's save is several writes)."""


class Changes:
    """The workspace's generation: 0 at start, one more at each saved change."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.generation = 0
        self.last: list[str] = []  # the files of the last change, for the console
        self.stopping = threading.Event()

    def bump(self, paths: Iterable[str] = ()) -> None:
        with self._cond:
            self.generation += 1
            self.last = sorted(paths)
            self._cond.notify_all()

    def wait_past(self, generation: int, timeout: float) -> int:
        """The generation once it is past ``generation``, or after ``timeout`` seconds."""
        with self._cond:
            self._cond.wait_for(
                lambda: self.generation > generation or self.stopping.is_set(), timeout
            )
            return self.generation

    def stop(self) -> None:
        self.stopping.set()
        with self._cond:
            self._cond.notify_all()


def watched_paths(root: Path, extra: Iterable[Path] = ()) -> list[Path]:
    """The workspace's inputs that exist (watchfiles watches existing paths only)."""
    paths = [root / name for name in WATCHED] + list(extra)
    return [p for p in dict.fromkeys(paths) if p.exists()]


def watch(root: Path, changes: Changes, extra: Iterable[Path] = ()) -> threading.Thread:
    """Start a thread that bumps ``changes`` at each saved change under the workspace's
    inputs, until ``changes.stop()``."""
    import watchfiles

    paths = watched_paths(root, extra)

    def run() -> None:
        if not paths:
            return
        for batch in watchfiles.watch(
            *paths,
            debounce=DEBOUNCE_MS,
            step=20,
            stop_event=changes.stopping,
            yield_on_timeout=False,
            raise_interrupt=False,
        ):
            changes.bump(path for _, path in batch)

    thread = threading.Thread(target=run, name="briefgen-serve-watch", daemon=True)
    thread.start()
    return thread
