"""Checks on built PDFs that more than one test file makes, read back with pikepdf (a tool
that did not write them)."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf


def change_bars(pdf_file: Path | bytes) -> int:
    """Vertical strokes drawn 1.5 pt wide inside artifacts (change bars, and any box rule
    drawn so), in a PDF file or its bytes."""
    source = io.BytesIO(pdf_file) if isinstance(pdf_file, bytes) else pdf_file
    count = 0
    with pikepdf.open(source) as pdf:
        for page in pdf.pages:
            ops = list(pikepdf.parse_content_stream(page))
            stack: list[str] = []
            width = 1.0
            for i, (operands, op) in enumerate(ops):
                name = str(op)
                if name in ("BMC", "BDC"):
                    stack.append(str(operands[0]))
                elif name == "EMC" and stack:
                    stack.pop()
                elif name == "w":
                    width = float(operands[0])
                elif name == "l" and "/Artifact" in stack[-1:] and width == 1.5:
                    before, prev = ops[i - 1]
                    if str(prev) == "m" and float(before[0]) == float(operands[0]):
                        count += 1
    return count
