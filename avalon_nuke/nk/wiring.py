"""Which node feeds which: Nuke's stack commands, read and written.

A ``.nk`` file has no explicit connections. Each node pops its inputs from a
stack (``inputs N``, default 1; ``inputs 2+1`` pops 3) with input 0 on top, then
pushes itself; ``set V [stack 0]`` names the top, ``push $V`` / ``push 0`` push a
named node or nothing, and every group has its own stack until ``end_group``.

Edits never renumber or re-emit the file's stack commands wholesale: after a
change we replay the stack and, only before nodes that would now read the wrong
inputs, insert explicit ``push`` lines (and the ``set`` lines they need).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import count

from avalon_nuke.nk.model import Node, Statement


@dataclass(frozen=True)
class External:
    """A stack entry from outside the text, e.g. ``$cut_paste_input`` in a toolset."""

    variable: str


Entry = Node | External | None
# No node has more inputs than this; a corrupt ``inputs 99999999`` must not stall us.
MAX_INPUTS = 10_000


@dataclass
class Wiring:
    """Result of replaying a script's stack commands."""

    inputs: dict[Node, list[Entry]] = field(default_factory=dict)
    # What each ``set``/``push`` statement captured or pushed, by identity.
    captured: dict[int, Entry] = field(default_factory=dict)


def pop_count(node: Node) -> int:
    """How many stack entries a node takes: ``inputs 2+1`` is 3; absent means 1."""
    text = node.knob("inputs")
    if text is None:
        return 1
    try:
        count = sum(int(part) for part in text.split("+"))
    except ValueError:
        return 1
    return max(0, min(count, MAX_INPUTS))


def replay(items: list[Node | Statement]) -> Wiring:
    """Replay the stack commands of a whole script (Root neither pops nor pushes)."""
    wiring = Wiring()
    stacks: list[list[Entry]] = [[]]
    bindings: dict[str, Entry] = {}
    for item in items:
        if isinstance(item, Node):
            if item.cls == "Root" and item.parent is None:
                continue
            stack = stacks[-1]
            wiring.inputs[item] = [stack.pop() if stack else None for _ in range(pop_count(item))]
            stack.append(item)
            if item.end_group is not None:
                stacks.append([])
        else:
            _replay_statement(item, stacks, bindings, wiring)
    return wiring


def _replay_statement(
    item: Statement, stacks: list[list[Entry]], bindings: dict[str, Entry], wiring: Wiring
) -> None:
    kind = item.kind
    if kind == "push":
        variable = item.variable
        entry = None if variable is None else bindings.get(variable, External(variable))
        wiring.captured[id(item)] = entry
        stacks[-1].append(entry)
    elif kind == "set":
        stack = stacks[-1]
        variable = item.variable or ""
        entry = stack[-1 - item.index] if item.index < len(stack) else External(variable)
        bindings[variable] = entry
        wiring.captured[id(item)] = entry
    elif kind == "end_group" and len(stacks) > 1:
        stacks.pop()


def rewire(
    items: list[Node | Statement],
    desired: dict[Node, list[Entry]],
    names: VariableNames,
    newline: str,
) -> None:
    """Insert ``push``/``set`` lines so each node in ``desired`` reads exactly those inputs."""
    stacks: list[list[Entry]] = [[]]
    bindings: dict[str, Entry] = {}
    scratch = Wiring()
    index = 0
    while index < len(items):
        item = items[index]
        if not isinstance(item, Node):
            _replay_statement(item, stacks, bindings, scratch)
            index += 1
            continue
        if item.cls == "Root" and item.parent is None:
            index += 1
            continue
        stack = stacks[-1]
        wanted = desired.get(item)
        taken = pop_count(item)
        if wanted is not None:
            wanted = (list(wanted) + [None] * taken)[:taken]
            current = [stack[-1 - depth] if depth < len(stack) else None for depth in range(taken)]
            if current != wanted:
                index = _push_inputs(items, index, wanted, bindings, stack, names, newline)
        for _ in range(taken):
            if stack:
                stack.pop()
        stack.append(item)
        if item.end_group is not None:
            stacks.append([])
        index += 1


def wire_new_node(
    items: list[Node | Statement], index: int, wanted: Sequence[Entry], names: VariableNames, newline: str
) -> None:
    """Feed a node just appended to its scope: no replay of the whole script needed.

    Its inputs are pushed explicitly unless its only input is the node right
    above it, which is already on top of the stack (Nuke's plain chain).
    """
    if not wanted:
        return
    above_index = index - 1
    while above_index >= 0 and _is_stack_set(items[above_index]):
        above_index -= 1  # `set V [stack 0]` names the top without changing it
    above = items[above_index] if above_index >= 0 else None
    source = wanted[0]
    if len(wanted) == 1 and isinstance(source, Node) and above is not None:
        if above is source or (source.end_group is not None and above is source.end_group):
            return
    _push_inputs(items, index, wanted, {}, [], names, newline)


def _is_stack_set(item: Node | Statement) -> bool:
    return isinstance(item, Statement) and item.kind == "set" and item.index == 0


def _push_inputs(
    items: list[Node | Statement],
    index: int,
    wanted: Sequence[Entry],
    bindings: dict[str, Entry],
    stack: list[Entry],
    names: VariableNames,
    newline: str,
) -> int:
    """Insert pushes for ``wanted`` (last input first) before ``items[index]``.

    Returns the node's new index. Sources without a stack variable get a
    ``set`` line right after them (after ``end_group`` for a group).
    """
    node = items[index]
    assert isinstance(node, Node)
    indent = _indent_of(node)
    pushes = []
    for entry in reversed(wanted):
        if entry is None:
            pushes.append(Statement("push", f"{indent}push 0{newline}"))
        else:
            variable = _variable_for(entry, items, index, bindings, names, newline)
            if items[index] is not node:
                index = next(i for i in range(index, len(items)) if items[i] is node)
            pushes.append(Statement("push", f"{indent}push ${variable}{newline}", variable))
        stack.append(entry)
    items[index:index] = pushes
    return index + len(pushes)


def _variable_for(
    entry: Node | External,
    items: list[Node | Statement],
    before: int,
    bindings: dict[str, Entry],
    names: VariableNames,
    newline: str,
) -> str:
    if isinstance(entry, External):
        return entry.variable
    for variable, bound in bindings.items():
        if bound is entry and not variable.startswith("C"):
            return variable
    anchor = entry.end_group if entry.end_group is not None else entry
    position = next(i for i in range(before - 1, -1, -1) if items[i] is anchor)
    follower = items[position + 1] if position + 1 < len(items) else None
    if (
        isinstance(follower, Statement)
        and follower.kind == "set"
        and follower.index == 0
        and follower.variable
        and not follower.variable.startswith("C")
    ):
        return follower.variable
    variable = names.fresh()
    indent = _indent_of(entry)
    items.insert(position + 1, Statement("set", f"{indent}set {variable} [stack 0]{newline}", variable))
    bindings[variable] = entry
    return variable


def _indent_of(node: Node) -> str:
    head = node._head_text()
    return head[: len(head) - len(head.lstrip(" \t"))]


class VariableNames:
    """Fresh ``N...`` stack variable names that the script does not use yet."""

    def __init__(self, items: list[Node | Statement]) -> None:
        self._used = {item.variable for item in items if isinstance(item, Statement)}
        self._counter = count(0xA7A10000)

    def fresh(self) -> str:
        while True:
            variable = f"N{next(self._counter):x}"
            if variable not in self._used:
                self._used.add(variable)
                return variable
