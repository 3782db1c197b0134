"""Nodes and the other top-level lines of a script, each keeping its own text.

A node holds its head (``  Blur {``), one ``[lead, name, value]`` entry per knob
(``lead`` is the whitespace and name before the value, exactly as in the file)
and its tail (``\\n  }\\n``). Until something changes, :meth:`Node.text` returns
the original slice of the file, so writing an unchanged script is a join. A node
written one knob per line (most are) stays text when knobs are read or set with
:meth:`Node.set_knobs` (see ``knob_lines``); other edits split it into entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from avalon_nuke.nk.definitions import USER_KNOB, UserKnob, read_definition
from avalon_nuke.nk.knob_lines import last_line, line_values, with_lines_set
from avalon_nuke.nk.knob_list import KnobList
from avalon_nuke.nk.knob_scan import split_knobs
from avalon_nuke.nk.tcl import check_single_word, format_value, quote, unquote

if TYPE_CHECKING:
    from avalon_nuke.nk.script import Script

# Classes whose block is followed by its children and a closing ``end_group``.
GROUP_CLASSES = frozenset({"Group", "Gizmo"})
# A LiveGroup is written with children only when it is editable; it is treated
# as a group when an ``end_group`` closes it and as a plain node otherwise.
OPTIONAL_GROUP_CLASSES = frozenset({"LiveGroup"})

__all__ = ["GROUP_CLASSES", "OPTIONAL_GROUP_CLASSES", "USER_KNOB", "Node", "Statement", "UserKnob"]


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


class Node:
    """One node block; knob values are read and written as Nuke writes them."""

    __slots__ = (
        "cls",
        "_head",
        "_knobs",
        "_tail",
        "original",
        "parent",
        "_children",
        "end_group",
        "clone_var",
        "clone_source",
        "pasted_clone_of",
        "script",
        "_one_per_line",
    )

    def __init__(
        self,
        cls: str,
        head: str | None,
        knobs: list[tuple[str, str, str]] | None,
        tail: str,
        original: str | None = None,
        *,
        one_per_line: bool = False,
    ) -> None:
        """``knobs=None`` with ``original`` set: knobs are split from the text on first use.

        A 50 MB script has millions of knobs and most are never asked for; keeping
        them as text until then is what keeps reading linear and memory near the
        file's size. ``head=None``: the head is the original text up to its first brace.
        ``one_per_line``: the reader found one knob per line in ``original`` (the quick split).
        """
        self.cls = cls
        self._head = head
        self._knobs = KnobList(knobs) if knobs is not None else None
        self._tail = tail
        self.original = original
        self.parent: Node | None = None
        self._children: list[Node] | None = None
        self.end_group: Statement | None = None
        self.clone_var: str | None = None
        self.clone_source: Node | None = None
        # ``node<address>|<Class>|<pid>`` of the original a pasted clone was copied from: it
        # carries all its knobs (the original is in another script), so it reads as a node.
        self.pasted_clone_of: str | None = None
        self.script: Script | None = None
        self._one_per_line = one_per_line

    def __repr__(self) -> str:
        return f"<Node {self.cls} {self.full_name or '(unnamed)'}>"

    # -- text -----------------------------------------------------------------

    def text(self) -> str:
        """The block as it will be written: the original slice while unchanged."""
        if self.original is not None:
            return self.original
        body = "".join([lead + value for lead, _, value in self._entries()])
        return self._head_text() + body + self._tail

    def _changed(self) -> None:
        self.original = None

    def _list(self) -> KnobList:
        """The knob entries, split from the original text the first time."""
        knobs = self._knobs
        if knobs is None:
            assert self.original is not None
            entries, self._tail = split_knobs(self.original, len(self._head_text()), self._one_per_line)
            knobs = self._knobs = KnobList(entries)
        return knobs

    def _entries(self) -> list[tuple[str, str, str]]:
        return self._list().entries()

    def _head_text(self) -> str:
        head = self._head
        if head is None:
            assert self.original is not None
            head = self._head = self.original[: self.original.index("{") + 1]
        return head

    @property
    def children(self) -> list[Node]:
        """Nodes inside this group, in file order (empty for other nodes)."""
        return self._children if self._children is not None else []

    @children.setter
    def children(self, nodes: list[Node]) -> None:
        self._children = nodes

    def _child_list(self) -> list[Node]:
        """The list new children are appended to (groups only get one)."""
        if self._children is None:
            self._children = []
        return self._children

    def _may_have(self, name: str) -> bool:
        """False only when the unchanged text cannot hold ``name`` (no escapes to hide it)."""
        text = self.original
        if self._knobs is not None or text is None:
            return True
        return name in text or "\\" in text

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

    def _last_entry(self, name: str) -> tuple[str, str, str] | None:
        if not self._may_have(name):
            return None
        if self._knobs is None and self._one_per_line:
            assert self.original is not None
            return last_line(self.original, len(self._head_text()), name)
        return self._list().get(name)

    def _lookup(self, name: str) -> tuple[str, str, str] | None:
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

    def read_knobs(self, names: tuple[str, ...]) -> dict[str, str | None]:
        """:meth:`knob` of each of *names*; a node held as one knob per line is searched once."""
        text = self.original
        if text is not None and self._knobs is None and self._one_per_line and self.clone_source is None:
            found = line_values(text, len(self._head_text()), names)
            if found is not None:
                return {name: unquote(found[name]) if name in found else None for name in names}
        return {name: self.knob(name) for name in names}

    def knob_names(self) -> list[str]:
        """Names of the knobs set in the file, in file order (definitions excluded)."""
        seen: dict[str, None] = {}
        for _, name, _ in self._entries():
            if name != USER_KNOB:
                seen.setdefault(name, None)
        return list(seen)

    def set_knob(self, name: str, value: str | int | float | bool) -> None:
        """Set a knob, quoting as Nuke does; only that knob's text changes."""
        self._set_text(name, format_value(value))  # quote() always gives one word

    def set_knobs(self, values: Iterable[tuple[str, str | int | float | bool]]) -> None:
        """:meth:`set_knob` for each ``(name, value)`` in order, the entries looked up once.

        An update sets eight knobs on each of thousands of nodes; per knob only the lookup
        and the comparison with the text already there remain.
        """
        texts = [(name, format_value(value)) for name, value in values]
        if self.clone_source is not None:
            for name, text in texts:
                self._set_text(name, text)
            return
        if self._knobs is None and self._one_per_line and self._set_lines(texts):
            return
        knobs = self._list()
        changed = [name for name, text in texts if self._write_entry(knobs, name, text)]
        if changed:
            self._changed()
            self._tell_script(changed)

    def _tell_script(self, changed: list[str]) -> None:
        """Let the script drop what it worked out from the knobs *changed*: wiring, placement."""
        if self.script is not None:
            if "inputs" in changed:
                self.script.wiring_changed()
            if not _PLACEMENT_KNOBS.isdisjoint(changed):
                self.script.placement_changed()

    def _set_lines(self, texts: list[tuple[str, str]]) -> bool:
        """Set knob texts on the unsplit one-knob-per-line text; False when that cannot be done."""
        text = self.original
        assert text is not None
        newline = self.script.newline if self.script is not None else "\n"
        head = self._head_text()
        written = with_lines_set(text, len(head), head, texts, newline)
        if written is None:
            return False
        if written is not text:
            self.original = written
            self._tell_script([name for name, _ in texts])
        return True

    def set_knob_text(self, name: str, text: str) -> None:
        """Set a knob to already-quoted Tcl text, e.g. ``{{curve x1 0 x10 1}}``."""
        check_single_word(text)
        self._set_text(name, text)

    def _set_text(self, name: str, text: str) -> None:
        if self.clone_source is not None and name not in _PER_CLONE_KNOBS:
            self.clone_source._set_text(name, text)  # clones share every other knob
            return
        if not self._write_entry(self._list(), name, text):
            return
        self._changed()
        self._tell_script([name])

    def _write_entry(self, knobs: KnobList, name: str, text: str) -> bool:
        """Put *text* in the knob's entry (a new one goes after its kind); False when it was there."""
        entry = knobs.get(name)
        if entry is None:
            knobs.add((self._lead(name), name, text))
            return True
        lead, _, old = entry
        if old == text:
            return False
        if not old:  # a name that stood alone on its line
            lead += " "
        knobs.replace((lead, name, text))
        return True

    def remove_knob(self, name: str) -> bool:
        """Remove a knob's value (and its ``addUserKnob`` definition); False if absent."""
        remaining = self._list().remove(name)
        if remaining is None:
            return False
        self._knobs = remaining
        self._changed()
        self._tell_script([name])
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
        knobs = self._list()
        if knobs.definition(name) is not None:
            raise ValueError(f"{self.full_name or self.cls} already has a user knob {name!r}")
        words = [str(int(type_id)), quote(name)]
        if label is not None:
            words += ["l", quote(label)]
        if tooltip is not None:
            words += ["t", quote(tooltip)]
        words += [part for part in (flags.strip(), extra.strip()) if part]
        definition = "{" + " ".join(words) + "}"
        check_single_word(definition)
        knobs.add_user((self._lead(USER_KNOB), USER_KNOB, definition), defines=name)
        if value is not None:
            knobs.add_user((self._lead(name), name, format_value(value)))
        self._changed()

    def user_knobs(self) -> list[UserKnob]:
        """The node's ``addUserKnob`` definitions in file order."""
        found = []
        for _, name, value in self._entries():
            if name == USER_KNOB:
                user_knob = read_definition(value)
                if user_knob is not None:
                    found.append(user_knob)
        return found

    # -- placement of new knobs ---------------------------------------------------

    def _lead(self, name: str) -> str:
        """Newline and indentation matching the node's other knobs, then the name."""
        newline = self.script.newline if self.script is not None else "\n"
        final = self._list().final()
        if final is not None:
            lead = final[0]
            cut = lead.rfind("\n")
            indent = lead[cut + 1 :] if cut >= 0 else ""
            indent = indent[: len(indent) - len(indent.lstrip(" \t"))] or " "
        else:
            head = self._head_text()
            indent = head[: len(head) - len(head.lstrip(" \t"))] + " "
        return newline + indent + quote(name) + " "


# Knobs a clone keeps for itself; everything else comes from the original node.
_PER_CLONE_KNOBS = frozenset({"name", "xpos", "ypos", "selected", "inputs"})
# Knobs that decide where a new node goes and what it may be called.
_PLACEMENT_KNOBS = frozenset({"name", "xpos", "ypos"})
