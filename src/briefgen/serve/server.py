"""The preview server: an index of packs, each pack's HTML edition built when asked for,
pages reloaded at each saved change, builds of the Word and PDF files into the output
folder, and those files served from it (nothing else: no path outside it, no symlink).

Standard library HTTP (one thread a request); the watcher is `briefgen.serve.watch`.
"""

from __future__ import annotations

import http.server
import ipaddress
import socket
import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.errors import BriefgenError
from briefgen.serve import pages
from briefgen.serve.watch import Changes
from briefgen.writers import FORMATS

KEEPALIVE_SECONDS = 15.0
"""How often an open page's event stream hears from the server while nothing changes."""

TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}
"""The files served from the output folder, by suffix: what a build writes."""


@dataclass
class Preview:
    """What the server serves: the workspace in ``root``, its output folder ``out``."""

    root: Path
    out: Path
    changes: Changes = field(default_factory=Changes)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def workspace(self) -> Any:
        """The workspace as saved now (raises `BriefgenError` naming every problem)."""
        import briefgen

        return briefgen.load_workspace(self.root)

    def page(self, ident: str) -> tuple[int, bytes]:
        """A pack's HTML edition with the preview's bar, or a page saying what is wrong."""
        generation = self.changes.generation
        try:
            ws = self.workspace()
            if ident not in {i for _, i, _ in ws.targets()}:
                return 404, pages.problem(
                    "No such pack", f"no pack has the id {ident!r}", generation
                )
            data = ws.pack(ident).render("html").data
        except BriefgenError as exc:
            return 200, pages.problem(f"{ident}: a problem to fix", str(exc), generation)
        except Exception as exc:  # a bug: shown, never a crash of the server
            text = f"internal error: {type(exc).__name__}: {exc}"
            return 500, pages.problem(f"{ident}: briefgen failed", text, generation)
        return 200, pages.with_preview(data, ident, generation)

    def index(self) -> bytes:
        generation = self.changes.generation
        try:
            targets = self.workspace().targets()
        except BriefgenError as exc:
            return pages.problem("The workspace has problems to fix", str(exc), generation)
        return pages.index(targets, str(self.root), generation)

    def build(self, ident: str, fmt: str) -> str:
        """Build one pack in one format into the output folder (as ``briefgen build``
        does: manifest kept, files briefgen did not write never replaced); its file's name,
        or raises `BriefgenError` with what went wrong."""
        ws = self.workspace()
        with self.lock:  # one build at a time writes the output folder
            report = ws.build(self.out, formats=(fmt,), targets=(ident,), jobs=1)
        if report.failed:
            raise BriefgenError("\n".join(r.error or "" for r in report.failed))
        return f"{ident}.{fmt}"

    def file(self, name: str) -> Path | None:
        """The file ``name`` directly inside the output folder, if it is a regular file
        there (not a symlink, no other folder) of a kind a build writes; else None."""
        if not name or "/" in name or "\\" in name or name.startswith(".") or "\0" in name:
            return None
        if name.rpartition(".")[2] not in TYPES:
            return None
        path = self.out / name
        if path.is_symlink() or not path.is_file():
            return None
        try:
            inside = path.resolve(strict=True).parent == self.out.resolve(strict=True)
        except OSError:
            return None
        return path if inside else None


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class Handler(http.server.BaseHTTPRequestHandler):
    """One request; the server's ``preview`` says what there is."""

    server: Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the console is the officer's
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        preview = self.server.preview
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.split("/")[1:]
        if not self._allowed():
            return self._send(403, b"Forbidden", "text/plain; charset=utf-8")
        match parts:
            case [""]:
                return self._send(200, preview.index())
            case ["events"]:
                return self._events(url.query)
            case ["pack", ident] if ident:
                status, body = preview.page(urllib.parse.unquote(ident))
                return self._send(status, body)
            case ["build", name] if name:
                return self._build(urllib.parse.unquote(name))
            case ["out", name]:
                return self._file(urllib.parse.unquote(name))
            case _:
                return self._send(404, b"Not found", "text/plain; charset=utf-8")

    def _allowed(self) -> bool:
        """Refuse requests made by another site's page (a link or script elsewhere cannot
        start builds here) and, on a loopback address, any Host but a loopback one (DNS
        rebinding)."""
        if self.headers.get("Sec-Fetch-Site", "same-origin") == "cross-site":
            return False
        if not self.server.loopback:
            return True
        host = self.headers.get("Host", "")
        name = host.rsplit(":", 1)[0].strip("[]") if host else ""
        return not name or is_loopback(name)

    def _send(self, status: int, body: bytes, kind: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", "default-src 'self' data: 'unsafe-inline'")
        self.end_headers()
        self.wfile.write(body)

    def _events(self, query: str) -> None:
        """Server-sent events: one "reload" at the first change past the page's generation."""
        changes = self.server.preview.changes
        try:
            since = int(urllib.parse.parse_qs(query).get("since", ["0"])[0])
        except ValueError:
            since = 0
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            while not changes.stopping.is_set():
                now = changes.wait_past(since, KEEPALIVE_SECONDS)
                if now > since:
                    self.wfile.write(b"data: reload\n\n")
                    self.wfile.flush()
                    return
                self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except OSError:  # the page went away
            return

    def _build(self, name: str) -> None:
        ident, _, fmt = name.rpartition(".")
        if fmt not in FORMATS or not ident:
            return self._send(404, b"Not found", "text/plain; charset=utf-8")
        preview = self.server.preview
        try:
            built = preview.build(ident, fmt)
        except BriefgenError as exc:
            body = pages.problem(f"{name}: not built", str(exc), preview.changes.generation)
            return self._send(200, body)
        self.send_response(303)
        self.send_header("Location", "/out/" + urllib.parse.quote(built))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _file(self, name: str) -> None:
        path = self.server.preview.file(name)
        if path is None:
            return self._send(404, b"Not found", "text/plain; charset=utf-8")
        body = path.read_bytes()
        self._send(200, body, TYPES[path.suffix.lstrip(".")])


class Server(http.server.ThreadingHTTPServer):
    """The preview's HTTP server; request threads never keep the process alive."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], preview: Preview) -> None:
        self.preview = preview
        self.loopback = is_loopback(address[0])
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)
