"""Dialogs, undo, the plug-in path and ``nuke.env``."""

from __future__ import annotations

import os
import sys

from . import _constants as C
from . import _session


def message(prompt: str) -> None:
    _session.session().messages.append(("message", str(prompt)))


def critical(message: str) -> None:
    _session.session().messages.append(("critical", str(message)))


def ask(prompt: str) -> bool:
    """A yes/no dialog; tests queue the answers (an unexpected dialog is an error)."""
    state = _session.session()
    state.messages.append(("ask", str(prompt)))
    if not state.answers:
        raise RuntimeError(f"nuke stand-in: nuke.ask({prompt!r}) was not expected by the test")
    return state.answers.popleft()


class Undo:
    """Undo groups of knob changes; ``with nuke.Undo():`` opens one for the block.

    Like Nuke, the changes made between the outermost ``begin`` and ``end`` are one step of
    the Edit menu, undone together by ``Undo.undo()``. The stand-in records knob values only
    (not nodes created or deleted).
    """

    def __init__(self) -> None:
        pass

    @classmethod
    def begin(cls, name=None) -> None:
        state = _session.session()
        state.undo_depth += 1
        if state.undo_depth == 1:  # a nested begin joins the open step, keeping its name
            state.undo_open, state.undo_name = [], str(name or "")

    @classmethod
    def end(cls) -> None:
        state = _session.session()
        if state.undo_depth == 0:
            return
        state.undo_depth -= 1
        if state.undo_depth == 0 and state.undo_open:
            state.undo_steps.append((state.undo_name, state.undo_open))
            state.undo_open = []

    @classmethod
    def name(cls, name) -> None:
        _session.session().undo_name = str(name)

    @classmethod
    def cancel(cls) -> None:
        """Undo what the open group recorded and throw it away (nothing joins the undo list)."""
        state = _session.session()
        if state.undo_depth == 0:
            return
        _revert(state, state.undo_open)
        state.undo_open, state.undo_depth = [], 0

    @classmethod
    def undo(cls) -> None:
        state = _session.session()
        if state.undo_steps:
            _revert(state, state.undo_steps.pop()[1])

    @classmethod
    def undoSize(cls) -> int:
        return len(_session.session().undo_steps)

    @classmethod
    def undoDescribe(cls, n) -> str:
        steps = _session.session().undo_steps
        return steps[-1 - int(n)][0] if 0 <= int(n) < len(steps) else ""

    @classmethod
    def disable(cls) -> None:
        _session.session().undo_disabled += 1

    @classmethod
    def enable(cls) -> None:
        state = _session.session()
        state.undo_disabled = max(0, state.undo_disabled - 1)

    @classmethod
    def disabled(cls) -> bool:
        return _session.session().undo_disabled > 0

    def __enter__(self):
        Undo.begin()
        return self

    def __exit__(self, type, value, traceback) -> None:
        Undo.end()


def _revert(state, recorded: list) -> None:
    state.undoing = True
    try:
        for knob, before in reversed(recorded):
            knob._store(before)
    finally:
        state.undoing = False


def pluginAddPath(args, addToSysPath: bool = True) -> None:
    """Put directories at the front of the plug-in path (moving them if already there)."""
    state = _session.session()
    paths = [args] if isinstance(args, (str, os.PathLike)) else list(args)
    for path in reversed([os.fspath(p) for p in paths]):
        if path in state.plugin_path:
            state.plugin_path.remove(path)
        state.plugin_path.insert(0, path)
        if addToSysPath and path not in sys.path:
            sys.path.insert(0, path)
            state.sys_path_added.append(path)


def pluginAppendPath(args, addToSysPath: bool = True) -> None:
    state = _session.session()
    paths = [args] if isinstance(args, (str, os.PathLike)) else list(args)
    for path in [os.fspath(p) for p in paths]:
        if path not in state.plugin_path:
            state.plugin_path.append(path)
        if addToSysPath and path not in sys.path:
            sys.path.append(path)
            state.sys_path_added.append(path)


def pluginPath() -> list[str]:
    return list(_session.session().plugin_path)


class GlobalsEnvironment:
    """``nuke.env``: facts about the running Nuke (``env['gui']`` follows ``nuke.GUI``)."""

    def __init__(self, *args, **kwargs) -> None:
        self._values = {
            "NukeVersionMajor": C.NUKE_VERSION_MAJOR, "NukeVersionMinor": C.NUKE_VERSION_MINOR,
            "NukeVersionRelease": C.NUKE_VERSION_RELEASE, "NukeVersionString": C.NUKE_VERSION_STRING,
            "nukex": False, "studio": False, "LINUX": sys.platform.startswith("linux"),
            "WIN32": sys.platform == "win32", "MACOS": sys.platform == "darwin", "64bit": True,
        }

    def _all(self) -> dict:
        return {"gui": _session.gui(), **self._values}

    def get(self, *args, **kwargs):
        return self._all().get(*args, **kwargs)

    def has_key(self, *args, **kwargs) -> bool:
        return args[0] in self._all()

    def keys(self, *args, **kwargs):
        return list(self._all().keys())

    def values(self, *args, **kwargs):
        return list(self._all().values())

    def items(self, *args, **kwargs):
        return list(self._all().items())

    def __contains__(self, other) -> bool:
        return other in self._all()

    def __getitem__(self, index):
        return self._all()[index]

    def __setitem__(self, index, object) -> None:
        if index == "gui":
            raise KeyError("gui is read-only")
        self._values[index] = object

    def __delitem__(self, other) -> None:
        del self._values[other]

    def __len__(self) -> int:
        return len(self._all())


def getColorspaceList(colorspaceKnob) -> list[str]:
    """The colourspaces an enumeration knob offers (Foundry: "all colorspaces listed in an
    enumeration knob")."""
    return list(colorspaceKnob.values())
