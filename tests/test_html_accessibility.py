"""WCAG 2.2 AA in a real browser (issue 29): axe-core run in headless Chromium over every
reference pack's HTML edition and the tree samples (every node kind, tracked changes
included) finds no violation; the keyboard reaches the skip link first and it leads into
the main content.  Skipped only where Chromium is not installed (tools/test.sh installs
it, and axe-core with tools/fetch_axe.sh)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import briefgen
from briefgen import tree as t
from briefgen.theme import Theme
from briefgen.writers import get_writer
from browser import Browser, axe_source, chromium
from treesamples import SAMPLES

ROOT = Path(__file__).resolve().parents[1]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
"""The rules run: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices."""

RUN = (
    "axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations']})"
    ".then(r => r.violations.map(v => ({id: v.id, help: v.help,"
    " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    path = chromium()
    if path is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; tools/test.sh does)")
    if not axe_source().is_file():
        pytest.fail(f"axe-core is missing at {axe_source()}: run `bash tools/fetch_axe.sh`")
    b = Browser(path)
    try:
        yield b
    finally:
        b.close()


def violations(browser: Browser, page: Path) -> list[dict[str, object]]:
    browser.open(page.as_uri())
    browser.evaluate(axe_source().read_text(encoding="utf-8"))
    found: list[dict[str, object]] = browser.evaluate(RUN % json.dumps(AXE_TAGS))
    return found


def test_every_reference_pack_passes_axe(browser: Browser, reference_packs: Path) -> None:
    idents = [ident for _, ident, _ in briefgen.load_workspace(ROOT).targets()]
    found = {ident: violations(browser, reference_packs / f"{ident}.html") for ident in idents}
    assert len(found) == 18
    bad = {ident: v for ident, v in found.items() if v}
    assert not bad, json.dumps(bad, indent=1)


def test_tree_samples_with_tracked_changes_pass_axe(browser: Browser, tmp_path: Path) -> None:
    """Every node kind, and insertions and deletions (their colours against the page)."""
    docs = {name: make() for name, make in SAMPLES.items()}
    base = docs["full"]
    revised = t.Paragraph(
        (t.Text("Signed "), t.Deleted((t.Text("2019"),)), t.Inserted((t.Text("2020"),)))
    )
    docs["revised"] = replace(
        base,
        blocks=(*base.blocks[:3], revised, *base.blocks[3:]),
        meta=replace(base.meta, revision=t.Revision("briefgen", date(2026, 11, 25))),
    )
    bad = {}
    for name, doc in docs.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(get_writer("html")(doc, Theme()).data)
        found = violations(browser, path)
        if found:
            bad[name] = found
    assert not bad, json.dumps(bad, indent=1)


def test_the_keyboard_reaches_the_skip_link_first(browser: Browser, reference_packs: Path) -> None:
    browser.open((reference_packs / "jp.html").as_uri())
    key = {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9}
    for kind in ("keyDown", "keyUp"):
        browser.call("Input.dispatchKeyEvent", {"type": kind, **key}, session=True)
    assert browser.evaluate("document.activeElement.textContent") == "Skip to main content"
    assert browser.evaluate("getComputedStyle(document.activeElement).left") != "-999em"
    enter = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"}
    browser.call("Input.dispatchKeyEvent", {"type": "keyDown", **enter}, session=True)
    browser.call("Input.dispatchKeyEvent", {"type": "keyUp", **enter}, session=True)
    assert browser.wait_for("document.activeElement.id === 'bg-main'", 5)
