"""The preview's own pages (the index of packs, a problem) and what it adds to a pack's
page: a bar linking to the Word and PDF builds, and the script that reloads the page when
the workspace changes.  Every text is escaped (`briefgen.writers.html.markup`)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from briefgen.writers.html.markup import el, lines

RELOAD = """<script>
(() => {
  const source = new EventSource("/events?since=%d");
  source.onmessage = () => { source.close(); location.reload(); };
})();
</script>"""
"""Reload the page at the workspace's next change (server-sent events, sent the moment the
watcher sees a save)."""

STYLE = """
body{font-family:"Liberation Sans",Arial,sans-serif;margin:0;color:#000;background:#fff}
main{max-width:46em;margin:0 auto;padding:1em 1.5em}
h1{color:#1F3864}
a{color:#1F3864}
.problem{border-left:4pt solid #C00000;padding:.5em 1em;background:#fff5f5}
.problem li{font-family:"DejaVu Sans Mono",monospace;white-space:pre-wrap;margin:.3em 0}
"""

BAR_STYLE = """
.bg-preview{position:sticky;bottom:0;background:#fff;border-top:1px solid #595959;
padding:.4em 1em;font-family:"Liberation Sans",Arial,sans-serif;font-size:15px}
.bg-preview a{color:#1F3864;margin-right:1.5em;display:inline-block;padding:.2em 0}
@media print{.bg-preview{display:none}}
"""


def reload_script(generation: int) -> Markup:
    return Markup(RELOAD % int(generation))


def _page(title: str, body: Markup, generation: int) -> bytes:
    page = lines(
        [
            Markup("<!DOCTYPE html>"),
            Markup('<html lang="en-AU">'),
            el(
                "head",
                None,
                el("meta", {"charset": "utf-8"}),
                el("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
                el("title", None, title),
                el("style", None, Markup(STYLE)),
            ),
            Markup("<body>"),
            el("main", None, body),
            reload_script(generation),
            Markup("</body>"),
            Markup("</html>"),
        ]
    )
    return (page + "\n").encode("utf-8")


def index(targets: Sequence[tuple[str, str, str]], root: str, generation: int) -> bytes:
    """Every pack of the workspace, by kind, each linked to its preview."""
    groups = []
    for kind, heading in (("partner", "Partners"), ("region", "Regions"), ("visit", "Visits")):
        items = [
            el("li", None, el("a", {"href": f"/pack/{ident}"}, name), f" ({ident})")
            for k, ident, name in targets
            if k == kind
        ]
        if items:
            groups.append(el("h2", None, heading))
            groups.append(el("ul", None, lines(items)))
    body = lines(
        [
            el("h1", None, "Briefing packs"),
            el(
                "p",
                None,
                f"Workspace {root}. Each page is built when you open it and "
                "again whenever you save a data file, a template, briefgen.toml or an image.",
            ),
            *groups,
        ]
    )
    return _page("Briefing packs (preview)", body, generation)


def problem(title: str, message: str, generation: int) -> bytes:
    """A page telling the officer what is wrong (each line of ``message``: file, line and
    field), reloaded as soon as a file is saved again."""
    body = lines(
        [
            el("h1", None, title),
            el(
                "div",
                {"class": "problem", "role": "alert"},
                el(
                    "p",
                    None,
                    "The pack cannot be shown until this is fixed; the page reloads when you save.",
                ),
                el("ul", None, lines(el("li", None, line) for line in message.splitlines())),
            ),
            el("p", None, el("a", {"href": "/"}, "All packs")),
        ]
    )
    return _page(title, body, generation)


def with_preview(page: bytes, ident: str, generation: int) -> bytes:
    """A pack's page with the preview's bar (links to the Word and PDF builds, the index)
    and its reload script, before the end of its body."""
    bar = el(
        "div",
        {"class": "bg-preview", "role": "region", "aria-label": "Preview"},
        el("a", {"href": "/"}, "All packs"),
        el("a", {"href": f"/build/{ident}.pdf"}, "Build the PDF"),
        el("a", {"href": f"/build/{ident}.docx"}, "Build the Word file"),
    )
    addition = (bar + reload_script(generation) + "\n</body>").encode("utf-8")
    head, sep, tail = page.rpartition(b"</body>")
    page = head + addition + tail if sep else page + addition
    style = el("style", None, Markup(BAR_STYLE)).encode("utf-8")
    return page.replace(b"</head>", style + b"</head>", 1)
