"""The slice of Tcl syntax a ``.nk`` script is written in: words, quoting, escaping.

Nuke reads a node block ``Class {...}`` the way Tcl does: the body ends at the
brace that balances the opening one (backslash-escaped braces do not count), and
the body is then split as a Tcl list of alternating knob names and values. The
scanners here follow those two rules exactly, so every script Nuke accepts is
split the same way and everything else is reported, never guessed at.

Scanners return offsets into the original text instead of copies: the model keeps
the original characters and only re-renders what a caller changed.
"""

from __future__ import annotations

import re

WHITESPACE = " \t\n\r\f\v"


class SyntaxProblem(Exception):
    """A scanner found malformed text at ``offset``; the parser adds file, line, column."""

    def __init__(self, problem: str, offset: int) -> None:
        super().__init__(problem)
        self.problem = problem
        self.offset = offset


_BRACE_OR_BACKSLASH = re.compile(r"[{}\\]")
_QUOTE_OR_BACKSLASH = re.compile(r'["\\]')
# A list word with no character that needs care: the overwhelmingly common case.
# Tcl's whitespace is ASCII only (Python's \s would also split at U+00A0 and friends).
_PLAIN_WORD = re.compile(r'[^ \t\n\r\f\v{}"\\]+')
_BRACKET_OR_BACKSLASH_OR_SPACE = re.compile(r"[\[\]\\ \t\n\r\f\v]")


def match_brace(text: str, open_pos: int) -> int:
    """Offset of the ``}`` balancing the ``{`` at ``open_pos``."""
    depth = 1
    pos = open_pos + 1
    while True:
        close = text.find("}", pos)
        if close < 0:
            raise SyntaxProblem("unclosed brace", open_pos)
        if text.find("\\", pos, close) >= 0:
            return _match_brace_escaped(text, open_pos)
        # No escapes in this stretch: counting is exact and runs at C speed.
        depth += text.count("{", pos, close) - 1
        if depth == 0:
            return close
        pos = close + 1


def _match_brace_escaped(text: str, open_pos: int) -> int:
    depth = 1
    pos = open_pos + 1
    search = _BRACE_OR_BACKSLASH.search
    while True:
        found = search(text, pos)
        if found is None:
            raise SyntaxProblem("unclosed brace", open_pos)
        char = found.group()
        pos = found.end()
        if char == "\\":
            pos += 1
        elif char == "{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return pos - 1


# Runs of plain characters, each escape one unit: the unrolled form never re-splits a run.
_QUOTED = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)


def match_quote(text: str, open_pos: int) -> int:
    """Offset of the ``"`` closing the quoted word opened at ``open_pos``."""
    whole = _QUOTED.match(text, open_pos)  # one call, however many escapes (JSON records)
    if whole is not None:
        return whole.end() - 1
    pos = open_pos + 1
    search = _QUOTE_OR_BACKSLASH.search
    while True:
        found = search(text, pos)
        if found is None:
            raise SyntaxProblem("unterminated quoted string", open_pos)
        if found.group() == '"':
            return found.start()
        pos = found.end() + 1
        if pos > len(text):
            raise SyntaxProblem("unterminated quoted string", open_pos)


_ESCAPED_CHAR = re.compile(r"\\.", re.S)
_NOT_BRACE = re.compile(r"[^{}]+")


def _brace_balance_ok(word: str) -> bool:
    """True when unescaped braces in a word balance without dipping below zero.

    Tcl finds the end of a node body by counting braces before splitting it into
    words, so a quoted value with a stray brace would move that end; Nuke would
    misread such a file, and so do we: it is reported instead.
    """
    if "\\\\" not in word and word.count("{") == word.count("\\{") and word.count("}") == word.count("\\}"):
        return True  # every brace escaped (JSON records): none counts
    braces = _NOT_BRACE.sub("", _ESCAPED_CHAR.sub("", word))
    for _ in range(32):  # peel "{}" pairs from the inside: as many rounds as nesting levels
        if not braces:
            return True
        peeled = braces.replace("{}", "")
        if len(peeled) == len(braces):
            return False
        braces = peeled
    depth = 0
    pos = 0
    search = _BRACE_OR_BACKSLASH.search
    while True:
        found = search(word, pos)
        if found is None:
            return depth == 0
        char = found.group()
        pos = found.end()
        if char == "\\":
            pos += 1
        elif char == "{":
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                return False


def list_word_end(text: str, pos: int, limit: int) -> int:
    """End offset of the Tcl list word starting at ``pos`` (inside a node body).

    A ``}`` that would close the enclosing body ends a bare word, as in
    ``Dot {name Dot1}``. ``limit`` is the end of the text being split.
    """
    char = text[pos]
    if char == "{":
        end = match_brace(text, pos) + 1
        _expect_separator(text, end, limit, "close-brace")
        return end
    if char == '"':
        end = match_quote(text, pos) + 1
        _expect_separator(text, end, limit, "close-quote")
        word = text[pos:end]
        if ("{" in word or "}" in word) and not _brace_balance_ok(word):
            raise SyntaxProblem("unbalanced brace inside quoted value", pos)
        return end
    plain = _PLAIN_WORD.match(text, pos)
    end = plain.end() if plain else pos
    if end >= limit or text[end] in WHITESPACE or text[end] == "}":
        if end == pos:
            raise SyntaxProblem(f"unexpected {text[pos]!r}", pos)
        return end
    return _bare_word_end_slow(text, pos, limit)


