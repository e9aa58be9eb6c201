"""Jinja2 templates that produce Markdown, with data kept literal.

Every ``{{ value }}`` from data is replaced by an opaque *data token* (``\\x02N\\x03``)
rather than spliced into the Markdown: whatever the text holds (``*``, ``|``, ``#``, ``<``,
``&``, ``{{``, newlines), Markdown never parses it, and the tree builder puts the exact
text back.  The token characters are XML-illegal controls that the loader refuses in data,
so they cannot collide; a value holding bidi controls is isolated (`bidi.isolate`).
Template text, macro output and values passed through the ``markdown`` filter are trusted
Markdown (jinja2 ``Markup``).

Templates are searched in the workspace's template folder first, then in the shipped
defaults, file by file.  Jinja runs sandboxed with ``StrictUndefined``.
"""

from __future__ import annotations

import contextvars
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound, pass_context
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from markupsafe import Markup

from briefgen import deps
from briefgen.compose.bidi import isolate
from briefgen.compose.sandbox import Marked, Sandbox, count, limited, marking_of, plain, restrict
from briefgen.dates import FuzzyDate, SortKey, babel_date, format_day
from briefgen.errors import TemplateError
from briefgen.fileio import within
from briefgen.markings import Marking

TOKEN_RE = re.compile("\x02(\\d+)\x03")
_values: contextvars.ContextVar[list[str]] = contextvars.ContextVar("briefgen_data_values")
_marks: contextvars.ContextVar[list[Marking | None]] = contextvars.ContextVar("briefgen_data_marks")
_on_use: contextvars.ContextVar[Mapping[str, Callable[[], object]]] = contextvars.ContextVar(
    "briefgen_on_use", default=MappingProxyType({})
)


@dataclass(frozen=True)
class ReadOnUse:
    """A template context value read from a file that few templates print: ``note`` (which
    notes the file as read) runs only when a template looks the name up, so that packs
    whose templates never use it do not depend on that file."""

    value: Any
    note: Callable[[], object]


class _NotingContext(Context):
    """Jinja's context, running a `ReadOnUse` value's ``note`` when a template (or a partial
    it includes) looks its name up: a compiled template looks up only the names it uses."""

    def resolve_or_missing(self, key: str) -> Any:
        note = _on_use.get().get(key)
        if note is not None:
            note()
        return super().resolve_or_missing(key)


@lru_cache(maxsize=1)
def default_template_dir() -> Path:
    """The shipped templates: inside the wheel, or the repository's ``templates/`` (found
    once a process)."""
    packaged = Path(str(resources.files("briefgen").joinpath("templates")))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


