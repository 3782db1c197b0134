"""Check the names that become folders and database keys.

Asset, subset, family and project names end up in publish paths, Nuke node
names and MongoDB queries, on Linux and Windows file servers alike. Allowing
only ASCII letters, digits and ``_`` keeps every one of those places safe
without escaping, and rules out ``..`` or separators that would move a publish
out of its folder.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from .errors import InputError

MAX_NAME_LENGTH = 64

_VALID_NAME = re.compile(r"[A-Za-z0-9_]+")
_SHOWN_LENGTH = 80  # keep the error to one readable line even for absurd input


def validate_name(kind: str, value: str) -> str:
    """Return *value* unchanged, or raise :class:`InputError` saying what is wrong.

    *kind* only words the message (``asset``, ``subset``, ``family``, ``project``).
    """
    if not isinstance(value, str):
        kind_of_value = type(value).__name__
        raise InputError(f"invalid {kind} name {value!r}: expected text, got {kind_of_value}")
    shown = value if len(value) <= _SHOWN_LENGTH else value[:_SHOWN_LENGTH] + "..."
    if not value:
        raise InputError(f"invalid {kind} name '': must not be empty")
    if not _VALID_NAME.fullmatch(value):
        raise InputError(f"invalid {kind} name {shown!r}: use letters, digits and _ only")
    if len(value) > MAX_NAME_LENGTH:
        raise InputError(
            f"invalid {kind} name {shown!r}: {len(value)} characters, at most {MAX_NAME_LENGTH}"
        )
    return value


def did_you_mean(wanted: str, names: Iterable[str]) -> str:
    """`` (did you mean 'sh010'?)`` for a near miss among *names*, else ``""``."""
    known = [name for name in names if name != wanted]
    close = difflib.get_close_matches(wanted, known, n=3, cutoff=0.6)
    if not close:
        lowered = {name.lower(): name for name in known}
        close = [lowered[wanted.lower()]] if wanted.lower() in lowered else []
    if not close:
        return ""
    return " (did you mean " + " or ".join(f"'{name}'" for name in close) + "?)"


def valid_node_name(wanted: str, node_class: str) -> str:
    """A Nuke node name for *wanted*: one starting with a digit gets the class as prefix.

    Asset names such as ``010`` are valid pipeline names, but a Nuke node name must start
    with a letter or ``_`` (the stand-in refuses others, as the live check
    ``node_name_starting_with_digit`` says Nuke does): ``010_lighting`` on a Read becomes
    ``Read_010_lighting``, which still reads as the asset's.
    """
    if wanted[:1].isdigit():
        return f"{node_class}_{wanted}"
    return wanted
