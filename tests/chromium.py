"""Headless Chromium for tests: load pages, read the DOM after scripts ran, take screenshots.

One browser process serves many pages, driven over the DevTools protocol on a pipe
(`--remote-debugging-pipe`: JSON messages ended by NUL on file descriptors 3 and 4), so a test
that looks at fifty pages pays one start-up, and nothing listens on a port. `serve()` puts a
folder on a loopback HTTP server for sites whose links are absolute (`/ko/page/`).
"""

from __future__ import annotations

import base64
import functools
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

# The flags Debian's chromium needs here: no sandbox as root, no GPU, and no background
# connections (the machine has no network; Chromium would retry them for ever).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
]


def chromium_path() -> str:
    """The browser's path; CI installs Debian's `chromium` (.ci/run), so it is never skipped."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        raise RuntimeError("chromium is not installed: apt-get install chromium (see .ci/run)")
    return path


class Browser:
    """A headless Chromium with one tab; `load` a URL, then `evaluate` or `screenshot`."""

    def __init__(self, width: int = 1200, height: int = 900) -> None:
        self._profile = tempfile.mkdtemp(prefix="chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire_pipes() -> None:  # in the child: the protocol's fds 3 (in) and 4 (out)
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)
            # dup2 onto itself keeps close-on-exec (pipe fds already 3 outside pytest).
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self._process = subprocess.Popen(
            [
                chromium_path(),
                *FLAGS,
                f"--user-data-dir={self._profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire_pipes,
            close_fds=False,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        target = self._call("Target.createTarget", url="about:blank")["targetId"]
        self._session = self._call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self._call("Page.enable", session=True)
        self._call("Runtime.enable", session=True)

    def _send(self, method: str, params: dict[str, Any], session: bool) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self._session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        return self._next_id

    def _receive(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def _call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        wanted = self._send(method, params, session)
        while True:
            message = self._receive()
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            if "method" in message:
                self._events.append(message)

    def _wait_event(self, method: str) -> None:
        for index, event in enumerate(self._events):
            if event["method"] == method:
                del self._events[: index + 1]
                return
        while True:
            message = self._receive()
            if message.get("method") == method:
                self._events.clear()
                return

    def load(self, url: str) -> None:
        """Navigate and wait for the load event (scripts that run on load have run)."""
        self._events.clear()
        self._call("Page.navigate", session=True, url=url)
        self._wait_event("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (JSON-serializable results)."""
        result = self._call(
            "Runtime.evaluate",
            session=True,
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def fonts(self, selector: str) -> dict[str, int]:
        """Family -> glyphs it rendered, for the text of the first element matching `selector`
        (the fonts Chromium really used, after fallback; {} when nothing matches)."""
        self._call("DOM.enable", session=True)
        self._call("CSS.enable", session=True)
        root = self._call("DOM.getDocument", session=True, depth=0)["root"]["nodeId"]
        found = self._call("DOM.querySelector", session=True, nodeId=root, selector=selector)
        if not found["nodeId"]:
            return {}
        fonts = self._call("CSS.getPlatformFontsForNode", session=True, nodeId=found["nodeId"])
        return {font["familyName"]: font["glyphCount"] for font in fonts["fonts"]}

    def dom(self) -> str:
        """The document as serialized HTML after scripts ran."""
        html: str = self.evaluate("document.documentElement.outerHTML")
        return html

    def screenshot(self, path: Path) -> None:
        """A PNG of the visible page."""
        data = self._call("Page.captureScreenshot", session=True, format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        with suppress(RuntimeError):
            self._call("Browser.close")
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        shutil.rmtree(self._profile, ignore_errors=True)


@contextmanager
def browser(width: int = 1200, height: int = 900) -> Iterator[Browser]:
    """A Browser that is closed (and its profile removed) however the test ends."""
    instance = Browser(width, height)
    try:
        yield instance
    finally:
        instance.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # Pages without <meta charset> are still read as UTF-8, as every site we build is.
    extensions_map = {  # noqa: RUF012 (the base class's own attribute)
        ".html": "text/html; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".json": "application/json",
        ".svg": "image/svg+xml",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The folder on a loopback HTTP server; yields its base URL (`http://127.0.0.1:PORT`)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
