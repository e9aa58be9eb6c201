"""Generate ``src/briefgen/resources/reference.docx``, the Word writer's default styles.

Starts from python-docx's default template and makes it a lean, deterministic reference
document: A4 with government-style margins, Arial, navy headings, en-AU language, every
style the Word writer uses (see ``briefgen.writers.docx.STYLE_NAMES``), clean list
numbering, and no leftovers (thumbnail, ``stylesWithEffects``, customXml, 98 unused table
styles).  Colours and the font come from :class:`briefgen.theme.Theme` defaults.

Run from the repository root::

    python tools/make_reference_docx.py [OUTPUT]
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from briefgen.theme import Theme
from briefgen.writers.docx.xml import app_xml, save_package

OUT = Path(__file__).resolve().parents[1] / "src/briefgen/resources/reference.docx"

THEME = Theme()
FONT = THEME.word_font
ACCENT = THEME.accent_colour
MARKING = THEME.marking_colour
GREY = "404040"
LIGHT = "D9E2F3"  # header-row shading
PALE = "EEF2F8"  # callout shading

# A4, 2.5 cm top/bottom, 2.2 cm left/right, header and footer 1 cm from the edge.
PAGE_W, PAGE_H = 11906, 16838
MARGIN_TB, MARGIN_LR, HDR = 1418, 1247, 567
TEXT_W = PAGE_W - 2 * MARGIN_LR

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


def paragraph_styles() -> list[str]:
    """Every paragraph style the writer uses, with its formatting."""
    keep = "<w:keepNext/><w:keepLines/>"
    styles = [
        _style(
            "paragraph",
            "Normal",
            "Normal",
            based=None,
            default=True,
            ppr=_sp(0, 120, 264),
            rpr=_sz(22),
        ),
        _style(
            "paragraph",
            "Title",
            "Title",
            nxt="Subtitle",
            ppr=_sp(2400, 240, 240),
            rpr=f'<w:b/><w:bCs/>{_col(ACCENT)}<w:kern w:val="28"/>{_sz(56)}',
        ),
        _style(
            "paragraph",
            "Subtitle",
            "Subtitle",
            nxt="CoverMeta",
            ppr=_sp(0, 480, 240),
            rpr=f"{_col(GREY)}{_sz(32)}",
        ),
        _style(
            "paragraph",
            "CoverMeta",
            "Cover Meta",
            ppr=_sp(0, 80),
            rpr=f"{_col(GREY)}{_sz(24)}",
        ),
        _style(
            "paragraph",
            "Marking",
            "Marking",
            ppr=f'{_sp(0, 0, 240)}<w:jc w:val="center"/>',
            rpr=f"<w:b/><w:bCs/>{_col(MARKING)}{_sz(22)}",  # as written: OFFICIAL: Sensitive
        ),
        _style(
            "paragraph",
            "Draft",
            "Draft",
            ppr=f'{_sp(0, 0, 240)}<w:jc w:val="center"/>',
            rpr=f'<w:b/><w:bCs/><w:caps/>{_col("7F7F7F")}<w:spacing w:val="40"/>{_sz(22)}',
        ),
    ]
    sizes = {1: 32, 2: 26, 3: 23, 4: 22}
    before = {1: 360, 2: 280, 3: 200, 4: 160}
    for level in range(1, 5):
        italic = "<w:i/><w:iCs/>" if level == 4 else ""
        styles.append(
            _style(
                "paragraph",
                f"Heading{level}",
                f"heading {level}",
                nxt="Normal",
                ppr=f'{keep}{_sp(before[level], 120)}<w:outlineLvl w:val="{level - 1}"/>',
                rpr=f"<w:b/><w:bCs/>{italic}{_col(ACCENT)}{_sz(sizes[level])}",
            )
        )
    styles += [
        _style(
            "paragraph",
            "TOCHeading",
            "TOC Heading",
            based="Heading1",
            nxt="Normal",
            ppr=f'{_sp(0, 240)}<w:outlineLvl w:val="9"/>',
        ),
        _style(
            "paragraph",
            "TOC1",
            "toc 1",
            nxt="Normal",
            ppr=f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W}"/></w:tabs>'
            + _sp(120, 40),
            rpr="<w:b/><w:bCs/>",
        ),
        _style(
            "paragraph",
            "TOC2",
            "toc 2",
            nxt="Normal",
            ppr=f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W}"/></w:tabs>'
            + _sp(0, 40)
            + '<w:ind w:left="284"/>',
        ),
        _style(
            "paragraph",
            "TOC3",
            "toc 3",
            nxt="Normal",
            ppr=f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W}"/></w:tabs>'
            + _sp(0, 40)
            + '<w:ind w:left="567"/>',
        ),
        _style(
            "paragraph",
            "Caption",
            "caption",
            nxt="Normal",
            ppr=f"<w:keepNext/>{_sp(80, 160, 240)}",
            rpr=f"<w:b/><w:bCs/>{_col(ACCENT)}{_sz(18)}",
        ),
        _style(
            "paragraph",
            "Figure",
            "Figure",
            nxt="Caption",
            ppr=f'<w:keepNext/>{_sp(120, 0, 240)}<w:jc w:val="center"/>',
        ),
        _style(
            "paragraph",
            "Credit",
            "Credit",
            ppr=_sp(0, 240, 240),
            rpr=f"<w:i/><w:iCs/>{_col('595959')}{_sz(16)}",
        ),
        _style("paragraph", "Callout", "Callout", ppr=_sp(0, 80)),
        _style(
            "paragraph",
            "Acknowledgement",
            "Acknowledgement",
            ppr=_sp(240, 120),
            rpr=f"<w:i/><w:iCs/>{_col(GREY)}{_sz(20)}",
        ),
        _style("paragraph", "TableText", "Table Text", ppr=_sp(40, 40, 240), rpr=_sz(19)),
        _style(
            "paragraph",
            "TableHeading",
            "Table Heading",
            based="TableText",
            ppr="<w:keepNext/>",
            rpr=f"<w:b/><w:bCs/>{_col(ACCENT)}",
        ),
        _style(
            "paragraph",
            "FootnoteText",
            "footnote text",
            ppr=_sp(0, 40, 240),
            rpr=_sz(17),
        ),
        _style(
            "paragraph",
            "Header",
            "header",
            ppr=f'{_sp(0, 0, 240)}<w:jc w:val="center"/>',
            rpr=_sz(18),
        ),
        _style(
            "paragraph",
            "Footer",
            "footer",
            ppr=f'{_sp(0, 0, 240)}<w:jc w:val="center"/>',
            rpr=f"{_col(GREY)}{_sz(18)}",
        ),
    ]
    # Lists: the numbering definitions below link level n to "List Bullet n+1" etc.
    for level in range(3):
        suffix = "" if level == 0 else f" {level + 1}"
        sid = "" if level == 0 else str(level + 1)
        left = 357 * (level + 1)
        ind = f'<w:ind w:left="{left}" w:hanging="357"/>'
        for kind, num_id in (("Bullet", 1), ("Number", 2)):
            styles.append(
                _style(
                    "paragraph",
                    f"List{kind}{sid}",
                    f"List {kind}{suffix}",
                    ppr=f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
                    + _sp(0, 80)
                    + ind,
                )
            )
        styles.append(
            _style(
                "paragraph",
                f"ListContinue{sid}",
                f"List Continue{suffix}",
                ppr=_sp(0, 80) + f'<w:ind w:left="{left}"/>',
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
    """The data table style (ruled, shaded header row) and the callout box style."""
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
            + _border("insideH", 4, "BFBFBF")
            + "</w:tblBorders>"
            '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
            "</w:tblPr>"
            '<w:tblStylePr w:type="firstRow">'
            "<w:rPr><w:b/><w:bCs/></w:rPr>"
            "<w:tblPr/>"
            "<w:trPr><w:tblHeader/></w:trPr>"
            "<w:tcPr><w:tcBorders>"
            + _border("bottom", 8, ACCENT)
            + f'</w:tcBorders><w:shd w:val="clear" w:color="auto" w:fill="{LIGHT}"/></w:tcPr>'
            "</w:tblStylePr>"
        ),
    )
    box = _style(
        "table",
        "CalloutBox",
        "Callout Box",
        based="TableNormal",
        extra='<w:uiPriority w:val="41"/><w:qFormat/>',
        tail=(
            "<w:tblPr>"
            "<w:tblBorders>"
            + _border("top", 4, ACCENT)
            + _border("left", 24, ACCENT)
            + _border("bottom", 4, ACCENT)
            + _border("right", 4, ACCENT)
            + "</w:tblBorders>"
            '<w:tblCellMar><w:top w:w="113" w:type="dxa"/><w:left w:w="170" w:type="dxa"/>'
            '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="170" w:type="dxa"/></w:tblCellMar>'
            "</w:tblPr>"
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{PALE}"/></w:tcPr>'
        ),
    )
    return [data, box]


def numbering_xml() -> str:
    """Two multi-level lists: bullets (numId 1) and numbers (numId 2), linked to styles."""
    bullets = ["\u2022", "\u2013", "\u2022"] * 3
    number_fmts = [("decimal", "%{}."), ("lowerLetter", "(%{})"), ("lowerRoman", "(%{})")] * 3
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
                text, rpr = pattern.format(lvl + 1), ""
            left = 357 * (lvl + 1)
            out.append(
                f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{link}'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{left}" w:hanging="357"/></w:pPr>{rpr}</w:lvl>'
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
            '<w:sz w:val="22"/><w:szCs w:val="22"/>'
            '<w:lang w:val="en-AU" w:eastAsia="ja-JP" w:bidi="ar-SA"/>'
            "</w:rPr></w:rPrDefault>"
            f"<w:pPrDefault><w:pPr>{_sp(0, 120, 264)}</w:pPr></w:pPrDefault></w:docDefaults>"
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
    section.top_margin = section.bottom_margin = Twips(MARGIN_TB)
    section.left_margin = section.right_margin = Twips(MARGIN_LR)
    section.header_distance = section.footer_distance = Twips(HDR)
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
