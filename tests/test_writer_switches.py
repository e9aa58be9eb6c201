"""The writers' environment switches decide bytes, so they are part of a build's key: a
build after one changes renders the packs again instead of keeping them as unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

import briefgen
from briefgen.writers import LIBREOFFICE_SWITCH, RL_FAST_SWITCH, switches


@pytest.mark.parametrize("switch", [LIBREOFFICE_SWITCH, RL_FAST_SWITCH])
def test_changing_a_writer_switch_rebuilds(
    switch: str, mini_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(switch, raising=False)
    out = mini_copy / "out"
    ws = briefgen.load_workspace(mini_copy)
    assert len(ws.build(out, formats=["docx"], jobs=1, targets=["jp"]).built) == 1
    assert len(ws.build(out, formats=["docx"], jobs=1, targets=["jp"]).skipped) == 1
    monkeypatch.setenv(switch, "0")
    assert switches()[switch] == "0"
    assert len(ws.build(out, formats=["docx"], jobs=1, targets=["jp"]).built) == 1


def test_the_writers_read_the_switches_named_here() -> None:
    from briefgen.writers.docx.compat import libreoffice
    from briefgen.writers.pdf import rl

    assert (libreoffice.SWITCH, rl.SWITCH) == (LIBREOFFICE_SWITCH, RL_FAST_SWITCH)
