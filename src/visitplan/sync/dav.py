"""The CalDAV wire: one calendar collection reached with the ``caldav`` library.

Every failure a coordinator can meet (wrong password, wrong URL, server down, TLS, a
timeout) becomes one ``ServerError`` with a one-line message and a hint; nothing here
prints or logs the password.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from visitplan.errors import VisitplanError
from visitplan.sync.remote import Precondition

_QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"/></C:filter>
</C:calendar-query>"""

_PROPFIND = """<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>"""

_CALENDAR_TAG = "{urn:ietf:params:xml:ns:caldav}calendar"


class ServerError(VisitplanError):
    """The calendar server could not be used; the message is one line."""


def check_url(url: str) -> str:
    """The collection URL with a trailing slash; refuses URLs that carry a password."""
    from visitplan.errors import UsageError

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(
            f'"{url}" is not a calendar URL',
            "give the collection's address, e.g. https://cloud.example.org/remote.php/dav/"
            "calendars/USER/CALENDAR/",
        )
    if parts.password is not None:
        raise UsageError(
            "the URL carries a password",
            "put the user in --user and the password in --password-env VAR or "
            "--password-file FILE, never on the command line",
        )
    return url if url.endswith("/") else url + "/"


class DavCollection:
    """A CalDAV calendar collection: list, create, update, delete, with ETags."""

    def __init__(
        self,
        url: str,
        user: str | None,
        password: str | None,
        timeout: float = 30,
        ca_bundle: str | None = None,
    ) -> None:
        """``ca_bundle``: the CA certificates (PEM) to trust instead of the system's, from
        ``$REQUESTS_CA_BUNDLE`` (for a server with a certificate of its own)."""
        from caldav.davclient import DAVClient

        if ca_bundle and not Path(ca_bundle).is_file():
            raise ServerError(
                f"REQUESTS_CA_BUNDLE names {ca_bundle}, which is not a file",
                "set it to the PEM file of the CA that signed the server's certificate, "
                "or unset it to trust the system's CAs",
            )
        self.url = check_url(url)
        parts = urlsplit(self.url)
        self.host = parts.hostname or ""
        self.where = parts.netloc.rsplit("@", 1)[-1]
        self.user = user
        self.timeout = timeout
        self.requests = 0
        self._client: Any = DAVClient(
            url=self.url,
            username=user,
            password=password,
            timeout=int(timeout) or 1,
            enable_rfc6764=False,
            ssl_verify_cert=ca_bundle or True,
        )

    # ----------------------------------------------------------------- requests

    def _request(self, method: str, url: str, body: bytes | str = "", **headers: str) -> Any:
        from caldav.lib import error
        from caldav.lib.http_sync import requests

        exceptions = requests.exceptions
        self.requests += 1
        try:
            response = self._client.request(url, method, body, headers)
        except error.AuthorizationError as failure:
            status = getattr(failure, "status", None) or ""
            if "403" in str(status) or "403" in str(failure):
                raise ServerError(
                    f"{self.where}: the server does not let "
                    f"{self.user or 'this user'} {_method_words(method)} {url}",
                    "check that the calendar is shared with this user with write access",
                ) from None
            raise ServerError(
                f"{self.where}: the server refused the user name or password"
                + (f" for {self.user}" if self.user else " (no --user given)"),
                "check --user and the password in --password-env / --password-file; "
                "Nextcloud and Fastmail need an app password",
            ) from None
        except exceptions.SSLError as failure:
            reason, hint = _tls_failure(str(failure), self.host)
            raise ServerError(f"{self.where}: TLS failed: {reason}", hint) from None
        except exceptions.Timeout:
            raise ServerError(
                f"{self.where}: no answer within {self.timeout:g} s",
                "try again later, or give a longer --timeout",
            ) from None
        except exceptions.ConnectionError as failure:
            raise ServerError(
                f"cannot reach {self.where}: {_reason(failure)}",
                "check the address and your network; is the server running?",
            ) from None
        except error.DAVError as failure:
            raise ServerError(f"{self.where}: {method} {url} failed: {failure}") from None
        return response

    def check(self) -> None:
        """The URL names a calendar collection this user can read."""
        response = self._request("PROPFIND", self.url, _PROPFIND, Depth="0")
        tree = response.tree if response.status == 207 else None
        if response.status == 404 or (tree is not None and _missing(tree)):
            raise ServerError(
                f"{self.where}: there is no calendar at {self.url}",
                "copy the calendar's CalDAV address from the server (see README: "
                "visitplan publish)",
            )
        _expect(response, (200, 207), "PROPFIND", self.url)
        tree = response.tree
        if tree is None or tree.find(f".//{_CALENDAR_TAG}") is None:
            raise ServerError(
                f"{self.where}: {self.url} is not a calendar collection",
                "give the address of one calendar, not of the server or of a user's home",
            )

    def entries(self) -> list[tuple[str, str | None, str]]:
        response = self._request("REPORT", self.url, _QUERY, Depth="1")
        _expect(response, (200, 207), "REPORT", self.url)
        found = []
        for result in response.parse_calendar_query():
            if result.calendar_data and result.status in (200, 207):
                found.append((urljoin(self.url, result.href), result.etag, result.calendar_data))
        return found

    def href_for(self, name: str) -> str:
        return urljoin(self.url, name)

    def create(self, href: str, data: bytes) -> None:
        response = self._request("PUT", href, data, **{"If-None-Match": "*", "Content-Type": _ICS})
        _written(response, "PUT", href)

    def update(self, href: str, data: bytes, etag: str | None) -> None:
        headers = {"Content-Type": _ICS}
        if etag:
            headers["If-Match"] = etag
        _written(self._request("PUT", href, data, **headers), "PUT", href)

    def delete(self, href: str, etag: str | None) -> None:
        headers = {"If-Match": etag} if etag else {}
        response = self._request("DELETE", href, "", **headers)
        if response.status == 404:
            return  # already gone: what we wanted
        _written(response, "DELETE", href)


