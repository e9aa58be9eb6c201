"""The document's properties: core properties from the tree's metadata, the marking as a
custom property (so that a records system or a DLP rule can read it without opening)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from briefgen.tree import Metadata
from briefgen.writers.docx import xml as x

MARKING_PROPERTY = "ProtectiveMarking"


def set_properties(document: Any, meta: Metadata) -> None:
    """Core properties from the metadata, and the marking as a custom property."""
    keywords = list(meta.keywords)
    if meta.marking not in keywords:
        keywords.append(meta.marking)
    when = datetime(meta.edition.year, meta.edition.month, meta.edition.day, tzinfo=timezone.utc)
    props = document.core_properties
    props.title = meta.title
    props.subject = meta.subtitle or ""
    props.author = meta.author or meta.organisation
    props.keywords = "; ".join(keywords)
    props.language = meta.language
    props.last_modified_by = meta.author or meta.organisation
    props.revision = 1
    props.created = props.modified = when
    props.content_status = "Draft" if meta.draft else ""
    props.comments = ""
    props.category = ""
    x.set_custom_properties(document.part.package, {MARKING_PROPERTY: meta.marking})
