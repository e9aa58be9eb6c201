"""Stage 2: a Workspace and a pack id -> a `briefgen.tree.Document`.

Selection and redaction, derived facts, the template context, Jinja (sandboxed) producing
Markdown, and Markdown parsed into the document tree.
"""
