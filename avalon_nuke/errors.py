"""The exceptions avalon-nuke raises on purpose.

Every message is one line a user can act on. The command line maps
:class:`InputError` to exit status 2 and every other :class:`AvalonError` to 1;
inside Nuke they become a message box, never a traceback.
"""

from __future__ import annotations


class AvalonError(Exception):
    """Base for failures we expect and explain (database down, farm refused...)."""


class InputError(AvalonError):
    """The request itself is wrong: a bad name, an unknown asset, a malformed script."""


class NotFoundError(InputError):
    """A named project, asset, subset, version or node does not exist."""


class RefusedError(InputError):
    """The pipeline refuses the action itself (saving a published, locked script).

    Host callbacks re-raise it after telling the artist, so that the host aborts the action.
    """


class DatabaseError(AvalonError):
    """The pipeline database could not be reached or refused the operation."""


class ConflictError(AvalonError):
    """Someone else changed the same thing first (a version number was taken)."""


class FarmError(AvalonError):
    """The render farm (Deadline Web Service or the local farm) failed a request."""
