"""Helpers shared by the PDF tests."""

from __future__ import annotations

import shutil

import pytest


def tool(name: str) -> str:
    """The path of command-line tool ``name``; skips the test when it is not installed."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path
