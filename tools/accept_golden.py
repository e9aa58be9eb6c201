"""Accept the tree snapshots and golden writer files as briefgen makes them now.

Run ``python tools/accept_golden.py`` after a change that alters pack text, Word XML, PDF
drawing or HTML on purpose, then read ``git diff tests/`` to make sure every change is
intended. It builds every reference pack, renders the tree samples, rewrites
``tests/snapshots/*.tree``, ``tests/golden/docx/*.xml``, ``tests/golden/pdf/*.txt`` and
``tests/golden/html/*.html`` where they differ, and deletes the files there that nothing
produces any more. The tests never rewrite these files themselves.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))

import golden  # noqa: E402  (tests/golden.py: the tests and this command share it)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="briefgen-golden-") as tmp:
        built = Path(tmp)
        golden.build_reference(built)
        expected = golden.expected_files(built)
    done = golden.accept(expected, golden.FOLDERS)
    for line in done:
        print(line)
    unchanged = len(expected) - sum(not line.startswith("removed") for line in done)
    print(f"{len(done)} file(s) touched, {unchanged} unchanged; review them with `git diff tests/`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
