"""Nodes, groups and the root: names, knobs, inputs, selection, positions."""

from __future__ import annotations

import re

from . import _classes, _knobs, _session
from . import _constants as C

_VALID_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TRAILING_DIGITS = re.compile(r"^(.*?)(\d*)$")


def _mark_modified() -> None:
    _session.session().root._modified = True


class Node:
    """A node in the script. Detached wrappers (after ``nuke.delete``) raise ValueError."""

    def __init__(self, *args, **kwargs) -> None:
        raise TypeError("create nodes with nuke.createNode() or nuke.nodes.<Class>()")

    @classmethod
    def _make(cls, node_class: str, parent) -> Node:
        self = object.__new__(cls)
        self._cls = node_class
        self._parent = parent
        self._knobs = []
        self._user_knobs = []
        self._inputs = []
        self._alive = True
        self._panel_open = False
        for knob in _classes.built_in_knobs(node_class):
            knob._node = self
            self._knobs.append(knob)
        return self

    def _check(self) -> None:
        if not self._alive:
            raise ValueError("A PythonObject is not attached to a node")

    # -- identity -------------------------------------------------------------------
    def Class(self) -> str:
        self._check()
        return self._cls

    def name(self) -> str:
        self._check()
        return self.knob("name").value()

    def fullName(self) -> str:
        self._check()
        parent = self._parent
        if parent is None or isinstance(parent, Root):
            return self.name()
        return f"{parent.fullName()}.{self.name()}"

    def setName(self, name: str, uncollide: bool = True, updateExpressions: bool = False) -> None:
        self._check()
        name = str(name)
        if not _VALID_NAME.match(name):
            raise ValueError(f"invalid node name {name!r}")
        if name == self.name():
            return
        siblings = {n.name() for n in self._parent._children if n is not self}
        if name in siblings:
            if not uncollide:
                raise ValueError(f"a node named {name!r} already exists")
            base = _TRAILING_DIGITS.match(name).group(1) or name
            name = unique_name(self._parent, base, 1, exclude=self)
        self.knob("name")._store(name)

    def parent(self):
        self._check()
        return self._parent

    def rootNode(self):
        return _session.session().root

    # -- knobs ----------------------------------------------------------------------
    def knob(self, p, follow_link: bool = False):
        self._check()
        if isinstance(p, int):
            return self._knobs[p] if 0 <= p < len(self._knobs) else None
        for knob in self._knobs:
            if knob.name() == p:
                return knob
        return None

    def __getitem__(self, name: str):
        knob = self.knob(name)
        if knob is None:
            raise NameError(f"knob {name} does not exist")
        return knob

    def knobs(self) -> dict:
        self._check()
        found: dict = {}
        for knob in self._knobs:
            found.setdefault(knob.name(), knob)
        return found

    def allKnobs(self) -> list:
        self._check()
        return list(self._knobs)

    def numKnobs(self) -> int:
        self._check()
        return len(self._knobs)

    def addKnob(self, knob) -> None:
        """Add a user knob; the first non-tab one gets a ``User`` tab made for it, as in Nuke."""
        self._check()
        if not isinstance(knob, _knobs.Knob):
            raise TypeError("addKnob needs a Knob")
        if knob._node is not None:
            raise RuntimeError(f"knob {knob.name()} already belongs to a node")
        if not self._user_knobs and not isinstance(knob, _knobs.Tab_Knob):
            self._attach(_knobs.Tab_Knob("User"))
        self._attach(knob)
        _mark_modified()

    def _attach(self, knob) -> None:
        knob._node = self
        self._knobs.append(knob)
        self._user_knobs.append(knob)

    def removeKnob(self, knob) -> None:
        self._check()
        if not any(k is knob for k in self._knobs):
            raise ValueError(f"knob {getattr(knob, 'name', lambda: knob)()} is not on {self.name()}")
        self._knobs = [k for k in self._knobs if k is not knob]
        self._user_knobs = [k for k in self._user_knobs if k is not knob]
        knob._node = None
        _mark_modified()

    def _knob_changed(self, knob) -> None:
        if knob.name() != "selected":  # selecting is not an edit of the script
            _mark_modified()
        if _session.gui() and self._panel_open:
            state = _session.session()
            state.this_node.append(self)
            state.this_knob.append(knob)
            try:
                _session.package().callbacks.knobChanged()
            finally:
                state.this_node.pop()
                state.this_knob.pop()

    # -- inputs ---------------------------------------------------------------------
    def maxInputs(self) -> int:
        self._check()
        limit = _classes.max_inputs(self._cls)
        if limit is None:  # a Group has one input per Input node inside
            return sum(1 for n in getattr(self, "_children", ()) if n._cls == "Input")
        return limit

    def minInputs(self) -> int:
        return 0

    def input(self, index: int):
        self._check()
        return self._inputs[index] if 0 <= index < len(self._inputs) else None

    def inputs(self) -> int:
        self._check()
        connected = [i for i, n in enumerate(self._inputs) if n is not None]
        return connected[-1] + 1 if connected else 0

    def setInput(self, i: int, node) -> bool:
        self._check()
        if i < 0 or i >= self.maxInputs():
            return False
        if node is not None:
            node._check()
            if node._parent is not self._parent or node is self:
                return False
        while len(self._inputs) <= i:
            self._inputs.append(None)
        self._inputs[i] = node
        _mark_modified()
        return True

    def connectInput(self, i: int, node) -> bool:
        return self.setInput(i, node)

    def dependencies(self, mask: int = C.INPUTS | C.HIDDEN_INPUTS | C.EXPRESSIONS) -> list:
        self._check()
        found = []
        for node in self._inputs:
            if node is not None and node._alive and node not in found:
                found.append(node)
        return found

    def dependent(self, mask: int = C.INPUTS | C.HIDDEN_INPUTS | C.EXPRESSIONS,
                  forceEvaluate: bool = True) -> list:
        self._check()
        return [n for n in self._parent._children if any(i is self for i in n._inputs)]

    # -- position, selection, panel -----------------------------------------------------
    def xpos(self) -> int:
        return self["xpos"].value()

    def ypos(self) -> int:
        return self["ypos"].value()

    def setXpos(self, x: int) -> None:
        self["xpos"].setValue(int(x))

    def setYpos(self, y: int) -> None:
        self["ypos"].setValue(int(y))

    def setXYpos(self, x: int, y: int) -> None:
        self.setXpos(x)
        self.setYpos(y)

    def isSelected(self) -> bool:
        return self["selected"].value()

    def setSelected(self, selected: bool) -> None:
        self["selected"].setValue(bool(selected))

    def selectOnly(self) -> None:
        for node in self._parent._children:
            node["selected"].setValue(node is self)

    def showControlPanel(self, forceFloat: bool = False) -> None:
        self._check()
        self._panel_open = True

    def hideControlPanel(self) -> None:
        self._check()
        self._panel_open = False

    def shown(self) -> bool:
        return self._panel_open

    def __repr__(self) -> str:
        if not self._alive:
            return "<deleted node>"
        return f"<{self._cls}({self.name()}) at {id(self):#x}>"


