"""cProfile of briefgen's hot paths on synthetic packs: the tree, each writer and a build.

    python benchmarks/profiles.py [--packs N] [--top K] [--save DIR]

Prints, for each path, the functions with the most own time and the most cumulative time.
``--save`` keeps the ``.prof`` files (for snakeviz or ``python -m pstats``).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402


def profile(name: str, run: Callable[[], object], top: int, save: Path | None) -> None:
    """Profile ``run`` once and print its top functions by own and by cumulative time."""
    prof = cProfile.Profile()
    prof.enable()
    run()
    prof.disable()
    if save is not None:
        prof.dump_stats(str(save / f"{name.replace(' ', '-')}.prof"))
    for order in ("tottime", "cumulative"):
        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(order)
        stats.print_stats(top)
        text = buf.getvalue()
        body = text[text.find("ncalls") :] if "ncalls" in text else text
        total = getattr(stats, "total_tt", 0.0)
        print(f"\n== {name}: by {order} (total {total * 1000:.0f} ms)\n{body.rstrip()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packs", type=int, default=5)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--save", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.save is not None:
        args.save.mkdir(parents=True, exist_ok=True)

    import briefgen

    with tempfile.TemporaryDirectory(prefix="briefgen-profile-") as tmp:
        root = synth.generate(Path(tmp) / "ws", args.packs)
        ws = briefgen.load_workspace(root)
        ids = list(ws.partners)
        packs = [ws.pack(i) for i in ids]
        docs = [p.document for p in packs]  # trees outside the writers' profiles
        assert len(docs) == len(packs)
        packs[0].render("docx")
        packs[0].render("pdf")
        theme = packs[0].theme()
        profile("tree", lambda: [ws.pack(i).document for i in ids], args.top, args.save)
        profile("docx", lambda: [p.render("docx", theme) for p in packs], args.top, args.save)
        profile("pdf", lambda: [p.render("pdf", theme) for p in packs], args.top, args.save)
        profile("load workspace", lambda: briefgen.load_workspace(root), args.top, args.save)
        out = Path(tmp) / "out"
        profile("build --jobs 1", lambda: ws.build(out, jobs=1, force=True), args.top, args.save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
