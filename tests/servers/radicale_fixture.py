"""A real Radicale CalDAV server on a free 127.0.0.1 port, with password auth and a
temporary storage folder, for the publish tests. Requests are counted from its log."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
USER = "koordynator"
PASSWORD = "Коростень-Бурж-2024"  # not ASCII on purpose


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LocalServer:
    """A server process of the tests on a free 127.0.0.1 port, with its folder and log."""

    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log_path: Path = field(init=False)
    name = "server"

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.log_path = self.folder / f"{self.name}.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None


@dataclass
class Radicale(LocalServer):
    name = "radicale"
    checks_passwords = True

    def __post_init__(self) -> None:
        super().__post_init__()
        (self.folder / "users").write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
        (self.folder / "config").write_text(
            "[server]\n"
            f"hosts = 127.0.0.1:{self.port}\n"
            "[auth]\n"
            "type = htpasswd\n"
            f"htpasswd_filename = {self.folder / 'users'}\n"
            "htpasswd_encryption = plain\n"
            "delay = 0\n"
            "[rights]\n"
            "type = owner_only\n"
            "[storage]\n"
            f"filesystem_folder = {self.folder / 'storage'}\n"
            "[hook]\n"
            "type = radicale_stop_hook\n"
            "[logging]\n"
            "level = info\n"
            "mask_passwords = True\n",
            encoding="utf-8",
        )

    @property
    def home(self) -> str:
        """The user's collection, which holds calendars but is not one."""
        return f"{self.base}/{USER}/"

    def calendar_url(self, name: str = "partnership") -> str:
        return f"{self.base}/{USER}/{name}/"

    def start(self, stop_after: int | None = None) -> None:
        env = dict(os.environ, PYTHONPATH=str(HERE))
        env.pop("VISITPLAN_TEST_STOP_AFTER", None)
        if stop_after is not None:
            env["VISITPLAN_TEST_STOP_AFTER"] = str(stop_after)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(self.folder / "config")],
            stdout=log,
            stderr=log,
            env=env,
        )
        wait_for_port(self.process, self.port, self.log_path, "radicale", 20)

    def wait_stopped(self, seconds: float = 10) -> int | None:
        assert self.process is not None
        try:
            return self.process.wait(seconds)
        finally:
            self.process = None

    def requests(self) -> Counter[str]:
        """How many requests of each method the server has logged so far."""
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return Counter(re.findall(r"\] (\w+) request for ", text))

    def make_calendar(self, name: str = "partnership") -> str:
        from caldav.davclient import DAVClient

        client = DAVClient(
            url=f"{self.base}/{USER}/", username=USER, password=PASSWORD, enable_rfc6764=False
        )
        client.principal().make_calendar(name=name, cal_id=name)
        return self.calendar_url(name)

    def entries(self, url: str) -> dict[str, str]:
        """UID -> iCalendar text of every entry in the collection, read with caldav."""
        from caldav.davclient import DAVClient

        client = DAVClient(url=url, username=USER, password=PASSWORD, enable_rfc6764=False)
        calendar = client.calendar(url=url)
        found = {}
        for obj in [*calendar.events(), *calendar.todos(include_completed=True)]:
            data = obj.data
            assert data is not None
            uid = re.search(r"^UID:(.*)$", data.replace("\r\n ", ""), re.M)
            assert uid is not None
            found[uid.group(1).strip()] = data
        return found


def wait_for_port(
    process: subprocess.Popen[bytes], port: int, log_path: Path, name: str, seconds: float
) -> None:
    """Wait until a server started as ``process`` accepts connections on 127.0.0.1:port;
    RuntimeError (with the end of its log) if it stops or takes longer than ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} stopped: {log_path.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{name} did not start in {seconds:g} s")


def stop_process(process: subprocess.Popen[bytes] | None) -> None:
    """Terminate a server process (kill it if it does not stop within 10 s)."""
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
