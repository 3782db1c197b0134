"""The one error a malformed ``.nk`` script raises."""

from __future__ import annotations

from avalon_nuke.errors import InputError


class ParseError(InputError):
    """The text is not a script Nuke could read; says where, on one line.

    Callers catch exactly this (or :class:`InputError`) for any bad input, so
    the parser never lets an ``IndexError`` or ``UnicodeError`` escape.
    """

    def __init__(self, problem: str, filename: str | None, line: int, column: int) -> None:
        self.problem = problem
        self.filename = filename
        self.line = line
        self.column = column
        where = filename if filename else "<string>"
        super().__init__(f"{where}:{line}:{column}: {problem}")


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` (computed only when an error is raised)."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
