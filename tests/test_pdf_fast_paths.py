"""The PDF writer's per-process caches and fast paths change no byte of the output."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from briefgen import tree
from briefgen.writers.pdf.rl import images


def _png(mode: str) -> bytes:
    image = Image.linear_gradient("L").resize((40, 30)).convert(mode)
    buf = BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


@pytest.mark.parametrize("mode", ["RGB", "L", "RGBA", "LA", "P"])
def test_cached_image_draws_the_bytes_drawimage_draws(mode: str) -> None:
    data = _png(mode)

    def page(draw: Callable[[Canvas], object]) -> bytes:
        out = BytesIO()
        canv = Canvas(out, invariant=1)
        draw(canv)
        canv.showPage()
        canv.save()
        return out.getvalue()

    reader = images.ImageReader(BytesIO(data))
    plain = page(lambda c: c.drawImage(reader, 10, 20, 40, 30, mask="auto"))
    images._cache.clear()
    first = page(lambda c: images.draw_image(c, data, 10, 20, 40, 30))
    again = page(lambda c: images.draw_image(c, data, 10, 20, 40, 30))  # from the cache
    assert first == plain
    assert again == plain


def test_pdf_is_the_same_with_warm_and_cold_caches() -> None:
    from datetime import date

    from briefgen.theme import Theme
    from briefgen.writers.pdf import render

    def figure(data: bytes) -> tree.Figure:
        image = tree.Image("x.png", data, 40, 30)
        return tree.Figure(image, "A gradient", "A figure")

    meta = tree.Metadata("Images", "OFFICIAL", date(2026, 1, 1), "Org")
    blocks = (figure(_png("RGB")), figure(_png("RGBA")), figure(_png("RGB")))
    doc = tree.Document(meta, (tree.Heading(1, "a", (tree.Text("Images"),)), *blocks))
    images._cache.clear()
    cold = render(doc, Theme()).data
    warm = render(doc, Theme()).data
    assert cold == warm
    page = PdfReader(BytesIO(warm)).pages[0]
    assert len(page.images) == 2  # the same picture twice is one image


def test_fast_dictionaries_write_reportlabs_bytes() -> None:
    from reportlab.pdfbase.pdfdoc import (
        PDFArray,
        PDFDictionary,
        PDFDocument,
        PDFName,
        PDFObjectReference,
        PDFString,
    )

    from briefgen.writers.pdf.rl.fastpdf import FastArray, FastDict

    doc = PDFDocument(invariant=1)
    doc.Reference(PDFDictionary({}), "Target")
    ref = PDFObjectReference("Target")
    values = {
        "Type": PDFName("StructElem"),
        "S": PDFName("P"),
        "Weird Name#1": 3,
        "F": 1.25,
        "Alt": PDFString("Ünïcode (text) \\ ok"),
        "P": ref,
    }
    for n in range(15):
        values[f"K{n}"] = n
    ours = FastDict(
        {**values, "A": FastDict({"O": "/Table"}), "K": FastArray([*range(23), ref, -4])}
    )
    theirs = PDFDictionary(
        {**values, "A": PDFDictionary({"O": "/Table"}), "K": PDFArray([*range(23), ref, -4])}
    )
    assert ours.format(doc) == theirs.format(doc)


_WORDS = st.text(alphabet=st.sampled_from("ab &<>\"'éΩ;#\n\xa0\t"), min_size=1, max_size=8)
_INLINE = st.recursive(
    st.builds(tree.Text, _WORDS) | st.just(tree.LineBreak()),
    lambda kids: (
        st.builds(lambda k: tree.Strong(tuple(k)), st.lists(kids, max_size=3))
        | st.builds(lambda k: tree.Emphasis(tuple(k)), st.lists(kids, max_size=3))
        | st.builds(
            lambda href, k: tree.Link(href, tuple(k)),
            st.sampled_from(
                ["https://example.org/?a=1&b=<2>", "https://b.example/ x ", "mailto:a@b"]
            ),
            st.lists(kids, max_size=3),
        )
    ),
    max_leaves=8,
)


def _coalesced(made: list[Any]) -> list[tuple[Any, ...]]:
    """Fragments as comparable tuples, neighbours with the same attributes joined (the
    XML parser splits text at each entity; both are set alike)."""
    out: list[tuple[Any, ...]] = []
    for frag in made:
        attrs = {k: v for k, v in frag.__dict__.items() if k != "text"}
        key = repr(sorted(attrs.items()))
        if out and out[-1][0] == key and "cbDefn" not in attrs and "lineBreak" not in attrs:
            out[-1] = (key, out[-1][1] + frag.text)
        else:
            out.append((key, frag.text))
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_INLINE, min_size=1, max_size=5),
    st.sampled_from([0, 1, 2, 3]),
    st.sampled_from(["n1", "n22", " n3 "]),
    st.integers(1, 12),
)
def test_markup_trees_give_the_fragments_the_xml_parser_gives(
    inlines: list[tree.Inline], weight: int, anchor: str, number: int
) -> None:
    """Also when they come from the shape cache (a second paragraph of the same shape)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from briefgen.theme import Theme
    from briefgen.writers.pdf import frags
    from briefgen.writers.pdf.fonts import FontStack
    from briefgen.writers.pdf.markup import MarkupBuilder, node

    fonts = FontStack(Theme().fonts)
    style = ParagraphStyle("body", fontName=fonts.font(), fontSize=10, leading=14)
    markup = MarkupBuilder(fonts, {}, {"a": f"n{number}"}, "1F3864")
    m = markup.build((*inlines, tree.FootnoteRef("a", number)), weight)
    nodes = [node("a", {"name": anchor}), *markup.text(f"{number}. "), *m.nodes]
    from_xml = Paragraph(markup_xml(nodes), style).frags
    assert _coalesced(frags.parse(nodes, style)) == _coalesced(from_xml)
    assert _coalesced(frags.parse(nodes, style)) == _coalesced(from_xml)


