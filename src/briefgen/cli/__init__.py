"""The ``briefgen`` command.  Imports stay inside commands so ``--version`` starts fast.

Exit codes: 0 success; 1 a pack failed to render; 2 bad usage or invalid data.
"""

from __future__ import annotations

import os
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


def _workspace(ctx: click.Context, param: Any, value: Path | None) -> Path:
    """The workspace: this option, else ``briefgen -C DIR``, else the folder holding the
    current one (found upwards, like git); one clear line when there is none."""
    from briefgen.data.layout import find_workspace

    chosen = value or ctx.find_root().params.get("workspace")
    if chosen is not None:
        if not chosen.is_dir():
            _err(f"error: workspace folder {chosen} does not exist")
            ctx.exit(2)
        return Path(chosen)
    found = find_workspace(Path.cwd())
    if found is None:
        _err(
            "error: no briefgen workspace here or above (a folder with briefgen.toml or "
            "data/organisation.yaml): run 'briefgen init DIR', or give one with -C DIR"
        )
        ctx.exit(2)
    assert found is not None
    return found if found != Path.cwd().absolute() else Path(".")


workspace_option = click.option(
    "--workspace",
    "-w",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    callback=_workspace,
    help="Workspace folder (default: this folder or the nearest above with a workspace).",
)


def out_option(help: str) -> Callable[[F], F]:
    """The ``--out``/``-o`` folder option, one declaration for every command that takes
    one; ``help`` says what the folder is to that command."""
    return click.option(
        "--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None, help=help
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


max_marking_option = click.option(
    "--max-marking",
    type=MarkingType(),
    default=None,
    help="Leave out records marked above LEVEL (a releasable edition).",
)
report_format_option = click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="Text for people, JSON for tools (default: text).",
)
since_option = click.option(
    "--since",
    metavar="REF",
    default=None,
    help="Tell what changed since REF: a git revision or an earlier build's folder.",
)


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
        except BrokenPipeError:  # the reader (| head) has gone: stop quietly
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
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
@click.option(
    "-C",
    "--workspace",
    "-w",
    "workspace",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Run in this workspace folder (like git -C).",
)
def main(workspace: Path | None) -> None:
    """Turn a typed partnership dataset into Word and PDF briefing packs."""


@main.command(short_help="Check data, templates and theme files.")
@workspace_option
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Date to judge source ages against (default: today).",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 2).")
@click.option(
    "--final",
    is_flag=True,
    help="Also check every pack is ready to be final, as 'build --final' does: each part "
    "outstanding (a brief or the pack not cleared, a biography missing, a placeholder left) "
    "or perishable statement unverified is an error (exit 2).",
)
@reports_errors
def validate(workspace: Path, today: Any, strict: bool, final: bool) -> None:
    """Check every data file; list every problem (exit 2) or report the workspace clean.
    With --final, also check that every pack is ready to be final."""
    from briefgen.build.command import data_warnings, perishable_warnings, say_refusals
    from briefgen.build.final import final_refusals
    from briefgen.compose.jinja import search_path, template_problems
    from briefgen.data.workspace import load_workspace
    from briefgen.errors import DataError

    ws = load_workspace(workspace)
    broken = template_problems(search_path(workspace / ws.config.templates), workspace)
    if broken:
        raise DataError(broken)
    day = today.date() if today else date.today()
    refused = final_refusals(ws, (), day) if final else {}
    errors = {line for lines in refused.values() for line in lines}
    # under --final an unverified statement is an error: say it once, as the error
    stale = [
        line for line in data_warnings(ws, day) + perishable_warnings(ws, day) if line not in errors
    ]
    for line in stale:
        _err(f"warning: {line}")
    counts = f"{len(ws.partners)} partners, {len(ws.regions)} regions, {len(ws.visits)} visits"
    if strict and stale:
        _err(f"error: {len(stale)} warning(s) with --strict")
        sys.exit(2)
    if final:
        say_refusals(refused, _err)
        if refused:
            sys.exit(2)
    click.echo(
        f"ok: {counts}, {len(ws.sources)} sources" + (", ready to be final" if final else "")
    )


