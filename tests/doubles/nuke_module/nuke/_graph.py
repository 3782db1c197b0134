"""Creating, finding, selecting and deleting nodes; the callback context."""

from __future__ import annotations

from . import _classes, _session, _tcl
from ._nodes import Group, Node, Root, _mark_modified, unique_name

_GROUP_CLASSES = {"Group"}


def _base_name(cls: str) -> str:
    return cls.rstrip("0123456789") or cls


def _new_node(cls: str, group, allow_unknown: bool = False) -> Node:
    """A new node named ``<Class-without-digits><lowest free number>`` in *group*.

    Scripts read from files may hold classes the stand-in does not model; those load as
    plain nodes (as plug-in nodes would in Nuke), while ``createNode`` refuses them.
    """
    if not (allow_unknown or _classes.is_known(cls)):
        raise RuntimeError(f"{cls}: unknown command")
    node = (Group if cls in _GROUP_CLASSES else Node)._make(cls, group)
    node.knob("name")._value = unique_name(group, _base_name(cls))
    group._children.append(node)
    _mark_modified()
    return node


def _fire(callback: str, node) -> None:
    """Run ``nuke.callbacks.<callback>()`` with *node* as the context, as Nuke does."""
    state = _session.session()
    state.this_node.append(node)
    state.group_stack.append(node._parent or state.root)
    try:
        getattr(_session.package().callbacks, callback)()
    finally:
        state.group_stack.pop()
        state.this_node.pop()


def _set_knob(node: Node, name: str, value) -> None:
    if name == "name":
        node.setName(str(value))
        return
    knob = node.knob(name)
    if knob is None:
        raise ValueError(f"{node.name()} has no knob named {name!r}")
    if isinstance(value, str) and not isinstance(knob.value(), str):
        knob.fromScript(value)
    else:
        knob.setValue(value)


def createNode(typ: str, knobs: str = "", inpanel: bool = True) -> Node:
    """As if the user picked the node from a menu: defaults, wiring to the selection, selected."""
    state = _session.session()
    group = state.current_group()
    selected = [n for n in group._children if n.isSelected()]
    upstream = _output_of(selected) if selected else None
    node = _new_node(typ, group)
    for key, value in state.knob_defaults.items():
        cls, _, knob_name = key.partition(".")
        if cls == typ and node.knob(knob_name) is not None:
            node.knob(knob_name).fromScript(value)
    for name, value in _tcl.pairs(knobs or ""):
        _set_knob(node, name, value)
    if upstream is not None and node.maxInputs() > 0:
        node.setInput(0, upstream)
        node.setXYpos(upstream.xpos(), upstream.ypos() + 60)
    node.selectOnly()
    if _session.gui():
        if inpanel:
            node.showControlPanel()
        _fire("onUserCreate", node)
    _fire("onCreate", node)
    return node


def _output_of(selected: list) -> Node:
    """The selected node no other selected node uses as input (Nuke's 'selected node')."""
    for node in reversed(selected):
        if not any(node in other._inputs for other in selected if other is not node):
            return node
    return selected[-1]


class NodeConstructor:
    """``nuke.nodes.<Class>(**knobs)``: no knob defaults, no wiring, selection untouched."""

    def __init__(self, *args, **kwargs) -> None:
        (self._cls,) = args

    def __call__(self, *args, **kwargs) -> Node:
        inputs = kwargs.pop("inputs", ())
        node = _new_node(self._cls, _session.session().current_group())
        for name, value in kwargs.items():
            _set_knob(node, name, value)
        for index, upstream in enumerate(inputs):
            node.setInput(index, upstream)
        _fire("onCreate", node)
        return node


class Nodes:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def __getattr__(self, item) -> NodeConstructor:
        if item.startswith("_"):
            raise AttributeError(item)
        return NodeConstructor(item)


def root() -> Root:
    return _session.session().root


def toNode(s: str):
    state = _session.session()
    path = str(s)
    if path == "root":
        return state.root
    group = state.current_group()
    if path.startswith("root."):
        group, path = state.root, path[len("root."):]
    return group.node(path)


def allNodes(filter=None, group=None, recurseGroups=False) -> list:
    group = group if group is not None else _session.session().current_group()
    found = []
    for node in group.nodes():
        if filter is None or node.Class() == filter:
            found.append(node)
        if recurseGroups and isinstance(node, Group):
            found.extend(allNodes(filter, node, True))
    return found


def selectedNodes(filter=None) -> list:
    nodes = _session.session().current_group().selectedNodes()
    return [n for n in nodes if filter is None or n.Class() == filter]


def selectedNode() -> Node:
    selected = selectedNodes()
    if not selected:
        raise ValueError("No node selected")
    return _output_of(selected)


def delete(n) -> None:
    if n is None:
        return
    n._check()
    if isinstance(n, Root):
        raise RuntimeError("the root node cannot be deleted")
    if isinstance(n, Group):
        for child in list(n._children):
            delete(child)
    _fire("onDestroy", n)
    for other in n._parent._children:
        other._inputs = [None if i is n else i for i in other._inputs]
    n._parent._children.remove(n)
    n._alive = False
    _mark_modified()


def thisNode() -> Node:
    state = _session.session()
    return state.this_node[-1] if state.this_node else state.current_group()


def thisKnob():
    state = _session.session()
    return state.this_knob[-1] if state.this_knob else None


def thisGroup() -> Group:
    return _session.session().current_group()


def thisClass() -> str:
    return thisNode().Class()


def knobDefault(classknob: str, value: str | None = None):
    defaults = _session.session().knob_defaults
    if value is None:
        return defaults.get(classknob)
    defaults[classknob] = str(value)
    return None
