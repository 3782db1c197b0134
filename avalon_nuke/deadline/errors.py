"""Why a farm request failed, as exception types a caller can act on.

The cases need different reactions: nothing was sent (fix the URL or wait), the
request went out but its answer never came (the farm may have acted on it: look
before sending again), credentials refused, the request refused, the service
failed, or the service answered something that is not a Web Service answer.
Every one carries the request's method, its URL (never with credentials) and,
when an answer came, its HTTP status.
"""

from __future__ import annotations

from avalon_nuke.errors import FarmError


class FarmRequestError(FarmError):
    """A request to the Web Service failed; says which request and with what status."""

    def __init__(self, message: str, *, method: str, url: str, status: int | None = None) -> None:
        super().__init__(message)
        self.method = method
        self.url = url
        self.status = status


class FarmUnavailable(FarmRequestError):
    """Nothing was sent: connection refused, unknown host, or no connection within the timeout."""


class FarmAnswerLost(FarmRequestError):
    """The request went out but no answer came back (reset, closed, read timeout): it may have acted."""


class FarmAuthError(FarmRequestError):
    """The Web Service refused our credentials (HTTP 401/403)."""


class FarmRejected(FarmRequestError):
    """The Web Service refused the request itself (HTTP 4xx): a bad job or command."""


class FarmServerError(FarmRequestError):
    """The Web Service failed while handling the request (HTTP 5xx)."""


class FarmProtocolError(FarmRequestError):
    """The answer is not what the Web Service sends (not JSON, not a job list, no job id)."""
