"""A node's knob entries with the lookups edits need, each one dictionary access.

Setting N knobs on a node used to re-read every ``addUserKnob`` definition and
scan every entry for each knob (most of ``update``'s time). Here entries are
kept in two runs, the node's own knobs and, from the first ``addUserKnob`` on,
its user knobs, because that is where new knobs go: a new knob is appended to
the first run, a user knob and its value to the second, so neither moves
anything. The last entry per name and each definition are found by one
dictionary access. Entries are ``(lead, name, value)`` tuples of text, which
the garbage collector stops tracking; a million knob lists did not let it.
"""

from __future__ import annotations

from avalon_nuke.nk.definitions import USER_KNOB, defined_name

Entry = tuple[str, str, str]  # (lead, name, value): lead is the text before the value, as in the file


class KnobList:
    """The entries of one node in file order: ``own`` then ``user`` (from the first definition)."""

    __slots__ = ("own", "user", "_last", "_definitions")

    def __init__(self, entries: list[Entry]) -> None:
        first_user = len(entries)
        for index, entry in enumerate(entries):
            if entry[1] == USER_KNOB:
                first_user = index
                break
        self.own = entries[:first_user] if first_user < len(entries) else entries
        self.user = entries[first_user:]
        # name -> position of its last entry: i in own, or -1 - i in user.
        last = {entry[1]: index for index, entry in enumerate(self.own)}
        last.update({entry[1]: -1 - index for index, entry in enumerate(self.user)})
        self._last = last
        self._definitions: dict[str, int] | None = None

    def entries(self) -> list[Entry]:
        return self.own + self.user if self.user else self.own

    def final(self) -> Entry | None:
        """The entry written last (its lead gives the node's indentation)."""
        return self.user[-1] if self.user else self.own[-1] if self.own else None

    def get(self, name: str) -> Entry | None:
        """The last entry called ``name`` (the one Nuke applies)."""
        position = self._last.get(name)
        if position is None:
            return None
        return self.own[position] if position >= 0 else self.user[-1 - position]

    def replace(self, entry: Entry) -> None:
        """Put ``entry`` in place of the last entry with its name."""
        position = self._last[entry[1]]
        if position >= 0:
            self.own[position] = entry
        else:
            self.user[-1 - position] = entry

    def definition(self, name: str) -> Entry | None:
        """The first ``addUserKnob`` entry defining ``name``."""
        position = self._definition_positions().get(name)
        return self.user[position] if position is not None else None

    def _definition_positions(self) -> dict[str, int]:
        definitions = self._definitions
        if definitions is None:
            definitions = {}
            for index, entry in enumerate(self.user):
                if entry[1] == USER_KNOB:
                    name = defined_name(entry[2])
                    if name is not None:
                        definitions.setdefault(name, index)
            self._definitions = definitions
        return definitions

    def _may_define(self, name: str) -> bool:
        """False when no definition can name ``name``, without reading the definitions: an update
        adds knobs Nuke's own (``origfirst``, ``tile_color``) to thousands of nodes."""
        if self._definitions is not None:
            return True
        return any(kind == USER_KNOB and (name in text or "\\" in text) for _, kind, text in self.user)

    def add(self, entry: Entry) -> None:
        """Place a knob Nuke would write here: after its definition, ``inputs`` first, else
        after the node's own knobs."""
        name = entry[1]
        definition = self._definition_positions().get(name) if self._may_define(name) else None
        if definition is not None:
            self._insert_user(definition + 1, entry)
        elif name == "inputs":
            self.own.insert(0, entry)
            self._last = {key: (p + 1 if p >= 0 else p) for key, p in self._last.items()}
            self._last[name] = 0
        else:
            self.own.append(entry)
            if name not in self._last or self._last[name] >= 0:
                self._last[name] = len(self.own) - 1

    def add_user(self, entry: Entry, defines: str | None = None) -> None:
        """Append to the user knobs; ``defines`` names the knob when it is a definition."""
        self._insert_user(len(self.user), entry)
        if defines is not None:
            self._definition_positions().setdefault(defines, len(self.user) - 1)

    def _insert_user(self, index: int, entry: Entry) -> None:
        user = self.user
        if index < len(user):  # rare: a value for a definition that had none, mid-node
            user.insert(index, entry)
            shifted = -1 - index
            self._last = {key: (p - 1 if p <= shifted else p) for key, p in self._last.items()}
            definitions = self._definitions
            if definitions is not None:
                self._definitions = {key: (p + 1 if p >= index else p) for key, p in definitions.items()}
            if all(e[1] != entry[1] for e in user[index + 1 :]):
                self._last[entry[1]] = -1 - index
        else:
            user.append(entry)
            self._last[entry[1]] = -len(user)

    def remove(self, name: str) -> KnobList | None:
        """A new list without ``name``'s entries and definition; None when it has neither."""
        definition = self.definition(name)
        entries = self.entries()
        kept = [entry for entry in entries if entry[1] != name and entry is not definition]
        return KnobList(kept) if len(kept) != len(entries) else None
