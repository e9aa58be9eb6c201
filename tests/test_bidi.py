"""Right-to-left text: lines are broken in logical order and each line is shown in display
order, so a wrapped Arabic or Hebrew paragraph reads from its first line down."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle

from briefgen.theme import resource_path
from briefgen.writers.pdf import bidi
from briefgen.writers.pdf.flowables import TaggedParagraph
from briefgen.writers.pdf.fonts import register


def test_display_order_of_one_line() -> None:
    # right to left: the words reversed; a Latin run and a number keep their own order
    words = ["وكالة", "الفضاء", "NASA", "ESA", "2026", "مع", "شركائها"]
    shown = [words[i] for i in bidi.visual_order(words, rtl=True)]
    assert shown == ["شركائها", "مع", "NASA", "ESA", "2026", "الفضاء", "وكالة"]
    # left to right: only the Arabic run is reversed
    words = ["The", "agency", "وكالة", "الفضاء", "works"]
    shown = [words[i] for i in bidi.visual_order(words, rtl=False)]
    assert shown == ["The", "agency", "الفضاء", "وكالة", "works"]


def test_paragraph_direction_comes_from_its_first_strong_character() -> None:
    assert bidi.base_is_rtl("(2026) وكالة NASA") is True
    assert bidi.base_is_rtl("NASA وكالة") is False
    assert bidi.base_is_rtl("2026 - 2027") is None


def test_a_wrapped_arabic_paragraph_reads_from_its_first_line() -> None:
    font = register(resource_path("fonts", "DejaVuSans.ttf"))
    style = ParagraphStyle("body", fontName=font, fontSize=10, leading=12, shaping=1)
    words = [f"كلمة{n}" for n in "١٢٣٤٥٦٧٨٩"] * 3  # 27 words, distinct in order
    para = TaggedParagraph(" ".join(words), style)
    para.wrap(150, 1000)
    lines = bidi.visual(para.blPara, rtl=True).lines
    assert len(lines) >= 3 and para.rtl is True
    assert para.style.alignment == 2  # right-aligned

    def text(line: object) -> list[str]:
        return "".join(str(f.text) for f in line.words).split()  # type: ignore[attr-defined]

    logical = [text(line) for line in para.blPara.lines]
    assert sum(len(w) for w in logical) == len(words)  # broken in the order written
    for shown, written in zip(lines, logical, strict=True):
        assert text(shown) == written[::-1]  # the first word written is the rightmost
