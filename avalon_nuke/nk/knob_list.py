"""A node's knob entries with the lookups edits need, each one dictionary access.

Setting N knobs on a node used to re-read every ``addUserKnob`` definition and
scan every entry for each knob (most of ``update``'s time). Here the last entry
per name, the definition per user knob name and the position of the first
definition are worked out once and kept right as entries are inserted, so N
sets cost O(N). Definitions sit at the end of a node, which keeps the searches
for a definition's position short.
"""

from __future__ import annotations

from avalon_nuke.nk.definitions import USER_KNOB, defined_name

Entry = list[str]  # [lead, name, value]: lead is the text before the value, as in the file


class KnobList:
    """The ``[lead, name, value]`` entries of one node, in file order."""

    __slots__ = ("entries", "_last", "_definitions", "_first_user")

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._last: dict[str, Entry] = {entry[1]: entry for entry in entries}
        self._definitions: dict[str, Entry] | None = None
        self._first_user: int | None = None

    def get(self, name: str) -> Entry | None:
        """The last entry called ``name`` (the one Nuke applies)."""
        return self._last.get(name)

    def definition(self, name: str) -> Entry | None:
        """The first ``addUserKnob`` entry defining ``name``."""
        definitions = self._definitions
        if definitions is None:
            definitions = {}
            for entry in self.entries:
                if entry[1] == USER_KNOB:
                    name_defined = defined_name(entry[2])
                    if name_defined is not None:
                        definitions.setdefault(name_defined, entry)
            self._definitions = definitions
        return definitions.get(name)

    def first_user(self) -> int:
        """Index of the first ``addUserKnob`` entry (the length when there is none)."""
        first = self._first_user
        if first is None:
            first = next((i for i, e in enumerate(self.entries) if e[1] == USER_KNOB), len(self.entries))
            self._first_user = first
        return first

    def position_after(self, entry: Entry) -> int:
        """The index right after ``entry``, searched from the end."""
        entries = self.entries
        for index in range(len(entries) - 1, -1, -1):
            if entries[index] is entry:
                return index + 1
        raise ValueError("entry is not in this node")

    def insert(self, index: int, entry: Entry, defines: str | None = None) -> None:
        """Insert ``entry``; ``defines`` names the user knob when it is a definition."""
        first = self.first_user()
        self.entries.insert(index, entry)
        if index < first or (index == first and entry[1] != USER_KNOB):
            self._first_user = first + 1
        if index == len(self.entries) - 1 or entry[1] not in self._last:
            self._last[entry[1]] = entry
        if defines is not None and self.definition(defines) is None:
            assert self._definitions is not None
            self._definitions[defines] = entry

    def remove(self, name: str) -> KnobList | None:
        """A new list without ``name``'s entries and definition; None when it has neither."""
        definition = self.definition(name)
        kept = [entry for entry in self.entries if entry[1] != name and entry is not definition]
        return KnobList(kept) if len(kept) != len(self.entries) else None
