"""Split ``.nk`` text into top-level items: node blocks and everything else.

Every character of the input lands in exactly one item, so joining the items'
text gives the input back unchanged; that is what makes round trips
byte-identical without a separate "original text" copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import cast

from avalon_nuke.nk.errors import ParseError, position
from avalon_nuke.nk.knob_scan import check_body
from avalon_nuke.nk.model import GROUP_CLASSES, OPTIONAL_GROUP_CLASSES, Node, Statement
from avalon_nuke.nk.tcl import SyntaxProblem, command_word_end

# The pattern matches the empty string, so its match() never returns None.
_Matcher = Callable[[str, int], "re.Match[str]"]
_SPACE = re.compile(r"[ \t\r\f\v]*")
_skip_space = cast(_Matcher, _SPACE.match)
_NODE_HEAD = re.compile(r"[ \t]*([A-Za-z_][A-Za-z0-9_.]*)[ \t]+\{")
_CLONE_HEAD = re.compile(r"[ \t]*clone[ \t]+\$([^ \t\n\r\f\v{}]+)[ \t]+\{")
# A clone pasted from another script (or session): the original's address, class and
# process id, then the class and the full knobs, e.g. `clone node7f6100171d00|Write|21972 Write {`.
_CLASS = r"[A-Za-z_][A-Za-z0-9_.]*"
_PASTED_CLONE_HEAD = re.compile(
    rf"[ \t]*clone[ \t]+(node[0-9A-Fa-f]+\|{_CLASS}\|\d+)[ \t]+({_CLASS})[ \t]+\{{"
)
# The stack lines between nodes, in the plain form Nuke writes them: read without word splitting.
_QUICK_SET = re.compile(r"[ \t]*set[ \t]+([A-Za-z0-9_]+)[ \t]+\[stack[ \t]+(\d+)\][ \t\r\f\v]*(?:\n|\Z)")
_QUICK_PUSH = re.compile(r"[ \t]*push[ \t]+(?:\$([A-Za-z0-9_]+)|0)[ \t\r\f\v]*(?:\n|\Z)")
_SET_STACK = re.compile(r"set[ \t]+(\S+)[ \t]+\[stack[ \t]+(\d+)\]")
_PUSH = re.compile(r"push[ \t]+(?:\$(\S+)|(0))")
_NOT_NODES = frozenset({"add_layer", "define_window_layout_xml", "set", "push", "clone"})
# Top-level commands other than node blocks that Nuke writes.
_COMMANDS = {"version": "version", "add_layer": "add_layer", "define_window_layout_xml": "layout"}


def parse(text: str, filename: str | None) -> list[Node | Statement]:
    """Items of ``text`` in file order, with groups linked to their children."""
    try:
        items = _split(text)
        _link_groups(items)
    except SyntaxProblem as problem:
        line, column = position(text, problem.offset)
        raise ParseError(problem.problem, filename, line, column) from None
    return items


def _split(text: str) -> list[Node | Statement]:
    items: list[Node | Statement] = []
    length = len(text)
    pos = 0
    if text.startswith("\ufeff"):
        items.append(Statement("blank", "\ufeff"))
        pos = 1
    node_head = _NODE_HEAD.match
    clone_head = _CLONE_HEAD.match
    quick_set = _QUICK_SET.match
    quick_push = _QUICK_PUSH.match
    while pos < length:
        head = node_head(text, pos)
        if head is not None and head.group(1) not in _NOT_NODES:
            node, end = _node(text, pos, head.end(), head.group(1))
        elif (line := quick_set(text, pos)) is not None:
            end = line.end()
            items.append(Statement("set", text[pos:end], line.group(1), int(line.group(2))))
            pos = end
            continue
        elif (line := quick_push(text, pos)) is not None:
            end = line.end()
            items.append(Statement("push", text[pos:end], line.group(1)))
            pos = end
            continue
        else:
            head = clone_head(text, pos)
            if head is not None:
                node, end = _node(text, pos, head.end(), "")
                node.clone_var = head.group(1)
            elif (head := _PASTED_CLONE_HEAD.match(text, pos)) is not None:
                node, end = _node(text, pos, head.end(), head.group(2))
                node.pasted_clone_of = head.group(1)
            else:
                node = None
        if node is not None:
            items.append(node)
        else:
            statement, end = _statement(text, pos)
            items.append(statement)
        pos = end
    return items


def _node(text: str, start: int, body_start: int, cls: str) -> tuple[Node, int]:
    """Check one ``Class {...}`` block starting at ``start``; its knobs stay text until used."""
    close, one_per_line = check_body(text, body_start)
    end = _line_end(text, close + 1, "node block")
    return Node(cls, None, None, "", text[start:end], one_per_line=one_per_line), end


def _line_end(text: str, pos: int, what: str) -> int:
    """Offset after the newline ending a command; only blanks may come before it."""
    pos = _skip_space(text, pos).end()
    if pos >= len(text):
        return pos
    if text[pos] != "\n":
        raise SyntaxProblem(f"unexpected text after {what}", pos)
    return pos + 1


def _statement(text: str, start: int) -> tuple[Statement, int]:
    length = len(text)
    pos = _skip_space(text, start).end()
    if pos >= length:
        return Statement("blank", text[start:]), length
    char = text[pos]
    if char == "\n":
        return Statement("blank", text[start : pos + 1]), pos + 1
    if char == "#":
        newline = text.find("\n", pos)
        end = length if newline < 0 else newline + 1
        return Statement("comment", text[start:end]), end
    words_start = pos
    first_word_end = -1
    while True:
        if text[pos] == "}":
            raise SyntaxProblem("unexpected '}'", pos)
        word_end = command_word_end(text, pos)
        if first_word_end < 0:
            first_word_end = word_end
        pos = _skip_space(text, word_end).end()
        if pos >= length or text[pos] == "\n":
            command_end = word_end
            break
    end = pos + 1 if pos < length else length
    command = text[words_start:command_end]
    first = text[words_start:first_word_end]
    return _classify(first, command, text[start:end], words_start), end


def _classify(first: str, command: str, text: str, offset: int) -> Statement:
    if first == "set":
        found = _SET_STACK.fullmatch(command)
        if found:
            return Statement("set", text, found.group(1), int(found.group(2)))
    elif first == "push":
        found = _PUSH.fullmatch(command)
        if found:
            return Statement("push", text, found.group(1))
        raise SyntaxProblem(f"cannot read {command[:40]!r}", offset)
    elif first == "end_group":
        if command != "end_group":
            raise SyntaxProblem("unexpected text after end_group", offset)
        return Statement("end_group", text)
    elif first in _COMMANDS:
        return Statement(_COMMANDS[first], text)
    else:
        raise SyntaxProblem(f"unknown command {first[:40]!r}", offset)
    return Statement("other", text)


def _start_of(items: list[Node | Statement], index: int) -> int:
    """Offset of an item in the text: the items before it hold every character before it."""
    return sum(len(item.text() if isinstance(item, Node) else item.text) for item in items[:index])


def _link_groups(items: list[Node | Statement]) -> None:
    """Give every node its parent group and every group its children and ``end_group``."""
    open_groups: list[Node] = []
    clone_sources: dict[str, Node] = {}
    last_node: Node | None = None
    for number, item in enumerate(items):
        if isinstance(item, Node):
            if open_groups:
                item.parent = open_groups[-1]
                open_groups[-1]._child_list().append(item)
            if item.clone_var is not None:
                source = clone_sources.get(item.clone_var)
                if source is None:
                    problem = f"clone of unknown node ${item.clone_var}"
                    raise SyntaxProblem(problem, _start_of(items, number))
                item.clone_source = source
                item.cls = source.cls
            if item.clone_var is None and (item.cls in GROUP_CLASSES or item.cls in OPTIONAL_GROUP_CLASSES):
                open_groups.append(item)
            last_node = item
        elif item.kind == "end_group":
            if not open_groups:
                raise SyntaxProblem("end_group without an open group", _start_of(items, number))
            group = open_groups.pop()
            group.end_group = item
            last_node = group
        elif (item.kind == "set" and item.variable is not None and item.variable.startswith("C")
              and last_node is not None):
            clone_sources.setdefault(item.variable, last_node)
    while open_groups and open_groups[-1].cls in OPTIONAL_GROUP_CLASSES:
        _unnest(open_groups.pop())
    if open_groups:
        group = open_groups[-1]
        start = _start_of(items, items.index(group))
        raise SyntaxProblem(f"group {group.cls} is never closed by end_group", start)


def _unnest(node: Node) -> None:
    """A LiveGroup no ``end_group`` closed was a plain node: its "children" are siblings."""
    for child in node.children:
        child.parent = node.parent
        if node.parent is not None:
            node.parent._child_list().append(child)
    node.children = []