def markup_xml(nodes: list[Any]) -> str:
    from briefgen.writers.pdf.markup import to_xml

    return to_xml(nodes)


def _long_paragraph_doc(words: int) -> tree.Document:
    from datetime import date

    vocab = [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "orbit",
        "lunar",
        "mission",
        "payload",
        "sensor",
        "launch",
    ]
    kids: list[tree.Inline] = []
    for i in range(0, words, 40):
        chunk = " ".join(vocab[(i + k) % len(vocab)] for k in range(40)) + ". "
        if i % 120 == 0:
            kids.append(tree.Strong((tree.Text(chunk),)))
        elif i % 200 == 0:
            kids.append(tree.Link("https://example.org/", (tree.Text(chunk),)))
        else:
            kids.append(tree.Text(chunk))
    meta = tree.Metadata("Long", "OFFICIAL", date(2026, 1, 1), "Org")
    return tree.Document(
        meta, (tree.Heading(1, "a", (tree.Text("Long"),)), tree.Paragraph(tuple(kids)))
    )


def test_a_paragraph_over_many_pages_is_broken_into_lines_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reportlab.platypus import Paragraph

    from briefgen.theme import Theme
    from briefgen.writers.pdf import render
    from briefgen.writers.pdf.rl import fastbreak, linebreak

    doc = _long_paragraph_doc(8000)
    calls: list[int] = []
    original = Paragraph.breakLines
    fast = fastbreak.break_lines

    def counted(self: Paragraph, width: Any) -> Any:
        calls.append(len(self.frags))  # fragments: a long paragraph's rest has many
        return original(self, width)

    def counted_fast(self: Paragraph, width: Any) -> Any:
        frags = len(self.frags)
        lines = fast(self, width)
        if lines is not None:  # otherwise ReportLab breaks it, counted above
            calls.append(frags)
        return lines

    monkeypatch.setattr(Paragraph, "breakLines", counted)
    monkeypatch.setattr(fastbreak, "break_lines", counted_fast)
    kept = render(doc, Theme())
    long_calls = [n for n in calls if n > 100]
    assert kept.pages >= 10
    assert len(long_calls) == 1  # the paragraph's lines, broken once for all its pages

    # without reuse, each page breaks the rest again: the same bytes, many more breaks
    calls.clear()
    monkeypatch.setattr(
        linebreak.KeepsLines, "split", lambda self, w, h: Paragraph.split(self, w, h)
    )
    again = render(doc, Theme())
    assert again.data == kept.data
    assert len([n for n in calls if n > 100]) >= kept.pages - 2


def _lines(para: Any, broken: Any) -> Any:
    """A paragraph's broken lines and word list as comparable values."""

    def frag(f: Any) -> str:
        return repr(sorted(f.__dict__.items()))

    if broken.kind == 0:
        lines: Any = [(extra, list(words)) for extra, words in broken.lines]
    else:
        lines = [
            (
                repr(sorted((k, v) for k, v in line.__dict__.items() if k != "words")),
                [frag(w) for w in line.words],
            )
            for line in broken.lines
        ]
    words = [
        (type(w).__name__, w[0], type(w[0]).__name__, [(frag(f), t) for f, t in w[1:]])
        if isinstance(w, list)
        else frag(w)
        for w in para.frags
    ]
    rest = {k: v for k, v in broken.__dict__.items() if k != "lines"}
    return repr(sorted(rest.items())), lines, words, para._width_max, para.height


