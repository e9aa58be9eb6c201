"""The command output the docs show is generated from the real commands and must not drift."""

from __future__ import annotations

from conftest import load_tool


def test_doc_samples_are_up_to_date() -> None:
    module = load_tool("gen_doc_samples")
    assert module.main(["--check"]) == 0, "run: python tools/gen_doc_samples.py"
