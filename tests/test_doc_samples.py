"""The command output the docs show is generated from the real commands and must not drift."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_doc_samples_are_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location(
        "gen_doc_samples", ROOT / "tools" / "gen_doc_samples.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0, "run: python tools/gen_doc_samples.py"
