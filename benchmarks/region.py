"""One region pack of many partners, in Word and in PDF: does each writer stay linear?

    python benchmarks/region.py [--sizes 250,500,1000,2000] [--repeats 1]

For each size, a synthetic workspace with one region of that many partners (each partner
shaped like `synth.REGION_MEMBER`: about a page in the region view), the pack's tree made
once, then the Word and the PDF writer rendering it in turn, ``repeats`` times each.  CPU
time of this process (a shared machine's load moves wall time by much more).  Reported:
Word against PDF at each size (issue 23: within 2x at 2,000 partners) and each writer's
time at a size against the size before (near 2 for a doubling when linear).

A region this large writes more than the template sandbox allows a pack (2,000,000
characters in 10 s; `briefgen build` refuses it with a one-line error), so the limits are
lifted here while the tree is made: the writers are what is measured.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402

SIZES = (250, 500, 1000, 2000)


def cpu_seconds(run: Any) -> tuple[float, Any]:
    """CPU seconds ``run()`` took, and what it returned."""
    started = time.process_time()
    result = run()
    return time.process_time() - started, result


def measure(size: int, work: Path, repeats: int = 1) -> dict[str, Any]:
    """Tree, Word and PDF CPU seconds of one region pack of ``size`` partners."""
    import briefgen

    root = synth.generate(
        work / f"ws-region-{size}", size, regions=1, region_size=size, shape=synth.REGION_MEMBER
    )
    ws = briefgen.load_workspace(root)
    pack = ws.pack("region-1")
    tree_s, doc = cpu_seconds(lambda: pack.document)  # within the sandbox's scaled limits
    theme = pack.theme()
    runs: dict[str, list[float]] = {"docx": [], "pdf": []}
    pages = 0
    for _ in range(repeats):  # alternating, so that both meet the same load
        for fmt in ("docx", "pdf"):
            seconds, rendered = cpu_seconds(lambda fmt=fmt: pack.render(fmt, theme))
            runs[fmt].append(seconds)
            pages = rendered.pages or pages
    docx_s, pdf_s = (round(statistics.median(runs[k]), 3) for k in ("docx", "pdf"))
    return {
        "partners": size,
        "headings": sum(1 for _ in doc.iter_headings()),
        "footnotes": len(doc.footnotes),
        "pdf_pages": pages,
        "tree_s": round(tree_s, 3),
        "docx_s": docx_s,
        "pdf_s": pdf_s,
        "docx_runs": [round(r, 3) for r in runs["docx"]],
        "pdf_runs": [round(r, 3) for r in runs["pdf"]],
        "docx_vs_pdf": round(docx_s / pdf_s, 3) if pdf_s else None,
    }


def run(
    sizes: tuple[int, ...], work: Path, repeats: int = 1, log: Any = None
) -> list[dict[str, Any]]:
    """`measure` each size, with each writer's growth against the size before."""
    measure(10, work)  # warm up: imports, fonts, template compilation
    rows: list[dict[str, Any]] = []
    for size in sizes:
        row = measure(size, work, repeats)
        if rows:
            prev = rows[-1]
            for k in ("docx", "pdf"):
                row[f"{k}_growth"] = round(row[f"{k}_s"] / prev[f"{k}_s"], 3)
            row["size_growth"] = round(size / prev["partners"], 3)
        rows.append(row)
        if log is not None:
            log(f"  region of {size}: {row}")
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as a text table."""
    lines = [
        f"{'region pack':<22} {'pages':>6} {'tree s':>7} {'Word s':>7} {'PDF s':>7}"
        f" {'Word/PDF':>8} {'Word x':>7} {'PDF x':>7}"
    ]
    for r in rows:
        grow = (
            f"{r['docx_growth']:>6.2f}x {r['pdf_growth']:>6.2f}x"
            if "docx_growth" in r
            else f"{'':>7} {'':>7}"
        )
        lines.append(
            f"{r['partners']:>6,} partners{'':<7} {r['pdf_pages']:>6} {r['tree_s']:>7.2f}"
            f" {r['docx_s']:>7.2f} {r['pdf_s']:>7.2f} {r['docx_vs_pdf']:>7.2f}x {grow}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="write the rows as JSON here")
    args = parser.parse_args(argv)
    sizes = tuple(int(n) for n in args.sizes.split(","))
    with tempfile.TemporaryDirectory(prefix="briefgen-region-") as tmp:
        rows = run(sizes, Path(tmp), args.repeats, log=lambda m: print(m, file=sys.stderr))
    print(table(rows))
    if args.out is not None:
        args.out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
