"""`has_rtl` (the writers' test for right-to-left text) finds its answer in one scan for
text with nothing at or above U+0590 (issue 24, speed); it must answer as looking up every
character's bidi class would."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from briefgen.writers.direction import RTL, has_rtl

_MIXED = st.text(
    st.one_of(
        st.characters(max_codepoint=0x7F),
        st.characters(min_codepoint=0x0580, max_codepoint=0x08FF),  # Hebrew, Arabic ...
        st.characters(min_codepoint=0x2000, max_codepoint=0x206F),  # marks and isolates
        st.characters(min_codepoint=0xFB1D, max_codepoint=0xFEFF),  # presentation forms
        st.characters(),
    ),
    max_size=40,
)


def _every_character(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in RTL for c in text)


@given(_MIXED)
def test_has_rtl_answers_as_every_character_looked_up(text: str) -> None:
    assert has_rtl(text) is _every_character(text)


def test_has_rtl_on_known_text() -> None:
    assert not has_rtl("")
    assert not has_rtl("Plain text, café, \u2068isolated\u2069, \U0001f600")
    assert has_rtl("Hebrew \u05e9\u05dc\u05d5\u05dd") and has_rtl("\u0645\u0631\u062d\u0628\u0627")
    assert has_rtl("\U00010800")  # Cypriot syllable: right to left, beyond the BMP
