"""A real Xandikos CalDAV server on a free 127.0.0.1 port with a temporary folder, for the
publish tests: the second server they run on. It has no password check of its own (its
Basic auth needs its own TLS), so the credentials the tests send are not checked. It
answers a PROPFIND on a missing collection with 207 and an inner 404, and stores what it is
sent in git, re-serialized. Requests are counted from its access log."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass

from servers.radicale_fixture import LocalServer, wait_for_port

PRINCIPAL = "/user/"
_markers = itertools.count()


@dataclass
class Xandikos(LocalServer):
    name = "xandikos"
    checks_passwords = False

    @property
    def home(self) -> str:
        return f"{self.base}{PRINCIPAL}calendars/"

    def calendar_url(self, name: str = "partnership") -> str:
        return f"{self.home}{name}/"

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "xandikos", "serve", "--defaults",
                "--no-detect-systemd", "-d", str(self.folder / "data"),
                "--state-dir", str(self.folder / "state"), "-l", "127.0.0.1",
                "-p", str(self.port), "--current-user-principal", PRINCIPAL,
            ],
            stdout=log,
            stderr=log,
        )  # fmt: skip
        wait_for_port(self.process, self.port, self.log_path, "xandikos", 30)

    def requests(self) -> Counter[str]:
        """How many requests of each method the server has logged so far. Xandikos logs a
        request just after answering it: a marker request, once it is in the log, shows
        that every request answered before it is there too."""
        import http.client

        marker = f"/visitplan-test-marker-{next(_markers)}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("OPTIONS", marker)
        connection.getresponse().read()
        connection.close()
        deadline = time.monotonic() + 10
        while True:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
            if f"OPTIONS {marker} " in text or time.monotonic() > deadline:
                break
            time.sleep(0.01)
        return Counter(re.findall(r'\] "(\w+) /(?!visitplan-test-marker-)', text))

    def client(self, url: str):  # type: ignore[no-untyped-def]
        from caldav.davclient import DAVClient

        return DAVClient(url=url, enable_rfc6764=False)

    def make_calendar(self, name: str = "partnership") -> str:
        url = self.calendar_url(name)
        response = self.client(url).request(url, "MKCALENDAR", "")
        assert response.status == 201, response.status
        return url

    def entries(self, url: str) -> dict[str, str]:
        """UID -> iCalendar text of every entry in the collection, read with caldav."""
        calendar = self.client(url).calendar(url=url)
        found = {}
        for obj in [*calendar.events(), *calendar.todos(include_completed=True)]:
            data = obj.data
            assert data is not None
            uid = re.search(r"^UID:(.*)$", data.replace("\r\n ", ""), re.M)
            assert uid is not None
            found[uid.group(1).strip()] = data
        return found
