"""An HTTP proxy in front of a real CalDAV server that rewrites every calendar object it
hands out, the way DAViCal and others store them: lines folded with empty continuation
lines, SCHEDULE-STATUS added to attendees, CN quotes dropped, a LAST-MODIFIED added. The
objects' meaning is unchanged, and so are their ETags (as on a server that rewrote them
when they were stored)."""

from __future__ import annotations

import http.client
import re
import ssl
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "host",
    "accept-encoding",
}


def rewrite(text: str) -> str:
    """One calendar object as such a server gives it back."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    lines = []
    for line in unfolded.splitlines():
        if line.startswith("ATTENDEE") or line.startswith("ORGANIZER"):
            line = re.sub(r'CN="([^";:,]*)"', r"CN=\1", line)
            if line.startswith("ATTENDEE"):
                line = line.replace(":mailto:", ";SCHEDULE-STATUS=1.2:mailto:", 1)
        if line == "END:VEVENT":
            lines.append("LAST-MODIFIED:20240601T120000Z")
        lines.append(line)
    folded = []
    for line in lines:
        data = line.encode("utf-8")
        if len(data) <= 60:
            folded.append(line)
            continue
        chunks, rest = [], line
        while rest:  # 40 characters a piece, then an empty continuation line
            chunks.append(rest[:40])
            rest = rest[40:]
        folded.append(chunks[0] + "\r\n \r\n " + "\r\n ".join(chunks[1:]))
    return "\r\n".join(folded) + "\r\n"


class _Handler(BaseHTTPRequestHandler):
    backend = ""
    rewrites = True
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        target = urlsplit(self.backend)
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
        connection.request(self.command, self.path, body, headers)
        answer = connection.getresponse()
        data = answer.read()
        if self.rewrites and self.command == "REPORT" and answer.status == 207:
            data = _rewrite_multistatus(data)
        self.send_response(answer.status, answer.reason)
        for key, value in answer.getheaders():
            if key.lower() not in _HOP:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        connection.close()

    do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_OPTIONS = _forward
    do_MKCALENDAR = do_PROPPATCH = do_HEAD = do_POST = _forward


def _rewrite_multistatus(data: bytes) -> bytes:
    tree = ET.fromstring(data)
    for element in tree.iter("{urn:ietf:params:xml:ns:caldav}calendar-data"):
        if element.text:
            element.text = rewrite(element.text)
    return ET.tostring(tree, encoding="utf-8", xml_declaration=True)


@contextmanager
def rewriting_proxy(
    backend: str, rewrites: bool = True, certificate: Path | None = None, key: Path | None = None
) -> Iterator[str]:
    """The proxy's base URL (http://127.0.0.1:PORT) while the block runs. With
    ``certificate`` and ``key`` it speaks TLS (https://127.0.0.1:PORT) with that
    certificate; ``rewrites=False`` passes the objects on as they are."""
    handler = type("Handler", (_Handler,), {"backend": backend, "rewrites": rewrites})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    scheme = "http"
    if certificate is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificate, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