_BREAK_INLINE = st.recursive(
    st.builds(
        tree.Text,
        st.text(alphabet=st.sampled_from("ab cdéΩ\xa0\n\t-"), min_size=1, max_size=30),
    )
    | st.builds(tree.Text, st.sampled_from(["Supercalifragilisticexpialidocious", "  ", "x"]))
    | st.builds(lambda n: tree.FootnoteRef("a", n), st.integers(1, 30))
    | st.just(tree.LineBreak()),
    lambda kids: (
        st.builds(lambda k: tree.Strong(tuple(k)), st.lists(kids, max_size=3))
        | st.builds(lambda k: tree.Emphasis(tuple(k)), st.lists(kids, max_size=3))
        | st.builds(
            lambda k: tree.Link("https://example.org/", tuple(k)), st.lists(kids, max_size=3)
        )
    ),
    max_leaves=10,
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_BREAK_INLINE, min_size=1, max_size=6),
    st.sampled_from([8.0, 61.5, 120.0, 300.0, 1000.0]),
    st.booleans(),
    st.sampled_from([0.0, 0.05]),
)
def test_fast_line_breaking_gives_reportlabs_lines(
    inlines: list[tree.Inline], width: float, anchored: bool, shrinkage: float
) -> None:
    """The same lines, words, widths and paragraph attributes as ReportLab's own
    ``breakLines``, or None where it leaves the paragraph to ReportLab."""
    _assert_breaks_as_reportlab(inlines, width, anchored, shrinkage)


_WORDS = st.lists(
    st.sampled_from(["a", "of", "the", "space", "agency", "Zürich", "résumé", "Ω", "x-y", "mid"]),
    min_size=1,
    max_size=40,
).map(" ".join)
_RUN_INLINE = st.one_of(
    st.builds(tree.Text, _WORDS.map(lambda t: f" {t} ")),
    st.builds(tree.Text, _WORDS),
    st.builds(lambda t: tree.Strong((tree.Text(t),)), _WORDS),
    st.builds(lambda n: tree.FootnoteRef("a", n), st.integers(1, 30)),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_RUN_INLINE, min_size=2, max_size=5),
    st.floats(60.0, 480.0),
    st.booleans(),
    st.sampled_from([0.0, 0.05, 0.3]),
)
def test_fast_line_breaking_of_long_runs_gives_reportlabs_lines(
    inlines: list[tree.Inline], width: float, anchored: bool, shrinkage: float
) -> None:
    """Long runs of words in one style, at any width, where a line's last words may fit only
    in the room its spaces can shrink by: ReportLab's lines."""
    _assert_breaks_as_reportlab(inlines, width, anchored, shrinkage)


