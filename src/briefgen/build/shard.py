"""``--shard K/N``: which shard a pack falls in.  Only the standard library is imported
here, so that the command checks ``--shard`` before its no-load shortcut."""

from __future__ import annotations

import hashlib

from briefgen.errors import BriefgenError


def shard_of(id: str, count: int) -> int:
    """The 1-based shard of a pack id among ``count``: stable, whatever other packs exist."""
    digest = hashlib.sha256(id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/4"`` -> ``(2, 4)``; raises `BriefgenError` for anything else."""
    if not text.strip():  # an unset CI variable: never "every pack"
        raise BriefgenError(
            f"--shard {text!r} is empty (an unset variable?): expected K/N, e.g. --shard 1/4"
        )
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise BriefgenError(f"--shard {text!r}: expected K/N, e.g. 1/4") from None
    if not 1 <= k <= n:
        raise BriefgenError(f"--shard {text!r}: K must be between 1 and N")
    return k, n
