"""Reading YAML with line numbers and turning validation failures into :class:`Problem`s."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from briefgen.errors import Problem
from briefgen.model import check_xml_text

LineMap = Any  # the ruamel round-trip node tree, which remembers line numbers


def read_yaml(path: Path, rel: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML file; return its data (ruamel nodes keep lines) or the problems found."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(rel, None, "", f"cannot be read: {exc.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(rel, None, "", f"is not UTF-8 text (byte {exc.start})")]
    yaml = YAML(typ="rt")
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(rel, line, "", f"YAML syntax error: {what}")]
    except YAMLError as exc:
        return None, [Problem(rel, None, "", f"YAML error: {exc}")]
    if data is None:
        return None, [Problem(rel, None, "", "is empty")]
    if not isinstance(data, dict):
        return None, [Problem(rel, 1, "", "must be a mapping of field names to values")]
    problems = list(_check_strings(data, rel, ()))
    return data, problems


def _check_strings(node: Any, rel: str, loc: tuple[str | int, ...]) -> list[Problem]:
    """Find strings (keys and values) that XML cannot hold, before the model sees them."""
    out: list[Problem] = []
    if isinstance(node, str):
        try:
            check_xml_text(node)
        except ValueError as exc:
            out.append(Problem(rel, None, format_loc(loc), str(exc)))
    elif isinstance(node, dict):
        for key, value in node.items():
            out += _check_strings(key, rel, loc)
            out += _check_strings(value, rel, (*loc, str(key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _check_strings(value, rel, (*loc, i))
    return out


def line_of(data: Any, loc: Sequence[str | int]) -> int | None:
    """The 1-based line of the deepest node of ``loc`` that the YAML parser placed."""
    line: int | None = None
    node = data
    for part in loc:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(node, dict) and part in node:
                if lc is not None:
                    line = lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                if lc is not None:
                    line = lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        except (KeyError, IndexError, TypeError):
            break
    if line is None and getattr(data, "lc", None) is not None:
        line = None
    return line


def format_loc(loc: Sequence[str | int]) -> str:
    """``("agreements", 1, "date")`` -> ``"agreements[1].date"``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def problems_from_validation(
    exc: ValidationError, rel: str, data: Any, prefix: tuple[str | int, ...] = ()
) -> list[Problem]:
    """One :class:`Problem` per pydantic error, with file, line and field path."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not _is_union_tag(p))
        message = _message(err)
        full = (*prefix, *loc)
        problems.append(Problem(rel, line_of(data, loc), format_loc(full), message))
    return problems


def _is_union_tag(part: Any) -> bool:
    # pydantic adds the member model's name to the loc of union errors
    return isinstance(part, str) and part[:1].isupper()


def _message(err: Any) -> str:
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "is required"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    if kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{value!r} is not one of {expected}"
    if kind == "string_pattern_mismatch":
        return f"{value!r} does not match the pattern {err['ctx']['pattern']}"
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    if isinstance(value, (dict, list)):
        return str(err["msg"]).lower() if err["msg"] else kind
    return f"{shown}: {str(err['msg'])[0].lower() + str(err['msg'])[1:]}"
