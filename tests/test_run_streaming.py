"""A build gives a pool of known size a few jobs per worker ahead and cuts the next as each
pack comes back: the main process never holds every job, nor every finished pack's files,
at once (issue 24, item 8: its memory at 1,000 packs)."""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Iterator
from pathlib import Path

from briefgen.build.run import Job, run
from briefgen.data.workspace import load_workspace

ROOT = Path(__file__).resolve().parents[1]


def test_a_pool_is_given_a_few_jobs_ahead_and_every_output_comes_back() -> None:
    ws = load_workspace(ROOT)
    cut: list[int] = []

    def jobs() -> Iterator[Job]:
        for i in range(30):
            cut.append(i)
            yield Job("nz", (), None, None, ws)

    with cf.ThreadPoolExecutor(2) as pool:
        outputs = iter(run(jobs(), 30, None, pool))
        first = next(outputs)
        assert len(cut) <= 9  # four a worker ahead (and the next), not all 30 before the first
        rest = list(outputs)
    assert len(cut) == 30
    assert [o.error for o in [first, *rest]] == [None] * 30