@main.command("list")
@workspace_option
@reports_errors
def list_(workspace: Path) -> None:
    """List partner, region and visit ids with their names."""
    from briefgen.data.workspace import load_workspace

    ws = load_workspace(workspace)
    for kind, id, name in ws.targets():
        click.echo(f"{kind:<8} {id:<18} {name}")


@main.command(short_help="Print the JSON Schema of a data file kind.")
@click.argument(
    "kind",
    type=click.Choice(
        ["partner", "organisation", "regions", "sources", "glossary", "visit", "brief", "all"]
    ),
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
@max_marking_option
@click.option("--markdown", is_flag=True, help="Print the rendered Markdown instead.")
@since_option
@reports_errors
def tree(target: str, workspace: Path, max_marking: Any, markdown: bool, since: str | None) -> None:
    """Print a pack's document tree as indented text."""
    from briefgen.compose.pack import make_pack
    from briefgen.data.workspace import load_workspace
    from briefgen.tree import dump

    ws = load_workspace(workspace)
    edition = None
    if since is not None:
        from briefgen.build.since import resolve_since

        edition = resolve_since(ws.root, since)
    pack = make_pack(ws, target, max_marking, since=edition)
    click.echo(pack.markdown if markdown else dump(pack.document), nl=False)


@main.command(short_help="Build packs: all of them, or the TARGET ids.")
@click.argument("targets", nargs=-1)
@workspace_option
@out_option("Output folder (default: 'output' in briefgen.toml, else build/).")
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    type=click.Choice(["docx", "pdf", "html"]),  # briefgen.writers.FORMATS (a test holds them)
    help="Format to build (docx, pdf or html); repeat for more (default: docx and pdf).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: the CPU count).",
)
@click.option("--shard", default=None, metavar="K/N", help="Build only shard K of N.")
@max_marking_option
@click.option(
    "--releasable",
    type=MarkingType(),
    default=None,
    help="Also build the releasable edition at LEVEL into its own folder "
    "(default: 'releasable' in briefgen.toml).",
)
@click.option(
    "--releasable-out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The releasable edition's folder (default: the output folder's name "
    "followed by -releasable-LEVEL, beside it).",
)
@click.option(
    "--editions",
    default=None,
    metavar="LIST",
    help="Build these editions into the one output folder, each with its own file "
    "names: 'full' and releasable ceilings, e.g. full,OFFICIAL.",
)
@click.option(
    "--archive",
    is_flag=True,
    help="Write each PDF as PDF/A-2u (an archive copy) beside its PDF/UA-1 claim.",
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
@click.option(
    "--final",
    is_flag=True,
    help="Refuse (exit 2) a pack with anything outstanding ('briefgen status': a brief or "
    "the pack not cleared, a biography missing, a placeholder left) or whose records state "
    "an acting title, a milestone whose date has come, or 'now', 'today', 'more than N "
    "years' without as_at (when it was checked); with --keep-going, build the others. "
    "Fail (exit 1) a pack over a length budget ([budgets] in briefgen.toml).",
)
@since_option
@reports_errors
def build(
    targets: tuple[str, ...],
    workspace: Path,
    out: Path | None,
    formats: tuple[str, ...],
    jobs: int | None,
    shard: str | None,
    max_marking: Any,
    releasable: Any,
    releasable_out: Path | None,
    editions: str | None,
    archive: bool,
    keep_going: bool,
    strict: bool,
    force: bool,
    allow_missing_glyphs: bool,
    no_tags: bool,
    final: bool,
    since: str | None,
) -> None:
    """Build packs (all partners, regions and visits when no TARGET is given).  With
    --since, each pack says what changed since that edition (and the Word edition carries
    the changes as tracked revisions).  With --releasable LEVEL, the releasable edition
    (nothing marked above LEVEL) is built too, into its own folder.  Each folder gets
    register.csv and register.json: one row per file, for a records system."""
    from briefgen.build.command import BuildRequest, run_build
    from briefgen.cli.progress import Console

    request = BuildRequest(
        workspace,
        targets=targets,
        out=out,
        formats=formats,
        jobs=jobs,
        shard=shard,
        max_marking=max_marking,
        releasable=releasable,
        releasable_out=releasable_out,
        editions=tuple(e.strip() for e in editions.split(",")) if editions is not None else (),
        archive=archive,
        keep_going=keep_going,
        strict=strict,
        force=force,
        allow_missing_glyphs=allow_missing_glyphs,
        tagged_pdf=not no_tags,
        since=since,
        final=final,
    )
    sys.exit(run_build(request, Console()))


@main.command(short_help="List what changed since REF, pack by pack.")
@click.argument("ref")
@click.argument("targets", nargs=-1)
@workspace_option
@report_format_option
@max_marking_option
@reports_errors
def diff(ref: str, targets: tuple[str, ...], workspace: Path, fmt: str, max_marking: Any) -> None:
    """List the changes since REF (a git revision or an earlier build's folder) of the
    records each pack shows: all packs, or the TARGET ids."""
    import json

    from briefgen.build.since import resolve_since
    from briefgen.compose.diff import pack_diffs, text_report
    from briefgen.data.workspace import load_workspace

    ws = load_workspace(workspace)
    edition = resolve_since(ws.root, ref, option="diff REF")
    report = pack_diffs(ws, edition, targets, max_marking)
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True))
    else:
        click.echo(text_report(report), nl=False)