def unique_name(group, base: str, start: int = 1, exclude=None) -> str:
    taken = {n.name() for n in group._children if n is not exclude}
    number = start
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


class Group(Node):
    @classmethod
    def _make(cls, node_class: str, parent) -> Group:
        self = super()._make(node_class, parent)
        self._children = []
        return self

    def nodes(self) -> list:
        self._check()
        return list(self._children)

    def numNodes(self) -> int:
        return len(self.nodes())

    def node(self, s: str):
        self._check()
        head, _, rest = str(s).partition(".")
        for child in self._children:
            if child.name() == head:
                if not rest:
                    return child
                return child.node(rest) if isinstance(child, Group) else None
        return None

    def selectedNodes(self) -> list:
        return [n for n in self.nodes() if n.isSelected()]

    def selectedNode(self):
        selected = self.selectedNodes()
        return selected[-1] if selected else None

    def begin(self) -> Group:
        self._check()
        _session.session().group_stack.append(self)
        return self

    def end(self) -> None:
        stack = _session.session().group_stack
        if stack and stack[-1] is self:
            stack.pop()

    def __enter__(self) -> Group:
        return self.begin()

    def __exit__(self, type, value, traceback) -> None:
        self.end()


class Root(Group):
    """The script's root group; ``nuke.Root()`` and ``nuke.root()`` return the same object."""

    def __new__(cls, *args, **kwargs):
        return _session.session().root

    def __init__(self, *args, **kwargs) -> None:
        pass

    @classmethod
    def _create_root(cls) -> Root:
        self = cls._make("Root", None)
        self._modified = False
        return self

    def name(self) -> str:
        """The script's file name, ``Root`` while untitled (tk-nuke and ayon-nuke read the
        script's path from ``nuke.root().name()``, tk-nuke inside onScriptSave)."""
        return self["name"].value() or "Root"

    def fullName(self) -> str:
        return "root"

    def firstFrame(self) -> int:
        return self["first_frame"].value()

    def lastFrame(self) -> int:
        return self["last_frame"].value()

    def fps(self) -> int:
        return int(self["fps"].value())

    def modified(self) -> bool:
        return self._modified

    def setModified(self, modified: bool) -> None:
        self._modified = bool(modified)
