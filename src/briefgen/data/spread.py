"""Parsing a large data folder in worker processes while this one goes on.

A folder's files are cut into chunks, each handed to an executor's workers; the results
come back in file order, so the loader merges problems and digests exactly as a serial
load would.  A chunk no worker has taken yet when its turn comes is parsed here instead
(idle workers still warming up never hold the load back), and a chunk whose worker
failed (a broken pool) is parsed here again.
"""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

CHUNK = 16
"""Files per task: large enough to spread the cost of a round trip over many files."""
FROM = 4 * CHUNK
"""Folders with fewer files are parsed here: a worker's start-up would cost more."""


def in_order(
    executor: cf.Executor, fn: Callable[[Sequence[T]], list[R]], items: Sequence[T]
) -> Iterator[R]:
    """``fn`` of each chunk of ``items``, run in ``executor`` and here, results in order.
    The chunks are submitted at once: the caller can do other work before reading."""
    chunks = [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
    futures = [executor.submit(fn, chunk) for chunk in chunks]
    return _results(futures, chunks, fn)


def _results(
    futures: list[cf.Future[list[R]]],
    chunks: list[Sequence[T]],
    fn: Callable[[Sequence[T]], list[R]],
) -> Iterator[R]:
    waiting = list(zip(futures, chunks, strict=True))
    waiting.reverse()  # popped from the end: a chunk's results are dropped once read
    try:
        while waiting:
            future, chunk = waiting.pop()
            if future.cancel():  # still waiting for a worker: parse it here
                yield from fn(chunk)
                continue
            try:
                results = future.result()
            except Exception:  # the worker died, or could not take the task
                results = fn(chunk)
            yield from results
    finally:
        for future, _ in waiting:
            future.cancel()
