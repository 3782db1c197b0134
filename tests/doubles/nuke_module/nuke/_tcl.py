"""The little TCL the stand-in needs: ``createNode`` knob lists and ``toScript`` quoting."""

from __future__ import annotations

_SPECIAL = set(' \t\n"{}[]$;\\')


def quote(text: str) -> str:
    if text and not (_SPECIAL & set(text)):
        return text
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("[", "\\[").replace("$", "\\$"))
    return f'"{escaped}"'


def format_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def split_list(text: str) -> list[str]:
    """Split a TCL list: words, ``{braced words}`` and ``"quoted words"``."""
    words: list[str] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        if text[i] == "{":
            depth, start = 1, i + 1
            i += 1
            while i < n and depth:
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
            if depth:
                raise ValueError(f"unbalanced braces in {text!r}")
            words.append(text[start:i - 1])
        elif text[i] == '"':
            i += 1
            chars: list[str] = []
            while i < n and text[i] != '"':
                if text[i] == "\\" and i + 1 < n:
                    i += 1
                    chars.append({"n": "\n", "t": "\t"}.get(text[i], text[i]))
                else:
                    chars.append(text[i])
                i += 1
            if i >= n:
                raise ValueError(f"unbalanced quotes in {text!r}")
            i += 1
            words.append("".join(chars))
        else:
            start = i
            while i < n and not text[i].isspace():
                i += 1
            words.append(text[start:i])
    return words


def pairs(text: str) -> list[tuple[str, str]]:
    words = split_list(text)
    if len(words) % 2:
        raise ValueError(f"knob list needs name/value pairs: {text!r}")
    return list(zip(words[::2], words[1::2], strict=True))


# -- evaluation: what ``String_Knob.value()`` does to a knob's text ------------------------
# Foundry documents String_Knob.value() as "the evaluated value", getText() as "the
# non-evaluated value", and nuke.value() as expanding "brackets and dollar signs in string
# knobs". This is TCL's ``subst``: backslash escapes, ``$variables`` and ``[commands]``.

_BACKSLASH = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:")


class TclError(RuntimeError):
    """What Nuke raises for a TCL error (``nuke.tcl`` raises RuntimeError)."""


def subst(text: str, commands, variables) -> str:
    """Expand *text*; *commands* maps a command name to ``f(args) -> str``, *variables* a name."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n:
            i, piece = _backslash(text, i + 1)
            out.append(piece)
        elif char == "$":
            i, piece = _variable(text, i + 1, variables)
            out.append(piece)
        elif char == "[":
            end = _matching_bracket(text, i)
            out.append(_command(text[i + 1:end], commands, variables))
            i = end + 1
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _backslash(text: str, i: int) -> tuple[int, str]:
    char = text[i]
    if char in _BACKSLASH:
        return i + 1, _BACKSLASH[char]
    for lead, width in (("x", 2), ("u", 4)):
        digits = text[i + 1:i + 1 + width]
        if char == lead and digits and all(c in "0123456789abcdefABCDEF" for c in digits):
            return i + 1 + len(digits), chr(int(digits, 16))
    return i + 1, char


def _variable(text: str, i: int, variables) -> tuple[int, str]:
    if i < len(text) and text[i] == "{":
        end = text.find("}", i)
        if end < 0:
            raise TclError("missing close-brace for variable name")
        return end + 1, variables(text[i + 1:end], None)
    start = i
    while i < len(text) and text[i] in _NAME_CHARS:
        i += 1
    name = text[start:i]
    if not name:
        return i, "$"
    index = None
    if i < len(text) and text[i] == "(":
        end = text.find(")", i)
        if end < 0:
            raise TclError(f'missing ")" after "${name}("')
        index, i = text[i + 1:end], end + 1
    return i, variables(name, index)


def _matching_bracket(text: str, start: int) -> int:
    depth, i = 0, start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        depth += {"[": 1, "]": -1}.get(text[i], 0)
        if depth == 0:
            return i
        i += 1
    raise TclError("missing close-bracket")


def _command(script: str, commands, variables) -> str:
    words = split_list(subst(script, commands, variables)) if script.strip() else []
    if not words:
        return ""
    call = commands.get(words[0])
    if call is None:
        raise TclError(f'invalid command name "{words[0]}"')
    return call(words[1:])
