"""ReportLab's greedy line breaking for the common paragraph, the same lines in less time.

`Paragraph.breakLines` is about a quarter of a pack's PDF time: for every word it looks
fonts up through several calls, measures the line's spaces again and compares fragment
styles attribute by attribute.  `break_lines` follows the same steps in the same order
(so the lines, and the file's bytes, are identical) with each font's width function and
metrics looked up once, words' widths kept per font and size, fragment styles compared once
per pair of source fragments, and a line's run of plain words of one fragment taken in a
tight loop that adds the same floats in the same order.

It covers what briefgen's paragraphs use: text fragments of any font, size, colour, rise
and link, anchors and line breaks.  Anything else (soft hyphens, hyphenation, inline
images, bidirectional or shaped text, a word wider than the line) returns None, and
ReportLab breaks the paragraph itself.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from itertools import repeat
from string import whitespace
from typing import Any

from reportlab.lib.rl_accel import instanceStringWidthTTF, sameFrag
from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus.paragraph import (
    FragLine,
    ParaLines,
    _handleBulletWidth,
    _HSFrag,
    _processed_frags,
    _wsc,
    _wsc_re_split,
)
from reportlab.platypus.paraparser import ParaFrag

_FK_TEXT = 0
_FK_APPEND = 2
_FK_BREAK = 3
_SHY = "\xad"
_new = object.__new__

_width_fns: dict[str, Callable[[str, float], float]] = {}


def _width_fn(font_name: str) -> Callable[[str, float], float]:
    """``stringWidth(text, font_name, size)`` without the font lookup on every call."""
    fn = _width_fns.get(font_name)
    if fn is None:
        font = getFont(font_name)
        plain = isinstance(font, TTFont) and type(font).stringWidth is TTFont.stringWidth
        fn = partial(instanceStringWidthTTF, font) if plain else font.stringWidth
        _width_fns[font_name] = fn
    return fn


_font_metrics: dict[tuple[str, float], tuple[float, float, float]] = {}


def _font(font_name: str, size: float) -> tuple[float, float, float]:
    """The font's ascent, descent and space width at the size, as ReportLab measures them."""
    found = _font_metrics.get((font_name, size))
    if found is None:
        ascent, descent = getAscentDescent(font_name, size)
        found = _font_metrics[font_name, size] = (ascent, descent, _width_fn(font_name)(" ", size))
    return found


def _clone(f: Any) -> Any:
    """``f.clone()``: a copy of the fragment's attributes (a `ParaFrag`'s without the call)."""
    if type(f) is not ParaFrag:
        return f.clone()
    g = _new(ParaFrag)
    g.__dict__.update(f.__dict__)
    return g


_word_widths: dict[tuple[str, float], dict[str, float]] = {}
_CACHE_LIMIT = 20_000  # words a font size keeps; past it the cache starts again


def _measure(words: list[str], font_name: str, size: float) -> list[float]:
    """Each word's ``stringWidth`` in the font at the size, from a per-process cache."""
    cache = _word_widths.get((font_name, size))
    if cache is None:
        cache = _word_widths[font_name, size] = {}
    try:
        return list(map(cache.__getitem__, words))
    except KeyError:
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        sw = _width_fn(font_name)
        out = []
        for w in words:
            width = cache.get(w)
            if width is None:
                width = cache[w] = sw(w, size)
            out.append(width)
        return out


def _split(text: str) -> list[str]:
    """ReportLab's ``split``: whitespace, but a no-break space is not a break."""
    return _wsc_re_split(text) if "\xa0" in text else text.split()


def _plain_style(style: Any) -> bool:
    """Whether ``style`` asks for nothing this module leaves to ReportLab."""
    return not (
        style.endDots
        or style.shaping
        or style.wordWrap
        or getattr(style, "hyphenationLang", "")
        or style.uriWasteReduce
        or style.embeddedHyphenation
    )


def break_lines(para: Any, width: Any) -> Any | None:
    """The `ParaLines` ReportLab's ``para.breakLines(width)`` would return, or None when
    the paragraph needs something only ReportLab's own breaking does."""
    style = para.style
    frags = para.frags
    if not frags or not _plain_style(style) or _processed_frags(frags):
        return None
    if getattr(para, "encoding", "utf8") != "utf8":
        return None
    for f in frags:
        text = getattr(f, "text", None)
        if text is None or _SHY in text or hasattr(f, "backColor"):
            return None
        if text == "" and getattr(getattr(f, "cbDefn", None), "width", 0):
            return None  # an inline image
    max_widths = list(width) if isinstance(width, (tuple, list)) else [width]
    _handleBulletWidth(para.bulletText, style, max_widths)
    if len(frags) == 1:
        if hasattr(frags[0], "cbDefn"):
            return None
        lines = _simple(para, frags[0], style, max_widths)
    else:
        lines = _fragments(para, frags, style, max_widths)
    if lines is not None and isinstance(width, list):
        width[:] = max_widths  # ReportLab adjusts the caller's widths for a bullet
    return lines


