"""What a build did: one result per pack, and the report that gathers them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

STATUSES = ("built", "skipped", "withheld", "failed", "refused")


@dataclass(frozen=True)
class FileResult:
    """One file of a pack: written by this build, or kept from an earlier one."""

    format: str
    """"docx", "pdf" or "html"."""
    path: str
    """The file's name inside the build folder, e.g. "jp.docx"."""
    sha256: str
    """SHA-256 of its bytes."""
    size: int
    """Its size in bytes."""
    pages: int | None
    """Its page count where the writer knows it (a PDF's), else None."""


@dataclass(frozen=True)
class PackResult:
    """The outcome for one pack: built, skipped (unchanged), withheld (above
    ``--max-marking``), failed (with the error) or refused (not ready for a ``final``
    build: no file, and the earlier ones removed)."""

    id: str
    """The partner, region or visit id."""
    kind: str
    """"partner", "region" or "visit"."""
    status: str
    """"built", "skipped", "withheld", "failed" or "refused"."""
    title: str = ""
    """The pack's title."""
    marking: str = ""
    """The marking the pack carries, e.g. "OFFICIAL: Sensitive"."""
    files: tuple[FileResult, ...] = ()
    """Its files, one per format (built now or kept from an earlier build)."""
    seconds: float = 0.0
    """How long rendering it took."""
    error: str | None = None
    """Why it failed, was withheld or was refused (a refused pack: one line per part
    outstanding, naming its file and field, as ``briefgen build --final`` prints them)."""
    warnings: tuple[str, ...] = ()
    """What it built with but a person should check (with ``strict``, these fail it)."""


@dataclass(repr=False)
class BuildReport:
    """What a build did.  ``exit_code`` is 0 unless a pack failed or was refused."""

    out: Path
    """The folder built into."""
    results: list[PackResult] = field(default_factory=list)
    """One result per pack, in the order of the packs."""
    seconds: float = 0.0
    """How long the build took."""
    notes: list[str] = field(default_factory=list)
    """Warnings about the build as a whole (e.g. a manifest that could not be read)."""
    errors: list[str] = field(default_factory=list)
    """Failures of the build as a whole (e.g. a register edited since briefgen wrote it)."""
    releasable: BuildReport | None = None
    """The releasable edition built beside this one (``build(..., releasable=LEVEL)``)."""
    editions: dict[str, BuildReport] = field(default_factory=dict)
    """The lower editions built into the same folder (``build(..., editions=...)``), by
    the name their files carry ("official" for ``ID.releasable-official.pdf``)."""

    def having(self, status: str) -> list[PackResult]:
        """The results with ``status`` ("built", "skipped", "withheld", "failed" or
        "refused")."""
        return [r for r in self.results if r.status == status]

    @property
    def built(self) -> list[PackResult]:
        """The packs built by this build."""
        return self.having("built")

    @property
    def skipped(self) -> list[PackResult]:
        """The packs left as they were: their inputs were unchanged."""
        return self.having("skipped")

    @property
    def withheld(self) -> list[PackResult]:
        """The packs left out of a releasable edition (the pack itself is marked above it)."""
        return self.having("withheld")

    @property
    def failed(self) -> list[PackResult]:
        """The packs that failed, each with its ``error``: the refused ones too."""
        return [r for r in self.results if r.status in ("failed", "refused")]

    @property
    def refused(self) -> list[PackResult]:
        """The packs a ``final`` build refused (a part outstanding), each with its ``error``."""
        return self.having("refused")

    @property
    def exit_code(self) -> int:
        """2 if a pack (of any edition) was refused; else 1 if one failed or the build could
        not write its register; else 0: the command's exit code."""
        others = [*self.editions.values(), *([self.releasable] if self.releasable else [])]
        if self.refused or any(r.exit_code == 2 for r in others):
            return 2
        return 1 if self.failed or self.errors or any(r.exit_code for r in others) else 0

    def __repr__(self) -> str:
        counts = ", ".join(
            f"{len(self.having(s))} {'unchanged' if s == 'skipped' else s}" for s in STATUSES
        )
        return f"<BuildReport {str(self.out)!r}: {counts} in {self.seconds:.2f} s>"
