"""A country code that is no ISO 3166 code is a validation error, never a crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests.test_loading_errors import JP, assert_reported, edit, line_with, load_error


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("country: JP\nagencies", "country: JPX\nagencies", "country"),
        ("    country: JP\n", "    country: JPX\n", "agencies[0].country"),
    ],
)
def test_unknown_country_code_names_file_line_and_field(
    mini_copy: Path, old: str, new: str, path: str
) -> None:
    edit(mini_copy, JP, old, new)
    err = load_error(mini_copy)
    line = line_with(mini_copy, JP, "JPX")
    assert_reported(err, JP, line, path, "'JPX'", "two-letter ISO 3166 code", "e.g. JP")


@pytest.mark.parametrize("command", ["validate", "build"])
def test_unknown_country_code_is_exit_2_without_traceback(
    mini_copy: Path, tmp_path: Path, command: str
) -> None:
    edit(mini_copy, JP, "country: JP\nagencies", "country: JPX\nagencies")
    out = tmp_path / "out"
    extra = ["--out", str(out)] if command == "build" else []
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", command, "--workspace", str(mini_copy), *extra],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert f"{JP}:2: country: 'JPX' is not a country code" in done.stderr
    assert not out.exists() or not any(out.iterdir())