def _bare_word_end_slow(text: str, pos: int, limit: int) -> int:
    depth = 0
    index = pos
    while index < limit:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char in WHITESPACE:
            break
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                break
            depth -= 1
        index += 1
    if index > limit:
        raise SyntaxProblem("backslash at end of text", index - 2)
    if depth:
        raise SyntaxProblem("unclosed brace", pos)
    if index == pos:
        raise SyntaxProblem(f"unexpected {text[pos]!r}", pos)
    return index


def _expect_separator(text: str, end: int, limit: int, what: str) -> None:
    if end < limit and text[end] not in WHITESPACE and text[end] != "}":
        raise SyntaxProblem(f"extra characters after {what}", end)


def split_list(text: str) -> list[str]:
    """Elements of a Tcl list, each with its quoting removed."""
    words: list[str] = []
    length = len(text)
    pos = 0
    while True:
        while pos < length and text[pos] in WHITESPACE:
            pos += 1
        if pos >= length:
            return words
        end = list_word_end(text, pos, length)
        if end == pos:
            raise SyntaxProblem(f"unexpected {text[pos]!r}", pos)
        words.append(unquote(text[pos:end]))
        pos = end


def command_word_end(text: str, pos: int) -> int:
    """End offset of a top-level command word (``[...]`` may hold spaces)."""
    char = text[pos]
    if char == "{":
        end = match_brace(text, pos) + 1
    elif char == '"':
        end = match_quote(text, pos) + 1
    else:
        return _bare_command_word_end(text, pos)
    if end < len(text) and text[end] not in WHITESPACE and text[end] != ";":
        what = "close-brace" if char == "{" else "close-quote"
        raise SyntaxProblem(f"extra characters after {what}", end)
    return end


def _bare_command_word_end(text: str, pos: int) -> int:
    depth = 0
    index = pos
    length = len(text)
    search = _BRACKET_OR_BACKSLASH_OR_SPACE.search
    while True:
        found = search(text, index)
        if found is None:
            if depth:
                raise SyntaxProblem("unclosed bracket", pos)
            return length
        char = found.group()
        index = found.end()
        if char == "\\":
            if index >= length:
                raise SyntaxProblem("backslash at end of text", index - 1)
            index += 1
        elif char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        elif depth == 0:
            return found.start()


_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{1,2})|u([0-9a-fA-F]{1,4})|([0-7]{1,3})|\n[ \t]*|(.))", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _replace_escape(found: re.Match[str]) -> str:
    hex_byte, hex_unicode, octal, other = found.groups()
    if hex_byte:
        return chr(int(hex_byte, 16))
    if hex_unicode:
        return chr(int(hex_unicode, 16))
    if octal:
        return chr(int(octal, 8) & 0xFF)
    if other is None:
        return " "  # backslash-newline joins lines
    return _SIMPLE_ESCAPES.get(other, other)


_NEEDS_TRANSLATION = re.compile(r"\\[xu0-7ntrabfv\n]|\\$")


def backslash_substitute(text: str) -> str:
    """Tcl backslash substitution (``\\n`` -> newline, ``\\[`` -> ``[`` ...)."""
    if "\\" not in text:
        return text
    if not _NEEDS_TRANSLATION.search(text):
        # Only `\"`, `\{`, `\[`, `\\`...: each stands for its character (JSON in knobs).
        # Splitting at escaped backslashes pairs them exactly as a left-to-right scan does.
        if "\\\\" not in text:
            return text.replace("\\", "")
        return "\\".join([part.replace("\\", "") for part in text.split("\\\\")])
    return _ESCAPE.sub(_replace_escape, text)


def unquote(word: str) -> str:
    """Remove one level of Tcl quoting from a word as it appears in the file."""
    if word[:1] == "{" and word[-1:] == "}" and len(word) >= 2:
        return word[1:-1]
    if word[:1] == '"' and word[-1:] == '"' and len(word) >= 2:
        return backslash_substitute(word[1:-1])
    return backslash_substitute(word)


# Characters that make Nuke write a value in double quotes (learnt from its files:
# `""`, `"a b"`, `"]"`, `";"`, `"\$x"`, `"\[value x]"`).
_NEEDS_QUOTES = re.compile(r'[ \t\n\r\f\v"\\{}\[\]$;]')
# Backslash first, so the backslashes added for the others are not doubled again.
_QUOTED_ESCAPES = (
    ("\\", "\\\\"),
    ('"', '\\"'),
    ("\n", "\\n"),
    ("\r", "\\r"),
    ("\t", "\\t"),
    ("[", "\\["),
    ("$", "\\$"),
    ("{", "\\{"),
    ("}", "\\}"),
)


def quote(value: str) -> str:
    """Write a string the way Nuke does: bare when safe, else quoted and escaped."""
    if value == "":
        return '""'
    if _NEEDS_QUOTES.search(value) is None:
        return value
    for char, escaped in _QUOTED_ESCAPES:  # str.replace runs in C; translate() with a dict does not
        if char in value:
            value = value.replace(char, escaped)
    return '"' + value + '"'


def format_value(value: str | int | float | bool) -> str:
    """Knob text for a Python value: ``true``/``false``, ints, 10 significant digits."""
    if isinstance(value, str):  # the commonest first: paths, records, labels
        return quote(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.10g}"
    raise TypeError(f"knob values are str, int, float or bool, not {type(value).__name__}")


def check_single_word(text: str) -> None:
    """Refuse knob text that would not read back as exactly one Tcl word."""
    try:
        if not text or list_word_end(text, 0, len(text)) != len(text):
            raise ValueError(f"knob text {text[:60]!r} is not a single Tcl word")
    except SyntaxProblem as problem:
        raise ValueError(f"knob text {text[:60]!r}: {problem.problem}") from None
