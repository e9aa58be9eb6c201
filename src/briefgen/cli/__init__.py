"""The ``briefgen`` command.  Imports stay inside commands so ``--version`` starts fast.

Exit codes: 0 success; 1 a pack failed to render; 2 bad usage or invalid data.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from briefgen.version import __version__

F = TypeVar("F", bound=Callable[..., Any])

workspace_option = click.option(
    "--workspace",
    "-w",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Workspace folder (holds data/ and briefgen.toml).",
)


class MarkingType(click.ParamType):  # type: ignore[type-arg]
    """A protective marking on the command line, e.g. OFFICIAL or 'OFFICIAL: Sensitive'."""

    name = "LEVEL"

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        from briefgen.markings import Marking

        try:
            return Marking.parse(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def _err(message: str) -> None:
    click.echo(message, err=True)


def reports_errors(fn: F) -> F:
    """Turn briefgen's errors into messages and exit codes; never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from briefgen.errors import BriefgenError, DataError

        try:
            return fn(*args, **kwargs)
        except DataError as exc:
            _err(f"error: {len(exc.problems)} problem(s) in the workspace data:")
            for problem in exc.problems:
                _err(f"  {problem}")
            sys.exit(2)
        except BriefgenError as exc:
            _err(f"error: {exc}")
            sys.exit(2)
        except (KeyboardInterrupt, SystemExit, click.exceptions.Exit, click.ClickException):
            raise
        except Exception as exc:  # a bug in briefgen: say so plainly, no traceback
            import os

            if os.environ.get("BRIEFGEN_DEBUG"):
                raise
            _err(f"internal error: {type(exc).__name__}: {exc}")
            _err("this is a bug in briefgen: rerun with BRIEFGEN_DEBUG=1 and report the output")
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
def main() -> None:
    """Turn a typed partnership dataset into Word and PDF briefing packs."""


@main.command()
@workspace_option
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Date to judge source ages against (default: today).",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 2).")
@reports_errors
def validate(workspace: Path, today: Any, strict: bool) -> None:
    """Check every data file; list every problem (exit 2) or report the workspace clean."""
    from briefgen.compose.jinja import search_path, template_problems
    from briefgen.data.workspace import load_workspace
    from briefgen.errors import DataError

    ws = load_workspace(workspace)
    broken = template_problems(search_path(workspace / ws.config.templates), workspace)
    if broken:
        raise DataError(broken)
    stale = _warn_stale(ws, today.date() if today else date.today())
    counts = f"{len(ws.partners)} partners, {len(ws.regions)} regions, {len(ws.visits)} visits"
    if strict and stale:
        _err(f"error: {len(stale)} warning(s) with --strict")
        sys.exit(2)
    click.echo(f"ok: {counts}, {len(ws.sources)} sources")


def _warn_stale(ws: Any, day: date) -> list[Any]:
    """Warn about each source read longer ago than the review period; return them."""
    stale = ws.stale_sources(day)
    for source in stale:
        _err(
            f"warning: source {source.id!r} was accessed on {source.accessed.isoformat()}, "
            f"more than {ws.config.review_months} months ago: review the facts that cite it"
        )
    return list(stale)


@main.command("list")
@workspace_option
@reports_errors
def list_(workspace: Path) -> None:
    """List partner, region and visit ids with their names."""
    from briefgen.data.workspace import load_workspace

    ws = load_workspace(workspace)
    for kind, id, name in ws.targets():
        click.echo(f"{kind:<8} {id:<18} {name}")


@main.command()
@click.argument(
    "kind",
    type=click.Choice(["partner", "organisation", "regions", "sources", "visit", "all"]),
    default="all",
)
def schema(kind: str) -> None:
    """Print the JSON Schema of a data file kind (default: all, keyed by kind)."""
    import json

    from briefgen.data.model import json_schemas

    schemas = json_schemas()
    click.echo(json.dumps(schemas if kind == "all" else schemas[kind], indent=2))


@main.command()
@click.argument("target")
@workspace_option
@click.option(
    "--max-marking", type=MarkingType(), default=None, help="Leave out records marked above LEVEL."
)
@click.option("--markdown", is_flag=True, help="Print the rendered Markdown instead.")
@reports_errors
def tree(target: str, workspace: Path, max_marking: Any, markdown: bool) -> None:
    """Print a pack's document tree as indented text."""
    from briefgen.compose.pack import make_pack
    from briefgen.data.workspace import load_workspace
    from briefgen.tree import dump

    ws = load_workspace(workspace)
    pack = make_pack(ws, target, max_marking)
    click.echo(pack.markdown if markdown else dump(pack.document), nl=False)


