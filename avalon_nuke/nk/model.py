"""Nodes and the other top-level lines of a script, each keeping its own text.

A node holds its head (``  Blur {``), one ``[lead, name, value]`` entry per knob
(``lead`` is the whitespace and name before the value, exactly as in the file)
and its tail (``\\n  }\\n``). Until something changes, :meth:`Node.text` returns
the original slice of the file, so writing an unchanged script is a join.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from avalon_nuke.nk.tcl import (
    SyntaxProblem,
    format_value,
    list_word_end,
    quote,
    split_list,
    unquote,
)

if TYPE_CHECKING:
    from avalon_nuke.nk.script import Script

# Classes whose block is followed by its children and a closing ``end_group``.
GROUP_CLASSES = frozenset({"Group", "Gizmo"})
# A LiveGroup is written with children only when it is editable; it is treated
# as a group when an ``end_group`` closes it and as a plain node otherwise.
OPTIONAL_GROUP_CLASSES = frozenset({"LiveGroup"})

USER_KNOB = "addUserKnob"


class Statement:
    """A top-level line that is not a node: ``push``, ``set``, ``end_group``, header..."""

    __slots__ = ("kind", "text", "variable", "index")

    def __init__(self, kind: str, text: str, variable: str | None = None, index: int = 0) -> None:
        self.kind = kind
        self.text = text
        self.variable = variable
        self.index = index

    def __repr__(self) -> str:
        return f"Statement({self.kind!r}, {self.text!r})"


@dataclass(frozen=True)
class UserKnob:
    """One ``addUserKnob {type name [l label] ...}`` definition on a node."""

    type_id: int
    name: str
    label: str | None
    flags: tuple[str, ...]
    definition: str


class Node:
    """One node block; knob values are read and written as Nuke writes them."""

    __slots__ = (
        "cls",
        "_head",
        "_knobs",
        "_tail",
        "original",
        "parent",
        "children",
        "end_group",
        "clone_var",
        "clone_source",
        "script",
    )

    def __init__(self, cls: str, head: str, knobs: list[list[str]], tail: str) -> None:
        self.cls = cls
        self._head = head
        self._knobs = knobs
        self._tail = tail
        self.original: str | None = None
        self.parent: Node | None = None
        self.children: list[Node] = []
        self.end_group: Statement | None = None
        self.clone_var: str | None = None
        self.clone_source: Node | None = None
        self.script: Script | None = None

    def __repr__(self) -> str:
        return f"<Node {self.cls} {self.full_name or '(unnamed)'}>"

    # -- text -----------------------------------------------------------------

    def text(self) -> str:
        """The block as it will be written: the original slice while unchanged."""
        if self.original is not None:
            return self.original
        return self._head + "".join(lead + value for lead, _, value in self._knobs) + self._tail

    def _changed(self) -> None:
        self.original = None

    # -- names and structure --------------------------------------------------

    @property
    def name(self) -> str | None:
        entry = self._last_entry("name")
        return unquote(entry[2]) if entry is not None else None

    @property
    def full_name(self) -> str | None:
        name = self.name
        if name is None or self.parent is None:
            return name
        names = [name]  # a loop, not recursion: groups nest a thousand deep in generated scripts
        group: Node | None = self.parent
        while group is not None:
            group_name = group.name
            if not group_name:
                break
            names.append(group_name)
            group = group.parent
        return ".".join(reversed(names))

    @property
    def is_group(self) -> bool:
        return self.end_group is not None

    @property
    def inputs(self) -> list[Node | None]:
        """Input nodes in input order (0 first), resolved from the file's stack commands.

        Inputs coming from outside a pasted toolset (``$cut_paste_input``) are None.
        """
        if self.script is None:
            return []
        return self.script.inputs_of(self)

    # -- knobs ----------------------------------------------------------------

    def _last_entry(self, name: str) -> list[str] | None:
        for entry in reversed(self._knobs):
            if entry[1] == name:
                return entry
        return None

    def _lookup(self, name: str) -> list[str] | None:
        entry = self._last_entry(name)
        if entry is None and self.clone_source is not None and name not in _PER_CLONE_KNOBS:
            entry = self.clone_source._last_entry(name)
        return entry

    def knob_text(self, name: str) -> str | None:
        """The value exactly as written in the file (quotes and braces included)."""
        entry = self._lookup(name)
        return entry[2] if entry is not None else None

    def knob(self, name: str) -> str | None:
        """The value with one level of Tcl quoting removed; None when absent.

        ``"a \\"b\\""`` gives ``a "b"``, ``{0 1}`` gives ``0 1``. Clones read the
        knobs they share from their original node.
        """
        entry = self._lookup(name)
        return unquote(entry[2]) if entry is not None else None

    def knob_names(self) -> list[str]:
        """Names of the knobs set in the file, in file order (definitions excluded)."""
        seen: dict[str, None] = {}
        for _, name, _ in self._knobs:
            if name != USER_KNOB:
                seen.setdefault(name, None)
        return list(seen)

    def set_knob(self, name: str, value: str | int | float | bool) -> None:
        """Set a knob, quoting as Nuke does; only that knob's text changes."""
        self.set_knob_text(name, format_value(value))

    def set_knob_text(self, name: str, text: str) -> None:
        """Set a knob to already-quoted Tcl text, e.g. ``{{curve x1 0 x10 1}}``."""
        _check_single_word(text)
        if self.clone_source is not None and name not in _PER_CLONE_KNOBS:
            self.clone_source.set_knob_text(name, text)  # clones share every other knob
            return
        entry = self._last_entry(name)
        if entry is not None:
            if entry[2] == text:
                return
            if not entry[2]:  # a name that stood alone on its line
                entry[0] += " "
            entry[2] = text
        else:
            self._knobs.insert(self._new_knob_index(name), [self._lead(name), name, text])
        self._changed()
        if name == "inputs" and self.script is not None:
            self.script.wiring_changed()

    def remove_knob(self, name: str) -> bool:
        """Remove a knob's value (and its ``addUserKnob`` definition); False if absent."""
        before = len(self._knobs)
        definition = self._definition_index(name)
        self._knobs = [
            entry for index, entry in enumerate(self._knobs) if entry[1] != name and index != definition
        ]
        if len(self._knobs) == before:
            return False
        self._changed()
        if name == "inputs" and self.script is not None:
            self.script.wiring_changed()
        return True

    def add_user_knob(
        self,
        type_id: int,
        name: str,
        label: str | None = None,
        *,
        tooltip: str | None = None,
        flags: str = "",
        extra: str = "",
        value: str | int | float | bool | None = None,
    ) -> None:
        """Append ``addUserKnob {type name [l label] [t tooltip] [flags] [extra]}``.

        ``flags`` is written as given (``"+DISABLED"``), ``extra`` is raw Tcl for the
        type's own fields (``"M {a b}"``, ``"T Blur1.size"``); the value line follows.
        """
        if self._definition_index(name) is not None:
            raise ValueError(f"{self.full_name or self.cls} already has a user knob {name!r}")
        words = [str(int(type_id)), quote(name)]
        if label is not None:
            words += ["l", quote(label)]
        if tooltip is not None:
            words += ["t", quote(tooltip)]
        words += [part for part in (flags.strip(), extra.strip()) if part]
        definition = "{" + " ".join(words) + "}"
        _check_single_word(definition)
        self._knobs.append([self._lead(USER_KNOB), USER_KNOB, definition])
        if value is not None:
            self._knobs.append([self._lead(name), name, format_value(value)])
        self._changed()

    def user_knobs(self) -> list[UserKnob]:
        """The node's ``addUserKnob`` definitions in file order."""
        found = []
        for _, name, value in self._knobs:
            if name == USER_KNOB:
                user_knob = _read_definition(value)
                if user_knob is not None:
                    found.append(user_knob)
        return found

    # -- placement of new knobs ---------------------------------------------------

    def _definition_index(self, name: str) -> int | None:
        for index, (_, knob_name, value) in enumerate(self._knobs):
            if knob_name == USER_KNOB:
                user_knob = _read_definition(value)
                if user_knob is not None and user_knob.name == name:
                    return index
        return None

    def _new_knob_index(self, name: str) -> int:
        """User knob values go right after their definition; others before user knobs."""
        definition = self._definition_index(name)
        if definition is not None:
            return definition + 1
        if name == "inputs":
            return 0
        for index, (_, knob_name, _) in enumerate(self._knobs):
            if knob_name == USER_KNOB:
                return index
        return len(self._knobs)

    def _lead(self, name: str) -> str:
        """Newline and indentation matching the node's other knobs."""
        newline = self.script.newline if self.script is not None else "\n"
        if self._knobs:
            lead = self._knobs[-1][0]
            cut = lead.rfind("\n")
            indent = lead[cut + 1 :] if cut >= 0 else ""
            indent = indent[: len(indent) - len(indent.lstrip(" \t"))] or " "
        else:
            indent = self._head[: len(self._head) - len(self._head.lstrip(" \t"))] + " "
        return newline + indent + quote(name) + " "