def _simple(para: Any, f: Any, style: Any, max_widths: list[float]) -> Any | None:
    """One fragment: ReportLab's ``kind=0`` lines (each: unused width, words)."""
    font_size = f.fontSize
    font_name = f.fontName
    ascent, descent, space_width = _font(font_name, font_size)
    text = f.text.strip(_wsc)
    if not text:
        return _start(
            para, f.clone(kind=0, lines=[], ascent=ascent, descent=descent, fontSize=font_size), 0
        )
    words = _split(text)
    shrink = style.spaceShrinkage * space_width
    split_long = style.splitLongWords
    last = len(max_widths) - 1
    lineno = 0
    max_width = max_widths[0]
    width_max = 0.0
    lines: list[tuple[float, list[str]]] = []
    line: list[str] = []
    current = -space_width
    for word, word_width in zip(words, _measure(words, font_name, font_size), strict=True):
        new_width = current + space_width + word_width
        lim_width = max_width + shrink * len(line)
        if new_width > lim_width and split_long:
            nmw = min(lineno, last)
            if word_width > max(max_widths[nmw : nmw + 1]):
                return None  # a word wider than the line: ReportLab splits it
        if new_width <= lim_width or not line:
            line.append(word)
            current = new_width
        else:
            if current > width_max:
                width_max = current
            lines.append((max_width - current, line))
            line = [word]
            current = word_width
            lineno += 1
            max_width = max_widths[min(last, lineno)]
    if line:
        if current > width_max:
            width_max = current
        lines.append((max_width - current, line))
    return _start(
        para,
        f.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=font_size),
        width_max,
    )


def _start(para: Any, result: Any, width_max: float) -> Any:
    """``result``, with the attributes ReportLab's ``breakLines`` sets on the paragraph."""
    para.height = 0
    para._splitLongWordCount = para._hyphenations = 0
    para._width_max = width_max
    return result


def _frag_words(frags: list[Any]) -> list[Any]:
    """ReportLab's ``_getFragWords`` for text fragments and anchors: each word as
    ``[width, (frag, text), ...]``, an `_HSFrag` when a space follows it."""
    out: list[Any] = []
    word: list[Any] = []
    n: float = 0
    hanging_strip = True
    for f in frags:
        text = f.text
        if text != "":
            f._fkind = _FK_TEXT
            if hanging_strip:
                text = text.lstrip(_wsc)
                if not text:
                    continue
                hanging_strip = False
            parts = _split(text)
            if text[0] in whitespace or not parts:
                if word:
                    word.insert(0, n)
                    out.append(word)
                    word = []
                    n = 0
                    parts.insert(0, "")
                elif not (out and isinstance(out[-1], _HSFrag)):
                    parts.insert(0, "")
                elif not parts:
                    continue
            widths = _measure(parts, f.fontName, f.fontSize)
            last = len(parts) - 1
            start = 0
            if word and last:  # the first part ends the word the last fragment began
                word.append((f, parts[0]))
                n += widths[0]
                word.insert(0, n)
                out.append(_HSFrag(word))
                word = []
                n = 0
                start = 1
            if last > start:  # each word alone: ReportLab's ``0 + width`` is the width
                pieces = zip(repeat(f), parts[start:last])
                out += map(_HSFrag, zip(widths[start:last], pieces, strict=False))
            word.append((f, parts[last]))
            n += widths[last]
            if text[-1] in whitespace:
                word.insert(0, n)
                out.append(_HSFrag(word))
                word = []
                n = 0
        elif hasattr(f, "cbDefn"):
            f._fkind = _FK_APPEND
            if not word and out and isinstance(out[-1], _HSFrag):
                out[-1].append((f, ""))
            else:
                word.append((f, ""))
        elif hasattr(f, "lineBreak"):  # ends the word; the breaker ends the line on it
            if word:
                word.insert(0, n)
                out.append(word)
                word = []
                n = 0
            f._fkind = _FK_BREAK
            out.append([0, (f, "")])
            hanging_strip = True
    if word:
        word.insert(0, n)
        out.append(word)
    if not out:
        f = frags[0]
        f._fkind = _FK_TEXT
        out = [[0, (f, "")]]
    return out


