"""The register: ``register.csv`` and ``register.json`` beside ``manifest.json``, one row per
file of each brief the output folder holds, for a records system (and a freedom-of-
information request): reference, title, kind, owner, marking, version, status, clearance,
edition date, file, SHA-256 and release (``full``, or ``releasable-official`` for a file of
the edition released at OFFICIAL).

A folder holds one register, listing every file in it.  A folder built with ``editions``
(``--editions full,OFFICIAL``) holds the full edition, so its register may name what the
releasable edition withholds: the folder is handled as the full edition is, and the
releasable files are told apart by ``release`` (a second register for them alone would be
one more file to keep current, and could be taken for the whole folder's).  A folder
whose highest edition is releasable (``--max-marking``, ``--releasable``'s folder,
``--editions OFFICIAL``) names nothing withheld from it: a withheld pack's rows are left
out even where an edited file of it is kept.

Every fact comes from the manifest's pack records (`briefgen.build.manifest`), which a
build fills from the pack it rendered (`facts`); the register is those records as rows,
sorted by file name, so identical builds write identical bytes and an incremental build
writes the register a ``--force`` build would.  Both files are written atomically; one
edited since briefgen wrote it (its digest is not the one the manifest recorded) is never
replaced without ``force``.

AMENDED: a brief re-issued with changes after a cleared edition.  A cleared edition is a
final (not draft) pack with a clearance (who and when); the manifest keeps, per pack, the
clearance of its last cleared edition and the digest of that edition's text (its
Markdown).  A later final build with the same clearance whose text differs is AMENDED, on
page 1 and in the register, until the brief is cleared again (a new name, position or
date).  A draft is never AMENDED (page 1 already says DRAFT) and keeps the record.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen import deps
from briefgen.build import manifest as mf
from briefgen.build.edited import edited_error
from briefgen.fileio import OutputError, atomic_write

if TYPE_CHECKING:
    from briefgen.compose.pack import Pack

CSV = "register.csv"
JSON = "register.json"
SCHEMA = 2  # 2: the release column

COLUMNS = (
    "reference",
    "title",
    "kind",
    "pack",
    "prepared_by",
    "contact_officer",
    "marking",
    "version",
    "status",
    "amended",
    "cleared_by",
    "cleared_on",
    "edition",
    "format",
    "file",
    "sha256",
    "size",
    "pages",
    "release",
)
"""The register's columns, in their order (a records system maps them once)."""


def facts(pack: Pack) -> dict[str, str]:
    """What the register lists of ``pack`` besides its title, kind, marking, edition and
    version: its document control as page 1 prints it."""
    control = pack.control
    officer, cleared = control["contact_officer"], control["cleared_by"]
    return {
        "reference": str(control["reference"] or ""),
        "prepared_by": str(control["prepared_by"] or ""),
        "contact_officer": officer.name if officer is not None else "",
        "status": "draft" if pack.draft else "final",
        "cleared_by": f"{cleared.name}, {cleared.position}" if cleared is not None else "",
        "cleared_on": cleared.date.isoformat() if cleared is not None else "",
    }


def content_of(pack: Pack) -> str:
    """The digest of the pack's text (its Markdown, data put back): what a clearance cleared."""
    return hashlib.sha256(pack.markdown.encode("utf-8")).hexdigest()


def amendment(
    control: Mapping[str, str], content: str, cleared: Mapping[str, str] | None
) -> tuple[bool, dict[str, str] | None]:
    """Whether a pack with document control ``control`` (`facts`) and text ``content`` is
    AMENDED after its last cleared edition ``cleared`` (the manifest's record), and the
    record to keep: a final pack with a clearance other than the record's starts a new
    cleared edition."""
    kept = dict(cleared) if cleared is not None else None
    if control.get("status") != "final" or not control.get("cleared_by"):
        return False, kept
    clearance = f"{control['cleared_by']}; {control.get('cleared_on', '')}"
    if kept is None or kept.get("clearance") != clearance:
        return False, {"clearance": clearance, "content": content}
    return kept.get("content") != content, kept


WITHDRAWN = "withdrawn"
"""The ``status`` of a pack whose edited files stay after ``build --final`` refused it or a
releasable edition withheld it (`briefgen.build.batch`): no register lists them, as they
are not an issued edition."""

