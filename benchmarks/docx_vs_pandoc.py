"""Pack -> .docx against pandoc's Markdown -> .docx on the same synthetic packs, in CPU time.

    python benchmarks/docx_vs_pandoc.py [--packs 6] [--rounds 5]

`run.py` times both routes in wall time, one after the other: on a shared machine the load
moves between the two measures and with it the ratio (0.23x-0.39x on one day).  Here the
routes alternate pack by pack and each is charged the CPU time it used (briefgen's process
time; pandoc's from the children's resource usage), which the machine's load moves far
less.  briefgen's tree (a fresh `Pack` of each partner: template, Markdown, transforms) is
timed the same way, just before its pack's .docx, so that pack -> .docx is tree + writer.
Prints the medians over the rounds of each route's CPU ms a pack and their ratios as JSON.
Never asserts a timing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packs", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    exe = shutil.which("pandoc")
    if exe is None:
        print("pandoc is not installed")
        return 0
    import briefgen

    with tempfile.TemporaryDirectory(prefix="briefgen-docx-pandoc-") as tmp:
        root = synth.generate(Path(tmp) / "ws", args.packs)
        ws = briefgen.load_workspace(root)
        packs = [ws.pack(i) for i in ws.partners]
        theme = packs[0].theme()
        sources = []
        for p in packs:
            md = Path(tmp) / f"{p.id}.md"
            md.write_text(p.markdown, encoding="utf-8")
            sources.append(md)
        resources = f"--resource-path={tmp}{os.pathsep}{root}"

        def pandoc(md: Path) -> None:
            out = str(md.with_suffix(".docx"))
            cmd = [exe, "-f", "markdown", "-t", "docx", resources, "-o", out, str(md)]
            subprocess.run(cmd, check=True, capture_output=True)

        for p, md in zip(packs, sources, strict=True):  # warm up: imports, caches
            p.render("docx", theme)
            pandoc(md)
        ours: list[float] = []
        theirs: list[float] = []
        trees: list[float] = []
        for _ in range(args.rounds):
            spent = [0.0, 0.0, 0.0]
            for p, md in zip(packs, sources, strict=True):
                started = time.process_time()
                ws.pack(p.id).document  # noqa: B018 - a fresh Pack: its tree is the measure
                spent[2] += time.process_time() - started
                started = time.process_time()
                p.render("docx", theme)
                spent[0] += time.process_time() - started
                started = _children_cpu()
                pandoc(md)
                spent[1] += _children_cpu() - started
            ours.append(spent[0] * 1000 / len(packs))
            theirs.append(spent[1] * 1000 / len(packs))
            trees.append(spent[2] * 1000 / len(packs))
    ms, pandoc_ms = statistics.median(ours), statistics.median(theirs)
    tree_ms = statistics.median(trees)
    version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout
    result = {
        "packs": args.packs,
        "rounds": args.rounds,
        "briefgen docx cpu ms": round(ms, 2),
        "pandoc md->docx cpu ms": round(pandoc_ms, 2),
        "ratio": round(ms / pandoc_ms, 3),
        "briefgen tree cpu ms": round(tree_ms, 2),
        "tree + docx ratio": round((tree_ms + ms) / pandoc_ms, 3),
        "tree runs": [round(v, 2) for v in trees],
        "briefgen runs": [round(v, 2) for v in ours],
        "pandoc runs": [round(v, 2) for v in theirs],
        "pandoc": version.splitlines()[0],
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
