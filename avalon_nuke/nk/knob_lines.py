"""Reading and setting knobs in a body that holds one knob per line, without splitting it.

The reader marks a body whose every knob is on a line of its own, its value ending the line
(how Nuke writes nearly every node; see ``knob_scan.check_body``). In such a body every line
break before the closing brace starts a knob, so the line ``<blanks>name<blanks>value`` is
that knob and nothing else: a knob is found by searching for its line, and set by replacing
the rest of that line. An update reads three knobs and sets eight on each of 20,000 Reads;
done this way the nodes stay text, as when they were read, instead of each becoming a list
of entries to be joined again when the script is written.

Whatever these functions cannot do exactly as the entry list would (a knob a user knob
definition may name, ``inputs``, a name that needs quoting, a name given twice, other line
ends), they decline, and the caller splits the body as before.
"""

from __future__ import annotations

import re
from functools import lru_cache

from avalon_nuke.nk.definitions import USER_KNOB

Entry = tuple[str, str, str]  # (lead, name, value), as knob_list.Entry

# More names at once are set through the entry list: the one pattern matching all of them
# would be tried at every line for every name, N x N for N knobs.
_MOST_NAMES = 32
_is_plain_name = re.compile(r'[^\x00-\x20\x7f{}"\\]+').fullmatch


@lru_cache(maxsize=512)
def _line_of(name: str) -> re.Pattern[str]:
    return re.compile(rf"(\n[ \t]*{re.escape(name)}[ \t]+)([^\n]*)")


@lru_cache(maxsize=512)
def _lines_of(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for the lines of *names* (in the order given) and the user knob definitions;
    None when the names cannot be set this way. Kept per tuple of names: an update sets the
    same names on thousands of nodes."""
    if len(set(names)) != len(names) or USER_KNOB in names or not all(map(_is_plain_name, names)):
        return None  # a name that needs quoting is not on a plain line (and " " would match blanks)
    alternatives = "|".join(re.escape(name) for name in (*names, USER_KNOB))
    return re.compile(rf"(\n[ \t]*({alternatives})[ \t]+)([^\n]*)")


def last_line(text: str, body_start: int, name: str) -> Entry | None:
    """The entry of the last line setting ``name`` (the one Nuke applies), or None."""
    if not _is_plain_name(name):
        return None  # only plain names are written on such lines
    found = _line_of(name).findall(text, body_start)
    return (found[-1][0], name, found[-1][1]) if found else None


def with_lines_set(text: str, body_start: int, head: str, values: list[tuple[str, str]],
                   newline: str) -> str | None:
    """``text`` with each ``(name, value text)`` set, or None when the entry list must do it.

    A knob already there gets its new value on its line; the others are added, in order,
    after the node's own knobs (before its first user knob), indented as its last knob:
    where the entry list puts them. Values must be single words without line ends (what
    ``tcl.format_value`` writes), so the body still holds one knob per line afterwards.
    """
    if len(values) > _MOST_NAMES or newline != "\n":
        return None  # (checked first: the cache would keep every long tuple of names it was given)
    pattern = _lines_of(tuple([name for name, _ in values]))
    if pattern is None:
        return None
    lines: dict[str, re.Match[str]] = {}
    definitions: list[re.Match[str]] = []
    for line in pattern.finditer(text, body_start):  # and the definitions
        name = line[2]
        if name == USER_KNOB:
            definitions.append(line)
        else:
            lines[name] = line  # the last line of each name wins, as in Nuke
    edits: list[tuple[int, int, str]] = []
    added: list[tuple[str, str]] = []
    for name, value in values:
        found = lines.get(name)
        if found is None:
            if name == "inputs":
                return None  # it goes first
            added.append((name, value))
        elif found[3] != value:
            start, end = found.span(3)
            edits.append((start, end, value))
    if added:
        if any(name in line[3] or "\\" in line[3] for line in definitions for name, _ in added):
            return None  # a user knob's value goes after its definition
        first_user = definitions[0].start() if definitions else None
        at, indent = _own_knobs_end(text, body_start, head, first_user)
        edits.append((at, at, "".join([f"{newline}{indent}{name} {value}" for name, value in added])))
    if not edits:
        return text
    edits.sort()
    pieces, pos = [], 0
    for start, end, new in edits:
        pieces += [text[pos:start], new]
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _own_knobs_end(text: str, body_start: int, head: str, first_user: int | None) -> tuple[int, str]:
    """Where a knob added after the node's own knobs goes, and the indentation it gets: the
    last knob's (a knob at the margin gets one blank), or the head's and one blank."""
    close = text.rfind("}")
    last_break = text.rfind("\n", body_start, close)  # the line of the closing brace
    last_line_start = text.rfind("\n", body_start, last_break) if last_break >= 0 else -1
    if last_line_start < 0:  # no knobs at all
        return body_start, head[: len(head) - len(head.lstrip(" \t"))] + " "
    line = text[last_line_start + 1 : last_break]
    indent = line[: len(line) - len(line.lstrip(" \t"))] or " "
    return (first_user if first_user is not None else last_break), indent