def _metrics(frags: list[Any]) -> dict[int, tuple[float, float, float]]:
    """Each fragment's ascent, descent and space width, by ``id``."""
    return {id(f): _font(f.fontName, f.fontSize) for f in frags}


def _fragments(para: Any, frags: list[Any], style: Any, max_widths: list[float]) -> Any | None:
    """Several fragments: ReportLab's ``kind=1`` lines of style runs (`FragLine`)."""
    metrics = _metrics(frags)
    same: dict[tuple[int, int], bool] = {}  # sameFrag of two source fragments
    shrinkage = style.spaceShrinkage
    split_long = style.splitLongWords
    last = len(max_widths) - 1
    lineno = 0
    max_width = max_widths[0]
    width_max = 0.0
    lines: list[Any] = []
    fw = _frag_words(frags)  # ReportLab's FW: the words, in order
    count = len(fw)
    i = 0  # the next word's index in fw
    first_word = 0
    words: list[Any] = []  # the line's style runs
    spaces: list[float] = []  # each run's space width, 0 for an anchor
    src: Any = None  # the source fragment of the line's last run
    g: Any = None
    n = 0
    space_width = current = 0.0
    max_size = max_ascent = min_descent = 0.0
    while i < count:
        w = fw[i]
        i += 1
        f = w[-1][0]
        font_size = f.fontSize
        last_space = metrics[id(f)][2]  # the space after the word is in its last font
        if not words:
            n = 0
            space_width = current = 0
            max_size = font_size
            max_ascent, min_descent, _ = metrics[id(f)]
        word_width = w[0]
        f = w[1][0]
        line_break = f._fkind == _FK_BREAK
        new_width = current + space_width + word_width if word_width > 0 else current
        lim_width = max_width
        if shrinkage:
            shrink = space_width
            for wi, sp in zip(words, spaces, strict=True):
                if sp:
                    ns = wi.text.count(" ")
                    if ns:
                        shrink += ns * sp
            shrink *= shrinkage
            lim_width += shrink
        if not line_break and new_width > lim_width and not hasattr(f, "cbDefn") and split_long:
            nmw = min(lineno, last)
            if word_width > max(max_widths[nmw : nmw + 1]):
                return None  # a word wider than the line: ReportLab splits it
        if not line_break and not (new_width > lim_width and n > 0):
            text = w[1][1]
            if f is src and len(w) == 2 and not hasattr(f, "cbDefn"):
                # a word of the line's last run: its metrics are counted already
                if text:
                    n += 1
                if space_width and not g.text.endswith(" "):
                    g.text += " " + text
                else:
                    g.text += text
                space_width = last_space if isinstance(w, _HSFrag) else 0
            else:
                if text:
                    n += 1
                font_size = f.fontSize
                ascent, descent, sp = metrics[id(f)]
                max_size = max(max_size, font_size)
                max_ascent = max(max_ascent, ascent)
                min_descent = min(min_descent, descent)
                key = (id(src), id(f))
                alike = same.get(key)
                if alike is None and words:
                    alike = same[key] = bool(sameFrag(src, f))
                if not words:
                    g = _clone(f)
                    words = [g]
                    spaces = [_text_space(g, sp)]
                    g.text = text
                    src = f
                elif not alike:
                    if space_width:
                        for wi in reversed(words):
                            if wi._fkind == _FK_TEXT:
                                if not wi.text.endswith(" "):
                                    wi.text += " "
                                break
                    g = _clone(f)
                    words.append(g)
                    spaces.append(_text_space(g, sp))
                    g.text = text
                    src = f
                elif space_width:
                    if not g.text.endswith(" "):
                        g.text += " " + text
                    else:
                        g.text += text
                else:
                    g.text += text
                # ReportLab measures this space in the word's last font at its first size
                if isinstance(w, _HSFrag):
                    space_width = (
                        last_space if font_size == w[-1][0].fontSize else _space(w, font_size)
                    )
                else:
                    space_width = 0
                if len(w) > 2:
                    g, real, max_size, max_ascent, min_descent = _pieces(
                        w, words, spaces, metrics, max_size, max_ascent, min_descent
                    )
                    src = w[-1][0]
                    if not text and real:
                        n += 1
            current = new_width
        else:
            if line_break:  # the break ends the line it is on; the next begins empty
                words.append(_clone(f))
                spaces.append(0.0)
            if current > width_max:
                width_max = current
            lines.append(
                FragLine(
                    extraSpace=max_width - current,
                    wordCount=n,
                    lineBreak=line_break and not style.justifyBreaks,
                    words=words,
                    fontSize=max_size,
                    ascent=max_ascent,
                    descent=min_descent,
                    maxWidth=max_width,
                    sFW=first_word,
                )
            )
            first_word = i - 1
            lineno += 1
            max_width = max_widths[min(last, lineno)]
            if line_break:
                words = []
                spaces = []
                src = g = None  # the next word starts a run of its own
                continue
            space_width = last_space if isinstance(w, _HSFrag) else 0
            current = word_width
            n = 1
            g = _clone(f)
            src = f
            max_size = g.fontSize
            max_ascent, min_descent, sp = metrics[id(f)]
            words = [g]
            spaces = [_text_space(g, sp)]
            g.text = w[1][1]
            if len(w) > 2:
                g, _, max_size, max_ascent, min_descent = _pieces(
                    w, words, spaces, metrics, max_size, max_ascent, min_descent
                )
                src = w[-1][0]
        # The words that follow, while each is one piece of the last run's source fragment
        # followed by a space and fits: the steps above with the same floats, in bulk.
        if (
            i < count
            and shrinkage > 0
            and space_width > 0
            and space_width == spaces[-1]
            and type(fw[i]) is _HSFrag
            and len(fw[i]) == 2
            and fw[i][1][0] is src
            and not g.text.endswith(" ")
        ):
            sp = space_width
            text = g.text
            ns = text.count(" ")  # the last run's spaces, counted by ReportLab on each word
            shrink = space_width  # ReportLab's sum up to the last run, which does not change
            for wi, spr in zip(words[:-1], spaces[:-1], strict=True):
                if spr:
                    nsr = wi.text.count(" ")
                    if nsr:
                        shrink += nsr * spr
            # each word's limit is at least the first one's: only a word past it is checked
            bound = max_width + (shrink + ns * sp) * shrinkage
            start = i
            while i < count:
                w = fw[i]
                if type(w) is not _HSFrag or len(w) != 2 or w[1][0] is not src:
                    break
                word_width = w[0]
                if not word_width > 0:
                    break
                new_width = current + sp + word_width
                if new_width > bound:
                    lim_width = max_width + (shrink + (ns + i - start) * sp) * shrinkage
                    if new_width > lim_width:
                        break  # the line ends here (or the word is too wide): steps above
                    bound = lim_width
                current = new_width
                i += 1
            if i > start:
                g.text = text + " " + " ".join([w[1][1] for w in fw[start:i]])
                n += i - start
    if words:
        if current > width_max:
            width_max = current
        lines.append(
            FragLine(
                extraSpace=max_width - current,
                wordCount=n,
                lineBreak=False,
                words=words,
                fontSize=max_size,
                ascent=max_ascent,
                descent=min_descent,
                maxWidth=max_width,
                sFW=first_word,
            )
        )
    para.frags = fw
    return _start(para, ParaLines(kind=1, lines=lines), width_max)


