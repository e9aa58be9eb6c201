"""Document trees built in code, for writer tests that need no data or templates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

from PIL import Image as PILImage

from briefgen import tree as t

HERE = Path(__file__).parent

TRICKY = "R&D, AT&T, x<y, <foo>, *star*, |pipe|, # hash, {{ jinja }}, back\\slash"
MULTISCRIPT = "Ελληνικά, Русский, Français été, Deutsch Größe"


def sample_image() -> t.Image:
    path = HERE / "sample.png"
    with PILImage.open(path) as im:
        w, h = im.size
    return t.Image(name="sample.png", data=path.read_bytes(), width_px=w, height_px=h)


def sample_document(*, draft: bool = False, paragraphs: int = 30) -> t.Document:
    """A document using every block and inline kind, long enough for several pages."""
    T = t.Text
    blocks: list[t.Block] = [
        t.Callout(
            "cover",
            (
                t.Paragraph((T("OFFICIAL: Sensitive"),), role="marking"),
                t.Paragraph((T("Partner brief: Japan"),), role="title"),
                t.Paragraph((T("Japan Aerospace Exploration Agency (JAXA)"),), role="subtitle"),
                t.Paragraph((T("Information as at 25 November 2026"),), role="meta"),
                t.Paragraph((T("Prepared by the Australian Space Agency"),), role="meta"),
            )
            + ((t.Paragraph((T("DRAFT"),), role="draft"),) if draft else ()),
        ),
        t.Contents(),
        t.Callout(
            "keyfacts",
            (
                t.Heading(2, "key-facts", (T("Key facts"),)),
                t.BulletList(
                    (
                        t.ListItem((t.Paragraph((t.Strong((T("Agency: "),)), T("JAXA"))),)),
                        t.ListItem((t.Paragraph((T("Agreements in force: 1"),)),)),
                    )
                ),
            ),
        ),
        t.Heading(1, "overview", (T("Relationship overview"),)),
        t.Paragraph(
            (
                T(
                    "Australia and Japan have more than 45 years of treaty level science "
                    "cooperation."
                ),
                t.FootnoteRef("src-1", 1),
                T(" See "),
                t.Link("https://www.space.gov.au/", (T("the Agency's page"),)),
                T(" and "),
                t.Link("#agreements", (T("Agreements"),)),
                T("."),
            )
        ),
        t.Paragraph((T(TRICKY),)),
        t.Paragraph((T(MULTISCRIPT), t.LineBreak(), t.Emphasis((T("emphasis"),)))),
        t.Heading(2, "areas", (T("Cooperation areas"),)),
        t.BulletList(
            (
                t.ListItem((t.Paragraph((T("Space exploration"),)),)),
                t.ListItem(
                    (
                        t.Paragraph((T("Education"),)),
                        t.BulletList(
                            (t.ListItem((t.Paragraph((T("KIBO Robot Programming Challenge"),)),)),)
                        ),
                    )
                ),
            )
        ),
        t.OrderedList(
            (t.ListItem((t.Paragraph((T("First"),)),)), t.ListItem((t.Paragraph((T("Second"),)),)))
        ),
        t.Heading(1, "agreements", (T("Agreements"),)),
        t.Table(
            header=((T("Agreement"),), (T("Kind"),), (T("Status"),), (T("Date"),)),
            rows=tuple(
                (
                    (T(f"Agreement {i} with a long title that wraps in its cell"),),
                    (T("MoU"),),
                    (T("In force"),),
                    (T("July 2020"),),
                )
                for i in range(1, 41)
            ),
            align=("left", "left", "left", "right"),
            widths=(0.4, 0.2, 0.2, 0.2),
            caption="Agreements",
        ),
        t.Heading(1, "timeline", (T("Timeline"),)),
        t.Timeline(
            (
                t.TimelineEntry("2020", (T("Hayabusa2 sample landed at Woomera."),)),
                t.TimelineEntry("July 2020", (T("Memorandum signed."), t.FootnoteRef("src-1", 1))),
                t.TimelineEntry("Approximately 2031", (T("MMX samples return."),)),
            )
        ),
        t.Figure(
            sample_image(),
            alt="A red disc in a blue frame.",
            caption="A sample figure",
            credit="Image credit: ESA/Fisheye",
        ),
        t.Heading(1, "long", (T("A long section"),)),
        t.Heading(3, "deep", (T("A level three heading"),)),
        t.Heading(4, "deeper", (T("A level four heading"),)),
    ]
    blocks += [
        t.Paragraph(
            (
                T(
                    f"Paragraph {i}. "
                    + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 6
                ),
            )
        )
        for i in range(paragraphs)
    ]
    blocks.append(t.PageBreak())
    blocks += [t.Heading(1, "sources", (T("Sources"),)), t.Notes()]
    blocks.append(
        t.Callout(
            "acknowledgement", (t.Paragraph((T("We acknowledge the Traditional Custodians."),)),)
        )
    )
    footnotes = (
        t.Footnote(
            "src-1",
            1,
            (
                t.Paragraph(
                    (
                        T("Australian Space Agency, "),
                        t.Emphasis((T("International partnerships"),)),
                        T(", accessed 25 November 2026, "),
                        t.Link(
                            "https://www.space.gov.au/international",
                            (T("https://www.space.gov.au/international"),),
                        ),
                    )
                ),
            ),
        ),
    )
    meta = t.Metadata(
        title="Partner brief: Japan",
        subtitle="Japan Aerospace Exploration Agency (JAXA)",
        marking="OFFICIAL: Sensitive",
        edition=date(2026, 11, 25),
        organisation="Australian Space Agency",
        author="Australian Space Agency",
        keywords=("Japan", "JAXA", "OFFICIAL: Sensitive"),
        draft=draft,
    )
    return t.Document(meta=meta, blocks=tuple(blocks), footnotes=footnotes)


def controlled_document() -> t.Document:
    """A short draft with document control (reference, version, control lines)."""
    doc = sample_document(draft=True, paragraphs=3)
    meta = replace(
        doc.meta,
        reference="ASA-2026-0042",
        version="0.3",
        control=("Contact officer: A. Officer, 02 6100 0000", "Cleared by: not yet cleared"),
    )
    return replace(doc, meta=meta)


SAMPLES: dict[str, Callable[[], t.Document]] = {
    "full": partial(sample_document, paragraphs=4),
    "draft-control": controlled_document,
}
"""The tree samples with golden Word and PDF files (tests/golden), by name; short, so that
the golden files stay small."""
