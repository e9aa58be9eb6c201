"""``manifest.json``: the one module that knows its schema.

The manifest lists every file briefgen wrote into an output folder (and so the only files
it may ever delete there), and, for each pack, the dependency record it was built from:

```
{"schema": 3, "generator": "briefgen X",
 "packs": {ID: {"kind", "title", "marking",
                "edition": "YYYY-MM-DD",                  # its 'information as at' date
                "version": "0.2",                         # the version it printed
                "control": {FIELD: TEXT},                 # the register's facts (below)
                "content": SHA-256,                       # of the pack's text (Markdown)
                "inputs": {LABEL: SHA-256, ...},          # what the pack's tree was made of
                "files": {FORMAT: {"path", "sha256", "size", "pages",
                                   "reads": {LABEL: SHA-256},   # what that writer read
                                   "warnings": [...],
                                   "sources": {BOOKMARK: {"key", "text", "written"}},
                                   "paragraphs": [SIGNATURE, ...],  # .docx: for absorb
                                   "built_from": SHA-256},      # options + inputs + reads
                          "docx:attachment-B.pdf": {...}}}},  # a companion of the .docx
 "releasable": {EDITION: {ID: {...}}},                    # lower editions beside the packs
 "edition": {"marking": MARKING,                          # the highest the data holds
             "files": {PATH: TEXT, ...}},                 # the data the packs were made of
            or {"stored": SHA-256},                         # ... kept in the edition store
 "register": {NAME: SHA-256},                              # register.csv/.json as written
 "cleared": {ID: {"clearance", "content"}},               # each pack's last cleared edition
 "brief_clearances": {BRIEF: {"clearance", "text"}},      # each brief's text when cleared
 "last_build": {...}}                                       # the no-load shortcut's record
```

``control`` holds what `briefgen.build.register` lists beside the pack's title, kind,
marking, edition and version: ``reference``, ``prepared_by``, ``contact_officer``,
``status`` (draft or final), ``cleared_by``, ``cleared_on`` and ``amended`` ("yes" or
"no").  ``cleared`` names each pack's last cleared edition (its clearance, and the digest of
its text) so that a later build can tell a brief re-issued with changes after it; it
outlives the pack's entry (a pack that fails once is still AMENDED when next built).

``edition`` holds the text of every data file (settings included) the latest build loaded, by
workspace-relative path, so that a later build can tell what changed since this one
(``--since FOLDER``).  A releasable build (``--max-marking``) must not hold that text, whose
records may be marked above its ceiling: its manifest names the edition by digest instead,
and the text is kept in the workspace's edition store (`STORE`), beside the data it copies
and outside every output folder.  A full build's copy says, in ``marking``, the highest
marking of the records it holds, so that the file is handled as what it copies.  Schema 2
(no editions) is still read.

``releasable`` lists, by edition name ("official" for ``jp.releasable-official.pdf``), the
packs of the lower editions a build with ``editions`` (``--editions full,OFFICIAL``) wrote
into the same folder as the highest one, whose packs are ``packs``.

A key ``FORMAT:NAME`` of ``files`` is a companion of that format's file, written beside it
as ``ID.NAME`` (``esa-visit.attachment-B.pdf``: the copy of an external PDF that the Word
edition's tab page links to); a build checks, replaces and removes it with its format.

A LABEL is a workspace-relative path (``data/partners/jp.yaml``), an absolute path for a
file outside the workspace (shipped templates, fonts), or ``template:NAME`` for the
template that won the search for NAME.  A manifest that does not fit this schema is
ignored (with a warning), never trusted.  Only the standard library is imported here.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from briefgen import deps
from briefgen.fileio import atomic_write
from briefgen.version import __version__

NAME = "manifest.json"
STORE = ".briefgen/editions"  # workspace-relative: the editions of releasable builds
SCHEMA = 3
READABLE = (2, 3)
TEMPLATE = "template:"


@dataclass
class FileEntry:
    path: str
    sha256: str
    size: int
    pages: int | None
    built_from: str
    reads: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    sources: dict[str, dict[str, str]] = field(default_factory=dict)  # .docx provenance
    paragraphs: list[str] = field(default_factory=list)  # .docx paragraph signatures


@dataclass
class PackEntry:
    kind: str
    title: str
    marking: str
    inputs: dict[str, str] = field(default_factory=dict)
    files: dict[str, FileEntry] = field(default_factory=dict)
    edition: str | None = None  # ISO date: the pack's 'information as at'
    version: str | None = None  # the version page 1 printed
    control: dict[str, str] = field(default_factory=dict)  # the register's facts
    content: str | None = None  # SHA-256 of the pack's text (its Markdown, not AMENDED)


@dataclass
class Manifest:
    packs: dict[str, PackEntry] = field(default_factory=dict)
    last_build: dict[str, Any] | None = None
    problem: str | None = None  # why an existing manifest was ignored
    edition: Mapping[str, str] | None = None  # workspace-relative path -> text of the data file
    stored: str | None = None  # or the digest of the edition kept in the store
    edition_marking: str | None = None  # the highest marking of the records ``edition`` holds
    # the packs of lower editions built into the same folder, by their files' edition name
    releasable: dict[str, dict[str, PackEntry]] = field(default_factory=dict)
    register: dict[str, str] = field(default_factory=dict)  # register file -> SHA-256 written
    cleared: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> last cleared edition
    # brief id -> its clearance and text when first seen cleared (briefgen.build.brief_clearance)
    brief_clearances: dict[str, dict[str, str]] = field(default_factory=dict)


def built_from(options: str, inputs: Mapping[str, str], reads: Mapping[str, str]) -> str:
    """The digest naming one file's build: the options and every input's digest."""
    h = hashlib.sha256(options.encode())
    for part in (inputs, reads):
        for label in sorted(part):
            h.update(f"\n{label}\0{part[label]}".encode())
        h.update(b"\n--")
    return h.hexdigest()


def label_of(path: str | Path, root: Path | None) -> str:
    """The label of a file: workspace-relative when it lies inside ``root``."""
    return labeller(root)(path)


def labeller(root: Path | None) -> Callable[[str | Path], str]:
    """`label_of` for many files of one workspace (its folder resolved once)."""
    bases = (root.absolute(), root.resolve()) if root is not None else ()

    def label(path: str | Path) -> str:
        p = Path(path)
        for base in bases:
            if p.is_relative_to(base):
                return p.relative_to(base).as_posix()
        return str(p)

    return label


def path_of(label: str, root: Path | None) -> Path | None:
    """The file a label names (None for a template name)."""
    if label.startswith(TEMPLATE):
        return None
    p = Path(label)
    return p if p.is_absolute() or root is None else root / p


# ---------------------------------------------------------------- reading


class _Invalid(ValueError):
    pass


def _str_map(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise _Invalid("a map of strings")
    return dict(value)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise _Invalid("a string")
    return value


def _file(value: Any) -> FileEntry:
    if not isinstance(value, dict):
        raise _Invalid("a file entry")
    size, pages = value.get("size"), value.get("pages")
    if not isinstance(size, int) or not (pages is None or isinstance(pages, int)):
        raise _Invalid("size and pages as numbers")
    path = _str(value.get("path"))
    if Path(path).name != path:
        raise _Invalid("a file name")
    warnings = value.get("warnings", [])
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        raise _Invalid("warnings as a list of strings")
    return FileEntry(
        path,
        _str(value.get("sha256")),
        size,
        pages,
        _str(value.get("built_from")),
        _str_map(value.get("reads", {})),
        list(warnings),
        _sources(value.get("sources", {})),
        _strings(value.get("paragraphs", [])),
    )


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Invalid("a list of strings")
    return list(value)


def _sources(value: Any) -> dict[str, dict[str, str]]:
    """A Word edition's provenance bookmarks: name -> {key, text, written}."""
    if not isinstance(value, dict):
        raise _Invalid("sources as a map")
    out = {}
    for name, entry in value.items():
        fields = _str_map(entry)
        if set(fields) != {"key", "text", "written"}:
            raise _Invalid("each source with key, text and written")
        out[_str(name)] = fields
    return out


