"""Reading YAML with line numbers and turning validation failures into `Problem`s."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from pydantic import BaseModel, ValidationError

from briefgen.data import model as models
from briefgen.data.advice import (
    ENTRY_KINDS,
    date_advice,
    did_you_mean,
    quoted,
    syntax_advice,
    time_advice,
)
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
        advice = syntax_advice(text, line, what)
        if advice is not None:
            return None, [Problem(rel, *advice)]
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
    """One `Problem` per pydantic error, with file, line and field path; where an entry may
    be one of several kinds, only the errors of the kind it most resembles."""
    problems = []
    root = _model_named(exc.title)
    for err in _best_members(exc.errors(include_url=False), data):
        loc = tuple(p for p in err["loc"] if not is_union_tag(p))
        message = _message(err)
        inner = _INNER_PATH.match(message) if err["type"] == "value_error" else None
        if inner:  # a model check that names the field it is about: "program[2].date: ..."
            loc += _parse_loc(inner.group(1))
            message = inner.group(2)
        else:
            advised = _advice(err, root, loc, data)
            if advised is not None:
                loc, message = advised
        full = (*prefix, *loc)
        problem = Problem(rel, line_of(data, loc), format_loc(full), message)
        if problem not in problems:  # union members can report the same fault twice
            problems.append(problem)
    return problems


def _best_members(errors: list[Any], data: Any) -> list[Any]:
    """The errors of a union (a delegate by id, or written out) kept for the member whose
    fields the entry uses most (then the one with fewest errors): the others' complaints
    would blame fields that are right for the kind the officer meant."""
    groups: dict[tuple[Any, ...], dict[str, list[Any]]] = {}
    for err in errors:
        at = next((i for i, p in enumerate(err["loc"]) if is_union_tag(p)), None)
        if at is not None:
            members = groups.setdefault(tuple(err["loc"][:at]), {})
            members.setdefault(err["loc"][at], []).append(err)
    dropped: set[int] = set()
    for where, members in groups.items():
        if len(members) < 2:
            continue
        entry = value_at(data, [p for p in where if not is_union_tag(p)])
        keys = set(entry) if isinstance(entry, dict) else set()
        fit = {
            name: (len(keys & set(getattr(_model_named(name), "model_fields", ()))), -len(found))
            for name, found in members.items()
        }
        best = max(members, key=fit.__getitem__)
        for name, found in members.items():
            if name != best:
                dropped.update(id(err) for err in found)
    return [err for err in errors if id(err) not in dropped]


def value_at(data: Any, loc: Sequence[str | int]) -> Any:
    """The value at field path ``loc`` of loaded YAML data, or None."""
    node = data
    for part in loc:
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_list or (isinstance(node, dict) and part in node)):
            return None
        node = node[part]
    return node


def _model_named(name: Any) -> type[BaseModel] | None:
    """The model class called ``name`` (pydantic names a union's members so), or None."""
    found = getattr(models, name, None) if isinstance(name, str) else None
    return found if isinstance(found, type) and issubclass(found, BaseModel) else None


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The model classes an annotation can hold (through Optional, tuples, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        out += [m for m in _models_in(arg) if m not in out]
    return out


def _parent_model(
    root: type[BaseModel] | None, raw_loc: Sequence[Any]
) -> tuple[type[BaseModel] | None, bool]:
    """The model that holds the last field of ``raw_loc``, and whether it was one member
    of a union (an entry that may be of several kinds)."""
    candidates = [root] if root is not None else []
    chosen = False
    for part in raw_loc[:-1]:
        if isinstance(part, int):
            continue
        tagged = _model_named(part) if is_union_tag(part) else None
        if tagged is not None:
            candidates, chosen = [tagged], True
            continue
        if len(candidates) != 1:
            return None, False
        field = candidates[0].model_fields.get(part)
        if field is None:
            return None, False
        candidates, chosen = _models_in(field.annotation), False
    return (candidates[0], chosen) if len(candidates) == 1 else (None, False)


def _field_list(cls: type[BaseModel], near: str, most: int = 6) -> str:
    """The fields of ``cls``, the required ones first, then those like ``near``:
    ``"name, role, organisation, ..."``."""
    fields = cls.model_fields
    names = [n for n, f in fields.items() if f.is_required()]
    names += difflib.get_close_matches(near, [n for n in fields if n not in names], n=1)
    names += [n for n in fields if n not in names]
    return ", ".join(names[:most]) + (", ..." if len(names) > most else "")


_TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"


def _advice(
    err: Any, root: type[BaseModel] | None, loc: tuple[str | int, ...], data: Any
) -> tuple[tuple[str | int, ...], str] | None:
    """``(field path, message)`` saying what to type instead, for the mistakes officers
    commonly make (a misspelt field, a comma in braces, a date or time in another form)."""
    kind = err["type"]
    value = err.get("input")
    field = loc[-1] if loc and isinstance(loc[-1], str) else ""
    photo = _portrait_advice(err, root, loc, data)
    if photo is not None:
        return photo
    if kind == "extra_forbidden" and field:
        comma = _comma_in_braces(data, loc)
        if comma is not None:
            return comma
        parent, chosen = _parent_model(root, err["loc"])
        if parent is None:
            return None
        hint = did_you_mean(field, parent.model_fields)
        if chosen:
            what = ENTRY_KINDS.get(parent.__name__, parent.__name__.lower())
            return (
                loc,
                f"unknown field: a {what} written here takes {_field_list(parent, field)}{hint}",
            )
        return loc, f"unknown field{hint}"
    shown = repr(value) if isinstance(value, (str, int)) else "this value"
    if kind.startswith("date_") and field:
        return loc, f"{shown} is not a date: {date_advice(field, value)}"
    if kind == "value_error" and field and str(err["msg"]).endswith("is not a date"):
        return loc, f"{shown} is not a date: {date_advice(field, value, fuzzy=True)}"
    is_time = kind == "string_pattern_mismatch" and err["ctx"]["pattern"] == _TIME_PATTERN
    parent, _ = _parent_model(root, err["loc"])
    if is_time or (
        field in ("start", "end") and parent is not None and parent.__name__ == "ProgramItem"
    ):
        return loc, f"{shown} is not a time: {time_advice(field, value)}"
    return None


_PHOTO_FIELDS = frozenset({"caption", "sources", "source", "credit", "licence", "license"})
_PHOTO_NAMES = frozenset({"photograph", "image", "images", "picture", "portrait", "photos"})


def _portrait_advice(
    err: Any, root: type[BaseModel] | None, loc: tuple[str | int, ...], data: Any
) -> tuple[tuple[str | int, ...], str] | None:
    """One message for a photograph written on an inline delegate as a partner's person
    takes it (a caption, sources), or under another name, or None."""
    kind, field = err["type"], loc[-1] if loc and isinstance(loc[-1], str) else ""
    parent, _ = _parent_model(root, err["loc"])
    name = parent.__name__ if parent is not None else ""
    partners = data.get("partners") if isinstance(data, dict) else None
    pid = partners[0] if isinstance(partners, list) and partners else "ID"
    person = (
        f"a photograph with a caption and sources needs a person in data/partners/{pid}.yaml "
        f"(name them here with partner: {pid} and person: ID)"
    )
    example = "photo: {path: images/jane-citizen.jpg, alt: Portrait of Jane Citizen}"
    misplaced = (kind == "extra_forbidden" and field in _PHOTO_FIELDS) or (
        kind == "missing" and field == "alt"
    )
    if name == "Portrait" and len(loc) >= 2 and loc[-2] == "photo" and misplaced:
        return loc[:-1], f"{person}; a delegate written here takes {example}"
    if name == "VisitPerson" and kind == "extra_forbidden" and field in _PHOTO_NAMES:
        return loc, f"unknown field: a delegate's photograph is {example}; {person}"
    return None


def _comma_in_braces(
    data: Any, loc: tuple[str | int, ...]
) -> tuple[tuple[str | int, ...], str] | None:
    """A field that is the tail of a value split by a comma inside ``{ }`` (``position:
    Director, International Engagement`` reads as two fields), with advice, or None."""
    parent = value_at(data, loc[:-1])
    fa = getattr(parent, "fa", None)
    if not isinstance(parent, dict) or fa is None or not fa.flow_style():
        return None
    keys = list(parent)
    at = keys.index(loc[-1]) if loc[-1] in keys else -1
    if at <= 0 or parent[keys[at]] is not None:
        return None
    first = at
    while first > 0 and parent[keys[first - 1]] is None:
        first -= 1
    last = at
    while last + 1 < len(keys) and parent[keys[last + 1]] is None:
        last += 1
    if first == 0:
        return None
    name = keys[first - 1]
    whole = ", ".join([str(parent[name]), *map(str, keys[first : last + 1])])
    where = loc[-2] if len(loc) > 1 and isinstance(loc[-2], str) else "the mapping"
    return (*loc[:-1], name), (
        f"a comma inside {{ }} ends a value, so {whole!r} was read as more than one field: "
        f"put the value in quotes, e.g. {name}: {quoted(whole)}, or write {where} in block "
        "style, one field per line, where commas are safe"
    )


_INNER_PATH = re.compile(r"^([a-z_]+(?:\[\d+\])*(?:\.[a-z_]+(?:\[\d+\])*)*): (.*)$", re.S)


def _parse_loc(path: str) -> tuple[str | int, ...]:
    """``"program[2].date"`` -> ``("program", 2, "date")``."""
    out: list[str | int] = []
    for part in path.split("."):
        name, *indexes = part.replace("]", "").split("[")
        out.append(name)
        out.extend(int(i) for i in indexes)
    return tuple(out)


def is_union_tag(part: Any) -> bool:
    # pydantic adds the member model's name to the loc of union errors; a field name in the
    # data ("Name", a typo) is not one, so only the names of models count
    return _model_named(part) is not None


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
