"""The one running "application" the stand-in imitates: script, selection, menus, dialogs.

Real Nuke is a process with one open script; the stand-in keeps that state in a single
:class:`Session` that tests replace through ``nuke_standin_control.reset()``.
"""

from __future__ import annotations

import queue
import sys
from collections import deque


class Session:
    """Everything that lives as long as one Nuke process."""

    def __init__(self, gui: bool) -> None:
        from . import _formats, _menus

        self.gui = gui
        self.formats = _formats.default_formats()
        self.knob_defaults: dict[str, str] = {}
        self.root = None  # made by _start(), once this session is the current one
        self.group_stack: list = []
        self.this_node: list = []
        self.this_knob: list = []
        self.plugin_path: list[str] = []
        self.sys_path_added: list[str] = []
        self.messages: list[tuple[str, str]] = []
        self.answers: deque[bool] = deque()
        self.renders: list[tuple[str, int, int, int]] = []
        self.undo_depth = 0
        self.undo_open: list = []          # (knob, value before) recorded in the open group
        self.undo_name = ""
        self.undo_steps: list[tuple[str, list]] = []   # finished groups, oldest first
        self.undo_disabled = 0
        self.undoing = False
        self.main_queue: queue.Queue = queue.Queue()   # calls other threads handed to the main one
        self.menus = _menus.default_menus()
        from ._classes import COLORSPACES

        self.colorspaces: tuple[str, ...] = COLORSPACES

    def _start(self) -> Session:
        from . import _nodes

        self.root = _nodes.Root._create_root()
        return self

    def record_undo(self, knob, before) -> None:
        """A knob is about to change: remember its value in the open undo group (if any)."""
        if self.undo_depth and not self.undo_disabled and not self.undoing:
            self.undo_open.append((knob, before))

    def current_group(self):
        return self.group_stack[-1] if self.group_stack else self.root

    def forget_sys_path(self) -> None:
        for entry in self.sys_path_added:
            while entry in sys.path:
                sys.path.remove(entry)
        self.sys_path_added.clear()


_current: list[Session] = []


def session() -> Session:
    if not _current:
        _current.append(Session(gui=True))
        _current[-1]._start()
    return _current[-1]


def replace(gui: bool) -> Session:
    """Start a fresh process state (what a new Nuke launch would give)."""
    if _current:
        _current[-1].forget_sys_path()
        _current.clear()
    _current.append(Session(gui=gui))
    return _current[-1]._start()


def package():
    """The ``nuke`` package itself, whose ``GUI`` attribute is the source of truth."""
    return sys.modules[__package__]


def gui() -> bool:
    return bool(package().GUI)
