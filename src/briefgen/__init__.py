"""briefgen: typed partnership data to Word and PDF briefing packs.

The public API: `load_workspace`, `Workspace` (``.pack(id)``, ``.build(out)``),
`Pack`, and the errors `BriefgenError` and `DataError`.
Heavy modules load on first use, so ``import briefgen`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from briefgen.errors import BriefgenError, DataError, RenderError, TemplateError
from briefgen.version import __version__

__all__ = [
    "BriefgenError",
    "DataError",
    "RenderError",
    "TemplateError",
    "Workspace",
    "Pack",
    "BuildReport",
    "load_workspace",
    "__version__",
]

if TYPE_CHECKING:
    from briefgen.api import Pack, Workspace, load_workspace
    from briefgen.build.report import BuildReport

_LAZY = {
    "Workspace": "briefgen.api",
    "load_workspace": "briefgen.api",
    "Pack": "briefgen.api",
    "BuildReport": "briefgen.build.report",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'briefgen' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
