"""What an edited Word edition says: each paragraph's text before and after its pending
tracked changes, the provenance bookmarks over it, its tracked changes and its comments.

Read with the standard library from ``word/document.xml`` and ``word/comments.xml``; a
file that is no zip, lacks the document part, or whose XML declares a DOCTYPE (entity
expansion) is refused with `DocxError`.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from briefgen.errors import BriefgenError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PREFIX = "_BG_"  # briefgen.writers.docx.provenance.PREFIX
MAX_PART = 64 * 1024 * 1024
"""A document part larger than this is refused (a zip bomb, not a brief)."""


class DocxError(BriefgenError):
    """A file that cannot be read as a Word document."""


@dataclass
class Change:
    """One pending tracked change: an insertion or deletion, by whom and when."""

    kind: str  # "insertion" or "deletion"
    author: str
    date: str
    text: str


@dataclass
class Para:
    """One paragraph (in the body or a table cell) of the edited document."""

    index: int
    heading: str  # the text of the nearest heading above it ("" before the first)
    style: str
    old: str = ""  # its text with every pending change rejected
    new: str = ""  # ... and accepted
    marks: dict[str, tuple[str, str]] = field(default_factory=dict)  # bookmark -> (old, new)
    split: set[str] = field(default_factory=set)  # bookmarks that go on past this paragraph
    changes: list[Change] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # comment ids anchored here
    is_heading: bool = False

    @property
    def where(self) -> str:
        """Where the paragraph is, for an officer: its number and the heading above."""
        if self.is_heading:
            return f"the heading at paragraph {self.index + 1}"
        return f"paragraph {self.index + 1}" + (f" under {self.heading!r}" if self.heading else "")


@dataclass
class Comment:
    id: str
    author: str
    date: str
    text: str


@dataclass
class Edited:
    paragraphs: list[Para]
    comments: dict[str, Comment]


def _part(z: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = z.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART:
        raise DocxError(f"{name} is too large to be a brief")
    data = z.read(info)
    if b"<!DOCTYPE" in data[:4096].upper():
        raise DocxError(f"{name} declares a DOCTYPE")
    return data


def read(path: Path | bytes) -> Edited:
    """The paragraphs and comments of the Word document at ``path`` (or its bytes)."""
    try:
        with zipfile.ZipFile(io.BytesIO(path) if isinstance(path, bytes) else path) as z:
            document = _part(z, "word/document.xml")
            comments = _part(z, "word/comments.xml")
    except (OSError, zipfile.BadZipFile) as exc:
        raise DocxError(f"{_name(path)}: not a Word document ({exc})") from None
    if document is None:
        raise DocxError(f"{_name(path)}: not a Word document (no word/document.xml)")
    try:
        body = ET.fromstring(document).find(f"{W}body")
        notes = ET.fromstring(comments) if comments is not None else None
    except ET.ParseError as exc:
        raise DocxError(f"{_name(path)}: its XML cannot be read ({exc})") from None
    paras: list[Para] = []
    if body is not None:
        _Reader(paras).walk(body)
    found: dict[str, Comment] = {}
    if notes is not None:
        for c in notes.iter(f"{W}comment"):
            text = "\n".join(
                "".join(t.text or "" for t in p.iter(f"{W}t")) for p in c.iter(f"{W}p")
            )
            found[c.get(f"{W}id", "")] = Comment(
                c.get(f"{W}id", ""), c.get(f"{W}author", ""), c.get(f"{W}date", ""), text
            )
    return Edited(paras, found)


def _name(path: Path | bytes) -> str:
    return "the document" if isinstance(path, bytes) else str(path)


def signature(para: Para) -> str:
    """What stands for a paragraph when an edited document is lined up with the one
    briefgen wrote: its provenance bookmarks (a field's edits are read apart), else a
    digest of its text with its pending changes rejected and accepted (a tracked change
    briefgen itself wrote, in an edition that tells what changed, is the same in both);
    "" for an empty paragraph."""
    marks = sorted({n[len(PREFIX) : len(PREFIX) + 16] for n in para.marks})
    if marks:
        return "field:" + ",".join(marks)
    if not (para.old.strip() or para.new.strip()):
        return ""
    return hashlib.sha1(f"{para.old}\0{para.new}".encode()).hexdigest()[:12]


def signatures(data: bytes) -> list[str]:
    """The signature of every non-empty paragraph of a Word document briefgen wrote."""
    return [s for s in map(signature, read(data).paragraphs) if s]


_CHARS = {"\u2011": "-", "\u00ad": ""}


class _Reader:
    """One pass over the body in document order."""

    def __init__(self, paras: list[Para]) -> None:
        self.paras = paras
        self.heading = ""
        self.open: dict[str, str] = {}  # bookmark id -> name, open across paragraphs

    def walk(self, el: ET.Element) -> None:
        for child in el:
            if child.tag == f"{W}p":
                self.paragraph(child)
            else:
                self.walk(child)

    def paragraph(self, p: ET.Element) -> None:
        style_el = p.find(f"{W}pPr/{W}pStyle")
        style = style_el.get(f"{W}val", "") if style_el is not None else ""
        para = Para(len(self.paras), self.heading, style)
        inside: dict[str, list[list[str]]] = {}  # bookmark name -> [old parts, new parts]
        for name in self.open.values():
            inside[name] = [[], []]
        self._runs(p, para, inside, ins=False, dele=False)
        for name, (old, new) in inside.items():
            para.marks[name] = (_clean("".join(old)), _clean("".join(new)))
        para.split = {n for n in self.open.values() if n in inside}
        para.old, para.new = _clean(para.old), _clean(para.new)
        if re.fullmatch(r"(heading\s*\d|title)", style.lower()):
            self.heading = para.new
            para.is_heading = True
        self.paras.append(para)

    def _runs(
        self,
        el: ET.Element,
        para: Para,
        inside: dict[str, list[list[str]]],
        ins: bool,
        dele: bool,
    ) -> None:
        for child in el:
            tag = child.tag
            if tag == f"{W}pPr":
                continue
            if tag == f"{W}bookmarkStart":
                name = child.get(f"{W}name", "")
                if name.startswith(PREFIX):
                    self.open[child.get(f"{W}id", "")] = name
                    inside[name] = [[], []]
                continue
            if tag == f"{W}bookmarkEnd":
                self.open.pop(child.get(f"{W}id", ""), None)
                continue
            if tag in (f"{W}commentRangeStart", f"{W}commentReference"):
                cid = child.get(f"{W}id", "")
                if cid not in para.comments:
                    para.comments.append(cid)
                continue
            if tag in (f"{W}ins", f"{W}del", f"{W}moveTo", f"{W}moveFrom"):
                is_ins = tag in (f"{W}ins", f"{W}moveTo")
                text = "".join(
                    (t.text or "") for t in child.iter() if t.tag in (f"{W}t", f"{W}delText")
                )
                para.changes.append(
                    Change(
                        "insertion" if is_ins else "deletion",
                        child.get(f"{W}author", ""),
                        child.get(f"{W}date", ""),
                        _clean(text),
                    )
                )
                self._runs(child, para, inside, ins or is_ins, dele or not is_ins)
                continue
            piece = None
            if tag in (f"{W}t", f"{W}delText"):
                piece = child.text or ""
            elif tag == f"{W}tab":
                piece = "\t"
            elif tag == f"{W}br" and child.get(f"{W}type") in ("page", "column"):
                piece = ""  # a page break (LibreOffice moves one into the next paragraph)
            elif tag in (f"{W}br", f"{W}cr"):
                piece = "\n"
            elif tag == f"{W}noBreakHyphen":
                piece = "-"
            if piece is not None:
                self._put(para, inside, piece, ins, dele)
                continue
            if tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
                continue
            self._runs(child, para, inside, ins, dele)

    def _put(
        self, para: Para, inside: dict[str, list[list[str]]], piece: str, ins: bool, dele: bool
    ) -> None:
        names = [n for n in self.open.values() if n in inside]
        if not ins:
            para.old += piece
            for n in names:
                inside[n][0].append(piece)
        if not dele:
            para.new += piece
            for n in names:
                inside[n][1].append(piece)


def _clean(text: str) -> str:
    for a, b in _CHARS.items():
        text = text.replace(a, b)
    return text
