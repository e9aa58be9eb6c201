"""The template sandbox: templates are untrusted (they arrive in pull requests CI builds).

They receive plain, read-only data, never model objects: `plain` turns records into
`Record` (fields and derived values, read by name, no methods), sequences into
`Seq` and choices into `Choice`; dates and markings stay value objects whose
methods a template cannot call.  `Sandbox` allows no method call at all, only
briefgen's filters and tests, and bounds each render in time and output.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import functools
import signal
import threading
import time
from collections.abc import Iterator, Mapping
from datetime import date
from datetime import time as clock
from enum import Enum
from pathlib import PurePath
from typing import Any

from jinja2.runtime import BlockReference, Macro
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment
from markupsafe import Markup
from pydantic import BaseModel

from briefgen.dates import FuzzyDate, Point
from briefgen.errors import TemplateError
from briefgen.markings import Marking, highest

MAX_SECONDS = 10.0
"""A render taking longer than this fails its pack (a loop without end)."""
MAX_OUTPUT = 2_000_000
"""A render producing more than this many characters (Markdown and data) fails its pack;
a real brief is some tens of thousands."""
PARTNERS_PER_ALLOWANCE = 100
"""Both limits hold for a pack of up to this many partners, and grow by one allowance for
each further this many (a 2,000-partner region gets 20 times each): a template's work is
bounded in proportion to its data, never without bound."""


def allowances(partners: int) -> int:
    """How many times the limits a pack of ``partners`` partners may use."""
    return 1 + max(0, partners - 1) // PARTNERS_PER_ALLOWANCE


SAFE_FILTERS = frozenset(
    {
        "batch",
        "capitalize",
        "count",
        "d",
        "default",
        "first",
        "float",
        "groupby",
        "int",
        "last",
        "length",
        "list",
        "lower",
        "map",
        "max",
        "min",
        "reject",
        "rejectattr",
        "reverse",
        "round",
        "select",
        "selectattr",
        "slice",
        "sort",
        "string",
        "sum",
        "title",
        "trim",
        "unique",
        "upper",
    }
)
"""Jinja's own filters a template may use besides briefgen's: none that turns data into
markup (``safe``, ``e``), reads attributes by name from a string (``attr``, ``format``) or
grows text without bound (``center``, ``indent``, ``wordwrap``)."""
SAFE_TESTS = frozenset(
    {
        "boolean",
        "defined",
        "divisibleby",
        "eq",
        "even",
        "false",
        "ge",
        "gt",
        "in",
        "iterable",
        "le",
        "lt",
        "mapping",
        "ne",
        "none",
        "number",
        "odd",
        "sameas",
        "sequence",
        "string",
        "true",
        "undefined",
    }
)

_VALUES = (date, clock, FuzzyDate, Point, Marking)  # value objects (datetime is a date)


class Record:
    """A record as a template sees it: its fields (and derived values such as
    ``display_name``) by name, ``record.field`` or ``record["field"]``; read-only."""

    __slots__ = ("_fields",)

    def __init__(self, fields: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_fields", dict(fields))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._fields[name]

    def __contains__(self, name: object) -> bool:
        return name in self._fields

    def __setattr__(self, name: str, value: Any) -> None:
        raise TypeError("template data is read-only")

    def __repr__(self) -> str:
        return f"Record({', '.join(self._fields)})"


class Choice(str):
    """One of a fixed set of words (an agreement's status, a partner's kind): a string,
    with ``.value`` as well for templates written against the enumerations."""

    __slots__ = ()

    @property
    def value(self) -> str:
        return str(self)


class Seq(tuple[Any, ...]):
    """A sequence of template data; iterating it counts against the render's time limit."""

    def __iter__(self) -> Iterator[Any]:
        for item in super().__iter__():
            _tick()
            yield item


class Marked(str):
    """Text drawn from a record, with the record's effective marking (its own, or that of
    the record holding it, whichever is higher): the data token it becomes carries it to
    the portion that prints it."""

    marking: Marking

    def __new__(cls, text: str, marking: Marking) -> Marked:
        made = super().__new__(cls, text)
        made.marking = marking
        return made


