"""Keep-with-next as Word keeps it (a ReportLab ``KeepTogether`` whose wrap sets the
private sizes its ``split`` reads)."""

from __future__ import annotations

from reportlab.platypus import KeepTogether
from reportlab.platypus.flowables import _listWrapOn


class KeepWithNext(KeepTogether):  # type: ignore[misc]
    """The group a chain of keep-with-next becomes, kept as Word keeps it: a heading moves
    to the next page only when it and the *start* of what follows (a table's header and
    first rows, a paragraph's first lines: its ``lead_height``) do not fit.  ReportLab's
    own group moves when the whole of what follows does not fit, leaving the page before
    it mostly empty and the two editions paginating apart."""

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        dims: list[tuple[float, float]] = []
        width, height = _listWrapOn(self._content, aW, self.canv, dims=dims)
        last = self._content[-1]
        lead = getattr(last, "lead_height", None)
        if lead is not None and dims:
            height = height - dims[-1][1] + min(dims[-1][1], lead())
        self._H = height
        self._H0 = dims[0][1] if dims else 0
        self._wrapInfo = aW, aH
        return width, 0xFFFFFF  # force a split, as KeepTogether does