def _token(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    values = _values.get()
    values.append(text := isolate(str(value)))
    _marks.get().append(marking_of(value))
    count(len(text))
    return Markup(f"\x02{len(values) - 1}\x03")


def _finalize(value: Any) -> Any:
    if value is None:
        raise TemplateError("a template printed None: guard optional fields with {% if %}")
    return _token(value)


# ------------------------------------------------------------------ filters


def sdate(value: FuzzyDate | date | None) -> str:
    """Style Manual date: "July 2020", "28 August 2019", "approximately 2031"."""
    if value is None:
        return ""
    if isinstance(value, FuzzyDate):
        return value.format()
    return format_day(value)


def weekday(value: date) -> str:
    """A day with its weekday: "Tuesday 1 December 2026"."""
    return babel_date(value, "EEEE d MMMM y", "en_AU")


# Filters that make data tokens take the render context (unused) so that Jinja never runs
# them once at compile time on constant arguments: a token belongs to one render's values.


def and_join(_ctx: Any, items: Iterable[Any], conjunction: str = "and") -> Any:
    """ "NASA, ESA and JAXA": each item stays data; the separators are Markdown."""
    parts = [_token(i) for i in items]
    if len(parts) <= 1:
        return Markup("").join(parts)
    return Markup(", ").join(parts[:-1]) + Markup(f" {conjunction} ") + parts[-1]


def join(_ctx: Any, items: Iterable[Any], sep: str = "") -> Any:
    """Jinja's ``join``, keeping each item as data."""
    return Markup(sep).join(_token(i) for i in items)


def in_date_order(items: Iterable[Any]) -> list[Any]:
    """Dated records (anything with a ``date``) oldest first; undated ones after, as given."""

    def key(item: Any) -> SortKey:
        when = getattr(item, "date", None)
        if isinstance(when, FuzzyDate):
            return when.sort_key()
        if isinstance(when, date):
            return FuzzyDate.parse(when).sort_key()
        return (2, 0, 0, 0, date.max)

    return sorted(items, key=key)


def without_date(value: Any, when: Any) -> str:
    """A sentence without a closing phrase that repeats its own date: beside "July 2020:",
    "Signed in July 2020." reads "Signed."; other sentences stay as they are."""
    text = str(value)
    if not isinstance(when, FuzzyDate) or not when.known:
        return _keep(value, text)
    phrase = re.escape(when.format())
    found = re.search(rf"\s+(?:in|from|on|during|by)\s+{phrase}(\.?)$", text)
    return _keep(value, text[: found.start()] + found.group(1) if found else text)


def _keep(value: Any, text: str) -> str:
    """``text`` made from ``value``, with the marking ``value`` carries."""
    found = marking_of(value)
    return text if found is None else Marked(text, found)


def upfirst(value: Any) -> str:
    """Capitalise the first letter only ("AI and cyber security" stays as it is)."""
    text = str(value)
    return _keep(value, text[:1].upper() + text[1:])


def marking(value: Marking | str) -> str:
    """A protective marking as printed: capitals."""
    return (value if isinstance(value, Marking) else Marking.parse(value)).banner()


def markdown(value: str) -> Any:
    """Trust ``value`` as Markdown (only for text that is meant to carry markup)."""
    return Markup(value)


def brief_text(_ctx: Any, value: Any, shift: int = 1) -> Any:
    """A contributed brief's text as Markdown: its structure kept, every piece of text a
    data token (with the brief's marking), its headings ``shift`` levels down."""
    from briefgen.compose.briefs import body_markdown

    def token(text: str) -> str:
        return str(_token(_keep(value, text)))

    return Markup(body_markdown(str(value), token, int(shift)))


def url(value: str) -> Any:
    """A link or image destination: percent-encoded so Markdown reads it as one destination."""
    from urllib.parse import quote

    return Markup(quote(str(value), safe="/:#?=&@+,;~%!$'*"))


def cite(record: Any) -> Any:
    """Footnote references to a fact's sources, e.g. ``[^asa-international]``."""
    return Markup("".join(f"[^{sid}]" for sid in getattr(record, "sources", ())))


# ------------------------------------------------------------------ environment


class _RecordingLoader(FileSystemLoader):
    """Jinja's file loader, reading every template afresh each render and noting its digest
    in the dependency record: an edited template is seen at once, even in a long-running
    process, and a pack's record names every template it used."""

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
        pieces = split_template_path(template)  # refuses ".." as Jinja does
        for base in self.searchpath:
            path = Path(base, *pieces)
            if not path.is_file():
                continue
            if _linked_below(base, pieces) and not within(Path(base), Path(*pieces)):
                raise TemplateError(f"{path}: a link to a file outside the template folders")
            data = deps.read_regular(path)  # read once: the text and its digest agree
            digest = deps.sha256(data)
            deps.note_template(template, digest)
            deps.note_file(path, digest)
            source, filename = data.decode(self.encoding), str(path)
            return source, filename, lambda: False  # never trust a cached copy
        raise TemplateNotFound(template)


def _linked_below(base: str, pieces: list[str]) -> bool:
    """Whether a folder or file on the way from ``base`` down ``pieces`` is a symbolic
    link.  Without one, the file cannot be outside ``base`` (the pieces hold no ``..``),
    so the costly resolving of both paths is needed only with one."""
    path = base
    for piece in pieces:
        path = os.path.join(path, piece)
        if os.path.islink(path):
            return True
    return False


class _CompiledByContent(BytecodeCache):
    """Compiled templates keyed by their source: an unchanged template is not compiled
    again, an edited one always is."""

    def __init__(self) -> None:
        self.code: dict[tuple[str, str], Any] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        bucket.code = self.code.get((bucket.key, bucket.checksum))

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[(bucket.key, bucket.checksum)] = bucket.code


@lru_cache(maxsize=8)
def _environment(search: tuple[str, ...]) -> Any:
    env = Sandbox(
        loader=_RecordingLoader(search),
        bytecode_cache=_CompiledByContent(),
        cache_size=0,
        undefined=StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    restrict(env)
    env.context_class = _NotingContext
    env.filters.update(
        sdate=sdate,
        weekday=weekday,
        upfirst=upfirst,
        without_date=without_date,
        in_date_order=in_date_order,
        and_join=pass_context(and_join),
        join=pass_context(join),
        marking=marking,
        markdown=markdown,
        cite=cite,
        url=url,
        brief_text=pass_context(brief_text),
    )

    @pass_context
    def h(ctx: Any, n: int) -> Any:
        """Heading marks for level ``n`` below the including template's ``base`` level."""
        level = int(ctx.get("base", 0)) + n
        if not 1 <= level <= 4:
            raise TemplateError(f"heading level {level} is outside 1-4")
        return Markup("#" * level)

    env.globals["h"] = h
    return env


def search_path(workspace_templates: Path | None) -> tuple[str, ...]:
    """The template folders, workspace first."""
    paths = []
    if workspace_templates is not None and workspace_templates.is_dir():
        paths.append(str(workspace_templates))
    paths.append(str(default_template_dir()))
    return tuple(paths)


class Rendered:
    """Markdown rendered from a template, with the data values its tokens stand for."""

    __slots__ = ("markdown", "values", "marks", "template", "search")

    def __init__(
        self,
        markdown: str,
        values: list[str],
        template: str,
        search: tuple[str, ...],
        marks: list[Marking | None] | None = None,
    ):
        self.markdown = markdown
        self.values = values
        self.marks: list[Marking | None] = marks if marks is not None else [None] * len(values)
        self.template = template
        self.search = search

    def resolve(self, text: str) -> str:
        """Replace the data tokens in ``text`` by the data they stand for."""
        if "\x02" not in text:  # most text: no token to replace
            return text
        return TOKEN_RE.sub(lambda m: self.values[int(m.group(1))], text)


def render_template(name: str, context: dict[str, Any], search: tuple[str, ...]) -> Rendered:
    """Render template ``name`` to Markdown; errors name the template file and line."""
    from jinja2 import TemplateError as JinjaError
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    env = _environment(search)
    values: list[str] = []
    marks: list[Marking | None] = []
    reset = _values.set(values)
    reset_marks = _marks.set(marks)
    reset_uses = _on_use.set({k: v.note for k, v in context.items() if isinstance(v, ReadOnUse)})
    try:
        template = env.get_template(name)
        memo: dict[int, Any] = {}
        data = {
            key: plain(value.value if isinstance(value, ReadOnUse) else value, memo)
            for key, value in context.items()
        }
        text = limited(template.generate(**data), len(context.get("partners") or ()))
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from None
    except (UndefinedError, SecurityError, JinjaError, TemplateError) as exc:
        where = _template_frame(exc)
        raise TemplateError(f"{where}: {exc}") from None
    except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as exc:
        where = _template_frame(exc)  # e.g. {{ 1 / 0 }}: the template's fault, not ours
        raise TemplateError(f"{where}: {type(exc).__name__}: {exc}") from None
    finally:
        _values.reset(reset)
        _marks.reset(reset_marks)
        _on_use.reset(reset_uses)
    return Rendered(text, values, name, search, marks)


def _template_frame(exc: BaseException) -> str:
    """The innermost template file and line in an exception's traceback."""
    tb = exc.__traceback__
    found = "template"
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(".j2") or "/templates/" in code.co_filename:
            found = f"{code.co_filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found


def template_problems(search: tuple[str, ...], root: Path | None = None) -> list[Any]:
    """A `Problem` for every template in ``search`` that does not
    compile (syntax), or that links out of its folder; for ``validate``.  Files inside
    ``root`` are named relative to it."""
    from jinja2 import TemplateSyntaxError

    from briefgen.errors import Problem

    env = _environment(search)
    problems: list[Problem] = []
    bases = [Path(b) for b in search]
    names = sorted({p.relative_to(b).as_posix() for b in bases for p in b.rglob("*.j2")})
    for name in names:
        try:
            env.get_template(name)
        except TemplateSyntaxError as exc:
            where = Path(exc.filename or name)
            if root is not None and where.is_relative_to(root.absolute()):
                where = where.relative_to(root.absolute())
            problems.append(Problem(where.as_posix(), exc.lineno, "", exc.message or ""))
        except TemplateError as exc:
            problems.append(Problem(name, None, "", str(exc)))
    return problems