_ICS = "text/calendar; charset=utf-8"


def _method_words(method: str) -> str:
    return {"PUT": "write", "DELETE": "delete in"}.get(method, "read")


def _missing(tree: Any) -> bool:
    """A multistatus answer that says 404 for the collection itself (Xandikos answers a
    PROPFIND on a missing collection so, with 207 outside)."""
    for response in tree.iter("{DAV:}response"):
        status = response.find("{DAV:}status")
        if status is not None and " 404 " in f"{status.text or ''} ":
            return True
        found = [p.findtext("{DAV:}status") or "" for p in response.iter("{DAV:}propstat")]
        if found and all(" 404 " in f"{text} " for text in found):
            return True
    return False


# What OpenSSL says when it refuses a certificate, as the reason we give and its fix.
_TRUST_HINT = (
    "if the server uses a certificate of its own (self-signed or from a private CA), "
    "trust it by setting REQUESTS_CA_BUNDLE to its CA certificate (a PEM file); see README: "
    "visitplan publish"
)


def _tls_failure(text: str, host: str) -> tuple[str, str]:
    """The reason a TLS connection failed, in words, and how to fix it."""
    lowered = text.lower()
    if "hostname mismatch" in lowered or "ip address mismatch" in lowered:
        return (
            f"the server's certificate is not issued for {host} (name mismatch)",
            "use the address the certificate names (the one the server's admin gives), or "
            f"ask for a certificate that names {host}",
        )
    if "expired" in lowered:
        return (
            "the server's certificate has expired",
            "its admin must renew it; check also that this computer's date and time are right",
        )
    if "not yet valid" in lowered:
        return (
            "the server's certificate is not valid yet",
            "check that this computer's date and time are right",
        )
    if any(
        marker in lowered
        for marker in (
            "self-signed",
            "self signed",
            "unable to get local issuer",
            "unknown issuer",
            "unable to get issuer",
            "unknown ca",
        )
    ):
        return (
            "the server's certificate is from an unknown issuer (not trusted here)",
            _TRUST_HINT,
        )
    if "wrong version number" in lowered or "record layer failure" in lowered:
        return (
            "the server does not speak TLS (https) at this address",
            "check the address: does the server want http:// or another port?",
        )
    return _reason_text(text), "check the address; " + _TRUST_HINT


def _reason(failure: BaseException) -> str:
    """The innermost cause, on one line (requests nests them deeply)."""
    return _reason_text(str(failure)) if str(failure) else type(failure).__name__


def _reason_text(text: str) -> str:
    for marker in ("Connection refused", "Name or service not known", "certificate verify failed"):
        if marker in text:
            return marker[0].lower() + marker[1:]
    return " ".join(text.split())[:160] or "unknown reason"


def _expect(response: Any, ok: tuple[int, ...], method: str, url: str) -> None:
    if response.status not in ok:
        raise ServerError(f"{method} {url} failed: HTTP {response.status} {response.reason}")


def _written(response: Any, method: str, url: str) -> None:
    if response.status == 412:
        raise Precondition(url)
    if response.status not in (200, 201, 204):
        raise ServerError(
            f"{method} {url} failed: HTTP {response.status} {response.reason}",
            "the server refused the entry; run with --debug and report it",
        )