@main.command()
@click.argument("targets", nargs=-1)
@workspace_option
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: 'output' in briefgen.toml, else build/).",
)
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    type=click.Choice(["docx", "pdf"]),
    help="Format to build; repeat for both (default: both).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: the CPU count).",
)
@click.option("--shard", default=None, metavar="K/N", help="Build only shard K of N.")
@click.option(
    "--max-marking",
    type=MarkingType(),
    default=None,
    help="Leave out records marked above LEVEL (a releasable edition).",
)
@click.option("--keep-going", is_flag=True, help="Build every pack whose data is valid.")
@click.option("--strict", is_flag=True, help="Warnings fail the pack.")
@click.option("--force", is_flag=True, help="Rebuild packs whose inputs are unchanged.")
@click.option(
    "--allow-missing-glyphs",
    is_flag=True,
    help="Warn instead of failing when no font has a character.",
)
@click.option("--no-tags", is_flag=True, help="Write untagged PDF (not PDF/UA).")
@reports_errors
def build(
    targets: tuple[str, ...],
    workspace: Path,
    out: Path | None,
    formats: tuple[str, ...],
    jobs: int | None,
    shard: str | None,
    max_marking: Any,
    keep_going: bool,
    strict: bool,
    force: bool,
    allow_missing_glyphs: bool,
    no_tags: bool,
) -> None:
    """Build packs (all partners, regions and visits when no TARGET is given)."""
    from briefgen.build import shortcut

    key = shortcut.options_key(
        targets=sorted(targets),
        formats=sorted(formats or ("docx", "pdf")),
        shard=shard,
        max_marking=str(max_marking) if max_marking else None,
        no_tags=no_tags,
        allow_missing_glyphs=allow_missing_glyphs,
        out=str(out) if out else None,
    )
    folder = shortcut.output_folder(workspace, out)
    if not (force or strict or keep_going):  # --strict must look at the data again
        ids = shortcut.unchanged(workspace, folder, key)
        if ids is not None:
            click.echo(f"{len(ids)} packs unchanged since the last build into {folder}", err=True)
            sys.exit(0)

    from briefgen.build import build as _run_build
    from briefgen.build import parse_shard
    from briefgen.cli.progress import Reporter
    from briefgen.data.workspace import load_workspace

    ws = load_workspace(workspace, partial=keep_going)
    ceiling = max_marking
    stale = _warn_stale(ws, date.today())
    if strict and stale:
        _err(f"error: {len(stale)} warning(s) with --strict; nothing was built")
        sys.exit(2)
    if ws.problems:
        _err(f"warning: {len(ws.problems)} data problem(s); building the valid packs:")
        for problem in ws.problems:
            _err(f"  {problem}")
    import signal

    def interrupted(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)  # clean up like Ctrl-C: no torn files
    try:
        with Reporter() as reporter:
            report = _run_build(
                ws,
                out,
                formats or ("docx", "pdf"),
                targets=targets,
                jobs=jobs,
                shard=parse_shard(shard) if shard else None,
                max_marking=ceiling,
                force=force,
                strict=strict,
                allow_missing_glyphs=allow_missing_glyphs,
                tagged_pdf=not no_tags,
                progress=reporter.update,
            )
            reporter.summary(report)
        if report.exit_code == 0 and not keep_going:
            built = [r.id for r in report.results if r.files]
            shortcut.record(workspace, report.out, key, built, ws.digests)
    except KeyboardInterrupt:
        _err("interrupted: files already written are whole; nothing half-written was left")
        sys.exit(130)
    sys.exit(report.exit_code)


@main.group()
def new() -> None:
    """Write a new data file from a commented skeleton."""


@new.command("visit")
@click.argument("partner")
@workspace_option
@click.option("--id", "id", default=None, help="Visit id (default: PARTNER-visit).")
@reports_errors
def new_visit(partner: str, workspace: Path, id: str | None) -> None:
    """Write data/visits/ID.yaml for PARTNER, listing its people to pick from."""
    from briefgen.compose.pack import make_pack
    from briefgen.data.layout import VISITS_DIR
    from briefgen.data.model import SLUG
    from briefgen.data.skeleton import visit_skeleton
    from briefgen.data.workspace import load_workspace
    from briefgen.errors import BriefgenError

    id = id or f"{partner}-visit"
    if not re.fullmatch(SLUG, id):
        raise BriefgenError(f"--id {id!r}: use lower-case letters, digits and hyphens")
    ws = load_workspace(workspace)
    if partner not in ws.partners:
        make_pack(ws, partner)  # unknown: raises with close matches
        raise BriefgenError(f"{partner!r} is a region or visit, not a partner")
    path = workspace / VISITS_DIR / f"{id}.yaml"
    if path.exists():
        raise BriefgenError(f"{path} already exists; choose another --id")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(visit_skeleton(ws, partner, date.today()), encoding="utf-8")
    click.echo(f"wrote {path}: fill it in, then run 'briefgen validate'")


if __name__ == "__main__":  # pragma: no cover
    main()
