"""Golden files, as Pandoc keeps them: each reference pack's and tree sample's tree, Word XML,
PDF drawing and HTML page as reviewed text under ``tests/`` (``snapshots/*.tree``,
``golden/docx/*.xml``, ``golden/pdf/*.txt``, ``golden/html/*.html``). The tests compare
against them; only ``python tools/accept_golden.py`` rewrites them. The texts are made by
tools that did not write the files (lxml, pikepdf, pdfminer's CMap parser); a page is
its own text."""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pikepdf
from lxml import etree

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SNAPSHOTS = TESTS / "snapshots"
GOLDEN = TESTS / "golden"
ACCEPT = "python tools/accept_golden.py"
RL_VERSION = re.compile(r"ReportLab [0-9][0-9.a-z]*")
"""ReportLab's version in the PDF's producer: the one value left out, so that the suite
reads the same at both ends of the supported range."""
"""The one command that rewrites snapshots and golden files."""

DOCX_PARTS = (
    re.compile(r"word/document\.xml"),
    re.compile(r"word/header\d*\.xml"),
    re.compile(r"word/footer\d*\.xml"),
    re.compile(r"word/footnotes\.xml"),
    re.compile(r"docProps/core\.xml"),
    re.compile(r"docProps/custom\.xml"),
)
"""The parts of a .docx a golden file shows, in this order: the body, page chrome, notes,
properties (where the marking and document control are)."""

HOUSE_STYLE_PARTS = (
    re.compile(r"word/styles\.xml"),
    re.compile(r"word/numbering\.xml"),
    re.compile(r"word/settings\.xml"),
)
"""The parts every .docx shares (styles, list numbering, settings): shown once, from the
first tree sample, as ``golden/docx/house-style.xml``."""

XMP_PREFIXES = {
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://ns.adobe.com/xap/1.0/mm/": "xmpMM",
    "http://ns.adobe.com/pdf/1.3/": "pdf",
    "http://www.aiim.org/pdfua/ns/id/": "pdfuaid",
    "http://www.aiim.org/pdfa/ns/id/": "pdfaid",
}
"""Short names of the XMP namespaces a briefgen PDF uses, for the golden text."""

XMLNS = re.compile(r' xmlns(:\w+)?="[^"]*"')


# ---------------------------------------------------------------- Word


def docx_golden(data: bytes, parts: tuple[re.Pattern[str], ...] = DOCX_PARTS) -> str:
    """The text parts of a .docx, pretty-printed one after another. Nothing varies between
    builds (the writer is deterministic), so nothing is rewritten but for readability: the
    root elements' namespace declarations are left out."""
    out: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        for pattern in parts:
            for name in sorted(n for n in names if pattern.fullmatch(n)):
                root = etree.fromstring(z.read(name))
                etree.indent(root, space="  ")
                text = etree.tostring(root, encoding="unicode")
                head, _, rest = text.partition("\n")
                out += [f"<!-- {name} -->", XMLNS.sub("", head) + ("\n" + rest if rest else "")]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- PDF


def _num(value: Any) -> str:
    """A number with at most three decimals, no trailing zeros (1.0 -> 1)."""
    text = f"{float(value):.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


class _Fonts:
    """Decodes shown strings of a resource dictionary's fonts through their ToUnicode maps."""

    def __init__(self, resources: pikepdf.Object) -> None:
        self.fonts = resources.get("/Font", pikepdf.Dictionary())
        self.maps: dict[str, dict[int, str]] = {}
        self.current = ""

    def _map(self, name: str) -> dict[int, str]:
        if name not in self.maps:
            from pdfminer.cmapdb import CMapParser, FileUnicodeMap

            font = self.fonts.get(name)
            cmap: dict[int, str] = {}
            if font is not None and "/ToUnicode" in font:
                umap = FileUnicodeMap()
                CMapParser(umap, io.BytesIO(font.ToUnicode.read_bytes())).run()
                cmap = dict(umap.cid2unichr)
            self.maps[name] = cmap
        return self.maps[name]

    def decode(self, raw: bytes) -> str:
        cmap = self._map(self.current)
        return "".join(cmap.get(b, chr(b)) for b in raw)


