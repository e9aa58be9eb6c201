"""Word bookmark names for heading ids: valid, unique and stable (see the writer's notes)."""

from __future__ import annotations

import hashlib
import re

from briefgen import tree as t


def bookmark_names(doc: t.Document) -> dict[str, str]:
    """Map each heading and anchor id (unique: the tree is checked) to a valid, unique Word
    bookmark name, as the writer's module notes describe."""
    names: dict[str, str] = {}
    used: set[str] = set()
    ids = [h.id for h in doc.iter_headings()]
    ids += [a.id for a in t.iter_inlines(doc.blocks) if isinstance(a, t.Anchor)]
    for id in ids:
        name = re.sub(r"[^A-Za-z0-9_]", "_", id)
        if not ("a" <= name[:1].lower() <= "z"):
            name = "h_" + name
        if len(name) > 40 or name in used:
            digest = hashlib.sha1(id.encode("utf-8")).hexdigest()[:8]
            name = f"{name[:31]}_{digest}"
        used.add(name)
        names[id] = name
    return names
