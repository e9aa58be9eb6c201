"""How long ``--since REF`` takes to read a git revision of a synthetic workspace.

    python benchmarks/since_git.py [--partners N] [--runs R]

Makes a synthetic workspace (benchmarks/synth.py), commits it in a temporary git repository
and times, at HEAD: reading every file of the revision one ``git`` process per file (how
briefgen read a revision before issue 24), reading them through `GitRevision` (one
``git cat-file --batch`` process), and loading the whole edition (`git_edition`).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from briefgen.data.edition import git_edition
from briefgen.data.source import GitRevision

sys.path.insert(0, str(Path(__file__).parent))
import synth  # noqa: E402


def _git(repo: Path, *args: str) -> bytes:
    cmd = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", *args]
    return subprocess.run(cmd, cwd=repo, check=True, capture_output=True).stdout


def _median(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        synth.main([str(root), "--partners", str(args.partners)])
        _git(root, "init", "-q")
        _git(root, "add", "-A")
        _git(root, "commit", "-qm", "synthetic workspace")
        with GitRevision.open(root, "HEAD") as revision:
            files = sorted(revision._files)
            commit = revision.commit

            def one_process_each() -> None:
                for rel in files:
                    _git(root, "cat-file", "blob", f"{commit}:{rel}")

            def batch() -> None:
                for rel in files:
                    revision.read(rel)

            each = _median(args.runs, one_process_each)
            batched = _median(args.runs, batch)
        edition = _median(args.runs, lambda: git_edition(root, "HEAD"))
    print(f"{len(files)} files of {args.partners} partners, median of {args.runs} runs:")
    print(f"  one git process per file  {each:7.2f} s")
    print(f"  one git cat-file --batch  {batched:7.2f} s")
    print(f"  git_edition (read + load) {edition:7.2f} s")


if __name__ == "__main__":
    main()
