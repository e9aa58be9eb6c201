"""The document tree: the format-neutral contract between composing and writing.

:mod:`~briefgen.tree.nodes` defines the blocks and inlines, :func:`check` the rules every
tree keeps before a writer sees it, :mod:`~briefgen.tree.layout` the layout rules the
writers share, and :func:`dump` the text form used by snapshot tests.
"""

from briefgen.tree.check import TreeError, check
from briefgen.tree.dump import dump
from briefgen.tree.layout import (
    TITLE_POINTS,
    caption_numbers,
    column_widths,
    figure_scale,
    title_scale,
)
from briefgen.tree.nodes import (
    Align,
    Block,
    BulletList,
    Callout,
    CalloutKind,
    Contents,
    Document,
    Emphasis,
    Figure,
    Footnote,
    FootnoteRef,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListItem,
    Metadata,
    OrderedList,
    PageBreak,
    Paragraph,
    ParagraphRole,
    Strong,
    Table,
    Text,
    iter_blocks,
    plain_text,
)

__all__ = [
    "Align",
    "Block",
    "BulletList",
    "Callout",
    "CalloutKind",
    "Contents",
    "Document",
    "Emphasis",
    "Figure",
    "Footnote",
    "FootnoteRef",
    "Heading",
    "Image",
    "Inline",
    "LineBreak",
    "Link",
    "ListItem",
    "Metadata",
    "OrderedList",
    "PageBreak",
    "Paragraph",
    "ParagraphRole",
    "Strong",
    "Table",
    "TITLE_POINTS",
    "Text",
    "TreeError",
    "caption_numbers",
    "check",
    "column_widths",
    "dump",
    "figure_scale",
    "iter_blocks",
    "plain_text",
    "title_scale",
]
