"""The Word writer: a :class:`briefgen.tree.Document` and a Theme -> .docx bytes."""

from briefgen.writers.docx.writer import bookmark_names, render

__all__ = ["bookmark_names", "render"]
