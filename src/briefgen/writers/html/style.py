"""The HTML edition's style sheet, from the theme's house style: the same colours, fonts
and proportions as the other editions on screen, and an A4 print style whose page margins
carry the protective marking (top and bottom of every printed page), the running title,
the organisation and "Page X of Y" as the PDF's header and footer do.

Only values of the theme reach the style sheet: colours as checked hex numbers, names and
text as CSS strings with every character but letters, digits and spaces escaped.
"""

from __future__ import annotations

import re

from briefgen.theme import ACCENT, LINE_HEIGHT, Colour, HouseStyle, TextStyle, Theme

_HEX = re.compile(r"[0-9A-Fa-f]{6}")


def css_string(text: str) -> str:
    """``text`` as a CSS string: letters, digits and spaces kept, everything else escaped,
    so no value can end the string, the rule or the style element (each escape ends in a
    space, which CSS takes as part of it)."""
    out = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x} " for c in text)
    return f'"{out}"'


def colour(value: Colour | None, fallback: str = "000000") -> str:
    """``#rrggbb`` for a theme colour (one that is not six hex digits falls back)."""
    return "#" + (value if value is not None and _HEX.fullmatch(value) else fallback)


def _text(selector: str, style: TextStyle, theme: Theme, body: TextStyle) -> str:
    """One rule setting ``style``, sized in ems of the body text (so the page scales)."""
    em = style.size / body.size
    parts = [
        f"font-size:{em:.3f}em",
        f"line-height:{LINE_HEIGHT * style.line:.3f}",
        f"font-weight:{'bold' if style.bold else 'normal'}",
        f"margin:{style.before / style.size:.3f}em 0 {style.after / style.size:.3f}em",
    ]
    if style.italic:
        parts.append("font-style:italic")
    if style.colour is not None:
        parts.append(f"color:{colour(theme.colour(style.colour))}")
    if style.align != "left":
        parts.append(f"text-align:{style.align}")
    return f"{selector}{{{';'.join(parts)}}}"


def stylesheet(theme: Theme) -> str:
    """The house style sheet: the same for every pack of a theme."""
    h: HouseStyle = theme.style
    body = h.body
    families = [f.family for f in theme.fonts] + [theme.word_font]
    fonts = ",".join(css_string(f) for f in dict.fromkeys(families)) + ",sans-serif"
    accent = colour(theme.accent_colour, ACCENT)
    mark = colour(theme.marking_colour, "C00000")
    grey = colour(h.grey, "595959")
    rule = colour(h.rule, "BFBFBF")
    tint = colour(h.tint, "EEF2F8")
    head_fill = colour(theme.colour(h.header_fill))
    head_text = colour(h.header_text, "FFFFFF")
    pad = h.callout_pad / body.size
    rules = [
        f":root{{color:#000;background:#fff;font-family:{fonts}}}",
        (
            f"body{{margin:0;font-size:{body.size / 10.5 * 17:.2f}px;"
            f"line-height:{LINE_HEIGHT * body.line:.3f}}}"
        ),
        "main{display:block;max-width:46em;margin:0 auto;padding:1em 1.5em}",
        "main:focus{outline:none}",
        (
            f".skip{{position:absolute;left:-999em;top:0;background:#fff;color:{accent};"
            "padding:.5em 1em;z-index:2}}"
        ),
        ".skip:focus{left:1em;top:3em}",
        (
            f".banner{{margin:0;padding:.3em 1em;text-align:center;font-weight:bold;color:{mark};"
            f"background:#fff;border-style:solid;border-color:{mark};border-width:0}}"
        ),
        ".banner .marking{margin:0;font-weight:bold;font-size:1.1em}",
        "header.banner{border-bottom-width:2px}",
        "footer.banner{border-top-width:2px}",
        f"footer .org{{margin:.2em 0 0;font-weight:normal;color:{grey};font-size:.85em}}",
        _text("p", body, theme, body),
        *(_text(f"h{n}", s, theme, body) for n, s in enumerate(h.headings, start=1)),
        _text(".title", h.title, theme, body),
        _text(".subtitle", h.subtitle, theme, body),
        _text(".meta", h.meta, theme, body),
        _text(".draft", h.draft, theme, body),
        ".meta{margin:0}",
        (
            f".cover{{border-bottom:{h.title_rule}pt solid {accent};padding-bottom:.6em;"
            "margin-bottom:1em}}"
        ),
        ".cover .logo{display:block;max-height:4em;margin-bottom:.5em}",
        f"a{{color:{accent}}}",
        (
            f"ul,ol{{margin:0 0 {body.after / body.size:.3f}em;"
            f"padding-left:{h.list_indent / body.size:.3f}em}}"
        ),
        "ul ul{list-style-type:'\\2013  '}",
        "ol ol{list-style-type:lower-alpha}",
        "ol ol ol{list-style-type:lower-roman}",
        "li>p{margin:0 0 .2em}",
        f"table{{border-collapse:collapse;width:100%;"
        f"margin:0 0 {h.space_after_block / body.size:.3f}em;"
        f"border-top:1pt solid {accent};border-bottom:1pt solid {accent}}}",
        _text("caption", h.caption, theme, body).replace(
            "margin:", "caption-side:top;text-align:left;margin:"
        ),
        (
            f"th{{background:{head_fill};color:{head_text};text-align:left;vertical-align:top;"
            f"padding:.25em .45em;font-size:{h.table_heading.size / body.size:.3f}em}}"
        ),
        (
            f"td{{vertical-align:top;padding:.25em .45em;border-bottom:.5pt solid {rule};"
            f"font-size:{h.table_text.size / body.size:.3f}em}}"
        ),
        "td.right,th.right{text-align:right}td.center,th.center{text-align:center}",
        f"figure{{margin:0 0 {h.space_after_block / body.size:.3f}em}}",
        "figure img{max-width:100%;height:auto}",
        _text("figcaption", h.caption, theme, body),
        _text(".credit", h.credit, theme, body),
        ".credit{display:block}",
        (
            f".callout{{background:{tint};border-left:{h.callout_bar}pt solid {accent};"
            f"padding:{pad:.3f}em {pad * 1.5:.3f}em;"
            f"margin:.4em 0 {h.space_after_block / body.size:.3f}em}}"
        ),
        ".callout>:last-child{margin-bottom:0}",
        ".biography{margin:.6em 0 1em}",
        ".biography.portrayed{display:flex;gap:1em;align-items:flex-start}",
        f".biography .portrait{{flex:0 0 auto;width:{h.portrait_width_mm}mm;margin:0}}",
        ".biography .portrait img{width:100%;height:auto}",
        ".biography .text{flex:1 1 auto}",
        (
            f".timeline{{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;"
            f"margin:.4em 0 {h.space_after_block / body.size:.3f}em;"
            f"border-left:2pt solid {accent};padding-left:.8em}}"
        ),
        _text(".timeline dt", h.timeline_date, theme, body),
        _text(".timeline dd", h.timeline_text, theme, body),
        ".timeline dt,.timeline dd{margin:0}",
        _text(".notes", h.source, theme, body),
        ".notes li{margin-bottom:.2em}",
        _text(".toc-title", h.toc_heading, theme, body),
        ".toc ol{list-style:none;padding-left:0}.toc ol ol{padding-left:1.2em}",
        ".toc a{display:inline-block;padding:.2em 0}",  # a target of 24 px at least
        "sup a{text-decoration:none}",
        "ins{background:#e6f4ea;text-decoration:underline}",
        f"del{{color:{mark};text-decoration:line-through}}",
        (
            ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
            "white-space:nowrap}"
        ),
        ".page-break{display:none}",
        "@media print{"
        f"body{{font-size:{body.size}pt}}"
        ".banner,.skip{display:none}"
        "main{max-width:none;padding:0}"
        ".page-break{display:block;break-after:page}"
        "h1,h2,h3,h4,caption,figcaption{break-after:avoid}"
        "figure,.biography,.callout,tr,.timeline dt{break-inside:avoid}"
        "thead{display:table-header-group}"
        "a{color:inherit;text-decoration:none}"
        "ins{background:none}"
        "}",
    ]
    return "\n".join(rules) + "\n"