def _assert_breaks_as_reportlab(
    inlines: list[tree.Inline], width: float, anchored: bool, shrinkage: float
) -> None:
    """``fastbreak.break_lines`` gives what ReportLab's ``breakLines`` gives, or None
    with the paragraph left as ReportLab needs it."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from briefgen.theme import Theme
    from briefgen.writers.pdf.fonts import FontStack
    from briefgen.writers.pdf.markup import MarkupBuilder, node, to_xml
    from briefgen.writers.pdf.rl import fastbreak

    fonts = FontStack(Theme().fonts)
    style = ParagraphStyle(
        "body", fontName=fonts.font(), fontSize=10, leading=14, spaceShrinkage=shrinkage
    )
    markup = MarkupBuilder(fonts, {}, {"a": "n1"}, "1F3864")
    nodes = markup.build(tuple(inlines), 0).nodes
    if anchored:
        nodes = [node("a", {"name": "here"}), *nodes]
    xml = to_xml(nodes)
    theirs, ours = Paragraph(xml, style), Paragraph(xml, style)
    widths, our_widths = [width], [width]
    expected = Paragraph.breakLines(theirs, widths)
    got = fastbreak.break_lines(ours, our_widths)
    if got is None:  # left to ReportLab: nothing it relies on was changed
        assert all(
            type(a) is type(b) and a.__dict__.keys() - {"_fkind"} == b.__dict__.keys() - {"_fkind"}
            for a, b in zip(Paragraph(xml, style).frags, ours.frags, strict=True)
        )
        assert our_widths == [width]
        return
    assert _lines(ours, got) == _lines(theirs, expected)
    assert our_widths == widths


def test_word_widths_are_reportlabs_with_a_full_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-process word widths are ``stringWidth``'s, also after the cache fills and
    starts again."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from briefgen.theme import Theme
    from briefgen.writers.pdf.fonts import FontStack
    from briefgen.writers.pdf.rl import fastbreak

    font = FontStack(Theme().fonts).font()
    monkeypatch.setattr(fastbreak, "_CACHE_LIMIT", 3)
    monkeypatch.setattr(fastbreak, "_word_widths", {})
    words = ["space", "", "agency", "Zürich", "space", "Ω", "a", "résumé", "agency"]
    for size in (10, 10.5, 7.0):
        for some in (words, words, ["mid", "mid"]):  # hits, then a miss in a full cache
            assert fastbreak._measure(some, font, size) == [
                stringWidth(w, font, size) for w in some
            ]
    assert list(fastbreak._word_widths[font, 10]) == ["mid"]  # it started again


def test_a_brief_paragraph_takes_the_fast_line_breaking() -> None:
    """Text, a bold run, a link, note references and a line break: no fallback to
    ReportLab."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from briefgen.theme import Theme
    from briefgen.writers.pdf.fonts import FontStack
    from briefgen.writers.pdf.markup import MarkupBuilder, to_xml
    from briefgen.writers.pdf.rl import fastbreak

    fonts = FontStack(Theme().fonts)
    style = ParagraphStyle("body", fontName=fonts.font(), fontSize=10, leading=14)
    markup = MarkupBuilder(fonts, {}, {"a": "n1"}, "1F3864")
    inlines = (
        tree.Text("The agreement was signed in 2024 by "),
        tree.Strong((tree.Text("both agencies"),)),
        tree.Text(" and "),
        tree.Link("https://example.org/", (tree.Text("published"),)),
        tree.FootnoteRef("a", 1),
        tree.Text(" the same day."),
        tree.LineBreak(),
        tree.Text("A second line after a break."),
    )
    xml = to_xml(markup.build(inlines, 0).nodes)
    for width in (90.0, 450.0):
        theirs, ours = Paragraph(xml, style), Paragraph(xml, style)
        got = fastbreak.break_lines(ours, [width])
        assert got is not None
        assert _lines(ours, got) == _lines(theirs, Paragraph.breakLines(theirs, [width]))
    plain = Paragraph("Just words, set in one style, over a few lines of a brief.", style)
    assert fastbreak.break_lines(plain, [60.0]).kind == 0


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            "ab \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2000\u2007\u200a\u200b\u2028\u202f\u3000é"
        ),
        max_size=20,
    )
)
def test_text_is_cleaned_as_reportlab_cleans_it(text: str) -> None:
    from reportlab.platypus.paragraph import cleanBlockQuotedText

    from briefgen.writers.pdf.frags import _clean_block

    assert _clean_block(text) == cleanBlockQuotedText(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet=st.sampled_from("abc Zé\xa0Ωж\u4e00\u2014\U0001f600"), max_size=12))
)
def test_fast_subset_codes_are_reportlabs(texts: list[str]) -> None:
    """A font's text to subset codes, fast path or not: the same runs, the same codes
    handed out in the same order."""
    from reportlab.pdfbase.pdfdoc import PDFDocument
    from reportlab.pdfbase.pdfmetrics import getFont
    from reportlab.pdfbase.ttfonts import TTFont

    from briefgen.theme import Theme
    from briefgen.writers.pdf.fonts import FontStack

    font = getFont(FontStack(Theme().fonts).font())
    ours, theirs = PDFDocument(), PDFDocument()
    for text in texts * 2:  # the second time round, every character has its code
        assert font.splitString(text, ours) == TTFont.splitString(font, text, theirs)
    a, b = font.state.get(ours), font.state.get(theirs)
    assert (a is None) == (b is None)
    if a is not None:
        assert (a.assignments, a.subsets) == (b.assignments, b.subsets)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from("ABCDEFGHKPS"), st.text(max_size=6), max_size=9))