@dataclasses.dataclass(frozen=True, slots=True)
class Held:
    """A value of the template context held by a record marked ``marking`` (None: not
    marked): `plain` gives everything in it that marking at least."""

    value: Any
    marking: Marking | None


def raised(a: Marking | None, b: Marking | None) -> Marking | None:
    """The higher of two markings (either may be None: not marked)."""
    if a is None:
        return b
    if b is None:
        return a
    return highest((b,), a)


def marking_of(value: Any) -> Marking | None:
    """The marking a template value carries (None for text not drawn from a record)."""
    found = getattr(value, "marking", None) if isinstance(value, Marked) else None
    return found if isinstance(found, Marking) else None


_PLAIN = frozenset({str, int, float, bool, type(None), Markup, Choice, Record, Seq})
_AS_IS, _CHOICE, _TEXT, _FIELDS, _MAPPING, _ITEMS, _PATH, _REFUSED = range(8)


def plain(value: Any, memo: dict[Any, Any] | None = None, held: Marking | None = None) -> Any:
    """``value`` as plain read-only template data (see the module notes).  ``held``: the
    marking of the record holding ``value``; a record's text takes the higher of that and
    the record's own marking (`Marked`)."""
    cls: type = type(value)
    if cls is str:
        return value if held is None else Marked(value, held)
    if cls is Held:
        return plain(value.value, memo, raised(held, value.marking))
    if cls is Marked:
        return value if held is None else Marked(value, highest((value.marking,), held))
    if cls in _PLAIN:
        return value
    kind = _kind(cls)
    if kind == _AS_IS:
        return value
    if kind == _CHOICE:
        return Choice(value.value)
    if kind == _TEXT:  # a str subclass of somebody's: only its text
        return str(value) if held is None else Marked(str(value), held)
    memo = {} if memo is None else memo
    found = memo.get((id(value), held))
    if found is not None:
        return found[1]
    out: Any
    if kind == _FIELDS:
        own = getattr(value, "marking", None)
        inner = raised(held, own) if isinstance(own, Marking) else held
        out = Record({name: plain(getattr(value, name), memo, inner) for name in _names(cls)})
    elif kind == _MAPPING:
        out = Record({str(k): plain(v, memo, held) for k, v in value.items()})
    elif kind == _ITEMS:
        out = Seq(plain(v, memo, held) for v in value)
    elif kind == _PATH:
        out = str(value)
    else:
        raise TemplateError(f"no template may see a {cls.__name__}")  # a bug of ours
    memo[(id(value), held)] = (value, out)  # the original kept alive: its id is not reused
    return out


@functools.cache
def _kind(cls: type) -> int:
    """How `plain` turns a value of class ``cls`` into template data (worked out once a
    class): value objects stay, enumerations become `Choice`, strings `str`, models and
    dataclasses `Record` of their fields, mappings `Record`, collections `Seq`."""
    if issubclass(cls, Enum):
        return _CHOICE
    if cls in _PLAIN or issubclass(cls, _VALUES):
        return _AS_IS
    if issubclass(cls, str):
        return _TEXT
    if issubclass(cls, BaseModel) or (dataclasses.is_dataclass(cls) and not issubclass(cls, type)):
        return _FIELDS
    if issubclass(cls, Mapping):
        return _MAPPING
    if issubclass(cls, (list, tuple, set, frozenset)):
        return _ITEMS
    if issubclass(cls, PurePath):
        return _PATH
    return _REFUSED


@functools.cache
def _names(cls: type) -> tuple[str, ...]:
    """The names a template reads on a model or dataclass: its fields, then its public
    properties (derived values such as ``display_name``)."""
    if issubclass(cls, BaseModel):
        fields: tuple[str, ...] = tuple(cls.model_fields)
    else:
        fields = tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    derived = (
        name
        for name in dir(cls)
        if not name.startswith("_") and isinstance(getattr(cls, name, None), property)
    )
    return fields + tuple(name for name in derived if name not in fields)


