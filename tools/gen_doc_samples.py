"""Generate the command output shown in the docs (``docs/samples/``) from the real commands,
so the pages cannot drift from what briefgen prints.

    python tools/gen_doc_samples.py          # write docs/samples/
    python tools/gen_doc_samples.py --check  # exit 1 if a sample is out of date

Timings are written as 0.00s and dates fixed, so a sample changes only when the output does.
"""

from __future__ import annotations

import re
import sys
import tempfile
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from briefgen.cli import main as cli
from briefgen.data.skeleton import visit_skeleton
from briefgen.data.workspace import load_workspace

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "docs" / "samples"
DAY = date(2026, 11, 25)


def _steady(text: str) -> str:
    return re.sub(r"\b\d+\.\d\ds\b", "0.00s", text)


def samples() -> dict[str, str]:
    """File name under docs/samples/ -> its text."""
    with tempfile.TemporaryDirectory() as out:
        args = ["build", "-w", str(ROOT), "--out", out, "--force", "--jobs", "1"]
        built = CliRunner().invoke(cli, args)
    lines = built.output.splitlines()
    table = lines.index(next(ln for ln in lines if ln.startswith("briefgen build ->")))
    kept = [*lines[:3], "...", *lines[table : table + 6], "...", lines[-1]]
    build_ci = "\n".join(line.rstrip() for line in kept)
    return {
        "build-ci.txt": _steady(build_ci.replace(out, "build")) + "\n",
        "visit-skeleton.yaml": visit_skeleton(load_workspace(ROOT), "esa", DAY),
    }


def main(argv: list[str]) -> int:
    stale = []
    for name, text in samples().items():
        path = SAMPLES / name
        if "--check" in argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for name in stale:
        print(f"docs/samples/{name} is out of date: run python tools/gen_doc_samples.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
