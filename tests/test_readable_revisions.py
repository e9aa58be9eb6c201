"""Readable revisions, read back from the Word XML and the PDF's content stream: a
sentence rewritten is one deletion and one insertion, an inserted list item one insertion,
a changed timeline entry a tracked change with a change bar, portion markings aligned."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

from lxml import etree

from briefgen import tree as t
from briefgen.compose.revisions import mark_revisions
from briefgen.theme import Theme
from briefgen.writers.docx import render as render_docx
from briefgen.writers.pdf import render as render_pdf
from pdf_checks import change_bars

T = t.Text
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
META = t.Metadata("Japan", "OFFICIAL", date(2026, 1, 1), "Org")
REVISION = t.Revision("Org", date(2026, 2, 1))


def _revised(old: tuple[t.Block, ...], new: tuple[t.Block, ...]) -> t.Document:
    doc = mark_revisions(t.Document(META, old), t.Document(META, new), REVISION, [])
    t.check(doc)
    return doc


def _paragraphs(doc: t.Document) -> list[Any]:
    xml = zipfile.ZipFile(io.BytesIO(render_docx(doc, Theme()).data)).read("word/document.xml")
    return list(etree.fromstring(xml).iter(f"{W}p"))


def _marks(p: Any) -> tuple[list[str], list[str]]:
    """The text of each w:del and each w:ins around runs of a Word paragraph (not the marks
    on the paragraph mark itself, in w:rPr)."""

    def marks(tag: str) -> list[str]:
        found = p.iter(f"{W}{tag}")
        return ["".join(x.itertext()) for x in found if x.getparent().tag != f"{W}rPr"]

    return marks("del"), marks("ins")


def _text(p: Any) -> str:
    return "".join(x.text or "" for x in p.iter(f"{W}t", f"{W}delText"))


SENTENCES = (
    "Japan and Australia signed a space cooperation memorandum in 2020. ",
    "The agencies meet each year to review joint missions and share data from them. ",
    "Both sides plan a new agreement.",
)


def _para(*sentences: str) -> t.Paragraph:
    return t.Paragraph((T("".join(sentences)),))


def test_a_sentence_rewritten_is_one_deletion_and_one_insertion() -> None:
    rewritten = "A joint working group now steers every shared mission of the two agencies. "
    doc = _revised((_para(*SENTENCES),), (_para(SENTENCES[0], rewritten, SENTENCES[2]),))
    (p,) = [p for p in _paragraphs(doc) if "memorandum" in _text(p)]
    dels, ins = _marks(p)
    assert len(dels) == 1 and len(ins) == 1, (dels, ins)
    assert "review joint missions" in dels[0] and "working group" in ins[0]
    assert "memorandum in 2020" not in dels[0] + ins[0]  # the sentences kept stay unmarked


def test_a_word_changed_inside_a_sentence_is_marked_at_word_level() -> None:
    edited = SENTENCES[1].replace("each year", "each quarter")
    doc = _revised((_para(*SENTENCES),), (_para(SENTENCES[0], edited, SENTENCES[2]),))
    (p,) = [p for p in _paragraphs(doc) if "memorandum" in _text(p)]
    assert _marks(p) == (["year"], ["quarter"])


def test_two_sentences_joined_and_mostly_rewritten_are_one_deletion_and_one_insertion() -> None:
    old = ("The agencies meet each year. ", "They review joint missions and share data. ")
    joined = "Each year the agencies meet to review joint missions, and they share data. "
    doc = _revised(
        (_para(SENTENCES[0], *old, SENTENCES[2]),), (_para(SENTENCES[0], joined, SENTENCES[2]),)
    )
    (p,) = [p for p in _paragraphs(doc) if "memorandum" in _text(p)]
    dels, ins = _marks(p)
    assert len(dels) == 1 and len(ins) == 1, (dels, ins)  # on main: two of each
    assert "meet each year. They review" in dels[0] and "Each year the agencies meet" in ins[0]
    assert "memorandum in 2020" not in dels[0] + ins[0]
    assert "new agreement" not in dels[0] + ins[0]


def _labelled(*items: tuple[str, str]) -> t.BulletList:
    return t.BulletList(
        tuple(t.ListItem((t.Paragraph((t.Strong((T(k),)), T(" " + v))),)) for k, v in items)
    )


def test_a_list_item_rewritten_under_its_bold_label_is_marked_inside_it() -> None:
    agency = ("Agency:", "JAXA, the national space agency.")
    milestone = ("Next milestone:", "MMX samples land in South Australia in 2031.")
    old = _labelled(
        agency, ("Partnership:", "More than 45 years of science cooperation."), milestone
    )
    rewritten = "A formal agreement signed in 2025 now governs every joint mission."
    new = _labelled(agency, ("Partnership:", rewritten), milestone)
    doc = _revised((old,), (new,))
    (item,) = [p for p in _paragraphs(doc) if "Partnership:" in _text(p)]  # on main: two
    assert _marks(item) == (["More than 45 years of science cooperation."], [rewritten])
    total = [m for p in _paragraphs(doc) for m in _marks(p)[0] + _marks(p)[1]]
    assert len(total) == 2
    # a rewritten item under another label is still one deletion and one insertion
    other = _labelled(agency, ("Cooperation:", rewritten), milestone)
    paras = _paragraphs(_revised((old,), (other,)))
    (gone,) = [_marks(p) for p in paras if "Partnership:" in _text(p)]
    assert ("".join(gone[0]), gone[1]) == (
        "Partnership: More than 45 years of science cooperation.",
        [],
    )


def _items(*texts: str) -> t.BulletList:
    return t.BulletList(tuple(t.ListItem((t.Paragraph((T(x),)),)) for x in texts))


def test_an_inserted_list_item_is_one_insertion() -> None:
    old = ("Earth observation data sharing", "Lunar surface exploration", "Space medicine")
    new = (old[0], "Launch services for small satellites", "Lunar surface robotic exploration")
    doc = _revised((_items(*old),), (_items(*new, old[2]),))
    paras = {_text(p).replace("Lunar surface exploration", ""): p for p in _paragraphs(doc)}
    added = [p for text, p in paras.items() if "Launch services" in text]
    assert [_marks(p) for p in added] == [([], ["Launch services for small satellites"])]
    (edited,) = [p for p in _paragraphs(doc) if "Lunar" in _text(p)]
    assert _marks(edited) == ([], ["robotic "])
    total = [m for p in _paragraphs(doc) for m in _marks(p)[0] + _marks(p)[1]]
    assert len(total) == 2


def _timeline(*entries: tuple[str, str, str]) -> t.Timeline:
    return t.Timeline(tuple(t.TimelineEntry(d, (T(x),), portion=p) for d, x, p in entries))


def test_a_changed_timeline_entry_is_tracked_in_word_and_barred_in_the_pdf() -> None:
    old = _timeline(
        ("2020", "Memorandum of Understanding signed", "OFFICIAL"),
        ("2023", "Return mission lands", "OFFICIAL"),
    )
    new = _timeline(
        ("2020", "Memorandum of Understanding signed", "OFFICIAL"),
        ("2023", "Asteroid sample retrieved in South Australia", "OFFICIAL"),
        ("2025", "Astronaut training begins", "OFFICIAL: Sensitive"),
    )
    intro = t.Paragraph((T("Milestones."),), portion="OFFICIAL")
    doc = _revised((intro, old), (intro, new))
    assert doc.meta.revision == REVISION
    marks = [_marks(p) for p in _paragraphs(doc)]
    assert (["Return mission lands"], ["Asteroid sample retrieved in South Australia"]) in marks
    assert ([], ["(OFFICIAL: Sensitive) Astronaut training begins"]) in marks
    (timeline,) = [b for b in doc.blocks if isinstance(b, t.Timeline)]
    assert [e.portion for e in timeline.entries] == ["OFFICIAL", "OFFICIAL", "OFFICIAL: Sensitive"]
    unchanged = t.Document(META, (intro, new))
    assert change_bars(render_pdf(doc, Theme()).data) == 2
    assert change_bars(render_pdf(unchanged, Theme()).data) == 0


def _row(name: str, status: str) -> tuple[tuple[t.Inline, ...], ...]:
    return ((T(name),), (T(status),))


def test_portion_markings_stay_with_their_rows_and_items_through_revisions() -> None:
    def table(*rows: tuple[str, str, str]) -> t.Table:
        return t.Table(
            ((T("Agreement"),), (T("Status"),)),
            tuple(_row(n, s) for n, s, _ in rows),
            (None, None),
            (0.5, 0.5),
            portions=tuple(p for _, _, p in rows),
        )

    old = table(
        ("Space MoU", "Signed 2020", "OFFICIAL"),
        ("Data accord", "Under negotiation", "OFFICIAL: Sensitive"),
        ("Tracking deal", "In force", "OFFICIAL"),
    )
    new = table(
        ("Launch accord", "Proposed", "OFFICIAL: Sensitive"),
        ("Space MoU", "Signed 2020, renewed 2025", "OFFICIAL"),
        ("Tracking deal", "In force", "OFFICIAL"),
    )
    doc = _revised((old,), (new,))
    (marked,) = doc.blocks
    assert isinstance(marked, t.Table)
    rows = [
        (t.plain_text(r[0]) or "gone", p) for r, p in zip(marked.rows, marked.portions, strict=True)
    ]
    assert rows == [
        ("Launch accord", "OFFICIAL: Sensitive"),
        ("Space MoU", "OFFICIAL"),
        ("gone", "OFFICIAL: Sensitive"),  # the deleted row keeps its own marking
        ("Tracking deal", "OFFICIAL"),
    ]
    assert t.row_deleted(marked.rows[2]) and t.all_inserted(marked.rows[0][0])
    # written out, each row leads with its own marking, tracked as its text is
    lead = [t.plain_text(r[0]) for r in t.with_portions(doc).blocks[0].rows]  # type: ignore[union-attr]
    assert lead[:2] == ["(OFFICIAL: Sensitive) Launch accord", "(OFFICIAL) Space MoU"]
    texts = [_text(p) for p in _paragraphs(doc)]
    assert "(OFFICIAL: Sensitive) Data accord" in texts
