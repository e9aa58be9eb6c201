"""Render the pages of a few reference packs, as PDF and as LibreOffice shows the .docx, to
PNG strips in docs/images/ (``<id>-pdf-pages.png``, ``<id>-word-pages.png``; the README
shows the Japan pack's).  Needs poppler-utils and LibreOffice.

    python tools/page_images.py
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from PIL import Image

import briefgen

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "images"


def strip(pdf: Path, dest: Path, pages: int = 3, dpi: int = 60) -> None:
    """Pages 1..pages of ``pdf`` side by side on a grey ground, saved as ``dest``."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", str(pages), str(pdf), f"{tmp}/p"],
            check=True,
        )
        images = [Image.open(p) for p in sorted(Path(tmp).glob("p-*.png"))]
        gap = 16
        width = sum(i.width for i in images) + gap * (len(images) + 1)
        height = max(i.height for i in images) + 2 * gap
        sheet = Image.new("RGB", (width, height), (200, 200, 200))
        x = gap
        for image in images:
            sheet.paste(image, (x, gap))
            x += image.width + gap
        sheet.save(dest, optimize=True)


PACKS = ("jp", "indo-pacific", "esa-illustrative")  # a partner, a region, a draft visit


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    ws = briefgen.load_workspace(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docs = []
        for ident in PACKS:
            pack = ws.pack(ident)
            strip(pack.write(work / f"{ident}.pdf"), OUT / f"{ident}-pdf-pages.png", pages=4)
            docs.append(str(pack.write(work / f"{ident}.docx")))
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--norestore",
                "--infilter=MS Word 2007 XML",
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work / "lo"),
                *docs,
            ],
            check=True,
            capture_output=True,
        )
        for ident in PACKS:
            strip(work / "lo" / f"{ident}.pdf", OUT / f"{ident}-word-pages.png", pages=4)
    print(f"wrote {len(PACKS) * 2} page strips to {OUT}")


if __name__ == "__main__":
    main()
