"""Why a farm request failed, as exception types a caller can act on.

The four cases need different reactions: retry later (unavailable), fix the
credentials (auth), fix the job (rejected), report to the farm admins (server).
"""

from __future__ import annotations

from avalon_nuke.errors import FarmError


class FarmUnavailable(FarmError):
    """No answer: connection refused, unknown host, or the request timed out."""


class FarmAuthError(FarmError):
    """The Web Service refused our credentials (HTTP 401/403)."""


class FarmRejected(FarmError):
    """The Web Service refused the request itself (HTTP 4xx): a bad job or command."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class FarmServerError(FarmError):
    """The Web Service failed while handling the request (HTTP 5xx)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status