def _pack(value: Any) -> PackEntry:
    if not isinstance(value, dict) or not isinstance(value.get("files"), dict):
        raise _Invalid("a pack entry")
    edition = value.get("edition")
    if edition is not None:
        edition = _str(edition)
    version = value.get("version")
    if version is not None:
        version = _str(version)
    content = value.get("content")
    return PackEntry(
        _str(value.get("kind")),
        _str(value.get("title")),
        _str(value.get("marking")),
        _str_map(value.get("inputs", {})),
        {_str(fmt): _file(f) for fmt, f in value["files"].items()},
        edition,
        version,
        _str_map(value.get("control", {})),
        None if content is None else _str(content),
    )


def read(out: Path) -> Manifest:
    """The manifest in ``out``: empty when there is none, and when it does not parse as the
    schema (``problem`` then says why, for a warning)."""
    path = out / NAME
    try:
        text = _regular_bytes(path)
    except FileNotFoundError:
        return Manifest()
    except OSError as exc:
        why = exc.strerror or exc
        return Manifest(problem=f"{path}: {why}; ignored")
    try:
        data = json.loads(text)
    except ValueError as exc:
        return Manifest(problem=f"{path}: not readable as JSON ({exc}); ignored")
    try:
        if not isinstance(data, dict) or data.get("schema") not in READABLE:
            raise _Invalid(f"schema {SCHEMA}")
        packs = data.get("packs")
        if not isinstance(packs, dict):
            raise _Invalid("a map of packs")
        last = data.get("last_build")
        edition = data.get("edition")
        files = stored = marking = None
        if isinstance(edition, dict) and "files" in edition:
            files = _str_map(edition.get("files"))
            marking = _str(edition["marking"]) if "marking" in edition else None
        elif isinstance(edition, dict) and "stored" in edition:
            stored = _str(edition["stored"])
        lower = data.get("releasable", {})
        if not isinstance(lower, dict) or not all(isinstance(v, dict) for v in lower.values()):
            raise _Invalid("releasable editions as a map of pack maps")
        return Manifest(
            {_str(k): _pack(v) for k, v in packs.items()},
            last if isinstance(last, dict) else None,
            edition=files,
            stored=stored,
            edition_marking=marking,
            releasable={
                _str(slug): {_str(k): _pack(v) for k, v in entries.items()}
                for slug, entries in lower.items()
            },
            register=_str_map(data.get("register", {})),
            cleared=_cleared(data.get("cleared", {})),
            brief_clearances=_cleared(data.get("brief_clearances", {})),
        )
    except _Invalid as exc:
        return Manifest(problem=f"{path}: not a briefgen manifest (expected {exc}); ignored")


