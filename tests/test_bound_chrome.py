"""One page chrome (issue 27 item 8): the bound pack's header and footer are drawn by the
same code as an unbound pack's (`writers/pdf/layout.Chrome.head` / `foot`), so they sit
where an unbound page's do, as artifacts."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pikepdf

import briefgen
from briefgen.build.render import render, theme_of

ROOT = Path(__file__).resolve().parents[1]
MARKING = "OFFICIAL: Sensitive"


def _chrome_lines(data: bytes, page: int) -> list[tuple[str, float, float]]:
    """The text lines in the header and footer bands of ``page``: (text, x0, top)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        p = pdf.pages[page]
        lines = p.extract_text_lines()
        return [
            (line["text"], round(line["x0"], 1), round(line["top"], 1))
            for line in lines
            if line["top"] < 60 or line["bottom"] > p.height - 60
        ]


def test_bound_chrome_sits_where_an_unbound_pages_does(reference_packs: Path) -> None:
    ws = briefgen.load_workspace(ROOT)
    pack = ws.pack("esa-illustrative")
    alone = render(pack, "pdf", theme_of(pack)).data
    bound = (reference_packs / "esa-illustrative.pdf").read_bytes()
    mine, theirs = _chrome_lines(bound, 1), _chrome_lines(alone, 1)
    assert [t for t, _, _ in mine][0] == MARKING and [t for t, _, _ in mine][-1] == MARKING
    assert [(x, top) for _, x, top in mine] == [(x, top) for _, x, top in theirs]
    with pikepdf.open(io.BytesIO(alone)) as a, pikepdf.open(io.BytesIO(bound)) as b:
        counts = f"of {len(a.pages)}", f"of {len(b.pages)}"
    # page 2: the same words, numbered through the pack
    assert [t for t, _, _ in mine] == [t.replace(*counts) for t, _, _ in theirs]
    with pikepdf.open(io.BytesIO(bound)) as pdf:  # drawn as an artifact, read first
        ops = pikepdf.parse_content_stream(pdf.pages[1])
        first = next(op for op in ops if op.operator == pikepdf.Operator("BDC"))
        assert first.operands[0] == pikepdf.Name.Artifact
