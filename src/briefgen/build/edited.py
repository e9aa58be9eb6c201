"""The one message for an output someone changed after briefgen wrote it: what to do to
keep the change, and how to replace it (never-lose-work)."""

from __future__ import annotations

from pathlib import Path


def edited_error(out: Path, names: list[str], *, register: bool = False) -> str:
    """``names`` in ``out`` changed since briefgen wrote them: the officer's choices.  For
    the register, which briefgen may never have written, that is said, and that it was not
    updated."""
    files = " and ".join(str(out / n) for n in names)
    it = "it" if len(names) == 1 else "them"
    stem, dot, ext = names[0].rpartition(".")
    keep = (
        f"to keep the changes, move or rename {it} (for example to {stem}-edited{dot}{ext}) "
        "and build again"
    )
    if register:
        return (
            f"{files}: changed since briefgen wrote {it} (or not written by briefgen); the "
            f"register was not updated; {keep}; to replace {it}, build with --force"
        )
    discard = "to discard them, build with --force"
    return f"{files}: changed since briefgen wrote {it}; {keep}; {discard}"
