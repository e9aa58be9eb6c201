"""The document's properties: core properties from the tree's metadata, the marking as a
custom property (so that a records system or a DLP rule can read it without opening)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from briefgen.tree import Metadata
from briefgen.writers.docx import xml as x

MARKING_PROPERTY = "ProtectiveMarking"
LIMIT = 255
"""Word's limit on a core property's length (python-docx refuses longer text)."""


def fit(text: str) -> str:
    """``text`` shortened to the limit, with an ellipsis where it was cut."""
    return text if len(text) <= LIMIT else text[: LIMIT - 1].rstrip() + "\u2026"


def fit_keywords(keywords: list[str], marking: str) -> str:
    """The keywords joined within the limit: the marking always kept, others dropped from
    the end until the rest fit."""
    words = [fit(k) for k in keywords if k != marking]
    while words and len("; ".join([*words, marking])) > LIMIT:
        words.pop()
    return fit("; ".join([*words, marking]))


def set_properties(document: Any, meta: Metadata) -> None:
    """Core properties from the metadata, and the marking as a custom property."""
    when = datetime(meta.edition.year, meta.edition.month, meta.edition.day, tzinfo=timezone.utc)
    props = document.core_properties
    props.title = fit(meta.title)
    props.subject = fit(meta.subtitle or "")
    props.author = fit(meta.author or meta.organisation)
    props.keywords = fit_keywords(list(meta.keywords), meta.marking)
    props.language = meta.language
    props.last_modified_by = fit(meta.author or meta.organisation)
    props.revision = 1
    props.created = props.modified = when
    props.content_status = "Draft" if meta.draft else ""
    props.comments = fit("; ".join(meta.control))
    props.category = ""
    props.identifier = fit(meta.reference or "")
    props.version = fit(meta.version or "")
    x.set_custom_properties(document.part.package, {MARKING_PROPERTY: meta.marking})