Unlisted = frozenset[tuple[str | None, str]]
"""Packs whose files a register leaves out: (the manifest's part, pack id), the part None
for the folder's own packs and an edition's name ("official") for one beside them."""

_RELEASE = re.compile(r"\.releasable-([^.]+)\.[^.]+$")


def release(path: str) -> str:
    """The edition a brief's file belongs to, by its name: ``full`` for ``jp.pdf``,
    ``releasable-official`` for ``jp.releasable-official.pdf`` (`manifest.file_name`)."""
    found = _RELEASE.search(path)
    return f"releasable-{found.group(1)}" if found else "full"


def rows(manifest: mf.Manifest, leave_out: Unlisted = frozenset()) -> list[dict[str, str]]:
    """One row per file of each pack the manifest lists, of every edition in the folder
    (but ``leave_out``), by file name."""
    out = []
    parts = [(None, manifest.packs), *sorted(manifest.releasable.items())]
    for part, id, entry in ((k, i, e) for k, packs in parts for i, e in packs.items()):
        if (part, id) in leave_out or entry.control.get("status") == WITHDRAWN:
            continue
        for fmt, f in entry.files.items():
            c = entry.control
            row = {
                "reference": c.get("reference", ""),
                "title": entry.title,
                "kind": entry.kind,
                "pack": id,
                "prepared_by": c.get("prepared_by", ""),
                "contact_officer": c.get("contact_officer", ""),
                "marking": entry.marking,
                "version": entry.version or "",
                "status": c.get("status", ""),
                "amended": c.get("amended", ""),
                "cleared_by": c.get("cleared_by", ""),
                "cleared_on": c.get("cleared_on", ""),
                "edition": entry.edition or "",
                "format": fmt,
                "file": f.path,
                "sha256": f.sha256,
                "size": str(f.size),
                "pages": "" if f.pages is None else str(f.pages),
                "release": release(f.path),
            }
            out.append(row)
    return sorted(out, key=lambda r: r["file"])


def csv_bytes(table: list[dict[str, str]]) -> bytes:
    """The rows as CSV (RFC 4180: a header row, CRLF line ends, UTF-8 without a BOM)."""
    text = io.StringIO()
    writer = csv.DictWriter(text, COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(table)
    return text.getvalue().encode("utf-8")


def json_bytes(table: list[dict[str, str]]) -> bytes:
    """The rows as JSON: ``{"schema", "columns", "briefs": [{COLUMN: TEXT}]}``."""
    data = {"schema": SCHEMA, "columns": list(COLUMNS), "briefs": table}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write(
    out: Path, manifest: mf.Manifest, force: bool, leave_out: Unlisted = frozenset()
) -> str | None:
    """Write the register of ``manifest`` into ``out`` and record each file's digest in the
    manifest (before it is written); or, when a register file was changed since briefgen
    wrote it (or briefgen never wrote it) and not ``force``, write neither and say why (and
    why, when one cannot be written)."""
    table = rows(manifest, leave_out)
    files = {CSV: csv_bytes(table), JSON: json_bytes(table)}
    if not force:
        recorded = manifest.register
        edited = [n for n, data in files.items() if _edited(out / n, recorded.get(n), data)]
        if edited:
            return edited_error(out, edited, register=True)
    for name, data in files.items():
        path = out / name
        try:
            if not (  # the same bytes already there: left untouched, as an unchanged pack
                path.is_file()
                and not path.is_symlink()
                and deps.digest_of(path) == deps.sha256(data)
            ):
                atomic_write(path, data)
        except OutputError as exc:  # a full disk: said, and the manifest is still written
            return f"the register was not written: {exc}"
        manifest.register[name] = deps.sha256(data)
    return None


def _edited(path: Path, recorded: str | None, data: bytes) -> bool:
    """Whether ``path`` holds something other than what briefgen last wrote there (or is
    about to write): an officer's edit, or a file briefgen did not write."""
    if not os.path.lexists(path):
        return False
    if path.is_symlink() or not path.is_file():
        return True
    digest = deps.digest_of(path)
    return digest != deps.sha256(data) and digest != recorded
