"""Drawing plain paragraphs straight into the content stream.

ReportLab draws a paragraph through ``Flowable.drawOn`` (save the graphics state,
translate), ``Paragraph.drawPara`` and a ``PDFTextObject`` whose methods each append one
operator.  For the paragraphs briefgen makes most (left- or right-aligned, TrueType
fonts, plain colours, links and anchors) `draw` writes the same operators itself, in
the same pieces, so the bytes are the same; anything else (bullets, justification,
shaped or ReportLab-RTL text, images, borders, highlights...) returns ``False`` and
ReportLab draws it.  The text is set before the canvas is touched, so giving up is free.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus.paragraph import _scheme_re, _usConv, _wsc_end_search
from reportlab.rl_config import paraFontSizeHeightOffset

ENABLED = True
"""Switch for tests and benchmarks: ``False`` leaves every paragraph to ReportLab."""

_fonts: dict[str, tuple[Any, Callable[[str, float], float]] | None] = {}

_heads: dict[tuple[float, float | None], str] = {}
"""``<size> Tf <leading> TL`` by size and leading (set with each font subset chosen)."""

Action = tuple[Callable[..., Any], tuple[Any, ...]]


def _font(name: str) -> tuple[Any, Callable[[str, float], float]] | None:
    """A TrueType font and its ``stringWidth``, or ``None`` for a font left to ReportLab."""
    try:
        return _fonts[name]
    except KeyError:
        font = getFont(name)
        entry = (font, font.stringWidth) if font._dynamicFont else None
        _fonts[name] = entry
        return entry


class _Unsupported(Exception):
    """Something in the paragraph that only ReportLab draws."""


def _plain(para: Any) -> bool:
    style = para.style
    return not (
        style.alignment not in (TA_LEFT, TA_RIGHT)
        or para.bulletText
        or style.backColor
        or (getattr(style, "borderColor", None) and getattr(style, "borderWidth", None))
        or style.wordWrap
        or style.endDots
        or style.shaping
        or getattr(para, "_offsets", None) is not None
        or getattr(para, "autoLeading", getattr(style, "autoLeading", "")) in ("min", "max")
        or getattr(para, "_showBoundary", None)
        or "preformatted" in type(para).__name__.lower()
    )


class _Text:
    """The operators of one text object (``BT`` ... ``ET``), as ``PDFTextObject`` makes them."""

    __slots__ = ("code", "x0", "doc", "escape", "font", "size", "leading", "subset", "coloured")

    def __init__(self, canv: Any, x: float, y: float) -> None:
        self.code: list[str] = ["BT", f"1 0 0 1 {fp_str(x, y)} Tm"]
        self.x0 = x
        self.doc = canv._doc
        self.escape = canv._escape
        self.font: Any = None
        self.size: float = 0
        self.leading: float | None = None
        self.subset = -1
        self.coloured = False  # a fill colour was set (its alpha asks for PDF 1.4)

    def move(self, dx: float) -> None:
        """``setXPos``: a new line ``dx`` along, merged with a move just before it."""
        if not (dx > 1e-6 or dx < -1e-6):
            return
        code = self.code
        dy = 0.0
        if code[-1].endswith(" Td"):
            last = code[-1].split()
            if len(last) == 3:
                del code[-1]
            else:
                code[-1] = "".join(last[:-4])
            last_dx = float(last[-3])
            dx += last_dx
            dy -= float(last[-2])
            self.x0 -= last_dx
        code.append(f"{fp_str(dx, -dy)} Td")
        self.x0 += dx

    def show(self, text: str, last: bool) -> None:
        """``_textOut``: show ``text`` in the current TrueType font (``T*`` after a line)."""
        font = self.font
        out: list[str] = []
        head = None
        for subset, chunk in font.splitString(text, self.doc):
            if subset != self.subset:
                if head is None:
                    key = (self.size, self.leading)
                    head = _heads.get(key)
                    if head is None:
                        head = _heads[key] = f"{fp_str(self.size)} Tf {fp_str(self.leading)} TL"
                out.append(f"{font.getSubsetInternalName(subset, self.doc)} {head}")
                self.subset = subset
            out.append(f"({self.escape(chunk)}) Tj")
        self.code.append(" ".join(out) + (" T*" if last else ""))


def _colour(c: Any, tx: _Text) -> str:
    """``setFillColor`` of an opaque RGB colour: ``rg`` (its alpha of 1 is already set)."""
    if type(c) is not Color or c.alpha != 1:
        raise _Unsupported
    tx.coloured = True
    return f"{fp_str(c.red, c.green, c.blue)} rg"


def draw(para: Any, canv: Any, x: float, y: float, _sW: float = 0, *, spaced: bool = True) -> bool:
    """Draw ``para`` as ``Flowable.drawOn`` would, if it is plain; ``False`` if it is not.
    Unless ``spaced``, each line but the last is drawn as if ``flowables._space_line_ends``
    had ended it with a space."""
    if (
        not ENABLED
        or para.debug
        or not _plain(para)
        or not canv.bottomup
        or canv._enforceColorSpace
        or canv._extgstate._d.get("ca", 1) != 1
        or canv._extgstate._d.get("CA", 1) != 1
    ):
        return False
    lines = para.blPara.lines
    if not lines:
        return False
    actions: list[Action] = []
    x = para._hAlignAdjust(x, _sW)
    try:
        if para.blPara.kind == 0:
            head, tx = _draw_simple(para, canv, spaced)
        else:
            head, tx = _draw_frags(para, canv, actions, spaced)
    except _Unsupported:
        return False
    tx.code.append("ET")
    if tx.coloured:
        canv._doc.ensureMinPdfVersion("transparency")
    matrix = canv._currentMatrix
    a, b, c, d, e, f = matrix
    code = canv._code
    code.append("q")
    code.append(f"{fp_str(1, 0, 0, 1, x, y)} cm")
    code.append("q")
    code.extend(head)
    code.append(" ".join(tx.code))
    code.append("Q")
    code.append("Q")
    if actions:
        canv._currentMatrix = (a, b, c, d, a * x + c * y + e, b * x + d * y + f)
        try:
            for fn, args in actions:
                fn(*args)
        finally:
            canv._currentMatrix = matrix
    return True


def _draw_simple(para: Any, canv: Any, spaced: bool) -> tuple[list[str], _Text]:
    """``drawPara`` for a paragraph in one style (kind 0): one ``Tj`` a line."""
    bl = para.blPara
    style = para.style
    if bl.us_lines or bl.link:
        raise _Unsupported
    fonted = _font(bl.fontName)
    if fonted is None:
        raise _Unsupported
    if paraFontSizeHeightOffset:
        cur_y = para.height - bl.fontSize
    else:
        cur_y = para.height - getattr(bl, "ascent", bl.fontSize)
    tx = _Text(canv, style.leftIndent, cur_y)
    colour = _colour(bl.textColor, tx)
    tx.font, tx.size, tx.leading = fonted[0], bl.fontSize, style.leading
    right = style.alignment == TA_RIGHT
    offset = style.firstLineIndent
    lines = bl.lines
    end = len(lines) - 1
    for i, (extra, words) in enumerate(lines):
        text = " ".join(words)
        n = len(words)
        if i < end and not spaced:  # the line's words and "": a space after the last
            n += 1
            if n > 1:
                text += " "
        spaces = 0 if extra > -1e-8 else n + text.count("\xa0") - 1
        if type(text) is not str:
            raise _Unsupported
        m = offset + extra if right and spaces <= 0 else offset
        if not right:
            tx.move(m)
        if spaces > 0:
            tx.code.append(f"{fp_str(extra / float(spaces))} Tw")
        if right:
            tx.move(m)
        tx.show(text, True)
        if spaces > 0:
            tx.code.append("0 Tw")
        tx.move(-m)
        offset = 0
    return [colour], tx


def _no_width(text: str, size: float) -> float:
    """The width of text before any font is set: there is none."""
    raise _Unsupported


def _draw_frags(
    para: Any, canv: Any, actions: list[Action], spaced: bool
) -> tuple[list[str], _Text]:
    """``drawPara`` for a paragraph of styled runs (kind 1): ``_putFragLine`` for each line,
    its anchors and links recorded in ``actions`` to be made once the text is set, and the
    canvas operators drawn before the text (underlines) returned."""
    style = para.style
    lines = para.blPara.lines
    first = lines[0]
    if paraFontSizeHeightOffset:
        cur_y = para.height - first.fontSize
    else:
        cur_y = para.height - getattr(first, "ascent", first.fontSize)
    left = style.leftIndent
    leading = style.leading
    right = style.alignment == TA_RIGHT
    tx = _Text(canv, left, cur_y)
    code = tx.code
    font_name: str | None = None
    width: Callable[[str, float], float] = _no_width  # the current run's font's
    colour: Any = None
    rise: float = 0
    offset = style.firstLineIndent
    strokes = _Strokes(canv, tx, first.fontSize)
    end = len(lines) - 1
    for n_line, line in enumerate(lines):
        extra = line.extraSpace
        words = line.words
        spaced_at = -1  # the run that ends with a space: the line's last with text
        if n_line < end and not spaced:
            for j in range(len(words) - 1, -1, -1):
                w = words[j]
                if getattr(w, "cbDefn", None) is None and getattr(w, "text", None):
                    spaced_at = j
                    break
        spaces = 0
        if extra <= -1e-8:
            spaces = line.wordCount - 1
            for w in words:
                if not hasattr(w, "cbDefn"):
                    spaces += w.text.count("\xa0")
        m = offset + extra if right and spaces <= 0 else offset
        if not right or spaces <= 0:
            tx.move(m)
        ws: float = 0
        if spaces > 0:
            ws = extra / float(spaces)
            code.append(f"{fp_str(ws)} Tw")
        # _putFragLine
        x0 = tx.x0
        cur_x = m + left
        if tx.leading != leading:
            tx.leading = leading
            code.append(f"{fp_str(leading)} TL")
        n_spaces = 0
        open_links: list[Any] = []
        links: dict[Any, Any] = {}
        open_lines: list[Any] = []
        us_lines: dict[Any, Any] = {}
        last = words[-1]
        for i, f in enumerate(words):
            if hasattr(f, "cbDefn"):
                cb = f.cbDefn
                if cb.kind != "anchor":
                    raise _Unsupported
                actions.append((canv.bookmarkHorizontal, (cb.name, cur_x, cur_y + leading)))
                if f is last:
                    if font_name is None:
                        fonted = _font(style.fontName)
                        if fonted is None:
                            raise _Unsupported
                        font_name = style.fontName
                        tx.font, tx.size, tx.subset = fonted[0], style.fontSize, -1
                        width = fonted[1]
                        tx.leading = style.fontSize * 1.2
                    tx.show("", True)
                continue
            if getattr(f, "backColor", None):
                raise _Unsupported
            text = f.text
            if type(text) is not str:
                raise _Unsupported
            if i == spaced_at:
                text += " "
            size = f.fontSize
            cur_x_s = cur_x + n_spaces * ws
            end_x = cur_x_s
            if i > 0:
                trail = _wsc_end_search(words[i - 1].text + (" " if i - 1 == spaced_at else ""))
                if trail:
                    end_x = cur_x_s - width(trail.group(), tx.size)
            if font_name != f.fontName or tx.size != size:
                fonted = _font(f.fontName)
                if fonted is None:
                    raise _Unsupported
                font_name = f.fontName
                tx.font, tx.size, tx.subset = fonted[0], size, -1
                width = fonted[1]
            if colour is not f.textColor and colour != f.textColor:
                colour = f.textColor
                code.append(_colour(colour, tx))
            if rise != f.rise:
                rise = f.rise
                op = f"{fp_str(rise)} Ts"
                if code[-1].endswith(" Ts"):
                    code[-1] = op
                else:
                    code.append(op)
            marks = f.us_lines
            if open_lines != marks:
                before, now = set(open_lines), set(marks)
                for ended in before - now:
                    us_lines[ended] = us_lines[ended], end_x
                new_lines = now - before
            link = f.link
            if open_links != link:
                before, now = set(open_links), set(link)
                for ended in before - now:
                    links[ended] = links[ended], end_x
                started = now - before
            tx.show(text, f is last)
            if open_lines != marks:
                for s in new_lines:
                    us_lines[s] = (s, size, f.textColor, cur_x_s), size
                open_lines = marks
            for k in open_lines:
                start, biggest = us_lines[k]
                if size > biggest:
                    us_lines[k] = start, size
            low = rise - 0.2 * size
            high = rise + size
            if open_links != link:
                for s in started:
                    links[s] = (s, cur_x), low, high
                open_links = link
            for k in open_links:
                start, lo, hi = links[k]
                if low < lo or high > hi:
                    links[k] = start, min(low, lo), max(high, hi)
            cur_x += width(text, size)
            n_spaces += text.count(" ") + text.count("\xa0")
        cur_x_s = cur_x + (n_spaces - 1) * ws
        for k in open_lines:
            us_lines[k] = us_lines[k], cur_x_s
        for k in open_links:
            links[k] = links[k], cur_x_s
        if tx.x0 != x0:
            tx.move(x0 - tx.x0)
        if spaces > 0:
            code.append("0 Tw")
        tx.move(-m)
        # _do_post_text
        for (((_n, target), x1), lo, hi), x2 in sorted(links.values()):
            if target:
                actions.append((_link, (canv, target, (x1, cur_y + lo, x2, cur_y + hi))))
        if us_lines:
            strokes.draw(us_lines, cur_y)
        cur_y -= leading
        offset = 0
    return strokes.ops, tx


class _Strokes:
    """Underlines and strike-throughs as ``_do_post_text`` draws them on the canvas (inside the
    paragraph's saved graphics state, so the line width and colour set are local to it)."""

    __slots__ = ("ops", "width", "colour", "default", "tx", "values")

    def __init__(self, canv: Any, tx: _Text, size: float) -> None:
        self.ops: list[str] = []
        self.width = self.default = canv._lineWidth
        self.colour = canv._strokeColorObj
        self.tx = tx
        self.values = {"L": size}

    def draw(self, us_lines: dict[Any, Any], y0: float) -> None:
        """Draw one line's marks (ReportLab's loop, its ``_do_line`` writing operators)."""
        values = self.values
        for (((_n, kind, c, w, o, r, m, g), fs, tc, x1), fsmax), x2 in sorted(us_lines.values()):
            under = kind == "underline"
            values["f"] = fs
            values["F"] = fsmax
            lw = _usConv(w, values, default=self.default)
            dy = _usConv(g, values, default=1) + lw
            if not under:
                dy = -dy
            shift = o if o != "" else ("-0.125*L" if under else "0.25*L")
            y = y0 + r + _usConv(shift, values)
            if not c:
                c = tc
            while m > 0:
                if lw != self.width:
                    self.width = lw
                    self.ops.append(f"{fp_str(lw)} w")
                if c != self.colour:
                    self.colour = c
                    if type(c) is not Color or c.alpha != 1:
                        raise _Unsupported
                    self.tx.coloured = True
                    self.ops.append(f"{fp_str(c.red, c.green, c.blue)} RG")
                self.ops.append(f"n {fp_str(x1, y)} m {fp_str(x2, y)} l S")
                y -= dy
                m -= 1


def _link(canv: Any, link: str, rect: tuple[float, float, float, float]) -> None:
    """ReportLab's ``_doLink``: an internal or external link over ``rect``."""
    if link.startswith("#"):
        a, b, c, d, e, f = canv._currentMatrix
        if (a, b, c, d) != (1, 0, 0, 1) or canv._getCmShift():
            canv.linkRect("", link[1:], rect, relative=1)
            return
        # _absRect of a translation: a*x + c*y + e is x + e
        x1, y1, x2, y2 = rect
        x1, x2, y1, y2 = x1 + e, x2 + e, y1 + f, y2 + f
        canv.link_to(link[1:], (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)))
        return
    parts = link.split(":", 1)
    scheme = parts[0].lower() if len(parts) == 2 else ""
    if scheme == "document":
        canv.linkRect("", parts[1], rect, relative=1)
    elif _scheme_re.match(scheme):
        kind = "GoToR" if scheme == "pdf" else "URI"
        canv.linkURL(parts[1] if kind == "GoToR" else link, rect, relative=1, kind=kind)
    else:
        canv.linkURL(link, rect, relative=1, kind="URI")
