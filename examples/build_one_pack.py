"""Build one partner's pack from Python: the Japan brief of the reference workspace.

Usage:
    python examples/build_one_pack.py OUT_DIR [--workspace DIR] [--id ID]

Writes OUT_DIR/<id>.docx and OUT_DIR/<id>.pdf. The reference workspace is the repository
root (the folder holding data/); give --workspace for your own.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import briefgen

REFERENCE = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the files into")
    parser.add_argument("--workspace", type=Path, default=REFERENCE, help="workspace folder")
    parser.add_argument("--id", default="jp", help="partner, region or visit id (default: jp)")
    args = parser.parse_args(argv)

    try:
        ws = briefgen.load_workspace(args.workspace)
        pack = ws.pack(args.id)
        args.out.mkdir(parents=True, exist_ok=True)
        for suffix in (".docx", ".pdf"):
            path = pack.write(args.out / f"{args.id}{suffix}")
            print(f"wrote {path} ({pack.title}, {pack.marking.banner()})")
    except briefgen.DataError as exc:  # invalid data: every problem, with file and line
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    except briefgen.BriefgenError as exc:  # an unknown id, a broken template, ...
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
