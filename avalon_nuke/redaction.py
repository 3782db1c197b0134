"""Passwords out of any text we show: URIs' user info and secret query parameters.

Error messages from drivers quote the URI as the user typed it, and users type
passwords with spaces, ``@`` or ``/`` unencoded, leave the user name empty, or
get the scheme wrong. A strict URI parser gives up on exactly those, so we do
not parse: everything between ``//`` and the last ``@`` before the host (on the
same line, before the next ``//``) is user info, and all of it but the user name
is replaced. Erring towards hiding too much is the safe side.
"""

from __future__ import annotations

import re

MASK = "***"

# From '//' to the last '@' that is followed by something host-like, within one line and one URI.
_USER_INFO = re.compile(
    r"(?P<start>//|\bmongodb(?:\+srv)?:/?(?!/))(?P<info>(?:(?!//)[^\r\n])*)@"
    r"(?=[^\s@/?#]*(?:$|[\s/?#:,;'\")\]>]))",
    re.IGNORECASE,
)
_SECRET_PARAMETER = re.compile(
    r"(?P<name>[?&;](?:[^=&;#\s]*?)(?:password|passwd|pwd|secret|token)[^=&;#\s]*=)(?P<value>[^&;#\s]*)",
    re.IGNORECASE,
)


def _mask_user_info(match: re.Match[str]) -> str:
    info = match.group("info")
    user, colon, _password = info.partition(":")
    if not colon:
        # No ':' : the whole user info may be a token (``mongodb://token@host``); hide it all.
        return f"{match.group('start')}{MASK}@"
    if any(character.isspace() for character in user):
        user = ""  # not a user name a URI could carry: it is part of something else
    return f"{match.group('start')}{user}:{MASK}@"


def redact(text: str) -> str:
    """*text* with every URI password (user info and ``?password=`` style parameters) masked."""
    text = _USER_INFO.sub(_mask_user_info, str(text))
    return _SECRET_PARAMETER.sub(lambda m: m.group("name") + MASK, text)


#: Characters of one message line a person is shown; the rest is cut with an ellipsis.
LONGEST_LINE = 300


def one_line(text: object, *, empty: str = "", limit: int | None = LONGEST_LINE) -> str:
    """The first non-empty line of *text* with secrets hidden (*empty* when there is none), cut to *limit*.

    Every message shown to a person (Nuke's status lines, windows, publish results) is one line:
    a traceback or a server's multi-line answer must not flood it, and must not show a password.
    """
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    line = redact(lines[0]) if lines else empty
    return line if limit is None or len(line) <= limit else line[: limit - 1] + "…"
