"""briefgen: typed partnership data to Word and PDF briefing packs.

The public API: `load_workspace`, `Workspace` (``.pack(id)``, ``.build(out)``),
`Pack`, `BuildReport`, and the errors `BriefgenError`, `DataError`, `TemplateError` and
`RenderError`.  Heavy modules load on first use, so ``import briefgen`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from briefgen.errors import BriefgenError, DataError, RenderError, TemplateError
from briefgen.version import __version__

__all__ = [
    "BriefgenError",
    "BuildReport",
    "DataError",
    "Pack",
    "RenderError",
    "TemplateError",
    "Workspace",
    "__version__",
    "load_workspace",
]

# the names that load on first use, and the module each comes from
_LAZY = {
    "BuildReport": "briefgen.build.report",
    "Pack": "briefgen.api",
    "Workspace": "briefgen.api",
    "load_workspace": "briefgen.api",
}

if TYPE_CHECKING:  # what mypy and editors see: the names themselves, so a typo is an error
    from briefgen.api import Pack, Workspace, load_workspace
    from briefgen.build.report import BuildReport
else:  # at run time the lazy names load on first use (PEP 562)

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'briefgen' has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value  # looked up once
        return value


def __dir__() -> list[str]:
    """The module's names, the lazy ones included (for ``dir()``, ``help()`` and completion)."""
    return sorted({*globals(), *__all__})