def _operand(value: Any, fonts: _Fonts) -> str:
    if isinstance(value, pikepdf.String):
        return repr(fonts.decode(bytes(value)))
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return _num(value)
    if isinstance(value, pikepdf.Name):
        return str(value)
    if isinstance(value, pikepdf.Array):
        return "[" + " ".join(_operand(v, fonts) for v in value) + "]"
    if isinstance(value, pikepdf.Dictionary):
        inner = " ".join(f"{k} {_operand(v, fonts)}" for k, v in sorted(value.items()))
        return "<<" + inner + ">>"
    return str(value)


def _xobject(resources: pikepdf.Object, name: str) -> pikepdf.Object | None:
    xobjects = resources.get("/XObject")
    return None if xobjects is None else xobjects.get(name)


def _stream_lines(owner: pikepdf.Object, resources: pikepdf.Object, depth: int) -> Iterator[str]:
    """Each operator of ``owner``'s content stream on a line, text objects (BT ... ET) on one
    line each, nested by q/Q and marked content; forms drawn inline, images by size."""
    fonts = _Fonts(resources)
    text: list[str] | None = None
    for operands, operator in pikepdf.parse_content_stream(owner):
        op = str(operator)
        if op == "Tf":
            fonts.current = str(operands[0])
        args = " ".join(_operand(v, fonts) for v in operands)
        item = f"{op} {args}" if args else op
        if op == "BT":
            text = []
            continue
        if text is not None:
            if op == "ET":
                yield "  " * depth + "BT " + "; ".join(text) + " ET"
                text = None
            else:
                text.append(item)
            continue
        if op in ("Q", "EMC"):
            depth -= 1
        yield "  " * depth + item
        if op in ("q", "BDC", "BMC"):
            depth += 1
        if op == "Do":
            xobj = _xobject(resources, str(operands[0]))
            if xobj is not None and xobj.get("/Subtype") == "/Form":
                yield from _stream_lines(xobj, xobj.get("/Resources", resources), depth + 1)
            elif xobj is not None:
                yield (
                    "  " * (depth + 1)
                    + f"image {xobj.Width}x{xobj.Height} {xobj.get('/ColorSpace')}"
                    + f" bpc={xobj.get('/BitsPerComponent')}"
                )


def _struct_lines(
    node: pikepdf.Object, pages: dict[tuple[int, int], int], depth: int
) -> Iterator[str]:
    """The structure tree: each element's type and text attributes, its marked content as
    page:mcid, one element a line."""
    kids = node.get("/K")
    items: Iterable[Any] = (
        [] if kids is None else (kids if isinstance(kids, pikepdf.Array) else [kids])
    )
    page = node.get("/Pg")
    refs: list[str] = []
    children: list[pikepdf.Object] = []
    for kid in items:
        if isinstance(kid, int):
            refs.append(f"{pages.get(page.objgen, '?') if page is not None else '?'}:{kid}")
        elif kid.get("/Type") == "/MCR":
            pg = kid.get("/Pg", page)
            refs.append(f"{pages.get(pg.objgen, '?') if pg is not None else '?'}:{kid.MCID}")
        elif kid.get("/Type") == "/OBJR":
            refs.append(f"obj {kid.Obj.get('/Subtype')}")
        else:
            children.append(kid)
    attrs = "".join(
        f" {key[1:]}={str(node[key])!r}"
        for key in ("/Alt", "/ActualText", "/Lang", "/T", "/E")
        if key in node
    )
    if "/A" in node:
        attrs += f" A={_operand(node.A, _Fonts(pikepdf.Dictionary()))}"
    label = str(node.get("/S", "/StructTreeRoot"))[1:]
    yield "  " * depth + label + attrs + (" mc=" + ",".join(refs) if refs else "")
    for child in children:
        yield from _struct_lines(child, pages, depth + 1)


def _dest(target: Any, pages: dict[tuple[int, int], int]) -> str:
    """A link's target: a URI or named destination as text, an explicit destination with
    its page's number in place of the page object."""
    if isinstance(target, pikepdf.Array):
        parts = [
            f"page {pages.get(item.objgen, '?')}"
            if isinstance(item, pikepdf.Dictionary)
            else _operand(item, _Fonts(pikepdf.Dictionary()))
            for item in target
        ]
        return "[" + " ".join(parts) + "]"
    return repr(str(target))


