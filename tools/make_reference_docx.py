"""Generate ``src/briefgen/resources/reference.docx``, the Word writer's default styles.

Starts from python-docx's default template and makes it a lean, deterministic reference
document: A4 with government-style margins, Arial, navy headings, en-AU language, every
style the Word writer uses (see ``briefgen.writers.docx.STYLE_NAMES``), clean list
numbering, and no leftovers (thumbnail, ``stylesWithEffects``, customXml, 98 unused table
styles).  Every size, colour, spacing and margin comes from the house style
(:class:`briefgen.theme.HouseStyle`), which the PDF writer applies too; the font is
:class:`briefgen.theme.Theme`'s ``word_font``.

Run from the repository root::

    python tools/make_reference_docx.py [OUTPUT]
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from briefgen.theme import TextStyle, Theme
from briefgen.writers.docx.xml import app_xml, save_package

OUT = Path(__file__).resolve().parents[1] / "src/briefgen/resources/reference.docx"

THEME = Theme()
HOUSE = THEME.style
FONT = THEME.word_font
ACCENT = HOUSE.accent
RULE = HOUSE.rule


def _twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


# A4 and the house style's margins; header and footer distances from the edges.
PAGE_W, PAGE_H = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM = _twips(HOUSE.margin_top_mm), _twips(HOUSE.margin_bottom_mm)
MARGIN_LR = _twips(HOUSE.margin_side_mm)
HDR, FTR = _twips(HOUSE.header_mm), _twips(HOUSE.footer_mm)
TEXT_W = PAGE_W - 2 * MARGIN_LR
LIST_INDENT = round(HOUSE.list_indent * 20)

KEEP_TABLE_STYLES = {"Normal Table", "Table Grid"}


def _style(
    kind: str,
    style_id: str,
    name: str,
    *,
    based: str | None = "Normal",
    nxt: str | None = None,
    ppr: str = "",
    rpr: str = "",
    extra: str = "",
    tail: str = "",
    default: bool = False,
) -> str:
    """Return one ``w:style`` element as XML text (children in schema order)."""
    flag = ' w:default="1"' if default else ""
    parts = [f'<w:style {nsdecls("w")} w:type="{kind}"{flag} w:styleId="{style_id}">']
    parts.append(f'<w:name w:val="{name}"/>')
    if based:
        parts.append(f'<w:basedOn w:val="{based}"/>')
    if nxt:
        parts.append(f'<w:next w:val="{nxt}"/>')
    parts.append('<w:uiPriority w:val="9"/><w:qFormat/>' if kind != "table" else "")
    parts.append(extra)
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append(tail)
    parts.append("</w:style>")
    return "".join(parts)


def _sp(before: int = 0, after: int = 0, line: int | None = None) -> str:
    ln = f' w:line="{line}" w:lineRule="auto"' if line else ""
    return f'<w:spacing w:before="{before}" w:after="{after}"{ln}/>'


def _col(hex_: str) -> str:
    return f'<w:color w:val="{hex_}"/>'


def _sz(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _border(side: str, size: int, colour: str) -> str:
    return f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="{colour}"/>'


def _ppr(ts: TextStyle, extra: str = "", after_extra: str = "") -> str:
    """Paragraph properties of a house text style (``extra`` before the spacing, in schema
    order; ``after_extra`` after the indentation, e.g. ``w:jc``)."""
    jc = {"center": '<w:jc w:val="center"/>', "right": '<w:jc w:val="right"/>'}.get(ts.align, "")
    line = round(240 * ts.line)
    return f"{extra}{_sp(round(ts.before * 20), round(ts.after * 20), line)}{after_extra}{jc}"


def _rpr(ts: TextStyle) -> str:
    """Run properties of a house text style."""
    out = "<w:b/><w:bCs/>" if ts.bold else ""
    out += "<w:i/><w:iCs/>" if ts.italic else ""
    out += _col(ts.colour) if ts.colour else ""
    return out + _sz(round(ts.size * 2))


def _text_style(style_id: str, name: str, ts: TextStyle, **kw: str) -> str:
    extra = kw.pop("extra_ppr", "")
    after = kw.pop("after_ppr", "")
    rpr = kw.pop("extra_rpr", "")
    return _style("paragraph", style_id, name, ppr=_ppr(ts, extra, after), rpr=rpr + _rpr(ts), **kw)


def paragraph_styles() -> list[str]:
    """Every paragraph style the writer uses, with its formatting."""
    h = HOUSE
    keep = "<w:keepNext/><w:keepLines/>"
    tabs = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W}"/></w:tabs>'
    styles = [
        _style(
            "paragraph",
            "Normal",
            "Normal",
            based=None,
            default=True,
            ppr="<w:widowControl/>" + _ppr(h.body),
            rpr=_rpr(h.body),
        ),
        _text_style("Title", "Title", h.title, nxt="Subtitle", extra_ppr="<w:keepNext/>"),
        _text_style("Subtitle", "Subtitle", h.subtitle, nxt="CoverMeta", extra_ppr="<w:keepNext/>"),
        _text_style("CoverMeta", "Cover Meta", h.meta),
        _text_style("Marking", "Marking", h.chrome_marking),
        _text_style("Draft", "Draft", h.draft),
    ]
    for level in range(1, 5):
        styles.append(
            _text_style(
                f"Heading{level}",
                f"heading {level}",
                h.headings[level - 1],
                nxt="Normal",
                extra_ppr=keep,
                after_ppr=f'<w:outlineLvl w:val="{level - 1}"/>',
            )
        )
    styles += [
        _text_style(
            "TOCHeading",
            "TOC Heading",
            h.toc_heading,
            based="Heading1",
            nxt="Normal",
            after_ppr='<w:outlineLvl w:val="9"/>',
        ),
        _text_style("TOC1", "toc 1", replace(h.toc, bold=True), nxt="Normal", extra_ppr=tabs),
        _style(
            "paragraph",
            "TOC2",
            "toc 2",
            nxt="Normal",
            ppr=tabs + _sp(0, round(h.toc.after * 20)) + '<w:ind w:left="240"/>',
            rpr=_rpr(h.toc),
        ),
        _style(
            "paragraph",
            "TOC3",
            "toc 3",
            nxt="Normal",
            ppr=tabs + _sp(0, round(h.toc.after * 20)) + '<w:ind w:left="480"/>',
            rpr=_rpr(h.toc),
        ),
        _text_style("Caption", "caption", h.caption, nxt="Normal", extra_ppr="<w:keepNext/>"),
        _style(
            "paragraph",
            "Figure",
            "Figure",
            nxt="Caption",
            ppr=f"<w:keepNext/>{_sp(120, 0, 240)}",
        ),
        _text_style("Credit", "Credit", h.credit),
        _text_style("Callout", "Callout", h.callout),
        _text_style("Acknowledgement", "Acknowledgement", h.callout),
        _text_style("TableText", "Table Text", replace(h.table_text, before=0, after=0)),
        _text_style(
            "TableHeading",
            "Table Heading",
            replace(h.table_heading, before=0, after=0),
            based="TableText",
            extra_ppr="<w:keepNext/>",
        ),
        _text_style(
            "Source",
            "Source",
            h.source,
            after_ppr=f'<w:ind w:left="{LIST_INDENT + 80}" w:hanging="{LIST_INDENT + 80}"/>',
        ),
        _text_style("Header", "header", h.running_head),
        _text_style("Footer", "footer", h.footer),
    ]
    # Lists: the numbering definitions below link level n to "List Bullet n+1" etc.
    for level in range(3):
        suffix = "" if level == 0 else f" {level + 1}"
        sid = "" if level == 0 else str(level + 1)
        left = LIST_INDENT * (level + 1)
        ind = f'<w:ind w:left="{left}" w:hanging="{LIST_INDENT}"/>'
        for kind, num_id in (("Bullet", 1), ("Number", 2)):
            styles.append(
                _style(
                    "paragraph",
                    f"List{kind}{sid}",
                    f"List {kind}{suffix}",
                    ppr=_ppr(
                        HOUSE.body,
                        f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>',
                        ind,
                    ),
                )
            )
        styles.append(
            _style(
                "paragraph",
                f"ListContinue{sid}",
                f"List Continue{suffix}",
                ppr=_ppr(HOUSE.body, after_extra=f'<w:ind w:left="{left}"/>'),
            )
        )
    return styles


def character_styles() -> list[str]:
    """Character styles: footnote reference, hyperlink, strong, emphasis."""
    char = "DefaultParagraphFont"
    return [
        _style(
            "character",
            "FootnoteReference",
            "footnote reference",
            based=char,
            rpr='<w:vertAlign w:val="superscript"/>',
        ),
        _style(
            "character",
            "Hyperlink",
            "Hyperlink",
            based=char,
            rpr=f'{_col("0563C1")}<w:u w:val="single"/>',
        ),
        _style("character", "Strong", "Strong", based=char, rpr="<w:b/><w:bCs/>"),
        _style("character", "Emphasis", "Emphasis", based=char, rpr="<w:i/><w:iCs/>"),
    ]


def table_styles() -> list[str]:
    """The data table style: accent rules above and below, grey rules between rows, the
    header row filled with the accent colour and set in white (as in the PDF)."""
    pad = round(HOUSE.table_text.before * 20)
    data = _style(
        "table",
        "BriefingTable",
        "Briefing Table",
        based="TableNormal",
        extra='<w:uiPriority w:val="40"/><w:qFormat/>',
        ppr=_sp(0, 0, 240),
        tail=(
            "<w:tblPr>"
            "<w:tblBorders>"
            + _border("top", 8, ACCENT)
            + _border("bottom", 8, ACCENT)
            + _border("insideH", 4, RULE)
            + "</w:tblBorders>"
            f'<w:tblCellMar><w:top w:w="{pad}" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
            f'<w:bottom w:w="{pad}" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
            "</w:tblCellMar>"
            "</w:tblPr>"
            '<w:tblStylePr w:type="firstRow">'
            f"<w:rPr><w:b/><w:bCs/>{_col(HOUSE.header_text)}</w:rPr>"
            "<w:tblPr/>"
            "<w:trPr><w:tblHeader/></w:trPr>"
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HOUSE.header_fill}"/></w:tcPr>'
            "</w:tblStylePr>"
        ),
    )
    return [data]


def numbering_xml() -> str:
    """Two multi-level lists: bullets (numId 1) and numbers (numId 2), linked to styles."""
    labels = HOUSE.list_labels  # the house style's labels per level, as the PDF sets them
    bullets = [labels.bullets[lvl % len(labels.bullets)] for lvl in range(9)]
    number_fmts = [labels.numbers[lvl % len(labels.numbers)] for lvl in range(9)]
    out = [f"<w:numbering {nsdecls('w')}>"]
    for abs_id, kind in ((1, "Bullet"), (2, "Number")):
        out.append(f'<w:abstractNum w:abstractNumId="{abs_id}">')
        out.append(f'<w:nsid w:val="5B1E0{abs_id}00"/><w:multiLevelType w:val="multilevel"/>')
        for lvl in range(9):
            style = f"List{kind}" + ("" if lvl == 0 else str(lvl + 1))
            link = f'<w:pStyle w:val="{style}"/>' if lvl < 3 else ""
            if kind == "Bullet":
                fmt, text = "bullet", bullets[lvl]
                rpr = f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}"/></w:rPr>'
            else:
                fmt, pattern = number_fmts[lvl]
                text, rpr = pattern.format(f"%{lvl + 1}"), ""
            left = LIST_INDENT * (lvl + 1)
            out.append(
                f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{link}'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{left}" w:hanging="{LIST_INDENT}"/></w:pPr>{rpr}</w:lvl>'
            )
        out.append("</w:abstractNum>")
    out.append('<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')
    out.append('<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>')
    out.append("</w:numbering>")
    return "".join(out)


def build() -> bytes:
    """Return the reference document's bytes."""
    document = docx.Document()
    part = document.part

    # Drop parts a reference document should not carry.
    for rel in list(part.rels.values()):
        if rel.reltype in (
            RT.CUSTOM_XML,
            "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
        ):
            del part.rels[rel.rId]
    pkg_rels = part.package.rels
    for rel in list(pkg_rels.values()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg_rels[rel.rId]

    # Styles: document defaults, then replace or add every style the writer uses.
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.remove(defaults)
    styles.insert(
        0,
        parse_xml(
            f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>"
            f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" '
            'w:eastAsiaTheme="minorEastAsia"/>'
            f"{_sz(round(HOUSE.body.size * 2))}"
            '<w:lang w:val="en-AU" w:eastAsia="ja-JP" w:bidi="ar-SA"/>'
            "</w:rPr></w:rPrDefault>"
            f"<w:pPrDefault><w:pPr>{_ppr(HOUSE.body)}</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )
    new_styles = [parse_xml(x) for x in paragraph_styles() + character_styles() + table_styles()]
    new_ids = {s.get(qn("w:styleId")) for s in new_styles}
    for style in styles.findall(qn("w:style")):
        name = style.find(qn("w:name")).get(qn("w:val"))
        is_table = style.get(qn("w:type")) == "table"
        if style.get(qn("w:styleId")) in new_ids or (is_table and name not in KEEP_TABLE_STYLES):
            styles.remove(style)
    for style in new_styles:
        styles.append(style)
    # Theme fonts would override Arial in the remaining built-in styles: remove them.
    for rfonts in styles.iter(qn("w:rFonts")):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)

    # Numbering: replace the template's single-level lists.
    numbering = part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for child in parse_xml(numbering_xml()):
        numbering.append(child)

    # Page: A4 portrait, margins, header and footer distances.
    section = document.sections[0]
    section.page_width, section.page_height = Twips(PAGE_W), Twips(PAGE_H)
    section.top_margin, section.bottom_margin = Twips(MARGIN_TOP), Twips(MARGIN_BOTTOM)
    section.left_margin = section.right_margin = Twips(MARGIN_LR)
    section.header_distance, section.footer_distance = Twips(HDR), Twips(FTR)
    section.gutter = Twips(0)

    # Settings: Word 2013+ layout, en-AU, no stale proofing state.
    settings = document.settings.element
    for tag in ("w:proofState", "w:rsids", "w:attachedTemplate"):
        for el in settings.findall(qn(tag)):
            settings.remove(el)
    for el in settings.iter(qn("w:compatSetting")):
        if el.get(qn("w:name")) == "compatibilityMode":
            el.set(qn("w:val"), "15")
    for el in settings.findall(qn("w:themeFontLang")):
        el.set(qn("w:val"), "en-AU")

    props = document.core_properties
    props.author = "briefgen"
    props.comments = ""
    props.title = "briefgen reference document"
    props.language = "en-AU"
    props.last_modified_by = "briefgen"
    props.revision = 1
    props.created = props.modified = datetime(2026, 1, 1, tzinfo=timezone.utc)

    return save_package(document.part.package, replace={"docProps/app.xml": app_xml("", "")})


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    out.write_bytes(build())
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
