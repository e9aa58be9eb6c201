"""``briefgen absorb``: bring the edits and comments of a cleared Word edition back to the data.

The Word edition marks each paragraph or cell whose text is a record field's with a hidden
bookmark (`briefgen.writers.docx.provenance`); the build's manifest keeps, per bookmark,
the field's key and the text briefgen wrote.  Absorbing reads the edited file
(`briefgen.build.docxtext`): a pending tracked change is taken as if accepted; an accepted
or untracked edit is text that differs from what briefgen wrote.  Each edit of a field
becomes a change of its YAML file (ruamel.yaml round trip: comments, order and layout
kept); a narrative record's edit goes to its ``brief`` (never to its source text), and must
pass the rests-on check.  Every other edit (a heading, a computed fact, a table header,
text typed between paragraphs) is listed as not absorbed, with the reason and where it is.

Nothing is written unless asked (``apply``), never when the data the file was built from
has changed since, and never unless the data, changed, validates; files are written
atomically.
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from briefgen import deps
from briefgen.build import docxtext
from briefgen.build import manifest as mf
from briefgen.data.source import Folder
from briefgen.errors import BriefgenError, DataError

Loc = tuple[str | int, ...]


@dataclass
class Edit:
    """One field's new text, and where it was made."""

    key: str
    old: str
    new: str
    how: str  # "tracked" or "plain"
    where: str


@dataclass
class Skipped:
    """An edit that has no field to go to, or that cannot go there."""

    where: str
    text: str
    reason: str


@dataclass
class Note:
    """A comment, with the record it sits on (None: on text that is no record's)."""

    author: str
    date: str
    text: str
    key: str | None
    where: str


@dataclass
class Absorbed:
    pack: str
    edits: list[Edit] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    comments: list[Note] = field(default_factory=list)
    diffs: dict[str, str] = field(default_factory=dict)  # data file -> unified diff
    texts: dict[str, str] = field(default_factory=dict)  # data file -> new text


class StaleError(BriefgenError):
    """The data a Word edition was built from has changed since."""


# ---------------------------------------------------------------- finding the build


def _pack_of(docx: Path, m: mf.Manifest, names: set[str]) -> tuple[str, mf.FileEntry]:
    """The pack (and its Word file's entry) the edited file is: by its provenance bookmarks."""
    best: tuple[int, str] | None = None
    for pid, entry in m.packs.items():
        f = entry.files.get("docx")
        if f is None or not f.sources:
            continue
        hits = len(names & set(f.sources))
        if hits and (best is None or hits > best[0] or (hits == best[0] and f.path == docx.name)):
            best = (hits, pid)
    if best is None:  # a pack with no field printed: by its file name
        best = next(
            (
                (0, pid)
                for pid, e in m.packs.items()
                if (f := e.files.get("docx")) and f.path == docx.name and f.paragraphs
            ),
            None,
        )
    if best is None:
        raise BriefgenError(
            f"{docx}: not a Word edition briefgen wrote (no briefgen bookmarks that the "
            "manifest names); absorb reads only a .docx that `briefgen build` made"
        )
    return best[1], m.packs[best[1]].files["docx"]


def _check_fresh(root: Path, pack: str, entry: mf.PackEntry) -> None:
    """Refuse when a data file the pack was built from has changed since."""
    changed = []
    for label, digest in sorted(entry.inputs.items()):
        if not label.startswith("data/"):
            continue
        try:
            now = deps.digest_of(root / label)
        except OSError:
            now = None
        if now != digest:
            changed.append(label)
    if changed:
        raise StaleError(
            f"the data behind pack {pack!r} changed since its Word edition was built "
            f"({', '.join(changed)}): rebuild it (briefgen build {pack}), clear the new "
            "edition, then absorb that"
        )


# ---------------------------------------------------------------- reading the edits


def _base(name: str) -> str:
    return re.sub(r"_\d+$", "", name)


NO_FIELD = (
    "no record field to go to (a heading, a computed fact, a table header or text typed "
    "between paragraphs): make it in the data or the template"
)


