"""Reading YAML with line numbers and turning validation failures into `Problem`s."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from briefgen.data.layout import MAX_DATA_FILE
from briefgen.data.model import check_xml_text
from briefgen.deps import read_regular, sha256
from briefgen.errors import Problem
from briefgen.fileio import within

if TYPE_CHECKING:
    from briefgen.data.source import FileSource


def read_yaml(
    path: Path,
    rel: str,
    *,
    fast: bool = False,
    root: Path | None = None,
    digests: dict[str, str] | None = None,
    source: FileSource | None = None,
) -> tuple[Any, list[Problem]]:
    """Parse one YAML file; return its data or the problems found.

    With ``fast``, a clean file is parsed by ruamel's C-based safe loader (plain dicts,
    about 7x faster; the same YAML 1.2 rules) and anything it cannot read cleanly goes the
    round-trip way, whose nodes keep the line numbers that error messages need.
    `lines_of` re-reads a file the round-trip way when a later check needs its lines.
    Only a regular file (inside ``root``, when given) is read; ``digests[rel]`` receives
    the SHA-256 of its bytes.  With ``source``, the bytes of ``rel`` come from it instead
    (a git revision, say).
    """
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    if source is None and root is not None and not within(root, rel):
        return None, [Problem(rel, None, "", "is a link to a file outside the workspace")]
    try:
        if source is None:
            raw = read_regular(path, MAX_DATA_FILE)
        else:
            raw = source.read(rel, MAX_DATA_FILE)
    except OSError as exc:
        return None, [Problem(rel, None, "", f"cannot be read: {exc.strerror or exc}")]
    if digests is not None:
        digests[rel] = sha256(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = raw.count(b"\n", 0, exc.start) + 1
        return None, [Problem(rel, bad_line, "", f"is not UTF-8 text (byte {exc.start})")]
    deep = _nesting_problem(text, rel)
    if deep is not None:
        return None, [deep]
    if fast:
        data = _fast_load(text)
        shape = _shape_problem(data, rel) if isinstance(data, dict) and data else None
        if shape is not None:
            return None, [shape]
        if isinstance(data, dict) and data and not _check_strings(data, rel, (), None):
            return data, []
    yaml = _yaml()
    try:
        data = yaml.load(text)
    except RecursionError:  # the C and Python parsers disagreed on where the text breaks
        return None, [Problem(rel, None, "", _TOO_DEEP)]
    except DuplicateKeyError as exc:
        found = _duplicate_keys(text, rel)
        if found:
            return None, found
        mark = exc.problem_mark
        return None, [Problem(rel, mark.line + 1 if mark else None, "", f"{exc.problem}")]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(rel, line, "", f"YAML syntax error: {what}")]
    except ReaderError as exc:
        # YAML itself refuses most control characters: name the line (the parser gives none)
        if isinstance(exc.character, int):
            at = text.find(chr(exc.character))
            line = text.count("\n", 0, at) + 1 if at >= 0 else None
            return None, [
                Problem(
                    rel,
                    line,
                    "",
                    f"contains the control character U+{exc.character:04X}, "
                    "which YAML does not allow",
                )
            ]
        return None, [Problem(rel, None, "", f"YAML error: {exc.reason}")]
    except YAMLError as exc:
        return None, [Problem(rel, None, "", f"YAML error: {exc}")]
    if data is None:
        return None, [Problem(rel, None, "", "is empty")]
    if not isinstance(data, dict):
        return None, [Problem(rel, 1, "", "must be a mapping of field names to values")]
    shape = _shape_problem(data, rel)
    if shape is not None:
        return None, [shape]
    problems = list(_check_strings(data, rel, (), data))
    return data, problems


MAX_VALUES = 200_000
"""A data file whose values, with YAML aliases expanded, number more than this is refused
(a 'billion laughs' file would otherwise take minutes or all the memory)."""
_TOO_MANY = (
    f"holds more than {MAX_VALUES:,} values once its YAML aliases (*name) are expanded; "
    "write the values out or split the file"
)


MAX_DEPTH = 64
"""A data file nested deeper than this is refused (the model needs a handful of levels; the
parsers would fail with a RecursionError, or crash, thousands of levels down)."""
_TOO_DEEP = (
    f"is nested more than {MAX_DEPTH} levels deep; a data file's lists and fields nest a few "
    "levels at most: check the indentation and the brackets"
)


_SAFE_BOUND = 2000
"""Text whose nesting cannot reach this many levels is composed without a scan first (the
loaders handle it: ruamel's C composer crashes the process only some 30,000 levels down)."""


def _nesting_problem(text: str, rel: str) -> Problem | None:
    """The text's nesting checked from the parser's events before anything is composed, a
    `Problem` at the line where it passes `MAX_DEPTH`, for text that might nest deeper than
    `_SAFE_BOUND`; text the parser cannot read is left to the loader to report."""
    # a block collection nests in its parent by indentation or on its line ("- - x"), so
    # a line's length bounds its block depth; a flow collection needs a bracket of its own
    bound = text.count("[") + text.count("{") + max(map(len, text.split("\n"))) + 1
    if bound < _SAFE_BOUND:
        return None  # `_shape_problem` measures the loaded data exactly
    from ruamel.yaml import YAML
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

    depth = 0
    try:
        for event in YAML(typ="safe", pure=False).parse(text):
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return Problem(rel, mark.line + 1 if mark else None, "", _TOO_DEEP)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except Exception:  # a syntax error: the loader reports it with its line
        return None
    return None


def _shape_problem(data: Any, rel: str) -> Problem | None:
    """A `Problem` when the loaded data, its YAML aliases expanded, holds more than
    `MAX_VALUES` values, nests deeper than `MAX_DEPTH` or holds itself."""
    try:
        size, depth = _shape(data)
    except ValueError:
        return Problem(rel, None, "", "holds itself (a YAML alias inside its own anchor)")
    if depth > MAX_DEPTH:
        return Problem(rel, None, "", _TOO_DEEP)
    if size > MAX_VALUES:
        return Problem(rel, None, "", _TOO_MANY)
    return None


def _shape(root: Any) -> tuple[int, int]:
    """How many values ``root`` holds with every alias expanded, and how deep it nests,
    found without expanding (each shared mapping or list is measured once) and without
    recursion; a ValueError for data that holds itself."""
    sizes: dict[int, tuple[int, int]] = {}
    open_: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if not isinstance(node, (dict, list)):
            continue
        key = id(node)
        children = list(node.values() if isinstance(node, dict) else node)
        if done:
            size, depth = 1, 1
            for child in children:
                if isinstance(child, (dict, list)):
                    child_size, child_depth = sizes[id(child)]
                    size += child_size
                    depth = max(depth, child_depth + 1)
                else:
                    size += 1
            sizes[key] = (size, depth)
            open_.discard(key)
        elif key not in sizes:
            if key in open_:
                raise ValueError("data that holds itself")
            open_.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in children)
    return sizes.get(id(root), (1, 0))


