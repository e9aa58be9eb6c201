"""Build progress for people: a rich progress bar on a terminal, plain lines in CI."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from briefgen.build import BuildReport, PackResult

WORDS = {"skipped": "unchanged"}
"""The one word a person reads for each status ("skipped" is "unchanged" everywhere)."""


def word(status: str) -> str:
    return WORDS.get(status, status)


class Reporter:
    """Shows each finished pack against the known total (a bar on a terminal, cleared when
    the build ends; a line per pack elsewhere) and prints a summary table after."""

    def __init__(self, total: int | None = None) -> None:
        self.total = total
        self.tty = sys.stderr.isatty()
        self.live: Any = None
        self.task: Any = None

    def __enter__(self) -> Reporter:
        if self.tty:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.live = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                transient=True,
            )
            self.live.start()
            self.task = self.live.add_task("building", total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.live is not None:
            self.live.stop()

    def update(self, result: PackResult) -> None:
        if self.live is not None:
            self.live.update(self.task, advance=1, description=f"{word(result.status)} {result.id}")
        else:
            line = f"{word(result.status):<9} {result.id}"
            if result.error:
                line += f": {result.error.splitlines()[0]}"
            print(line, file=sys.stderr, flush=True)

    def summary(self, report: BuildReport) -> None:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"briefgen build -> {report.out}", title_justify="left")
        for col in ("pack", "formats", "pages", "time", "status"):
            table.add_column(col, justify="right" if col in ("pages", "time") else "left")
        shown = [r for r in report.results if r.status != "refused"]  # said before the build
        for r in shown:
            pages = next((str(f.pages) for f in r.files if f.pages), "")
            table.add_row(
                r.id,
                ", ".join(f.format for f in r.files if ":" not in f.format),  # no companion
                pages,
                f"{r.seconds:.2f}s" if r.status == "built" else "",
                word(r.status),
            )
        console = Console(stderr=True, width=None if self.tty else 100)
        console.print(table)
        for note in report.notes:
            console.print(f"warning: {note}", markup=False, highlight=False, soft_wrap=True)
        for r in report.results:
            for warning in r.warnings:
                console.print(
                    f"warning: {r.id}: {warning}", markup=False, highlight=False, soft_wrap=True
                )
            if r.status == "withheld":
                console.print(
                    f"withheld {r.id}: {r.error}", markup=False, highlight=False, soft_wrap=True
                )
        for error in report.errors:
            console.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
        for r in report.having("failed"):
            console.print(f"[red]failed[/red] {r.id}:", markup=True)
            # each line whole (never wrapped), so a tool or a person can pick it out
            console.print(r.error or "", markup=False, highlight=False, soft_wrap=True)
        console.print(
            f"{len(report.built)} built, {len(report.skipped)} unchanged, "
            f"{len(report.withheld)} withheld, {len(report.having('failed'))} failed "
            f"in {report.seconds:.2f}s",
            markup=False,
            highlight=False,
        )


class Console:
    """A build's messages on standard error: the `briefgen.build.command.Console` of the
    command line."""

    def say(self, message: str) -> None:
        click.echo(message, err=True)

    @contextmanager
    def progress(self, total: int) -> Iterator[Callable[[PackResult], None]]:
        with Reporter(total=total) as reporter:
            yield reporter.update

    def summary(self, report: BuildReport) -> None:
        Reporter().summary(report)
