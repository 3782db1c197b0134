"""One HTTP request to a Deadline Web Service, and what went wrong with it, told apart.

Whether a failed request reached the farm decides what a caller may do next: a
connection that was never made (refused, unknown host, connect timeout, failed
TLS handshake) sent nothing, so sending again is safe. A connection reset, a
connection closed without an answer, a read timeout or a cut-off answer came
after the request went out: the farm may have acted on it (created the job), so
it must be looked up first. Every request has a timeout and is sent once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
import urllib3.exceptions

from avalon_nuke.config import redact
from avalon_nuke.deadline.errors import (
    FarmAnswerLost,
    FarmAuthError,
    FarmProtocolError,
    FarmRejected,
    FarmServerError,
    FarmUnavailable,
)
from avalon_nuke.errors import FarmError

Timeout = float | tuple[float, float]
#: A client certificate: one PEM file holding certificate and key, or (certificate, key).
ClientCert = str | tuple[str, str]

DEFAULT_TIMEOUT: tuple[float, float] = (3.05, 30)
_SERVER_TEXT_LIMIT = 300
_NEVER_CONNECTED = (urllib3.exceptions.NewConnectionError, urllib3.exceptions.ConnectTimeoutError)


def public_url(url: str) -> str:
    """*url* without any ``user:password@`` part, query or fragment, for messages and records."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """(URL without credentials, user, password) of ``http://user:password@host:8081``."""
    text = str(url or "").strip()
    try:
        parts = urlsplit(text)
        port_ok = parts.port is None or parts.port >= 0
    except ValueError:
        # The parser's message quotes the URL's text, which may hold a password: say less.
        raise FarmError(f"Deadline Web Service URL is not a URL: {redact(text)!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        raise FarmError(f"Deadline Web Service URL must look like http://host:8081, not {redact(text)!r}")
    return public_url(text).rstrip("/"), parts.username, parts.password


def _never_connected(error: BaseException) -> bool:
    """True when the chain of causes shows no connection was ever made."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, (_NEVER_CONNECTED, requests.exceptions.ConnectTimeout)):
            return True
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
        pending += [getattr(current, "reason", None), current.__cause__, current.__context__]
    return False


class Transport:
    """Sends requests to the Web Service at *url* and turns failures into farm errors."""

    def __init__(self, url: str, *, auth: tuple[str, str] | None, verify: bool | str,
                 cert: ClientCert | None, timeout: Timeout | None,
                 session: requests.Session | None) -> None:
        self.url = url
        self.timeout: Timeout = timeout if timeout is not None else DEFAULT_TIMEOUT  # never wait forever
        self._own_session = session is None
        self._session = session if session is not None else requests.Session()
        self._auth = auth
        self._verify = verify
        self._cert = cert

    def close(self) -> None:
        """Close the connections of the session we made (a session handed to us stays open)."""
        if self._own_session:
            self._session.close()

    def request(self, method: str, path: str, *, params: Mapping[str, str] | None = None,
                body: Mapping[str, Any] | None = None) -> requests.Response:
        where = f"{self.url}{path}"
        try:
            response = self._session.request(
                method, where, params=params, json=body, auth=self._auth, verify=self._verify,
                cert=self._cert, timeout=self.timeout, allow_redirects=False,
            )
        except requests.exceptions.SSLError as error:
            raise FarmUnavailable(
                f"TLS check failed for the Deadline Web Service at {self.url} ({method} {path}): "
                f"{redact(str(error))}; check AVALON_DEADLINE_CA_BUNDLE and the client certificate",
                method=method, url=where) from error
        except requests.exceptions.RequestException as error:
            raise self._no_answer(error, method, path, where) from error
        self._raise_for_status(response, method, path, where)
        return response

    def _no_answer(self, error: requests.exceptions.RequestException, method: str, path: str,
                   where: str) -> FarmError:
        if _never_connected(error) or not isinstance(
                error, (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                        requests.exceptions.ChunkedEncodingError)):
            return FarmUnavailable(
                f"cannot reach the Deadline Web Service at {self.url} ({self._why_not(error)}; nothing was "
                "sent); the service may be down or the URL (AVALON_DEADLINE) wrong",
                method=method, url=where)
        how = (f"no answer within {self._timeout_text()}" if isinstance(error, requests.exceptions.Timeout)
               else f"the connection broke ({type(error).__name__})")
        maybe = (" The job may have been created anyway: look it up before submitting again."
                 if method == "POST" else "")
        return FarmAnswerLost(
            f"the Deadline Web Service at {self.url} got {method} {path} but its answer was lost "
            f"({how}); it may be overloaded.{maybe}",
            method=method, url=where)

    def _why_not(self, error: BaseException) -> str:
        """Why no connection was made, in words: refused, unknown host, no connection in time."""
        if isinstance(error, requests.exceptions.ConnectTimeout):
            return f"no connection within {self._timeout_text(connect=True)}"
        text = str(error)
        if "Connection refused" in text or "ConnectionRefusedError" in text:
            return "connection refused"
        if "NameResolutionError" in text or "Name or service not known" in text or "getaddrinfo" in text:
            return "unknown host"
        return type(error).__name__

    def _timeout_text(self, connect: bool = False) -> str:
        if isinstance(self.timeout, tuple):
            return f"{self.timeout[0 if connect else 1]:g} s"
        return f"{self.timeout:g} s"

    def _raise_for_status(self, response: requests.Response, method: str, path: str, where: str) -> None:
        status = response.status_code
        if status < 300:
            return
        if status < 400:
            raise FarmProtocolError(
                f"the Deadline Web Service at {self.url} answered {method} {path} with a redirect "
                f"(HTTP {status}); a proxy or the wrong URL (AVALON_DEADLINE)?",
                method=method, url=where, status=status)
        if status in (401, 403):
            raise FarmAuthError(
                f"the Deadline Web Service at {self.url} refused the credentials (HTTP {status}); "
                "check AVALON_DEADLINE_USER/PASSWORD",
                method=method, url=where, status=status)
        text = redact(" ".join(response.text.split())[:_SERVER_TEXT_LIMIT] or response.reason or "")
        if status >= 500:
            raise FarmServerError(
                f"the Deadline Web Service at {self.url} failed {method} {path} (HTTP {status}): {text}",
                method=method, url=where, status=status)
        raise FarmRejected(
            f"the Deadline Web Service at {self.url} refused {method} {path} (HTTP {status}): {text}",
            method=method, url=where, status=status)

    def json(self, response: requests.Response) -> Any:
        """The answer's JSON; anything else is a protocol error naming the request."""
        request = response.request
        method, where = str(request.method or ""), public_url(str(request.url or self.url))
        try:
            return response.json()
        except ValueError as error:
            snippet = redact(" ".join(response.text.split())[:80])
            raise FarmProtocolError(
                f"the Deadline Web Service at {self.url} answered {method} {urlsplit(where).path} with "
                f"something that is not JSON (HTTP {response.status_code}): {snippet!r}",
                method=method, url=where, status=response.status_code) from error
