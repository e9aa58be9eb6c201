"""The collector's threshold is raised while a pack is made and always restored."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen import gcpolicy


@pytest.fixture(autouse=True)
def _thresholds() -> Iterator[None]:
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


def test_raised_inside_and_restored_after_even_on_error() -> None:
    gc.set_threshold(700, 10, 10)
    with gcpolicy.burst():
        assert gc.get_threshold() == (gcpolicy.BURST_THRESHOLD, 10, 10)
        with gcpolicy.burst():  # nested: the outermost restores
            pass
        assert gc.get_threshold()[0] == gcpolicy.BURST_THRESHOLD
    assert gc.get_threshold() == (700, 10, 10)
    with pytest.raises(RuntimeError), gcpolicy.burst():
        raise RuntimeError("boom")
    assert gc.get_threshold() == (700, 10, 10)


@pytest.mark.parametrize("first", [0, 100_000])
def test_a_switched_off_or_higher_threshold_is_left_alone(first: int) -> None:
    gc.set_threshold(first, 5, 5)
    with gcpolicy.burst():
        assert gc.get_threshold() == (first, 5, 5)
    assert gc.get_threshold() == (first, 5, 5)


def test_making_a_pack_leaves_the_threshold_as_it_found_it(
    ws_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefgen
    from briefgen.build import render as render_module

    gc.set_threshold(700, 10, 10)
    seen: list[int] = []
    writer = render_module.get_writer

    def recording(fmt: str) -> object:
        write = writer(fmt)

        def wrapped(doc: object, theme: object) -> object:
            seen.append(gc.get_threshold()[0])
            return write(doc, theme)

        return wrapped

    monkeypatch.setattr(render_module, "get_writer", recording)
    ws = briefgen.load_workspace(ws_copy)
    ws.pack(next(iter(ws.partners))).render("pdf")
    assert seen == [gcpolicy.BURST_THRESHOLD]  # raised while the file was made
    assert gc.get_threshold() == (700, 10, 10)


def test_a_written_pdf_leaves_its_canvas_and_document_to_reference_counting(
    ws_copy: Path,
) -> None:
    """No canvas, PDF document, text object or structure element waits in a cycle for
    the collector."""
    import briefgen

    ws = briefgen.load_workspace(ws_copy)
    pack = ws.pack(next(iter(ws.partners)))
    assert pack.document.blocks  # the tree made first: only the render is watched
    gc.collect()
    gc.disable()
    try:
        pack.render("pdf")
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        kinds = {type(o).__name__ for o in gc.garbage}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert not kinds & {"PDFDocument", "BriefCanvas", "PDFTextObject", "PDFPage", "StructElem"}
