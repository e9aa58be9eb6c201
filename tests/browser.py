"""Headless Chromium for the tests, driven through the Chrome DevTools protocol over a pipe
(``--remote-debugging-pipe``): no driver binary, no WebSocket library, no port; Debian's
``chromium`` only.  Messages are JSON objects, each ended by a NUL byte, read from the
browser's fd 4 and written to its fd 3."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--remote-debugging-pipe",
)


def chromium() -> str | None:
    """The browser's path, or None when it is not installed."""
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which("chromium")


def axe_source() -> Path:
    """axe-core's script, as tools/fetch_axe.sh puts it in the virtual environment."""
    return Path(sys.prefix) / "share" / "axe-core" / "axe.min.js"


class BrowserError(RuntimeError):
    pass


class Browser:
    """One headless Chromium with one page (tab); ``evaluate`` runs script in it."""

    def __init__(self, path: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="briefgen-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def fds() -> None:  # the browser reads fd 3 and writes fd 4 (copies, inheritable)
            read, write = os.dup(to_browser_r), os.dup(from_browser_w)  # above 4
            os.dup2(read, 3)
            os.dup2(write, 4)

        self.proc = subprocess.Popen(
            [path, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=fds,
            close_fds=False,  # closing would come after fds() and close 3 and 4 too
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._id = 0
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})
        self.session = attached["sessionId"]

    def call(self, method: str, params: dict[str, Any] | None = None, session: bool = False) -> Any:
        """Send one command and return its result (events meanwhile are dropped)."""
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise BrowserError("chromium closed the pipe")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        data: dict[str, Any] = json.loads(raw)
        return data

    def evaluate(self, expression: str) -> Any:
        """The value of ``expression`` in the page (a promise is waited for)."""
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            session=True,
        )
        if "exceptionDetails" in result:
            raise BrowserError(json.dumps(result["exceptionDetails"])[:2000])
        return result["result"].get("value")

    def open(self, url: str, timeout: float = 20.0) -> None:
        """Load ``url`` and wait until the document has loaded."""
        self.evaluate("window.__left = true")  # gone once the new document is in place
        self.call("Page.navigate", {"url": url}, session=True)
        if not self.wait_for("!window.__left && document.readyState === 'complete'", timeout):
            raise BrowserError(f"{url} did not load in {timeout} s")

    def wait_for(self, expression: str, timeout: float) -> bool:
        """Whether ``expression`` became true in the page within ``timeout`` seconds."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                if self.evaluate(expression):
                    return True
            except BrowserError:
                pass  # a page between documents
            time.sleep(0.05)
        return False

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.call("Browser.close")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        shutil.rmtree(self.profile, ignore_errors=True)