def page_chrome(
    theme: Theme, title: str, marking: str, organisation: str, draft: bool = False
) -> str:
    """The printed page: A4 with the house margins, the running title, the marking at the
    top and bottom of every page, the organisation and "Page X of Y", as the PDF's chrome.
    A draft says DRAFT at the top right of every page and behind its text, on screen and
    printed, as the PDF and Word editions do."""
    h = theme.style
    mark = colour(theme.marking_colour, "C00000")
    grey = colour(h.grey, "595959")
    word = css_string(h.watermark_text)
    right = 'content:"";width:30%'  # an empty box keeps the marking centred
    if draft:
        right = f"content:{word};color:{mark};font-weight:bold;text-align:right;width:30%;"
        right += f"font-size:{h.running_head.size}pt"
    return (
        "@page{size:A4;"
        f"margin:{h.margin_top_mm}mm {h.margin_side_mm}mm {h.margin_bottom_mm}mm;"
        # the three boxes of each edge 30 : 40 : 30, so the marking stands in the middle
        f"@top-left{{content:{css_string(title)};color:{grey};width:30%;"
        f"font-size:{h.running_head.size}pt}}"
        f"@top-center{{content:{css_string(marking)};color:{mark};font-weight:bold;width:40%;"
        f"font-size:{h.chrome_marking.size}pt}}"
        f"@bottom-center{{content:{css_string(marking)};color:{mark};font-weight:bold;width:40%;"
        f"font-size:{h.chrome_marking.size}pt}}"
        f"@top-right{{{right}}}"
        f"@bottom-left{{content:{css_string(organisation)};color:{grey};width:30%;"
        f"font-size:{h.footer.size}pt}}"
        '@bottom-right{content:"Page " counter(page) " of " counter(pages);'
        f"color:{grey};width:30%;font-size:{h.footer.size}pt}}"
        "}\n" + (_watermark(word, colour(h.watermark, "D0D0D0")) if draft else "")
    )


def _watermark(word: str, shade: str) -> str:
    """The draft's diagonal word behind the text, fixed so that print repeats it on every
    page; decorative (its alternative text is empty: the cover says DRAFT once)."""
    return (
        f'body::before{{content:{word} / "";position:fixed;top:50%;left:50%;z-index:-1;'
        f"transform:translate(-50%,-50%) rotate(-45deg);font-size:110pt;font-weight:bold;"
        f"color:{shade};pointer-events:none;white-space:nowrap}}\n"
    )
