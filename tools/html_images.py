"""Show the HTML edition of the Japan pack and the illustrative visit as a reader sees it:
in the browser (``docs/images/<id>-html-screen.png``, the top of the page) and printed
(``<id>-html-print.png``, its first pages as Chromium prints them to A4).  Needs Debian's
chromium and poppler-utils.

    python tools/html_images.py
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from page_images import OUT, ROOT, strip
from PIL import Image

import briefgen

PACKS = ("jp", "esa-illustrative")
CHROMIUM = (
    "/usr/bin/chromium",
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def chromium(work: Path, *args: str) -> None:
    profile = f"--user-data-dir={work / 'profile'}"
    subprocess.run([*CHROMIUM, profile, *args], check=True, capture_output=True, timeout=120)


def main() -> None:
    ws = briefgen.load_workspace(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for ident in PACKS:
            page = ws.pack(ident).write(work / f"{ident}.html")
            shot = work / f"{ident}.png"
            chromium(work, f"--screenshot={shot}", "--window-size=1000,1300", page.as_uri())
            with Image.open(shot) as image:
                image.convert("RGB").resize((700, 910)).save(
                    OUT / f"{ident}-html-screen.png", optimize=True
                )
            printed = work / f"{ident}-print.pdf"
            chromium(work, "--no-pdf-header-footer", f"--print-to-pdf={printed}", page.as_uri())
            strip(printed, OUT / f"{ident}-html-print.png", pages=3)
    print(f"wrote {len(PACKS) * 2} images to {OUT}")


if __name__ == "__main__":
    main()