def _outline_lines(items: Any, pages: dict[tuple[int, int], int], depth: int) -> Iterator[str]:
    """The bookmarks a reader's navigation pane shows, with their targets."""
    for item in items:
        yield "  " * depth + f"{item.title!r} -> {_dest(item.destination, pages)}"
        yield from _outline_lines(item.children, pages, depth + 1)


def pdf_golden(data: bytes) -> str:
    """What a PDF draws and where, as text: document information and XMP metadata (where the
    marking and document control are), then each page's content stream operators (numbers to
    three decimals, shown strings decoded), its links, the outline, and the structure tree."""
    out: list[str] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        info = pdf.docinfo
        for key in sorted(info.keys()):
            value = RL_VERSION.sub("ReportLab *", str(info[key]))
            out.append(f"info {key[1:]}={value!r}")
        meta = pdf.open_metadata()
        for key in sorted(meta.keys()):
            ns, _, local = key[1:].partition("}")
            raw = meta[key]
            raw = sorted(raw) if isinstance(raw, (set, frozenset)) else raw  # a bag: unordered
            value = RL_VERSION.sub("ReportLab *", str(raw))
            out.append(f"xmp {XMP_PREFIXES.get(ns, ns)}:{local}={value!r}")
        root = pdf.Root
        for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/PageMode"):
            if key in root:
                out.append(f"catalog {key[1:]}={_operand(root[key], _Fonts(pikepdf.Dictionary()))}")
        pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        for n, page in enumerate(pdf.pages, start=1):
            box = " ".join(_num(v) for v in page.mediabox)
            out.append(f"page {n} mediabox=[{box}]")
            out.extend(_stream_lines(page.obj, page.obj.get("/Resources", {}), 1))
            for annot in page.obj.get("/Annots", []):
                rect = " ".join(_num(v) for v in annot.Rect)
                action = annot.get("/A", {})
                target = action.get("/URI", action.get("/D", annot.get("/Dest", "")))
                out.append(f"  annot {annot.get('/Subtype')} [{rect}] -> {_dest(target, pages)}")
        if "/Outlines" in root:
            out.append("outline")
            out.extend(_outline_lines(pdf.open_outline().root, pages, 1))
        tree = root.get("/StructTreeRoot")
        if tree is not None:
            out.append("structure")
            out.extend(_struct_lines(tree, pages, 1))
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- HTML

HOUSE_STYLE_CSS = re.compile(r"<style>(.*?)</style>", re.S)
"""The first style element of a page: the house style sheet every page of a theme shares."""
DATA_URI = re.compile(r"data:([\w/+.-]+);base64,([A-Za-z0-9+/=]+)")


def html_golden(data: bytes) -> str:
    """The page as written, but for its house style sheet (shown once, from the first tree
    sample, as ``golden/html/house-style.css``) and its images (each by type, size and
    SHA-256)."""
    import base64
    import hashlib

    def image(match: re.Match[str]) -> str:
        raw = base64.b64decode(match.group(2))
        return f"data:{match.group(1)};{len(raw)} bytes;sha256={hashlib.sha256(raw).hexdigest()}"

    text = data.decode("utf-8")
    text = HOUSE_STYLE_CSS.sub("<style>/* house-style.css */</style>", text, count=1)
    return DATA_URI.sub(image, text)


def house_style_css(data: bytes) -> str:
    """The house style sheet of a page, one rule a line."""
    match = HOUSE_STYLE_CSS.search(data.decode("utf-8"))
    assert match is not None
    return match.group(1)


# ---------------------------------------------------------------- expected files


def build_reference(out: Path) -> None:
    """Build every reference pack in every format into ``out``, as the tests' session fixture
    and the accept command both do."""
    import briefgen
    from briefgen.writers import FORMATS

    report = briefgen.load_workspace(ROOT).build(out, formats=FORMATS, jobs=2)
    assert not report.failed, [r.error for r in report.failed]


def tree_snapshots() -> dict[Path, str]:
    """Each reference pack's tree dump, by its snapshot's path."""
    from briefgen import tree as t

    ws = _workspace()
    return {SNAPSHOTS / f"{ident}.tree": t.dump(ws.pack(ident).document) for ident in _packs()}


