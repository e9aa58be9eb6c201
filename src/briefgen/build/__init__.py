"""Stage 4: many packs -> files (plan, run, dependency check, manifest, lock, shortcut).

Names load on first use, so that the no-load shortcut imports only the standard library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefgen.build.batch import build
    from briefgen.build.options import BuildOptions
    from briefgen.build.plan import select
    from briefgen.build.report import BuildReport, FileResult, PackResult
    from briefgen.build.shard import parse_shard, shard_of

_LAZY = {
    "build": "briefgen.build.batch",
    "BuildOptions": "briefgen.build.options",
    "parse_shard": "briefgen.build.shard",
    "select": "briefgen.build.plan",
    "shard_of": "briefgen.build.shard",
    "BuildReport": "briefgen.build.report",
    "FileResult": "briefgen.build.report",
    "PackResult": "briefgen.build.report",
}

__all__ = [
    "BuildOptions",
    "BuildReport",
    "FileResult",
    "PackResult",
    "build",
    "parse_shard",
    "select",
    "shard_of",
]


if not TYPE_CHECKING:  # mypy sees the imports above, so a misspelt name is an error

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'briefgen.build' has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