def _outside_fields(
    edited: docxtext.Edited, sources: dict[str, dict[str, str]], written: list[str]
) -> list[Skipped]:
    """The paragraphs that are no field's and differ from what briefgen wrote (typed,
    changed, accepted or deleted), found by lining the edited document up with the
    signatures of the one written (`docxtext.signature`)."""
    paras = [p for p in edited.paragraphs if docxtext.signature(p)]
    sigs = [docxtext.signature(p) for p in paras]
    out: list[Skipped] = []
    matcher = difflib.SequenceMatcher(None, written, sigs, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for p in paras[j1:j2]:
            if docxtext.signature(p).startswith("field:"):
                continue  # a field's paragraph: its edits are read apart
            where = p.where
            tracked = [c for c in p.changes if c.text]
            for c in tracked:
                by = c.author or "someone"
                out.append(Skipped(where, c.text, f"a tracked {c.kind} by {by} with {NO_FIELD}"))
            if not tracked:  # (with tracked changes, they name the paragraph already)
                what = "text typed" if tag == "insert" else "text changed or typed"
                out.append(Skipped(where, p.new, f"{what} with {NO_FIELD}"))
        after = paras[j1 - 1] if j1 else None
        where = f"after paragraph {after.index + 1}" if after else "at the start"
        replaced = sum(not s.startswith("field:") for s in sigs[j1:j2])  # edited, not gone
        for sig in written[i1:i2]:
            if sig in sigs[j1:j2]:
                continue
            if not sig.startswith("field:") and replaced:
                replaced -= 1
                continue
            if sig.startswith("field:"):
                names = [docxtext.PREFIX + h for h in sig.removeprefix("field:").split(",")]
                keys = ", ".join(sources[n]["key"] for n in names if n in sources)
                out.append(
                    Skipped(
                        where,
                        "",
                        f"the paragraph of {keys} was deleted: take the record "
                        "out of the data instead",
                    )
                )
            else:
                out.append(
                    Skipped(where, "", f"a paragraph briefgen wrote was deleted, with {NO_FIELD}")
                )
    return out


def read_edits(
    docx: Path, sources: dict[str, dict[str, str]], written: list[str] | None = None
) -> Absorbed:
    """The edits, skipped edits and comments of ``docx``, against its manifest ``sources``
    and the signatures of the paragraphs briefgen ``written``."""
    edited = docxtext.read(docx)
    out = Absorbed("")
    if written:
        out.skipped += _outside_fields(edited, sources, written)
    keyed: dict[str, Edit] = {}
    for para in edited.paragraphs:
        where = para.where
        mine = {n: v for n, v in para.marks.items() if _base(n) in sources}
        for name, (_, new) in mine.items():
            entry = sources[_base(name)]
            printed, value = entry["written"], entry["text"]
            tracked = any(c.text for c in para.changes)
            if new == printed and not para.split & {name}:
                continue
            if name in para.split:
                out.skipped.append(
                    Skipped(where, new, "the paragraph was split or joined: edit it as one")
                )
                continue
            at = printed.find(value)
            head, tail = printed[:at], printed[at + len(value) :]
            if not (new.startswith(head) and new.endswith(tail)) or len(new) < len(head + tail):
                out.skipped.append(
                    Skipped(
                        where,
                        new,
                        f"the edit changes text briefgen printed around the "
                        f"field ({head.strip() or tail.strip()!r}); edit only the field's text",
                    )
                )
                continue
            text = new[len(head) : len(new) - len(tail)]
            if not text.strip():
                out.skipped.append(
                    Skipped(
                        where,
                        value,
                        "the whole text was deleted: take the record out of "
                        f"the data instead ({entry['key']})",
                    )
                )
                continue
            edit = Edit(entry["key"], value, text, "tracked" if tracked else "plain", where)
            other = keyed.get(edit.key)
            if other is not None and other.new != edit.new:
                out.skipped.append(
                    Skipped(where, text, f"the same field is edited differently at {other.where}")
                )
                continue
            keyed[edit.key] = edit
        if not mine and para.changes and not written:  # (else found by `_outside_fields`)
            for change in para.changes:
                if change.text:
                    out.skipped.append(
                        Skipped(
                            where,
                            change.text,
                            f"a tracked {change.kind} by {change.author or 'someone'} in text "
                            "that is no record field's (a heading, a computed fact, a table "
                            "header or text typed between paragraphs): make it in the data "
                            "or the template",
                        )
                    )
        for cid in para.comments:
            c = edited.comments.get(cid)
            if c is not None:
                key = next((sources[_base(n)]["key"] for n in mine), None)
                out.comments.append(Note(c.author, c.date, c.text, key, where))
    out.edits = list(keyed.values())
    return out


# ---------------------------------------------------------------- changing the YAML


def parse_key(key: str) -> tuple[str, Loc]:
    """``data/partners/jp.yaml#agreements[1].brief`` -> the file and the field path."""
    rel, _, path = key.partition("#")
    loc: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        loc.append(int(index) if index else name)
    return rel, tuple(loc)


def _yaml() -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    return y


def _indents(text: str) -> tuple[int, int]:
    """The sequence indent and dash offset a YAML file uses (mappings: 2 spaces)."""
    for line, nxt in zip(text.splitlines(), text.splitlines()[1:], strict=False):
        if line.rstrip().endswith(":") and nxt.lstrip().startswith("- "):
            gap = len(nxt) - len(nxt.lstrip()) - (len(line) - len(line.lstrip()))
            return (gap + 2, gap) if gap >= 0 else (2, 0)
    return 2, 0


def change_text(text: str, changes: list[tuple[Loc, str]]) -> str:
    """``text`` (YAML) with each field at ``loc`` set to its new text; a ``brief`` that is
    not there yet is added after the field it rewords."""
    y = _yaml()
    sequence, offset = _indents(text)
    y.indent(mapping=2, sequence=sequence, offset=offset)
    data = y.load(text)
    for loc, value in changes:
        node = data
        for part in loc[:-1]:
            node = node[part]
        last = loc[-1]
        if isinstance(last, str) and last not in node:
            keys = list(node)
            after = next((k for k in ("text", "summary", "bio") if k in node), keys[-1])
            node.insert(keys.index(after) + 1, last, value)
        else:
            node[last] = _styled(node[last], value)
    buf = io.StringIO()
    y.dump(data, buf)
    return buf.getvalue()


def _styled(old: Any, new: str) -> Any:
    """``new`` in the scalar style of ``old`` (folded, literal or plain)."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    if isinstance(old, LiteralScalarString):
        return LiteralScalarString(new)
    if isinstance(old, FoldedScalarString):
        folded = FoldedScalarString(new)
        folded.fold_pos = _folds(new, 80)
        return folded
    return new


def _folds(text: str, width: int) -> list[int]:
    """Where a folded scalar breaks ``text`` (at spaces) to keep lines near ``width``."""
    out, start = [], 0
    while len(text) - start > width:
        at = text.rfind(" ", start, start + width)
        if at <= start:
            break
        out.append(at)
        start = at + 1
    return out


class _Overlay(Folder):
    """The workspace's files, with some replaced by new text (to validate before writing)."""

    def __init__(self, root: Path, texts: dict[str, str]) -> None:
        super().__init__(root)
        object.__setattr__(self, "texts", texts)

    def read(self, rel: str, limit: int | None = None) -> bytes:
        texts: dict[str, str] = self.texts  # type: ignore[attr-defined]
        if rel in texts:
            return texts[rel].encode("utf-8")
        return super().read(rel, limit)


def _validate(root: Path, texts: dict[str, str]) -> list[Any]:
    """The problems of the workspace with ``texts`` in place of its files."""
    from briefgen.data.workspace import load_workspace

    try:
        load_workspace(root, source=_Overlay(root, texts))
    except DataError as exc:
        return list(exc.problems)
    return []


def plan(root: Path, absorbed: Absorbed) -> None:
    """Turn ``absorbed``'s edits into new texts and diffs of the data files; an edit whose
    result does not validate (a brief that adds a fact) is moved to the skipped."""
    for _ in range(len(absorbed.edits) + 1):
        by_file: dict[str, list[tuple[Loc, str]]] = {}
        for e in absorbed.edits:
            rel, loc = parse_key(e.key)
            by_file.setdefault(rel, []).append((loc, e.new))
        texts = {}
        for rel, changes in by_file.items():
            old = (root / rel).read_text(encoding="utf-8")
            texts[rel] = change_text(old, changes)
        problems = _validate(root, texts)
        if not problems:
            break
        bad = _blame(absorbed.edits, problems)
        if not bad:
            first = problems[0]
            raise BriefgenError(f"the absorbed data would not validate: {first}")
        for e, problem in bad:
            absorbed.edits.remove(e)
            absorbed.skipped.append(
                Skipped(e.where, e.new, f"{problem.message} ({problem.file}: {problem.path})")
            )
    absorbed.texts = texts
    absorbed.diffs = {}
    for rel, new in sorted(texts.items()):
        old = (root / rel).read_text(encoding="utf-8")
        absorbed.diffs[rel] = "".join(
            difflib.unified_diff(
                old.splitlines(keepends=True), new.splitlines(keepends=True), rel, rel
            )
        )


def _blame(edits: list[Edit], problems: list[Any]) -> list[tuple[Edit, Any]]:
    """The edits each problem is about (by file and field path)."""
    from briefgen.data.yamlio import format_loc

    out = []
    for e in edits:
        rel, loc = parse_key(e.key)
        for p in problems:
            if p.file == rel and (p.path == format_loc(loc) or format_loc(loc).startswith(p.path)):
                out.append((e, p))
                break
    return out


def absorb(docx: Path, root: Path, out: Path | None = None) -> Absorbed:
    """What absorbing ``docx`` would change in the workspace at ``root`` (nothing written).
    ``out``: the build folder whose manifest describes it (default: the file's folder)."""
    if not docx.is_file():
        raise BriefgenError(f"{docx}: no such file")
    names = {_base(p) for para in docxtext.read(docx).paragraphs for p in para.marks}
    folder = out if out is not None else docx.parent
    m = mf.read(folder)
    if not m.packs:
        raise BriefgenError(
            f"{docx}: no briefgen manifest in {folder} to say what it was built from: "
            "give the build folder with --out (for example --out build)"
        )
    pack, entry = _pack_of(docx, m, names)
    _check_fresh(root, pack, m.packs[pack])
    absorbed = read_edits(docx, entry.sources, entry.paragraphs)
    absorbed.pack = pack
    plan(root, absorbed)
    return absorbed


def apply(root: Path, absorbed: Absorbed) -> list[str]:
    """Write each changed data file (atomically); the files written."""
    from briefgen.fileio import atomic_write

    for rel, text in absorbed.texts.items():
        atomic_write(root / rel, text.encode("utf-8"))
    return sorted(absorbed.texts)


def report(absorbed: Absorbed) -> list[str]:
    """The lines ``briefgen absorb`` prints: diffs, then what was not absorbed, then comments."""
    lines: list[str] = []
    for diff in absorbed.diffs.values():
        lines += diff.rstrip("\n").split("\n")
    n = len(absorbed.edits)
    lines.append(f"{n} edit(s) absorbed into {len(absorbed.diffs)} data file(s)")
    if absorbed.skipped:
        lines.append(f"{len(absorbed.skipped)} edit(s) not absorbed:")
        for s in absorbed.skipped:
            lines.append(f"  {s.where}: {s.text!r}: {s.reason}")
    if absorbed.comments:
        lines.append(f"{len(absorbed.comments)} comment(s):")
        for c in absorbed.comments:
            on = c.key or "text that is no record's"
            lines.append(f"  {c.author} ({c.date}) on {on}, {c.where}: {c.text}")
    return lines


def as_json(absorbed: Absorbed, written: list[str]) -> dict[str, Any]:
    """What ``briefgen absorb --format json`` prints: the pack, each edit absorbed, each not
    absorbed (with why), each comment, each data file's diff, and the files ``written``."""
    return {
        "pack": absorbed.pack,
        "absorbed": [asdict(e) for e in absorbed.edits],
        "not_absorbed": [asdict(s) for s in absorbed.skipped],
        "comments": [asdict(c) for c in absorbed.comments],
        "diffs": dict(sorted(absorbed.diffs.items())),
        "written": written,
    }
