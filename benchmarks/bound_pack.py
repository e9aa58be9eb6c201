"""The bound pack's cost (issue 27 item 8): a visit with its partner's brief and two files
(a tagged PDF and a picture) bound in, against its parts built alone, in CPU time.

    python benchmarks/bound_pack.py [--rounds 5]

"Parts alone" renders, in both formats, the visit's brief (unbound), the partner's pack and
the picture's page; "bound" builds the partner's pack and the bound visit in one process,
as `briefgen build --jobs 1` does (the partner's pack is rendered once and bound in; the
PDF is merged, never rendered).  Fresh packs each round; prints the medians and the ratio
as JSON.  Never asserts a timing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def _workspace(tmp: Path) -> Path:
    ws = tmp / "ws"
    shutil.copytree(ROOT / "data", ws / "data")
    folder = ws / "attachments"
    folder.mkdir()
    import briefgen

    briefgen.load_workspace(ws).build(tmp / "nz", targets=("nz",), formats=("pdf",), jobs=1)
    shutil.copy(tmp / "nz" / "nz.pdf", folder / "letter.pdf")
    shutil.copy(ROOT / "tests" / "sample.png", folder / "map.png")
    visit = ws / "data" / "visits" / "esa-illustrative.yaml"
    visit.write_text(
        visit.read_text(encoding="utf-8") + "attachments:\n"
        "  - title: European Space Agency partner brief\n    partner: esa\n"
        "  - title: Letter\n    file: attachments/letter.pdf\n    marking: OFFICIAL\n"
        "  - title: Map\n    file: attachments/map.png\n    marking: OFFICIAL\n"
        "    alt: A map\n",
        encoding="utf-8",
    )
    return ws


def _alone(ws_root: Path) -> float:
    import briefgen
    from briefgen import tree as t
    from briefgen.build.render import render, render_document, theme_of
    from briefgen.compose.images import read_image

    ws = briefgen.load_workspace(ws_root)
    started = time.process_time()
    visit, partner = ws.pack("esa-illustrative"), ws.pack("esa")
    theme = theme_of(visit)
    figure = t.Figure(read_image(ws_root, "attachments/map.png"), "A map", "Map")
    page = t.Document(visit.document.meta, (figure,))
    for fmt in ("pdf", "docx"):
        render(visit, fmt, theme)
        render(partner, fmt, theme)
        render_document(visit, page, fmt, theme)
    return time.process_time() - started


def _bound(ws_root: Path) -> float:
    import briefgen
    from briefgen.build.bind import render_pack, sharing
    from briefgen.build.render import theme_of

    ws = briefgen.load_workspace(ws_root)
    started = time.process_time()
    with sharing():
        visit, partner = ws.pack("esa-illustrative"), ws.pack("esa")
        theme = theme_of(visit)
        for fmt in ("pdf", "docx"):
            render_pack(partner, fmt, theme)
            render_pack(visit, fmt, theme)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = _workspace(Path(tmp))
        _alone(ws), _bound(ws)  # warm: imports, fonts
        alone, bound = [], []
        for _ in range(args.rounds):
            alone.append(_alone(ws))
            bound.append(_bound(ws))
    a, b = statistics.median(alone), statistics.median(bound)
    print(
        json.dumps(
            {"alone_ms": round(a * 1000), "bound_ms": round(b * 1000), "ratio": round(b / a, 2)}
        )
    )


if __name__ == "__main__":
    main()
