"""The collector's threshold is raised while a pack is made and always restored."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen import gcpolicy


@pytest.fixture(autouse=True)
def _thresholds() -> Iterator[None]:
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


def test_raised_inside_and_restored_after_even_on_error() -> None:
    gc.set_threshold(700, 10, 10)
    with gcpolicy.burst():
        assert gc.get_threshold() == (gcpolicy.BURST_THRESHOLD, 10, 10)
        with gcpolicy.burst():  # nested: the outermost restores
            pass
        assert gc.get_threshold()[0] == gcpolicy.BURST_THRESHOLD
    assert gc.get_threshold() == (700, 10, 10)
    with pytest.raises(RuntimeError), gcpolicy.burst():
        raise RuntimeError("boom")
    assert gc.get_threshold() == (700, 10, 10)


@pytest.mark.parametrize("first", [0, 100_000])
def test_a_switched_off_or_higher_threshold_is_left_alone(first: int) -> None:
    gc.set_threshold(first, 5, 5)
    with gcpolicy.burst():
        assert gc.get_threshold() == (first, 5, 5)
    assert gc.get_threshold() == (first, 5, 5)


def test_making_a_pack_leaves_the_threshold_as_it_found_it(ws_copy: Path) -> None:
    import briefgen

    gc.set_threshold(700, 10, 10)
    seen: list[int] = []
    gc.callbacks.append(lambda phase, info: seen.append(gc.get_threshold()[0]))
    try:
        ws = briefgen.load_workspace(ws_copy)
        pack = ws.pack(next(iter(ws.partners)))
        pack.render("pdf")
    finally:
        gc.callbacks.pop()
    assert gc.get_threshold() == (700, 10, 10)
    assert gcpolicy.BURST_THRESHOLD in seen  # collections ran with the raised threshold
