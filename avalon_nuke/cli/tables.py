"""Tables a person reads in a terminal: a header row, columns as wide as their longest cell."""

from __future__ import annotations

from collections.abc import Sequence

GAP = "  "


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """The lines of an aligned table; the last column is never padded (no trailing blanks)."""
    cells = [[str(header) for header in headers]]
    cells += [["" if value is None else str(value) for value in row] for row in rows]
    widths = [max(len(line[col]) for line in cells) for col in range(len(headers))]
    lines = []
    for line in cells:
        padded = [text.ljust(width) for text, width in zip(line[:-1], widths[:-1], strict=True)]
        lines.append(GAP.join([*padded, line[-1]]).rstrip())
    return lines


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    for line in format_table(headers, rows):
        print(line)