def _cleared(value: Any) -> dict[str, dict[str, str]]:
    if not isinstance(value, dict):
        raise _Invalid("a map of cleared editions")
    return {_str(k): _str_map(v) for k, v in value.items()}


def _regular_bytes(path: Path) -> bytes:
    """The bytes of ``path`` when it is a regular file, not a link: a FIFO (which would
    block), a device such as /dev/zero (which never ends) or a link is an `OSError`."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP or os.path.islink(path):
            raise OSError(errno.ELOOP, "a link, not briefgen's own file") from None
        raise
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a FIFO, device or folder)")
        return fh.read()


# ---------------------------------------------------------------- writing


def _plain(m: Manifest) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "generator": f"briefgen {__version__}",
        "packs": {k: asdict(v) for k, v in sorted(m.packs.items())},
    }
    if m.last_build is not None:
        data["last_build"] = m.last_build
    lower = {slug: packs for slug, packs in sorted(m.releasable.items()) if packs}
    if lower:
        data["releasable"] = {
            slug: {k: asdict(v) for k, v in sorted(packs.items())} for slug, packs in lower.items()
        }
    if m.register:
        data["register"] = dict(sorted(m.register.items()))
    if m.cleared:
        data["cleared"] = dict(sorted(m.cleared.items()))
    if m.brief_clearances:
        data["brief_clearances"] = dict(sorted(m.brief_clearances.items()))
    if m.edition is not None:
        marked = {"marking": m.edition_marking} if m.edition_marking is not None else {}
        files = {rel: _TEXT + rel for rel in sorted(m.edition)}  # texts: as written
        data["edition"] = {**marked, "files": files}
    elif m.stored is not None:
        data["edition"] = {"stored": m.stored}
    return data


def store_edition(root: Path, out: Path, files: Mapping[str, str]) -> str | None:
    """Keep the edition ``files`` in the workspace's store and return its digest, the name a
    releasable manifest records; None when the store would lie inside ``out`` (then no
    edition is recorded rather than one a releasable folder would hold)."""
    folder = root / STORE
    if folder.resolve().is_relative_to(out.resolve()):
        return None
    try:
        texts = dict(sorted(files.items()))
    except EditionChangedError:  # no edition rather than a wrong one
        return None
    data = json.dumps(texts, ensure_ascii=False, sort_keys=True).encode()
    digest = hashlib.sha256(data).hexdigest()
    path = folder / f"{digest}.json"
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(path, data)
    return digest


def stored_edition(root: Path, digest: str) -> dict[str, str] | None:
    """The edition the store keeps under ``digest``; None when it is missing or altered."""
    if not (len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)):
        return None
    try:
        data = (root / STORE / f"{digest}.json").read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != digest:
        return None
    try:
        return _str_map(json.loads(data.decode("utf-8")))
    except (ValueError, _Invalid):
        return None


def file_name(id: str, fmt: str, edition: str | None = None) -> str:
    """A pack's file: ``jp.pdf`` for the full edition, ``jp.releasable-official.pdf`` for
    one released at a ceiling (``edition``: its slug, "official").  A dot never occurs
    in an id, so the names never meet.  A companion (`companion_key`) is named after its
    format's file: ``jp.attachment-B.pdf``."""
    if COMPANION in fmt:
        fmt = fmt.split(COMPANION, 1)[1]
    return f"{id}.releasable-{edition}.{fmt}" if edition else f"{id}.{fmt}"