@main.command(short_help="Bring a cleared Word edition's edits and comments back to the data.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@workspace_option
@out_option("The build folder whose manifest.json describes FILE (default: FILE's folder).")
@click.option("--apply", "write", is_flag=True, help="Write the changes to the data files.")
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 when any edit is not absorbed (for CI); --apply still writes the others.",
)
@report_format_option
@reports_errors
def absorb(
    file: Path, workspace: Path, out: Path | None, write: bool, strict: bool, fmt: str
) -> None:
    """Show, as a diff of each data file, what the edits made in FILE (a .docx briefgen
    built, edited in Word or LibreOffice) change; list the edits that have no field to go
    to and the comments; with --apply, write the changes.  With --strict, exit 1 when any
    edit is not absorbed."""
    import json

    from briefgen.build.absorb import absorb as read_absorbed
    from briefgen.build.absorb import apply, as_json, report

    absorbed = read_absorbed(file, workspace, out)
    if fmt == "json":
        written = apply(workspace, absorbed) if write and absorbed.texts else []
        shown = as_json(absorbed, written)
        click.echo(json.dumps(shown, indent=2, ensure_ascii=False, sort_keys=True))
    else:
        for line in report(absorbed):
            click.echo(line)
        if write and absorbed.texts:
            for rel in apply(workspace, absorbed):
                click.echo(f"wrote {rel}")
    if strict and absorbed.skipped:
        _err(f"error: {len(absorbed.skipped)} edit(s) not absorbed with --strict")
        sys.exit(1)


@main.command(short_help="Where each pack stands: briefs, clearance, what is outstanding.")
@click.argument("ids", nargs=-1)
@workspace_option
@report_format_option
@click.option("--final", is_flag=True, help="Exit 1 when anything is outstanding (for CI).")
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Date to judge due and review dates against (default: today).",
)
@out_option(
    "Build folder whose records tell a brief changed since cleared (default: the "
    "workspace's output folder)."
)
@reports_errors
def status(
    ids: tuple[str, ...], workspace: Path, fmt: str, final: bool, today: Any, out: Path | None
) -> None:
    """Show, for each pack (default: every visit pack; or the pack IDS), its contributed
    briefs with owner, due date and state, its clearance, delegates without a biography
    and placeholders left.  With --final, exit 1 when anything is outstanding."""
    import json

    from rich.console import Console

    from briefgen.build.status import print_report, status_report
    from briefgen.data.workspace import load_workspace

    ws = load_workspace(workspace)
    folder = workspace / out if out is not None else None
    report = status_report(ws, ids, today.date() if today else date.today(), folder)
    if fmt == "json":
        click.echo(json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True))
    else:
        print_report(report, Console(highlight=False))
    if final and report["outstanding"]:
        _err(f"error: {report['outstanding']} part(s) outstanding with --final")
        sys.exit(1)


