"""Which HTTP requests the local farm answers at all: its own clients, not web pages.

A web page in the artist's browser can send a POST to ``127.0.0.1:8081``: with
``Content-Type: text/plain`` no CORS pre-flight is needed, and through DNS
rebinding it can even come with a foreign ``Host``. The farm then ran whatever
job the page described. Browsers always send ``Origin`` with a cross-site POST
and the name they resolved in ``Host``; our clients (``requests``, Deadline's
submitters) send the farm's own address and ``application/json`` bodies. So:
a ``Host`` that is not one of the farm's names, an ``Origin`` that is not the
farm itself, or a body that is not declared JSON is refused before anything runs.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable, Mapping

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "localhost.localdomain", "ip6-localhost")


def own_host_names(bound_host: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """Names a client may use for this farm: the bound address, loopback, this machine's names."""
    names = {bound_host.strip("[]").lower(), *LOOPBACK_NAMES, *(e.lower() for e in extra)}
    if bound_host in ("", "0.0.0.0", "::"):
        try:
            names.update({socket.gethostname().lower(), socket.getfqdn().lower()})
        except OSError:
            pass
    return frozenset(name for name in names if name)


def split_host(value: str) -> tuple[str, int | None] | None:
    """``name[:port]`` or ``[v6][:port]`` as (lower-case name, port); None when malformed."""
    value = value.strip()
    if not value or any(c.isspace() or c in "/@?#\\" for c in value):
        return None
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None
        name, rest = value[1:end], value[end + 1:]
        if rest and not rest.startswith(":"):
            return None
        port_text = rest[1:] if rest else ""
    else:
        name, _, port_text = value.rpartition(":") if value.count(":") == 1 else (value, "", "")
    if port_text:
        if not port_text.isascii() or not port_text.isdigit() or len(port_text) > 5:
            return None
        return name.lower(), int(port_text)
    return name.lower(), None


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def refusal(method: str, headers: Mapping[str, str], *, names: frozenset[str], port: int,
            local_address: str | None, has_body: bool) -> tuple[int, str] | None:
    """``(status, reason)`` when the request must not be answered, else None.

    *headers* holds ``Host``, ``Origin`` and ``Content-Type`` when the request sent them.
    """
    allowed = names | ({local_address.lower()} if local_address else set())
    host = headers.get("Host")
    if host is None:
        return 400, "Bad request: no Host header"
    parsed = split_host(host)
    if parsed is None or parsed[0] not in allowed or parsed[1] not in (None, port):
        return 403, "Forbidden: the Host header does not name this farm"
    origin = headers.get("Origin")
    if origin is not None:
        scheme, _, rest = origin.strip().partition("://")
        parsed_origin = split_host(rest) if scheme.lower() in ("http", "https") else None
        if (parsed_origin is None or parsed_origin[0] not in allowed
                or parsed_origin[1] not in (None, port)):
            return 403, "Forbidden: requests from web pages (a foreign Origin) are refused"
    if has_body and not _is_json(headers.get("Content-Type", "") or ""):
        return 415, "Unsupported Media Type: send the message body as application/json"
    return None
