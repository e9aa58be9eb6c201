"""Reading ``briefgen.toml`` into its table: the one TOML parser of the settings, for the
settings model (`briefgen.data.config`) and the no-load shortcut, which must answer before
pydantic loads (only the standard library is imported here)."""

from __future__ import annotations

import re
import sys
from typing import Any

from briefgen.data.layout import CONFIG_FILE
from briefgen.errors import DataError, Problem

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def parse_settings(data: bytes) -> dict[str, Any]:
    """The table of briefgen.toml's bytes ``data``; raises `DataError` naming the line of
    text that is not valid TOML."""
    try:
        table: dict[str, Any] = tomllib.loads(data.decode("utf-8"))
    except RecursionError:
        raise DataError(
            [
                Problem(
                    CONFIG_FILE,
                    None,
                    "",
                    "is nested too deeply: settings nest a table or two at most",
                )
            ]
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        # tomllib puts the place in the text: "Invalid value (at line 3, column 9)"
        at = re.search(r" \(at line (\d+), column \d+\)$", str(exc))
        line = int(at.group(1)) if at else None
        what = str(exc)[: at.start()] if at else str(exc)
        raise DataError([Problem(CONFIG_FILE, line, "", f"not valid TOML: {what}")]) from None
    return table