@main.command(short_help="Preview packs in a browser; a page reloads as you save.")
@click.argument("target", required=False)
@workspace_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; any other than this computer's only when you ask.",
)
@click.option(
    "--port",
    "-p",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@out_option(
    "Folder the Word and PDF builds go to, inside the workspace when relative "
    "(default: as for build)."
)
@reports_errors
def serve(target: str | None, workspace: Path, host: str, port: int, out: Path | None) -> None:
    """Serve an index of the packs (or open TARGET's page) at http://127.0.0.1:8000/: each
    pack's HTML edition is built when opened and again whenever a data file, template,
    briefgen.toml or image is saved, and the page reloads; a problem in the data is shown
    in the page.  Links build the pack's Word and PDF files.  Ctrl-C stops it."""
    from briefgen.build.shortcut import output_folder
    from briefgen.serve import serve as run

    folder = output_folder(workspace, out if out is None or out.is_absolute() else workspace / out)
    try:
        run(workspace, folder, host=host, port=port, target=target, say=click.echo)
    except OSError as exc:
        _err(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}; try --port 0")
        sys.exit(2)


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@reports_errors
def init(folder: Path) -> None:
    """Make a new workspace in FOLDER that builds at once."""
    from briefgen.data.starter import init_workspace

    files = init_workspace(folder, date.today())
    click.echo(f"made a workspace in {folder} ({len(files)} files); next:")
    click.echo(f"  cd {folder} && briefgen validate && briefgen build")


@main.command(short_help="Print a shipped template, or list them.")
@click.argument("name", required=False)
@workspace_option
@reports_errors
def template(name: str | None, workspace: Path) -> None:
    """Print shipped template NAME (copy it into templates/ to change it); list them all
    when no NAME is given."""
    from briefgen.compose.jinja import default_template_dir
    from briefgen.errors import BriefgenError

    shipped = default_template_dir()
    names = sorted(p.relative_to(shipped).as_posix() for p in shipped.rglob("*.j2"))
    if name is None:
        click.echo("\n".join(names))
    elif name in names:
        click.echo((shipped / name).read_text(encoding="utf-8"), nl=False)
    else:
        raise BriefgenError(f"no shipped template {name!r}: 'briefgen template' lists them")


@main.group()
def new() -> None:
    """Write a new data file from a commented skeleton."""


def _checked_id(id: str) -> str:
    from briefgen.data.model import SLUG
    from briefgen.errors import BriefgenError

    if not re.fullmatch(SLUG, id):
        raise BriefgenError(f"{id!r}: an id is lower-case letters, digits and hyphens")
    return id


@new.command("partner")
@click.argument("id")
@workspace_option
@reports_errors
def new_partner(id: str, workspace: Path) -> None:
    """Write data/partners/ID.yaml (a country for an ISO code such as nz, else an
    organisation)."""
    from briefgen.data import starter

    path = starter.new_partner(workspace, _checked_id(id))
    click.echo(f"wrote {path}: fill it in, then run 'briefgen validate'")


@new.command("region")
@click.argument("id")
@click.option("--member", "members", multiple=True, required=True, help="A partner id (repeat).")
@workspace_option
@reports_errors
def new_region(id: str, members: tuple[str, ...], workspace: Path) -> None:
    """Add region ID, grouping the --member partners, to data/regions.yaml."""
    from briefgen.data import starter

    path = starter.new_region(workspace, _checked_id(id), [_checked_id(m) for m in members])
    click.echo(f"added region {id!r} to {path}")


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
    from briefgen.data.starter import write_new
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
    if os.path.lexists(path):
        raise BriefgenError(f"{path} already exists; choose another --id")
    write_new(workspace, path, visit_skeleton(ws, partner, date.today()))
    click.echo(f"wrote {path}: fill it in, then run 'briefgen validate'")


@new.command("brief")
@click.argument("id")
@workspace_option
@reports_errors
def new_brief(id: str, workspace: Path) -> None:
    """Write data/briefs/ID.md: a contributed brief's front matter and text to fill in."""
    from briefgen.data.layout import record_file
    from briefgen.data.skeleton import brief_skeleton
    from briefgen.data.starter import write_new

    path = workspace / record_file("brief", _checked_id(id))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_new(workspace, path, brief_skeleton(id, date.today()))
    click.echo(f"wrote {path}: fill it in, then run 'briefgen validate'")


if __name__ == "__main__":  # pragma: no cover
    main()
