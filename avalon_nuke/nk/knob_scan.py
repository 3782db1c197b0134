"""Finding the knobs of a node body: once to check it while reading, again only on use.

Reading a script checks every body the way Nuke splits it (so bad text fails
at load, with its line and column) but keeps nothing per knob: long runs of
plain ``name value`` pairs are passed over by one regular expression. The
``(lead, name, value)`` entries are built by :func:`split_knobs` when a
node's knobs are first read or changed, from the node's own text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import cast

from avalon_nuke.nk.tcl import SyntaxProblem, list_word_end, unquote

_BODY_SPACE = re.compile(r"[ \t\n\r\f\v]*")
# ` knob value` with nothing needing care, which is most of every script: a bare value,
# a quoted one whose braces are all escaped and that escapes no backslash or line end (the
# JSON records), or a braced one nested at most once
# (``{0 1}``, ``{{curve x1 0 x10 1}}``), ending where Nuke's list splitting ends it.
_VALUE = r'(?:[^ \t\n\r\f\v{}"\\]+|"[^"\\{}]*(?:\\[^\\\n\r][^"\\{}]*)*"|\{(?:[^{}\\]|\{[^{}\\]*\})*\})'
_NAME = r'[^\x00-\x20\x7f{}"\\]+'
_ENDS = r"(?=[ \t\n\r\f\v}])"
_PLAIN_ENTRY = re.compile(rf"([ \t\n\r\f\v]*({_NAME})[ \t]+)({_VALUE}){_ENDS}")
# Runs are matched at most _RUN knobs at a time: the regular-expression engine keeps state for
# every repetition of a group within one match, and a node of 100,000 knobs made one match take
# 20 times what 10,000 took (cache misses); in bounded runs it takes 10 times.
_RUN = 256
_PLAIN_RUN = re.compile(rf"(?:[ \t\n\r\f\v]*{_NAME}[ \t]+{_VALUE}{_ENDS}){{0,{_RUN}}}")
# The body as Nuke writes it: every knob on a line of its own, its value ending the line. Such a
# body is split later by lines (_LINE_ENTRY), without matching every value again.
_LINE_VALUE = (r'(?:[^ \t\n\r\f\v{}"\\]+|"[^"\\{}\n]*(?:\\[^\\\n\r][^"\\{}\n]*)*"'
               r'|\{(?:[^{}\\\n]|\{[^{}\\\n]*\})*\})')
_LINE_RUN = re.compile(rf"(?:\n[ \t]*{_NAME}[ \t]+{_LINE_VALUE}(?=\n)){{0,{_RUN}}}")
_LINE_CLOSE = re.compile(r"\n?[ \t]*\}")
_LINE_ENTRY = re.compile(r"(\n[ \t]*([^ \t\n]+)[ \t]+)([^\n]*)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Both patterns match the empty string, so their match() never returns None.
_Matcher = Callable[[str, int], "re.Match[str]"]
_run_of_plain_knobs = cast(_Matcher, _PLAIN_RUN.match)
_run_of_knob_lines = cast(_Matcher, _LINE_RUN.match)
_skip_body_space = cast(_Matcher, _BODY_SPACE.match)


def check_body(text: str, body_start: int) -> tuple[int, bool]:
    """Offset of the ``}`` closing the body that starts at ``body_start``, and whether the body
    holds one knob per line (see :func:`split_knobs`); raises if malformed.

    The line form is tried first and, where it stops, the general scan goes on from there:
    a body is still read once, whichever form it has.
    """
    pos = body_start
    while True:
        lines_end = _run_of_knob_lines(text, pos).end()
        closing = _LINE_CLOSE.match(text, lines_end)
        if closing is not None:
            return closing.end() - 1, True
        if lines_end == pos:  # a knob not on a line of its own
            return _scan(text, body_start, None, lines_end)[1], False
        pos = lines_end  # (or the run's limit was reached)


def split_knobs(text: str, body_start: int,
                one_per_line: bool = False) -> tuple[list[tuple[str, str, str]], str]:
    """The body's ``(lead, name, value)`` entries and the tail (``\\n}\\n`` and what follows).

    *one_per_line*: :func:`check_body` found every knob on a line of its own with its value
    ending the line, so each line is one entry and is split by its first blanks (a quarter of
    the time of matching every value again; an update reads 20,000 such bodies).
    """
    close = text.rfind("}")
    if one_per_line:
        found = _LINE_ENTRY.findall(text, body_start, close)
        end = body_start + sum([len(lead) + len(value) for lead, _, value in found])
        return found, text[end:]
    # Most bodies are plain knobs only: one findall over the body, kept when its entries tile
    # it. Matches never overlap and none holds the body's closing brace (their braces pair up),
    # so entries whose lengths add up to the stretch before that brace, with only blanks after
    # them, are exactly the knobs the scanner would find, in one pass instead of two.
    if close > body_start:
        found = _PLAIN_ENTRY.findall(text, body_start, close + 1)
        end = body_start + sum([len(lead) + len(value) for lead, _, value in found])
        if _skip_body_space(text, end).end() == close:
            return found, text[end:]
    entries: list[tuple[str, str, str]] = []
    end, _ = _scan(text, body_start, entries)
    return entries, text[end:]


def _scan(text: str, body_start: int, entries: list[tuple[str, str, str]] | None,
          start: int | None = None) -> tuple[int, int]:
    """Walk the knobs from *start* (a knob boundary, by default the body's start); returns
    (end of the last knob, offset of the closing brace)."""
    length = len(text)
    pos = body_start if start is None else start
    plain_run = _run_of_plain_knobs
    plain_entries = _PLAIN_ENTRY.findall
    space = _skip_body_space
    while True:
        run_end = plain_run(text, pos).end()
        if entries is not None and run_end > pos:
            # The same knobs the run passed over, as (lead, name, value), in one call; the
            # extra character lets the last one's look-ahead see what ends it.
            entries.extend(plain_entries(text, pos, run_end + 1))
        pos = run_end
        name_start = space(text, pos).end()
        if name_start >= length:
            raise SyntaxProblem("unclosed brace", body_start - 1)
        if text[name_start] == "}":
            return pos, name_start
        name_end = list_word_end(text, name_start, length)
        value_start = space(text, name_end).end()
        if value_start >= length:
            raise SyntaxProblem("unclosed brace", body_start - 1)
        raw_name = text[name_start:name_end]
        name = unquote(raw_name) if raw_name[0] in '"{' or "\\" in raw_name else raw_name
        if not name or _CONTROL.search(name):
            raise SyntaxProblem(f"invalid knob name {raw_name[:40]!r}", name_start)
        if text[value_start] == "}" or "\n" in text[name_end:value_start]:
            # A name alone on its line (hand-edited files have them): Nuke skips
            # it; keeping it valueless keeps the following lines paired right.
            if entries is not None:
                entries.append((text[pos:name_end], name, ""))
            pos = name_end
            continue
        value_end = list_word_end(text, value_start, length)
        if entries is not None:
            entries.append((text[pos:value_start], name, text[value_start:value_end]))
        pos = value_end
