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
_ESCAPING_DEFINITION = re.compile(r"\n[ \t]*addUserKnob[ \t][^\n]*\\")  # one that could hide a name
_is_plain_name = re.compile(r'[^\x00-\x20\x7f{}"\\]+').fullmatch


@lru_cache(maxsize=512)
def _line_of(name: str) -> re.Pattern[str]:
    return re.compile(rf"(\n[ \t]*{re.escape(name)}[ \t]+)([^\n]*)")


@lru_cache(maxsize=512)
def _lines_of(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for the lines of *names* and the user knob definitions, in four groups
    (line break and indentation, name, blanks, value), so that splitting a text by it gives
    pieces that join back into the text; None when the names cannot be set this way. Kept
    per tuple of names: an update sets the same names on thousands of nodes."""
    if len(set(names)) != len(names) or USER_KNOB in names or not all(map(_is_plain_name, names)):
        return None  # a name that needs quoting is not on a plain line (and " " would match blanks)
    alternatives = "|".join(re.escape(name) for name in (*names, USER_KNOB))
    return re.compile(rf"(\n[ \t]*)({alternatives})([ \t]+)([^\n]*)")


@lru_cache(maxsize=512)
def _values_of(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """A pattern finding ``(name, value)`` on the lines of *names*; None as for :func:`_lines_of`."""
    if not all(map(_is_plain_name, names)):
        return None
    return re.compile(rf"\n[ \t]*({'|'.join(map(re.escape, names))})[ \t]+([^\n]*)")


def last_line(text: str, body_start: int, name: str) -> Entry | None:
    """The entry of the last line setting ``name`` (the one Nuke applies), or None."""
    if not _is_plain_name(name):
        return None  # only plain names are written on such lines
    found = _line_of(name).findall(text, body_start)
    return (found[-1][0], name, found[-1][1]) if found else None


def line_values(text: str, body_start: int, names: tuple[str, ...]) -> dict[str, str] | None:
    """The value text on the last line of each of *names* found (absent names are left out),
    or None when they cannot be read by lines. One search for all of them."""
    if len(names) > _MOST_NAMES:
        return None
    pattern = _values_of(names)
    return dict(pattern.findall(text, body_start)) if pattern is not None else None  # the last wins


def with_lines_set(text: str, body_start: int, head: str, values: list[tuple[str, str]],
                   newline: str) -> str | None:
    """``text`` with each ``(name, value text)`` set, or None when the entry list must do it.

    A knob already there gets its new value on its line; the others are added, in order,
    after the node's own knobs (before its first user knob), indented as its last knob:
    where the entry list puts them. Values must be single words without line ends (what
    ``tcl.format_value`` writes), so the body still holds one knob per line afterwards.
    The text is split at the lines concerned in one call and joined again, the values put
    in between: no offsets worked out per knob.
    """
    if len(values) > _MOST_NAMES or newline != "\n" or "\n" in head:
        return None  # (the length first: the cache would keep every long tuple of names it was given)
    pattern = _lines_of(tuple([name for name, _ in values]))
    if pattern is None:
        return None
    # [before, break and indentation, name, blanks, value, text up to the next line found, ...]
    pieces = pattern.split(text)
    found = dict(zip(pieces[2::5], range(4, len(pieces), 5), strict=True))  # each name's last line wins
    added: list[tuple[str, str]] = []
    changed = False
    for name, value in values:
        at = found.get(name)
        if at is None:
            if name == "inputs":
                return None  # it goes first
            added.append((name, value))
        elif pieces[at] != value:
            pieces[at] = value
            changed = True
    if added and not _add_lines(text, body_start, head, pieces, added, newline):
        return None
    return "".join(pieces) if changed or added else text


def _add_lines(text: str, body_start: int, head: str, pieces: list[str], added: list[tuple[str, str]],
               newline: str) -> bool:
    """Put the *added* knobs' lines into *pieces* before the first user knob, else after the last
    knob; False when a user knob definition may name one of them (its value goes after it)."""
    names = pieces[2::5]
    if any(name in text for name, _ in added) or _ESCAPING_DEFINITION.search(text, body_start):
        # (else no definition can name them: the usual case, told without listing the definitions)
        definitions = [value for name, value in zip(names, pieces[4::5], strict=True) if name == USER_KNOB]
        if any(name in definition or "\\" in definition for definition in definitions for name, _ in added):
            return False
    at, indent = _own_knobs_end(text, body_start, head)
    lines = "".join([f"{newline}{indent}{name} {value}" for name, value in added])
    if USER_KNOB in names:
        first = 5 * names.index(USER_KNOB) + 1  # the first definition's line break
        pieces[first] = lines + pieces[first]
    else:  # in the text after the last line found, which holds the closing brace
        offset = at - (len(text) - len(pieces[-1]))
        pieces[-1] = pieces[-1][:offset] + lines + pieces[-1][offset:]
    return True


def _own_knobs_end(text: str, body_start: int, head: str) -> tuple[int, str]:
    """Where a knob added after the node's last knob goes, and the indentation it gets: the
    last knob's (a knob at the margin gets one blank), or the head's and one blank."""
    close = text.rfind("}")
    last_break = text.rfind("\n", body_start, close)  # the line of the closing brace
    last_line_start = text.rfind("\n", body_start, last_break) if last_break >= 0 else -1
    if last_line_start < 0:  # no knobs at all
        return body_start, head[: len(head) - len(head.lstrip(" \t"))] + " "
    line = text[last_line_start + 1 : last_break]
    return last_break, line[: len(line) - len(line.lstrip(" \t"))] or " "
