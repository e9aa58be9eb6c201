"""``briefgen serve``: preview packs in a browser while their data is edited.

`serve` starts the preview server (`briefgen.serve.server`) on 127.0.0.1 unless told
another address, watches the workspace (`briefgen.serve.watch`) and reloads each open page
at each saved change; Ctrl-C stops it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from pathlib import Path

from briefgen.serve.server import Preview, Server, is_loopback
from briefgen.serve.watch import watch

__all__ = ["Preview", "Server", "serve"]


def serve(
    root: Path,
    out: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    target: str | None = None,
    say: Callable[[str], None] = print,
    ready: Callable[[Server], None] | None = None,
) -> None:
    """Serve the workspace in ``root`` (its builds written to ``out``) on ``host``:``port``
    (0: any free port) until Ctrl-C; ``say`` tells the officer the address and each
    change; ``ready`` is called with the server once it listens (for tests)."""
    if threading.current_thread() is threading.main_thread():
        # Ctrl-C stops the server even when started with SIGINT ignored (as a background
        # job of a shell is): Python then installs no KeyboardInterrupt of its own
        signal.signal(signal.SIGINT, signal.default_int_handler)
    preview = Preview(root.resolve(), out)
    server = Server((host, port), preview)
    watcher = watch(preview.root, preview.changes)
    try:  # from the first line said: a Ctrl-C at once stops it as cleanly
        bound_host, bound_port = str(server.server_address[0]), int(server.server_address[1])
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        url = f"http://{shown}:{bound_port}/" + (f"pack/{target}" if target else "")
        say(f"Serving {url} (Ctrl-C to stop)")
        if not is_loopback(bound_host):
            say(f"warning: listening on {bound_host}: anyone who can reach it can read the packs")
        if ready is not None:
            ready(server)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        preview.changes.stop()
        server.server_close()
        watcher.join(timeout=5)
        say("Stopped.")
