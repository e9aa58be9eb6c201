"""What a build did: one result per pack, and the report that gathers them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

STATUSES = ("built", "skipped", "withheld", "failed")


@dataclass(frozen=True)
class FileResult:
    """One file of a pack: written by this build, or kept from an earlier one."""

    format: str
    path: str
    sha256: str
    size: int
    pages: int | None


@dataclass(frozen=True)
class PackResult:
    """The outcome for one pack: built, skipped (unchanged), withheld (above
    ``--max-marking``) or failed (with the error)."""

    id: str
    kind: str
    status: str
    title: str = ""
    marking: str = ""
    files: tuple[FileResult, ...] = ()
    seconds: float = 0.0
    error: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(repr=False)
class BuildReport:
    """What a build did.  ``exit_code`` is 0 unless a pack failed."""

    out: Path
    results: list[PackResult] = field(default_factory=list)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # about the build as a whole
    #: the releasable edition built beside this one (``build(..., releasable=LEVEL)``)
    releasable: BuildReport | None = None

    def having(self, status: str) -> list[PackResult]:
        """The results with ``status`` ("built", "skipped", "withheld" or "failed")."""
        return [r for r in self.results if r.status == status]

    @property
    def built(self) -> list[PackResult]:
        return self.having("built")

    @property
    def skipped(self) -> list[PackResult]:
        return self.having("skipped")

    @property
    def withheld(self) -> list[PackResult]:
        return self.having("withheld")

    @property
    def failed(self) -> list[PackResult]:
        return self.having("failed")

    @property
    def exit_code(self) -> int:
        other = self.releasable.exit_code if self.releasable is not None else 0
        return 1 if self.failed else other

    def __repr__(self) -> str:
        counts = ", ".join(
            f"{len(self.having(s))} {'unchanged' if s == 'skipped' else s}" for s in STATUSES
        )
        return f"<BuildReport {str(self.out)!r}: {counts} in {self.seconds:.2f} s>"
