"""Render pages 1-3 of the Japan pack, as PDF and as LibreOffice shows the .docx, to PNG
strips in docs/images/ (for the README and the docs).  Needs poppler-utils and LibreOffice.

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


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    pack = briefgen.load_workspace(ROOT).pack("jp")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pdf = pack.write(work / "jp.pdf")
        docx = pack.write(work / "jp.docx")
        strip(pdf, OUT / "jp-pdf-pages.png")
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
                str(docx),
            ],
            check=True,
            capture_output=True,
        )
        strip(work / "lo" / "jp.pdf", OUT / "jp-word-pages.png")
    print(f"wrote {OUT / 'jp-pdf-pages.png'} and {OUT / 'jp-word-pages.png'}")


if __name__ == "__main__":
    main()
