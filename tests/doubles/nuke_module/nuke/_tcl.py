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
