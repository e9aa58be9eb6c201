"""The part of a workspace one pack reads: what a build hands a worker with each job.

A worker given only its pack's records (the partners and sources whose files the pack
read, the settings and the organisation, and the sources of the names it spells out; regions,
visits and the glossary are few and kept whole)
neither loads the workspace nor inherits it, so its memory does not grow with the
workspace's size.  Which records a pack reads is what it noted reading them
(`briefgen.compose.pack.Pack.data_files`), never a second list, so the part renders the
same bytes and records the same inputs as the whole workspace.
"""

from __future__ import annotations

from dataclasses import replace

from briefgen.compose.pack import make_pack
from briefgen.data.workspace import Workspace

_PER_RECORD = ("partner", "source")


class Parts:
    """Cuts one workspace into the parts its packs read (shared work done once)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.files = {key: rel for key, rel in ws.files.items() if key[0] not in _PER_RECORD}

    def of(self, id: str) -> Workspace:
        """The workspace cut down to what the pack ``id`` reads."""
        ws = self.ws
        pack = make_pack(ws, id)
        read = pack.data_files()
        partners = {
            pid: p for pid, p in ws.partners.items() if ws.files.get(("partner", pid)) in read
        }
        sources = {s.id: s for s in pack.sources}
        sources |= {s.id: s for spelt in pack.spelt_sources for s in spelt["sources"]}
        files = dict(self.files)
        for kind, records in (("partner", partners), ("source", sources)):
            for rid in records:
                rel = ws.files.get((kind, rid))
                if rel is not None:
                    files[(kind, rid)] = rel
        wanted = set(files.values()) | read
        digests = {rel: ws.digests[rel] for rel in wanted if rel in ws.digests}
        return replace(ws, partners=partners, sources=sources, files=files, digests=digests)
