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
