"""A heading is never left at a page's foot with its small table on the next page: the
table, kept whole, stays in the heading's keep-with-next chain (a ``KeepTogether`` around
the table broke that chain and orphaned the reference visit's "Agreements" heading)."""

from __future__ import annotations

import io
from datetime import date

import pypdf

from briefgen import tree as t
from briefgen.theme import Theme
from briefgen.writers import get_writer

T = t.Text
FILLER = (
    "Filler text that fills the page line by line, so that the heading below lands at a "
    "different height on the page each time the number of paragraphs changes."
)


def _document(paragraphs: int) -> t.Document:
    blocks: list[t.Block] = [t.Paragraph((T(f"{FILLER} {i}"),)) for i in range(paragraphs)]
    blocks += [
        t.Heading(2, "agreements", (T("Quokka heading"),)),
        t.Table(
            header=((T("Agreement"),), (T("Status"),)),
            rows=(((T("Wombat row"),), (T("In force"),)),),
            align=(None, None),
            widths=(0.5, 0.5),
        ),
        t.Paragraph((T("After the table."),)),
    ]
    meta = t.Metadata(
        title="Heading and table",
        subtitle="A test",
        marking="OFFICIAL",
        edition=date(2026, 11, 25),
        organisation="Australian Space Agency",
        author="Australian Space Agency",
    )
    return t.Document(meta=meta, blocks=tuple(blocks))


def test_a_heading_stays_with_the_small_table_after_it() -> None:
    write = get_writer("pdf")
    moved = 0
    for paragraphs in range(10, 26):
        data = write(_document(paragraphs), Theme()).data
        pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]
        (heading,) = [i for i, text in enumerate(pages) if "Quokka heading" in text]
        assert "Wombat row" in pages[heading], f"{paragraphs} paragraphs: heading left alone"
        moved += heading > 0
    assert moved  # some of the documents put the heading (with its table) on page 2