def _pieces(
    w: Any,
    words: list[Any],
    spaces: list[float],
    metrics: dict[int, tuple[float, float, float]],
    max_size: float,
    max_ascent: float,
    min_descent: float,
) -> tuple[Any, int, float, float, float]:
    """A word's pieces after its first, each a run of its own (a copy of its fragment with
    the piece's text) added to the line's runs and their extents: the last run, whether a
    piece had text, and the line's largest size, ascent and lowest descent."""
    g: Any = None
    real = 0
    for piece, piece_text in w[2:]:
        g = _clone(piece)
        g.text = piece_text
        if piece_text:
            real = 1
        words.append(g)
        ascent, descent, sp = metrics[id(piece)]
        spaces.append(_text_space(g, sp))
        max_size = max(max_size, g.fontSize)
        max_ascent = max(max_ascent, ascent)
        min_descent = min(min_descent, descent)
    return g, real, max_size, max_ascent, min_descent


def _text_space(run: Any, space: float) -> float:
    """The space width a run adds per space to the line's shrinkable room (text runs only)."""
    return space if run._fkind == _FK_TEXT else 0.0


def _space(w: Any, size: float) -> float:
    """A space in the font of ``w``'s last piece at ``size``."""
    return _width_fn(w[-1][0].fontName)(" ", size)