COMPANION = ":"
"""Joins a format and the name of a file written beside that format's file for it."""


def companion_key(fmt: str, name: str) -> str:
    """The key (in a pack entry's ``files``) of a file written beside the pack's ``fmt``
    file, e.g. ``docx:attachment-B.pdf``: the copy of an external PDF that the Word
    edition's tab page links to (``name``: the end of its file name)."""
    return f"{fmt}{COMPANION}{name}"


def with_companions(entry: PackEntry | None, formats: Sequence[str]) -> list[str]:
    """``formats`` and the keys of ``entry``'s companion files of each of them: what a
    build checks, replaces or removes together."""
    found = [k for k in (entry.files if entry is not None else {}) if COMPANION in k]
    return list(
        dict.fromkeys([*formats, *(k for k in found if k.split(COMPANION, 1)[0] in formats)])
    )


def edition_files(root: Path, digests: Mapping[str, str]) -> EditionFiles | None:
    """The text of each data file a build loaded (``digests``: path -> SHA-256), as found
    in ``root`` now; None when one has changed since it was loaded (no edition is recorded
    rather than a wrong one).  Each text is read again where it is used, one at a time."""
    for rel, digest in digests.items():
        try:
            if deps.digest_of(root / rel) != digest:
                return None
        except OSError:
            return None
    return EditionFiles(root, dict(sorted(digests.items())))


class EditionChangedError(Exception):
    """A data file of the edition changed after the build checked it."""


class EditionFiles(Mapping[str, str]):
    """The texts of an edition's data files, read from the workspace when asked for, each
    checked against the digest the build loaded (`EditionChangedError` if it differs):
    the manifest writes them one at a time (30 MB for 1,000 partners is never held)."""

    def __init__(self, root: Path, digests: dict[str, str]) -> None:
        self.root, self.digests = root, digests

    def __getitem__(self, rel: str) -> str:
        digest = self.digests[rel]
        try:
            data = (self.root / rel).read_bytes()
        except OSError:
            raise EditionChangedError(rel) from None
        if hashlib.sha256(data).hexdigest() != digest:
            raise EditionChangedError(rel)
        return data.decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return iter(self.digests)

    def __len__(self) -> int:
        return len(self.digests)


def write(out: Path, m: Manifest) -> None:
    try:
        atomic_write(out / NAME, _encoded(_plain(m), m.edition))
    except EditionChangedError:  # a data file edited during the build: no edition, as ever
        m.edition = None
        atomic_write(out / NAME, _encoded(_plain(m)))


_TEXT = "\0edition text of "
"""Stands for a data file's text in the manifest until it is written (no data text holds
a NUL: the loader refuses control characters)."""


def _encoded(data: Any, texts: Mapping[str, str] | None = None) -> Iterator[bytes]:
    """``data`` as indented JSON text, in pieces of about 64 KB: the whole text (30 MB with
    the edition of 1,000 partners) and its encoder's million fragments are never held at
    once.  Each edition file's text stands as a `_TEXT` value, the encoder's own piece,
    replaced by the text read from ``texts`` as it is written."""
    encoder = json.JSONEncoder(indent=2, sort_keys=True, ensure_ascii=False)
    standing = {encoder.encode(_TEXT + rel): rel for rel in texts or ()}
    put = 0
    pending: list[str] = []
    size = 0
    for piece in encoder.iterencode(data):
        rel = standing.get(piece)
        if rel is not None and texts is not None:
            piece = encoder.encode(texts[rel])
            put += 1
        pending.append(piece)
        size += len(piece)
        if size >= 65536:
            yield "".join(pending).encode("utf-8")
            pending.clear()
            size = 0
    if put != len(standing):  # never: each string value is one piece of the encoder's
        raise EditionChangedError("the manifest's encoder split an edition text")
    pending.append("\n")
    yield "".join(pending).encode("utf-8")