def test_fast_dictionaries_write_strings_as_reportlab_encodes_them(
    values: dict[str, str],
) -> None:
    """Plain strings (names, literal PDF) in PDFDocEncoding, fast path or not; characters
    it cannot encode fail alike."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFDocument

    from briefgen.writers.pdf.rl.fastpdf import FastDict

    doc = PDFDocument(invariant=1)
    try:
        expected: bytes | type[Exception] = PDFDictionary(dict(values)).format(doc)
    except UnicodeEncodeError:
        expected = UnicodeEncodeError
    try:
        got: bytes | type[Exception] = FastDict(dict(values)).format(doc)
    except UnicodeEncodeError:
        got = UnicodeEncodeError
    assert got == expected


def _every_inline_doc(extra: tuple[tree.Inline, ...] = ()) -> tree.Document:
    """Paragraphs with every kind of inline, in several scripts and alignments."""
    from datetime import date

    t = tree.Text
    meta = tree.Metadata("Drawing", "OFFICIAL", date(2026, 1, 1), "Org", control=("Contact: A",))
    rich = (
        tree.Anchor("start"),
        t("Plain, "),
        tree.Strong((t("bold "), tree.Emphasis((t("bold italic"),)))),
        t(" & "),
        tree.Emphasis((t("italic (x) \\ y"),)),
        tree.FootnoteRef("a", 1),
        t(" see "),
        tree.Link("#later", (t("the later part"),)),
        t(" or "),
        tree.Link("https://example.org/a?b=1", (t("a site"), tree.Strong((t(" bold"),)))),
        tree.Link("#top", (t("ends in a space "),)),
        t("after it"),
        tree.LineBreak(),
        t("Ελληνικά και кириллица, " * 3),
        t("an overfull word: " + "x" * 120),
        *extra,
    )
    item = tree.ListItem((tree.Paragraph((*rich[1:5], tree.Link("#top", (t("up"),)))),))
    blocks: tuple[tree.Block, ...] = (
        tree.Heading(1, "top", (t("Drawing"),)),
        tree.Paragraph(rich),
        tree.Paragraph((t("Plain text in one style, " * 12),)),
        tree.Paragraph(
            (t("עברית ועוד מילים, " * 4), t("and English")),
        ),
        tree.Callout("note", (tree.Paragraph((t("A note "), tree.FootnoteRef("b", 2))),)),
        tree.BulletList((item, item)),
        tree.OrderedList((tree.ListItem((tree.Paragraph((t("one"),)),)),) * 3),
        tree.Table(
            ((t("Name"),), (t("Amount"),)),
            (((t("Alpha"),), (t("1,234"),)), ((tree.Strong((t("Beta"),)),), (t("56"),))),
            ("left", "right"),
            (0.7, 0.3),
            "Figures",
        ),
        tree.Timeline(
            (tree.TimelineEntry("1 March 2026", rich[1:6]), tree.TimelineEntry("2027", (t("x"),)))
        ),
        tree.Heading(2, "later", (t("Later"),)),
        tree.Paragraph((tree.Anchor("end"),)),
        tree.Notes(),
    )
    notes = (
        tree.Footnote("a", 1, (tree.Paragraph((tree.Link("https://example.org/n", (t("N"),)),)),)),
        tree.Footnote("b", 2, (tree.Paragraph((t("Second note."),)),)),
    )
    return tree.Document(meta, blocks, notes)


def _render_both(doc: tree.Document, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, bytes, int]:
    """The PDF with and without `fastdraw`, and how many paragraphs it drew."""
    from briefgen.theme import Theme
    from briefgen.writers.pdf import render
    from briefgen.writers.pdf.rl import fastdraw

    drawn: list[bool] = []
    original = fastdraw.draw

    def counted(*args: Any, **kw: Any) -> bool:
        done = original(*args, **kw)
        drawn.append(done)
        return done

    monkeypatch.setattr(fastdraw, "draw", counted)
    fast = render(doc, Theme()).data
    monkeypatch.setattr(fastdraw, "ENABLED", False)
    slow = render(doc, Theme()).data
    monkeypatch.setattr(fastdraw, "ENABLED", True)
    return fast, slow, sum(drawn)


def test_fast_drawing_writes_reportlabs_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow, drawn = _render_both(_every_inline_doc(), monkeypatch)
    assert fast == slow
    assert drawn >= 20  # most paragraphs took the fast path
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(fast)).pages)
    assert "Ελληνικά και кириллица" in text
    assert "the later part" in text


@settings(max_examples=60, deadline=None)
@given(st.lists(_INLINE, min_size=1, max_size=6))
def test_fast_drawing_of_any_inlines_writes_reportlabs_bytes(inlines: list[tree.Inline]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow, _drawn = _render_both(_every_inline_doc(tuple(inlines)), monkeypatch)
    assert fast == slow