def pack_goldens(built: Path, fmt: str) -> dict[Path, str]:
    """Each reference pack's golden text in ``fmt`` ("docx" or "pdf"), from the files in
    ``built`` (see ``build_reference``), by the golden file's path."""
    make, ext = GOLDENS[fmt]
    return {
        GOLDEN / fmt / f"{ident}.{ext}": make((built / f"{ident}.{fmt}").read_bytes())
        for ident in _packs()
    }


def sample_goldens(fmt: str) -> dict[Path, str]:
    """Each tree sample (tests/treesamples.py) rendered in ``fmt`` here, as golden text; for
    Word, the first sample's house style too."""
    from briefgen.theme import Theme
    from briefgen.writers import get_writer
    from treesamples import SAMPLES

    make, ext = GOLDENS[fmt]
    write = get_writer(fmt)
    files: dict[Path, str] = {}
    for name, doc in SAMPLES.items():
        data = write(doc(), Theme()).data
        files[GOLDEN / fmt / f"sample-{name}.{ext}"] = make(data)
        if fmt == "docx" and len(files) == 1:
            files[GOLDEN / fmt / "house-style.xml"] = docx_golden(data, HOUSE_STYLE_PARTS)
        if fmt == "html" and len(files) == 1:
            files[GOLDEN / fmt / "house-style.css"] = house_style_css(data)
    return files


def expected_files(built: Path) -> dict[Path, str]:
    """Every snapshot and golden file as it should read now."""
    files = tree_snapshots()
    for fmt in GOLDENS:
        files |= pack_goldens(built, fmt) | sample_goldens(fmt)
    return files


@cache
def _workspace() -> Any:
    import briefgen

    return briefgen.load_workspace(ROOT)


def _packs() -> list[str]:
    return [ident for _, ident, _ in _workspace().targets()]


GOLDENS = {
    "docx": (docx_golden, "xml"),
    "pdf": (pdf_golden, "txt"),
    "html": (html_golden, "html"),
}
"""Golden text maker and file extension, by output format."""

FOLDERS = (SNAPSHOTS, GOLDEN / "docx", GOLDEN / "pdf", GOLDEN / "html")
"""The folders the accept command owns: any file in them nothing produces is an orphan."""


# ---------------------------------------------------------------- comparing


def _stored(folders: Iterable[Path]) -> set[Path]:
    return {p for folder in folders if folder.is_dir() for p in folder.rglob("*") if p.is_file()}


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def differences(expected: dict[Path, str], folders: Iterable[Path]) -> list[str]:
    """One line per file that is missing, changed, or (in ``folders``) produced by nothing,
    the first change followed by a short diff; empty when every file reads as expected."""
    problems: list[str] = []
    shown = False
    for path, text in sorted(expected.items()):
        if not path.exists():
            problems.append(f"missing: {_name(path)}")
            continue
        old = path.read_text(encoding="utf-8")
        if old == text:
            continue
        problems.append(f"changed: {_name(path)}")
        if not shown:
            shown = True
            diff = difflib.unified_diff(
                old.splitlines(), text.splitlines(), _name(path), "now", n=2, lineterm=""
            )
            problems.extend("    " + line for line in list(diff)[:40])
    for path in sorted(_stored(folders) - set(expected)):
        problems.append(f"orphan (nothing produces it): {_name(path)}")
    return problems


def report(problems: list[str]) -> str:
    """The failure message: what differs, and how to accept it once reviewed."""
    return (
        "\n".join(problems)
        + f"\nIf every change is intended, run `{ACCEPT}`, then review `git diff tests/`."
    )


def accept(expected: dict[Path, str], folders: Iterable[Path]) -> list[str]:
    """Write every missing or changed file and delete the orphans in ``folders``: the accept
    command's work. Returns one line per file touched."""
    done: list[str] = []
    for path, text in sorted(expected.items()):
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            done.append(f"{'wrote' if old is None else 'updated'} {_name(path)}")
    for path in sorted(_stored(folders) - set(expected)):
        path.unlink()
        done.append(f"removed orphan {_name(path)}")
    return done
