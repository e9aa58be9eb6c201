"""The Word writer: a `briefgen.tree.Document` and a Theme -> .docx bytes."""

from briefgen.writers.docx.bookmarks import bookmark_names
from briefgen.writers.docx.writer import render

__all__ = ["bookmark_names", "render"]
