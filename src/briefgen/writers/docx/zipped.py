"""A package's zip with fixed entry times, each entry compressed once per process.

Most parts of a .docx are the same in every pack a process writes (the styles, theme,
fonts, settings and numbering of the reference document): deflating them again for each
pack was about half the writer's compression.  `write_zip` writes every entry through
`zipfile` the first time it sees its name and bytes, keeps what `zipfile` wrote for it
(the local header and the compressed data, which hold no offset), and copies those bytes
for the same name and bytes later.  The zip is byte for byte the one `zipfile` writes
(`tests/test_docx_zipped.py` holds the two to each other).
"""

from __future__ import annotations

import copy
import io
import threading
import zipfile
from collections import OrderedDict

ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
STORED_SUFFIXES = (".png", ".jpeg", ".jpg", ".gif")  # already compressed
_LEVEL = 6
_KEPT = 64  # entries kept: the parts shared by packs stay, each pack's own pass through
_LARGEST = 256 * 1024  # a larger body (a region's document) is not kept

_written: OrderedDict[tuple[str, bytes], tuple[zipfile.ZipInfo, bytes]] = OrderedDict()
_lock = threading.Lock()


def _info(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
    entry.create_system = 3
    entry.external_attr = 0o644 << 16
    stored = name.lower().endswith(STORED_SUFFIXES)
    entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    return entry


def write_zip(entries: list[tuple[str, bytes]], reuse: bool = True) -> bytes:
    """The zip of ``entries`` (name, body) in order; ``reuse=False`` writes every entry
    through `zipfile` (what the reused bytes are checked against)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for index, (name, body) in enumerate(entries):
            key = (name, body)
            # the first entry goes through zipfile always: the archive is then modified
            # and zipfile writes its central directory on closing
            keep = index > 0 and reuse and len(body) <= _LARGEST
            kept = _kept(key) if keep else None
            if kept is None:
                start = out.tell()
                dst.writestr(_info(name), body, compresslevel=_LEVEL)
                if keep:
                    with out.getbuffer() as view:
                        raw = bytes(view[start:])
                    _keep(key, dst.getinfo(name), raw)
                continue
            info, raw = kept
            info = copy.copy(info)
            info.header_offset = out.tell()
            out.write(raw)
            # what zipfile's own writer does when an entry is closed
            dst.filelist.append(info)
            dst.NameToInfo[name] = info
            dst.start_dir = out.tell()
    return out.getvalue()


def _kept(key: tuple[str, bytes]) -> tuple[zipfile.ZipInfo, bytes] | None:
    with _lock:
        found = _written.get(key)
        if found is not None:
            _written.move_to_end(key)
        return found


def _keep(key: tuple[str, bytes], info: zipfile.ZipInfo, raw: bytes) -> None:
    with _lock:
        _written[key] = (copy.copy(info), raw)
        while len(_written) > _KEPT:
            _written.popitem(last=False)