def _fast_load(text: str) -> Any:
    """The data of a YAML text by the C-based safe loader, or None when it cannot read it
    cleanly (bad syntax, duplicate keys, impossible dates): the careful path says why."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=False)
    yaml.Resolver = _resolver()
    try:
        return yaml.load(text)
    except Exception:  # any fault: the round-trip loader reports it with its line
        return None


@cache
def _resolver() -> Any:
    """ruamel's resolver, its table of implicit tags looked up once per document instead
    of for every scalar (the YAML version, which selects the table, is known before the
    first scalar and does not change within a document): a fifth of the fast load."""
    from ruamel.yaml.resolver import VersionedResolver

    class Resolver(VersionedResolver):
        @property
        def versioned_resolver(self) -> Any:
            table = self.__dict__.get("_table")
            if table is None:
                table = self.__dict__["_table"] = VersionedResolver.versioned_resolver.fget(self)  # type: ignore[attr-defined]
            return table

    return Resolver


class LineMaps(dict[str, Any]):
    """Workspace-relative file -> round-trip YAML data (which knows its lines), read again
    from ``root`` the first time a check needs the lines of a file read the fast way."""

    def __init__(self, root: Path, source: FileSource | None = None) -> None:
        super().__init__()
        self.root = root
        self.source = source

    def __missing__(self, rel: str) -> Any:
        data, _ = read_yaml(self.root / rel, rel, source=self.source)
        self[rel] = data
        return data

    def get(self, rel: str, default: Any = None) -> Any:
        there = (self.root / rel).is_file() if self.source is None else self.source.is_file(rel)
        return self[rel] if there else default


def _yaml() -> Any:
    """A round-trip loader whose impossible timestamps (``2019-02-30``) stay text, so the
    model reports them with their file, line and field path instead of the parser crashing."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.Constructor = _constructor()
    return yaml


