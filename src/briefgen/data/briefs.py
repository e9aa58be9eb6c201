"""Contributed briefs: ``data/briefs/<id>.md``, YAML front matter then the officer's text.

The text is Markdown read literally: structure only (headings, lists, tables, emphasis,
links), raw HTML and template code stay text.  This module reads and checks the files
(problems with file and line: front matter lines as in the file, text problems at the
text's own line); `briefgen.compose.briefs` turns the text into the pack's Markdown.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from briefgen.data.advice import did_you_mean
from briefgen.data.layout import BRIEFS_DIR, MAX_DATA_FILE
from briefgen.data.model import Brief, BriefFront, Visit, check_web_link, check_xml_text
from briefgen.data.yamlio import format_loc, line_of, problems_from_validation, read_yaml
from briefgen.errors import Problem

if TYPE_CHECKING:
    from briefgen.data.source import FileSource
    from briefgen.data.workspace import Workspace

TYPO = 0.85
"""How close a commissioned id must be to a written brief's to be taken for a typo of it."""
FENCE = "---"
"""The line that opens and closes a brief's front matter."""
_EXAMPLE = (
    "start the file with front matter between two '---' lines, e.g.\n"
    "---\ntitle: MMX sample recovery\nkind: issue\nteam: Science Branch\n---"
)


