"""``addUserKnob {type name [l label] ...}`` definitions, read the way Nuke writes them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from avalon_nuke.nk.tcl import SyntaxProblem, split_list, unquote

USER_KNOB = "addUserKnob"

_FLAG = re.compile(r"[+-][A-Z][A-Z_0-9]*")
# Definition words followed by a value that must not be read as a flag.
_VALUE_KEYS = frozenset({"l", "t", "T", "M", "n", "R", "N", "S"})


@dataclass(frozen=True)
class UserKnob:
    """One ``addUserKnob {type name [l label] ...}`` definition on a node."""

    type_id: int
    name: str
    label: str | None
    flags: tuple[str, ...]
    definition: str


# A definition made of bare words only, as Nuke writes nearly all of them.
_BARE_WORD = r'[^ \t\n\r\f\v{}"\\]+'
_SPACE = r"[ \t\n]"
_BARE_DEFINITION = re.compile(
    rf"\{{{_SPACE}*(-?\d+){_SPACE}+({_BARE_WORD})(?:{_SPACE}+{_BARE_WORD})*{_SPACE}*\}}"
)


def defined_name(value: str) -> str | None:
    """The name an ``addUserKnob`` value defines (what edits look up), cheaply when it can."""
    bare = _BARE_DEFINITION.fullmatch(value)
    if bare is not None:
        return bare.group(2)
    user_knob = read_definition(value)
    return user_knob.name if user_knob is not None else None


def read_definition(value: str) -> UserKnob | None:
    """The definition in an ``addUserKnob`` value, or None when it is not one Nuke would read."""
    try:
        words = split_list(unquote(value))
    except SyntaxProblem:
        return None
    if len(words) < 2 or not words[0].lstrip("-").isdigit():
        return None
    label = None
    flags = []
    for index in range(2, len(words)):
        after = words[index - 1] if index > 2 else ""
        if after in _VALUE_KEYS:
            if after == "l":
                label = words[index]
            continue
        if _FLAG.fullmatch(words[index]):
            flags.append(words[index])
    return UserKnob(int(words[0]), words[1], label, tuple(flags), value)