@cache
def _constructor() -> Any:
    from ruamel.yaml.constructor import RoundTripConstructor

    class Constructor(RoundTripConstructor):
        def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
            try:
                return super().construct_yaml_timestamp(node, values)
            except ValueError:
                return str(node.value)

    Constructor.add_constructor("tag:yaml.org,2002:timestamp", Constructor.construct_yaml_timestamp)
    return Constructor


def _duplicate_keys(text: str, rel: str) -> list[Problem]:
    """Every repeated mapping key, with its line and field path (the parser names only one)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    out: list[Problem] = []
    seen_nodes: set[int] = set()

    def walk(node: Any, loc: tuple[str | int, ...]) -> None:
        if id(node) in seen_nodes:
            return
        seen_nodes.add(id(node))
        if isinstance(node, MappingNode):
            first: dict[str, int] = {}
            for key_node, value in node.value:
                key = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
                line = key_node.start_mark.line + 1
                if key in first and key != "<<":
                    out.append(
                        Problem(
                            rel,
                            line,
                            format_loc((*loc, key)),
                            f"duplicate key {key!r} (first given on line {first[key]})",
                        )
                    )
                first.setdefault(key, line)
                walk(value, (*loc, key))
        elif isinstance(node, SequenceNode):
            for i, value in enumerate(node.value):
                walk(value, (*loc, i))

    try:
        walk(YAML(typ="rt").compose(text), ())
    except YAMLError:
        return []
    return out


def _check_strings(
    node: Any, rel: str, loc: tuple[str | int, ...], root: Any = None
) -> list[Problem]:
    """Find strings (keys and values) that XML cannot hold, before the model sees them."""
    out: list[Problem] = []
    if isinstance(node, str):
        try:
            check_xml_text(node)
        except ValueError as exc:
            out.append(Problem(rel, line_of(root, loc), format_loc(loc), str(exc)))
    elif isinstance(node, dict):
        for key, value in node.items():
            here = (*loc, key if isinstance(key, str) else str(key))
            if isinstance(key, str):
                try:
                    check_xml_text(key)
                except ValueError as exc:
                    # the path stops before the key: the key itself cannot be printed safely
                    where = line_of(root, here)
                    out.append(Problem(rel, where, format_loc(loc), f"a field name {exc}"))
                    continue
            out += _check_strings(value, rel, here, root)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _check_strings(value, rel, (*loc, i), root)
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
    """One `Problem` per pydantic error, with file, line and field path."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not _is_union_tag(p))
        message = _message(err)
        inner = _INNER_PATH.match(message) if err["type"] == "value_error" else None
        if inner:  # a model check that names the field it is about: "program[2].date: ..."
            loc += _parse_loc(inner.group(1))
            message = inner.group(2)
        full = (*prefix, *loc)
        problem = Problem(rel, line_of(data, loc), format_loc(full), message)
        if problem not in problems:  # union members can report the same fault twice
            problems.append(problem)
    return problems


_INNER_PATH = re.compile(r"^([a-z_]+(?:\[\d+\])*(?:\.[a-z_]+(?:\[\d+\])*)*): (.*)$", re.S)


def _parse_loc(path: str) -> tuple[str | int, ...]:
    """``"program[2].date"`` -> ``("program", 2, "date")``."""
    out: list[str | int] = []
    for part in path.split("."):
        name, *indexes = part.replace("]", "").split("[")
        out.append(name)
        out.extend(int(i) for i in indexes)
    return tuple(out)


def _is_union_tag(part: Any) -> bool:
    # pydantic adds the member model's name to the loc of union errors; a field name in the
    # data ("Name", a typo) is not one, so only the names of models count
    from pydantic import BaseModel

    from briefgen.data import model

    named = getattr(model, part, None) if isinstance(part, str) else None
    return isinstance(named, type) and issubclass(named, BaseModel)


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
