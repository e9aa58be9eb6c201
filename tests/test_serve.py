"""``briefgen serve`` (issue 29): started as the officer starts it, on a free port; a pack's
page shows a saved change of its partner's YAML, a broken file shows its problem in the
page (file, line, field), the Word and PDF links build into the output folder, nothing
outside that folder is served (``..``, encoded or not, and symlinks), it listens on
127.0.0.1 unless told otherwise, and Ctrl-C stops it cleanly."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import Browser, chromium

WAIT = 2.0
"""How long a saved change may take to show in the page (issue 29: within 2 s)."""


class Served:
    """A running ``briefgen serve`` and the workspace it serves."""

    def __init__(self, root: Path, *args: str, sigint_ignored: bool = False) -> None:
        self.root = root
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "briefgen", "-C", str(root), "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            # as a shell's background job starts it: Ctrl-C must still stop it
            preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
            if sigint_ignored
            else None,
        )
        assert self.proc.stdout is not None
        self.first = self.proc.stdout.readline()
        assert self.first.startswith("Serving http://"), self.first
        url = urllib.parse.urlsplit(self.first.split()[1])
        self.url = f"{url.scheme}://{url.netloc}"
        self.host, self.port = url.hostname or "", url.port or 0

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
        """Status, Location header and body of a GET of ``path`` exactly as written."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        conn.putrequest("GET", path, skip_host=bool(headers and "Host" in headers))
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response.status, response.getheader("Location") or "", body

    def stop(self) -> tuple[int, str]:
        """Ctrl-C: its exit code and what it printed."""
        self.proc.send_signal(signal.SIGINT)
        out, _ = self.proc.communicate(timeout=20)
        return self.proc.returncode, out


@pytest.fixture()
def served(ws_copy: Path) -> Iterator[Served]:
    server = Served(ws_copy)
    try:
        yield server
    finally:
        if server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()


def jp(root: Path) -> Path:
    return root / "data" / "partners" / "jp.yaml"


def save(path: Path, text: str) -> None:
    """Write ``text`` as an editor saves: a new file renamed over the old one."""
    tmp = path.with_suffix(".tmp-save")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def test_a_saved_change_reloads_the_page_and_shows_the_new_text(served: Served) -> None:
    status, _, body = served.get("/pack/jp")
    assert status == 200 and b"Memorandum of Understanding" in body
    assert b'new EventSource("/events?since=0")' in body  # the page waits for a change
    assert b'href="/build/jp.pdf"' in body and b'href="/build/jp.docx"' in body
    heard: list[bytes] = []

    def listen() -> None:  # what the page's script hears
        conn = http.client.HTTPConnection(served.host, served.port, timeout=30)
        conn.request("GET", "/events?since=0")
        response = conn.getresponse()
        heard.append(response.readline())
        conn.close()

    listener = threading.Thread(target=listen)
    listener.start()
    # opened before or after the save, a stream since generation 0 hears of it
    save(
        jp(served.root),
        jp(served.root).read_text().replace("Memorandum of Understanding", "Memorandum of Accord"),
    )
    listener.join(timeout=10)
    assert heard == [b"data: reload\n"]
    status, _, body = served.get("/pack/jp")
    assert b"Memorandum of Accord" in body and b"Memorandum of Understanding" not in body
    assert b'new EventSource("/events?since=1")' in body


def test_the_page_in_chromium_shows_a_save_and_a_broken_file(served: Served) -> None:
    path = chromium()
    if path is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; tools/test.sh does)")
    browser = Browser(path)
    try:
        browser.open(served.url + "/pack/jp")
        assert browser.evaluate("document.body.innerText.includes('Memorandum of Understanding')")
        original = jp(served.root).read_text()
        save(
            jp(served.root), original.replace("Memorandum of Understanding", "Memorandum of Accord")
        )
        shown = "document.body.innerText.includes('Memorandum of Accord')"
        assert browser.wait_for(shown, WAIT), f"the new text was not in the page within {WAIT} s"
        save(jp(served.root), original.replace("kind: country", "kind: [country", 1))
        broken = "document.querySelector('[role=alert]') !== null"
        assert browser.wait_for(broken, WAIT + 3)
        alert = browser.evaluate("document.querySelector('[role=alert]').innerText")
        assert "data/partners/jp.yaml:3" in alert and "YAML syntax error" in alert
        save(jp(served.root), original)  # fixed: the pack is back
        assert browser.wait_for("document.querySelector('main h1.title') !== null", WAIT + 3)
    finally:
        browser.close()


def test_a_broken_file_is_shown_with_its_place_and_field(served: Served) -> None:
    save(jp(served.root), jp(served.root).read_text().replace("kind: country", "kind: [country", 1))
    save(
        served.root / "data" / "partners" / "nz.yaml",
        (served.root / "data" / "partners" / "nz.yaml").read_text() + "\nunexpected_field: 1\n",
    )
    for _ in range(100):  # the server reads the files when asked: no wait for the watcher
        status, _, body = served.get("/pack/nz")
        if b'role="alert"' in body:
            break
    text = body.decode()
    assert status == 200 and 'role="alert"' in text
    assert "data/partners/jp.yaml:3: YAML syntax error" in text
    assert "data/partners/nz.yaml" in text and "unexpected_field" in text
    assert served.proc.poll() is None  # never a crash


def test_only_files_in_the_output_folder_are_served(served: Served, tmp_path: Path) -> None:
    status, location, _ = served.get("/build/jp.pdf")
    assert (status, location) == (303, "/out/jp.pdf")
    status, _, body = served.get(location)
    assert status == 200 and body.startswith(b"%PDF")
    out = served.root / "build"
    assert (out / "jp.pdf").is_file() and (out / "manifest.json").is_file()
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF secret")
    (out / "link.pdf").symlink_to(secret)
    (out / "sub").mkdir()
    (out / "sub" / "x.pdf").write_bytes(b"%PDF x")
    for path in (
        "/out/../data/partners/jp.yaml",
        "/out/%2e%2e/data/partners/jp.yaml",
        "/out/..%2fdata%2fpartners%2fjp.yaml",
        "/out/link.pdf",
        "/out/sub/x.pdf",
        "/out/sub%2fx.pdf",
        "/out/manifest.json/../jp.pdf",
        "/../data/partners/jp.yaml",
        "/out/",
        "/data/partners/jp.yaml",
    ):
        status, _, body = served.get(path)
        assert status == 404 and b"secret" not in body and b"kind:" not in body, path


def test_listens_on_loopback_refuses_other_hosts_and_stops_on_ctrl_c(served: Served) -> None:
    assert served.host == "127.0.0.1"
    assert served.get("/", {"Host": "attacker.example:80"})[0] == 403  # DNS rebinding
    assert served.get("/build/jp.pdf", {"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert served.get("/")[0] == 200
    code, out = served.stop()
    assert code == 0 and "Stopped." in out and "Traceback" not in out


def test_ctrl_c_stops_it_when_started_with_sigint_ignored(ws_copy: Path) -> None:
    server = Served(ws_copy, sigint_ignored=True)
    try:
        code, out = server.stop()
        assert code == 0 and "Stopped." in out and "Traceback" not in out
    finally:
        if server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()
