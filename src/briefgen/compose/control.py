"""A pack's document control as printed: its reference and version (an edition's own), the
releasable-edition line and the handling statement."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefgen.markings import Marking

if TYPE_CHECKING:
    from briefgen.compose.pack import Pack

DEFAULT_REFERENCE = "{id}-{edition}"
DEFAULT_VERSION = "1"
RELEASABLE_VERSION = "-R"  # after a releasable edition's version: "1.1-R"
SENSITIVE = Marking.parse("OFFICIAL: Sensitive")
DEFAULT_HANDLING = (
    "Handling: this document is {marking}. Store, send and dispose of it as the Protective "
    "Security Policy Framework (PSPF) requires for {marking} information, and share it only "
    "with people who need to know it."
)


def edition_slug(ceiling: Marking) -> str:
    """The ceiling in file names and references: "official-sensitive"."""
    return re.sub(r"[^a-z0-9]+", "-", str(ceiling).lower()).strip("-")


def reference(pack: Pack, given: str | None) -> str:
    """The pack's reference: ``given`` (or the default) with ``{id}`` and ``{edition}``
    filled in by plain replacement (data is never a format string), a releasable
    edition's suffix after it ("-R-OFFICIAL")."""
    text = (given or DEFAULT_REFERENCE).replace("{id}", pack.id)
    text = text.replace("{edition}", pack.edition.strftime("%Y%m%d"))
    if pack.max_marking is not None:
        text += "-R-" + edition_slug(pack.max_marking).upper()
    return text


def next_version(version: str) -> str:
    """The version after ``version``: its last number plus one ("0.1" -> "0.2", "2" ->
    "3"), or ".1" added when it holds no number ("Final" -> "Final.1")."""
    found = re.search(r"(\d+)(\D*)$", version)
    if found is None:
        return f"{version}.1"
    return f"{version[: found.start()]}{int(found.group(1)) + 1}{found.group(2)}"


def version(pack: Pack, given: str | None) -> str:
    """The pack's version.  Without ``since``: the one its data gives (default "1").  Against
    an earlier edition: the data's version when it is new (neither the base's data version
    nor the version that edition printed), else the next after the printed one, so that
    every edition differs from the one it replaces.  A releasable edition's ends in "-R"."""
    own = given or DEFAULT_VERSION
    base = pack.base
    if pack.since is not None and base is not None:
        printed = pack.since.versions.get(pack.id) or base.control["version"]
        printed = printed.removesuffix(RELEASABLE_VERSION)
        was = base.workspace.document_control(pack.id if pack.kind == "visit" else None).version
        if own in (printed, was or DEFAULT_VERSION):
            own = next_version(printed)
    return own + (RELEASABLE_VERSION if pack.max_marking is not None else "")


def releasable_line(pack: Pack) -> str | None:
    """Page 1's line of a releasable edition (built with a ceiling)."""
    if pack.max_marking is None:
        return None
    # the same words whether or not anything was left out: they neither claim a removal
    # that did not happen nor tell that something above the ceiling exists
    return f"Releasable edition: holds nothing marked above {pack.max_marking}"


def handling(pack: Pack, marking: Marking) -> str | None:
    """The handling statement of a pack marked ``marking``, when that is OFFICIAL: Sensitive
    or above: the organisation's, else the PSPF default; None below."""
    if marking.rank < SENSITIVE.rank:
        return None
    text = pack.workspace.organisation.handling or DEFAULT_HANDLING
    return text.replace("{marking}", marking.banner())
