"""The garbage collector's policy while a pack is made.

Making a pack's tree and files allocates tens of thousands of short-lived objects, some of
them in reference cycles (ReportLab's document and its objects, the PDF structure tree).
With the collector's default first threshold (700) they are walked by many young
collections, promoted while still alive, and then walked again by full collections of the
whole heap: 10-15 % of a pack's time in a process that holds a workspace.  `burst` raises
the first threshold while a pack is made and restores it after, so that what the pack
left behind is collected once, young, when it is done.  Nothing is disabled: a burst that
allocates more than the raised threshold still collects.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

BURST_THRESHOLD = 20_000
"""The collector's first threshold while a pack is made (Python's default is 700)."""

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def burst() -> Iterator[None]:
    """Raise the collector's first threshold for the duration (outermost call wins; a
    threshold of 0, the collector switched off, or one already higher is left alone)."""
    global _depth, _saved
    with _lock:
        _depth += 1
        if _depth == 1:
            current = gc.get_threshold()
            if 0 < current[0] < BURST_THRESHOLD:
                _saved = current
                gc.set_threshold(BURST_THRESHOLD, *current[1:])
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                _saved = None