# ---------------------------------------------------------------- limits

_deadline: contextvars.ContextVar[float] = contextvars.ContextVar(
    "briefgen_deadline", default=float("inf")
)
_written: contextvars.ContextVar[list[int]] = contextvars.ContextVar("briefgen_written")
_allowed: contextvars.ContextVar[int] = contextvars.ContextVar("briefgen_allowed", default=1)


class LimitError(TemplateError):
    """A render ran too long or wrote too much."""


def _too_long() -> LimitError:
    seconds = MAX_SECONDS * _allowed.get()
    return LimitError(f"the template took longer than {seconds:g} s (a loop without end?)")


def _tick() -> None:
    if time.monotonic() > _deadline.get():
        raise _too_long()


def count(size: int) -> None:
    """Count ``size`` characters against the render's output limit."""
    written = _written.get(None)
    if written is not None:
        written[0] += size
        if written[0] > MAX_OUTPUT * _allowed.get():
            limit = MAX_OUTPUT * _allowed.get()
            raise LimitError(f"the template wrote more than {limit:,} characters")


def limited(chunks: Iterator[str], partners: int = 1) -> str:
    """Join a template's output, failing past the time and size limits (scaled for a pack
    of ``partners`` partners, see `allowances`).  In the main thread an alarm also stops a
    loop that neither writes nor touches data."""
    scale = allowances(partners)
    allowed = _allowed.set(scale)
    token = _deadline.set(time.monotonic() + MAX_SECONDS * scale)
    written = _written.set([0])
    with _alarm(MAX_SECONDS * scale):
        try:
            return _join(chunks)
        finally:
            _deadline.reset(token)
            _written.reset(written)
            _allowed.reset(allowed)


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise _too_long()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds + 1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _join(chunks: Iterator[str]) -> str:
    """`count` and `_tick` for each chunk, with the limits `limited` set read once."""
    out: list[str] = []
    written = _written.get()  # `count` elsewhere (data tokens) adds to the same total
    most = MAX_OUTPUT * _allowed.get()
    deadline = _deadline.get()
    clock = time.monotonic
    for chunk in chunks:
        written[0] += len(chunk)
        if written[0] > most:
            raise LimitError(f"the template wrote more than {most:,} characters")
        if clock() > deadline:
            raise _too_long()
        out.append(chunk)
    return "".join(out)


def _range(*args: int) -> Iterator[int]:
    """``range`` for templates: as Jinja's sandbox bounds it, and counted against time."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise LimitError("a range in the template is too large")
    for n in numbers:
        _tick()
        yield n


# ---------------------------------------------------------------- the environment


class Sandbox(SandboxedEnvironment):
    """No method calls, no attribute a record does not hold, bounded arithmetic."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("_"):
            return False
        if callable(value):  # a method, a class, a function: never reachable from data
            return isinstance(value, (Macro, BlockReference))
        return True

    def is_safe_callable(self, obj: Any) -> bool:
        return isinstance(obj, (Macro, BlockReference)) or any(
            obj is g for g in self.globals.values()
        )

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _tick()
        if operator == "**":
            if isinstance(right, (int, float)) and abs(right) > 64:
                raise LimitError("a power in the template is too large")
            return left**right
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                sized = isinstance(seq, (str, tuple, list)) and isinstance(n, int)
                if sized and len(seq) * n > MAX_OUTPUT:
                    raise LimitError("a repetition in the template is too large")
            return left * right
        result = left + right
        if isinstance(result, (str, tuple, list)) and len(result) > MAX_OUTPUT:
            raise LimitError("a concatenation in the template is too large")
        return result


def restrict(env: Sandbox) -> None:
    """Keep only the allowed filters, tests and globals (briefgen's own are added after)."""
    env.filters = {k: v for k, v in env.filters.items() if k in SAFE_FILTERS}
    env.tests = {k: v for k, v in env.tests.items() if k in SAFE_TESTS}
    env.globals = {"range": _range, "namespace": env.globals["namespace"]}