@lru_cache(maxsize=1)
def body_parser() -> Any:
    """The Markdown parser of a brief's text: CommonMark and tables, no raw HTML (it stays
    text), no footnotes, attributes or containers (template-only syntax stays text)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table")


_REFUSED = {
    "fence": "a code block (``` lines): write the text as ordinary paragraphs",
    "code_block": "an indented code block: indent text by fewer than 4 spaces",
    "blockquote": "a block quote ('>' lines): write the text as ordinary paragraphs",
    "image": "a picture: a brief's text holds no pictures; describe it in words",
}


def body_problems(body: str, rel: str, first_line: int) -> list[Problem]:
    """What the text of a brief cannot hold, each at its file line (``first_line`` is the
    file line of the text's first line)."""
    out: list[Problem] = []
    for n, line in enumerate(body.split("\n")):
        try:
            check_xml_text(line)
        except ValueError as exc:
            out.append(Problem(rel, first_line + n, "text", str(exc)))
    if out:
        return out
    for token, at in _tokens(body_parser().parse(body)):
        where = first_line + at
        what = _REFUSED.get(token.type)
        if what is not None:
            out.append(Problem(rel, where, "text", f"holds {what}"))
        elif token.type == "link_open":
            href = str(token.attrs.get("href", ""))
            try:
                check_web_link(href)
            except ValueError as exc:
                out.append(Problem(rel, where, "text", f"link: {exc}"))
    return out


def _tokens(tokens: list[Any], line: int = 0) -> Iterator[tuple[Any, int]]:
    """Every token, inline ones included, with the 0-based text line of its block."""
    for token in tokens:
        here = token.map[0] if token.map else line
        yield token, here
        if token.children:
            yield from _tokens(token.children, here)


def split_front(text: str) -> tuple[str, str, int] | None:
    """``(front matter, text, file line of the text)``, or None without front matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() == FENCE:
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None


def read_brief(
    root: Path, rel: str, source: FileSource
) -> tuple[Brief | None, str | None, list[Problem]]:
    """The brief in file ``rel`` (None when it has problems), the SHA-256 of its bytes, and
    its problems."""
    from briefgen.deps import sha256

    try:
        raw = source.read(rel, MAX_DATA_FILE)
    except OSError as exc:
        return None, None, [Problem(rel, None, "", f"cannot be read: {exc.strerror or exc}")]
    digest = sha256(raw)
    try:
        text = raw.decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, digest, [Problem(rel, line, "", f"is not UTF-8 text (byte {exc.start})")]
    parts = split_front(text.removeprefix("\ufeff"))
    if parts is None:
        return None, digest, [Problem(rel, 1, "", f"has no front matter: {_EXAMPLE}")]
    front, body, body_line = parts
    data, found = read_yaml(root / rel, rel, source=_Text(rel, front))
    if found or not isinstance(data, Mapping):
        found = found or [Problem(rel, 2, "", f"the front matter is empty; {_EXAMPLE}")]
        return None, digest, [_shifted(p) for p in found]
    problems: list[Problem] = []
    try:
        BriefFront.model_validate(dict(data))
    except ValidationError as exc:
        problems += [_shifted(p) for p in problems_from_validation(exc, rel, data)]
    problems += body_problems(body, rel, body_line)
    stem = rel.rsplit("/", 1)[-1].removesuffix(".md")
    status = data.get("status", "drafted")
    if not problems and status != "requested" and not body.strip():
        problems.append(
            Problem(
                rel,
                body_line - 1,
                "text",
                f"a {status} brief needs its text below the front matter",
            )
        )
    if problems:
        return None, digest, problems
    try:
        brief = Brief.model_validate({**data, "id": stem, "body": body, "body_line": body_line})
    except ValidationError as exc:  # the id: the file name
        return None, digest, [Problem(rel, None, "", f"the file name: {exc.errors()[0]['msg']}")]
    return brief, digest, []


class _Text:
    """A brief's front matter as the one file a `FileSource` holds (for `read_yaml`)."""

    def __init__(self, rel: str, text: str) -> None:
        self.rel, self.data = rel, text.encode("utf-8")

    def read(self, rel: str, limit: int | None = None) -> bytes:
        return self.data

    def is_file(self, rel: str) -> bool:
        return rel == self.rel

    def names(self, folder: str) -> list[str]:
        return []


def _shifted(p: Problem) -> Problem:
    """A front matter problem at its file line (the front matter starts on line 2)."""
    return Problem(p.file, p.line + 1 if p.line is not None else 2, p.path, p.message)


def brief_names(source: FileSource) -> list[str]:
    """The brief files of the workspace, as workspace-relative paths."""
    return [f"{BRIEFS_DIR}/{n}" for n in source.names(BRIEFS_DIR) if n.endswith(".md")]


def brief_problems(ws: Workspace, lines: Mapping[str, Any]) -> list[Problem]:
    """References of briefs and commissions that do not hold: a brief's unknown sources or
    packs; a visit commissioning one brief twice."""
    out: list[Problem] = []
    for bid, brief in ws.briefs.items():
        rel = ws.file_of("brief", bid)
        for i, sid in enumerate(brief.sources):
            if sid not in ws.sources:
                loc: tuple[str | int, ...] = ("sources", i)
                line = _front_line(ws, rel, loc)
                out.append(Problem(rel, line, format_loc(loc), f"unknown source {sid!r}"))
        for i, pid in enumerate(brief.packs):
            if pid not in ws.visits:
                loc = ("packs", i)
                out.append(
                    Problem(
                        rel,
                        _front_line(ws, rel, loc),
                        format_loc(loc),
                        f"{pid!r} is not a visit: list the ids of visits (data/visits/ID.yaml) "
                        f"whose packs print this brief{did_you_mean(pid, ws.visits)}",
                    )
                )
    for vid, visit in ws.visits.items():
        seen: set[str] = set()
        asked = {c.id for c in visit.briefs}
        for i, c in enumerate(visit.briefs):
            # a brief not written yet is requested, not an error; one a letter away from a
            # brief that is written and not asked for here is a typo
            unasked = sorted(b for b in ws.briefs if b not in asked)
            close = difflib.get_close_matches(c.id, unasked, n=1, cutoff=TYPO)
            if close and c.id not in ws.briefs:
                hint = f"; did you mean {close[0]!r}?"
                rel = ws.file_of("visit", vid)
                loc = ("briefs", i, "id")
                out.append(
                    Problem(
                        rel,
                        line_of(lines.get(rel), loc),
                        format_loc(loc),
                        f"there is no {BRIEFS_DIR}/{c.id}.md{hint} (for a brief not written "
                        "yet, give an id no brief file has)",
                    )
                )
            if c.id in seen:
                rel = ws.file_of("visit", vid)
                loc = ("briefs", i, "id")
                out.append(
                    Problem(
                        rel,
                        line_of(lines.get(rel), loc),
                        format_loc(loc),
                        f"brief {c.id!r} is asked for twice",
                    )
                )
            seen.add(c.id)
    return out


def _front_line(ws: Workspace, rel: str, loc: tuple[str | int, ...]) -> int | None:
    """The file line of field ``loc`` of a brief's front matter (read again: only for a
    message)."""
    if ws.root is None:
        return None
    try:
        parts = split_front((ws.root / rel).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # only a line number is lost
        return None
    data = read_yaml(ws.root / rel, rel, source=_Text(rel, parts[0]))[0] if parts else None
    line = line_of(data, loc)
    return line + 1 if line is not None else None


def briefs_of(
    ws: Workspace, visit: Visit
) -> list[tuple[str, Brief | None, date | None, str | None]]:
    """The briefs a visit's pack prints, in order: those it commissions, in its order, those
    its program items' meeting briefs name, those its attachments name, then those whose
    ``packs`` name it, by id;
    each ``(id, brief or None when not yet written, due, team asked)``.  Every brief file
    read is noted."""
    out: list[tuple[str, Brief | None, date | None, str | None]] = []
    asked = set()
    for c in visit.briefs:
        asked.add(c.id)
        out.append((c.id, ws.brief(c.id), c.due, c.team))
    for item in visit.program:  # a meeting's contributed brief, printed on its page
        bid = item.brief.contributed if item.brief is not None else None
        if bid is not None and bid not in asked:
            asked.add(bid)
            brief = ws.brief(bid)
            out.append((bid, brief, brief.due if brief is not None else None, None))
    for a in visit.attachments:  # a brief bound in as an attachment: a part of the pack
        if a.brief is not None and a.brief not in asked:
            asked.add(a.brief)
            brief = ws.brief(a.brief)
            out.append((a.brief, brief, brief.due if brief is not None else None, None))
    for bid in sorted(ws.briefs):
        if bid not in asked:
            brief = ws.brief(bid)
            if brief is not None and visit.id in brief.packs:
                out.append((bid, brief, brief.due, None))
    return out