_FLAG = re.compile(r"[+-][A-Z][A-Z_0-9]*")
# Definition words followed by a value that must not be read as a flag.
_VALUE_KEYS = frozenset({"l", "t", "T", "M", "n", "R", "N", "S"})

# Knobs a clone keeps for itself; everything else comes from the original node.
_PER_CLONE_KNOBS = frozenset({"name", "xpos", "ypos", "selected", "inputs"})


def _check_single_word(text: str) -> None:
    """Refuse knob text that would not read back as exactly one Tcl word."""
    try:
        if not text or list_word_end(text, 0, len(text)) != len(text):
            raise ValueError(f"knob text {text[:60]!r} is not a single Tcl word")
    except SyntaxProblem as problem:
        raise ValueError(f"knob text {text[:60]!r}: {problem.problem}") from None


def _read_definition(value: str) -> UserKnob | None:
    try:
        words = split_list(unquote(value))
    except SyntaxProblem:
        return None
    if len(words) < 2 or not words[0].lstrip("-").isdigit():
        return None
    label = None
    flags = []
    for index in range(2, len(words)):
        after = words[index - 1] if index > 2 else ""
        if after in _VALUE_KEYS:
            if after == "l":
                label = words[index]
            continue
        if _FLAG.fullmatch(words[index]):
            flags.append(words[index])
    return UserKnob(int(words[0]), words[1], label, tuple(flags), value)
