"""The open script: its name, saving and opening (through ``avalon_nuke.nk``), rendering."""

from __future__ import annotations

import os
import re
import stat

from . import _graph, _nkio, _session
from ._nodes import Root

_HASHES = re.compile(r"#+")
_PRINTF = re.compile(r"%(0?)(\d*)d")


def _root() -> Root:
    return _session.session().root


def scriptName() -> str:
    name = _root()["name"].value()
    if not name:
        raise RuntimeError("no script name")
    return name


def modified(state=None) -> bool:
    root = _root()
    if state is not None:
        root.setModified(bool(state))
    return root.modified()


def _save_to(path: str) -> None:
    """Run onScriptSave, then write; a file without write permission cannot be saved over.

    Whether an exception in onScriptSave aborts the save is not documented by Foundry (a
    live check): the stand-in lets it abort, and the product does not rely on it alone.
    The permission check looks at the mode bits, not at os.access, so that it holds for
    the root user the tests may run as, as it does for an artist.
    """
    _graph._fire("onScriptSave", _root())
    if os.path.exists(path) and not os.stat(path).st_mode & stat.S_IWUSR:
        raise RuntimeError(f"Can't write {path}: Permission denied")
    _nkio.save(_root(), path)


def scriptSave(filename=None) -> bool:
    """Save to the script's name, or to *filename* without renaming the script."""
    if filename is None:
        if not _root()["name"].value():
            if _session.gui():
                return False  # the file chooser, cancelled: the stand-in has no dialogs
            raise RuntimeError("no script name: use scriptSaveAs(filename)")
        filename = _root()["name"].value()
        _save_to(filename)
        _root().setModified(False)
        return True
    _save_to(str(filename))
    return True


def scriptSaveAs(filename=None, overwrite=-1) -> None:
    if filename is None:
        if _session.gui():
            return None  # the file chooser, cancelled
        raise RuntimeError("scriptSaveAs needs a filename in terminal mode")
    filename = str(filename)
    if os.path.exists(filename) and overwrite != 1 and overwrite is not True:
        allowed = overwrite not in (0, False) and _session.gui() and \
            _session.package().ask(f"{filename} already exists. Overwrite?")
        if not allowed:
            raise RuntimeError(f"{filename} already exists")
    previous = _root()["name"].value()
    _root()["name"].setValue(filename)
    try:
        _save_to(filename)
    except BaseException:
        _root()["name"].setValue(previous)
        raise
    _root().setModified(False)


def _clear_nodes() -> None:
    state = _session.session()
    for node in list(state.root._children):
        _graph.delete(node)
    state.group_stack.clear()
    fresh = Root._create_root()
    for knob in state.root._knobs:
        default = fresh.knob(knob.name())
        if default is not None:
            knob._value = default._value
    state.root._knobs = [k for k in state.root._knobs if k not in state.root._user_knobs]
    state.root._user_knobs = []


def scriptClear(*args, **kwargs) -> None:
    """Close the current script's contents: every node goes, Root knobs return to defaults."""
    if _root()["name"].value() or _root()._children:
        _graph._fire("onScriptClose", _root())
    _clear_nodes()
    _root().setModified(False)


def scriptOpen(filename=None) -> None:
    """Replace the (cleared) script with the file's contents, then run onScriptLoad."""
    if filename is None:
        raise RuntimeError("scriptOpen needs a filename (the stand-in has no file chooser)")
    filename = str(filename)
    if not os.path.isfile(filename):
        raise RuntimeError(f"{filename}: No such file or directory")
    script = _nkio.read(filename)
    scriptClear()
    _nkio.populate(_root(), script)
    _root()["name"]._value = filename
    _root().setModified(False)
    # Edits made by onScriptLoad callbacks leave the script modified (a live check says
    # whether Nuke agrees): a callback that changes nothing must set nothing.
    _graph._fire("onScriptLoad", _root())


def _frame_path(pattern: str, frame: int) -> str:
    path = _HASHES.sub(lambda m: str(frame).zfill(len(m.group(0))), pattern)
    return _PRINTF.sub(lambda m: str(frame).zfill(int(m.group(2) or 0)), path)


def execute(nameOrNode, start, end, incr=1, views=None, continueOnError=False) -> None:
    """Render a Write node; frames become small placeholder files at the Write's path."""
    node = nameOrNode if not isinstance(nameOrNode, str) else _graph.toNode(nameOrNode)
    if node is None:
        raise ValueError(f"no node named {nameOrNode!r}")
    if node.Class() != "Write":
        raise RuntimeError(f"{node.name()} cannot be executed")
    if node["disable"].value():
        raise RuntimeError(f"{node.name()} is disabled")
    try:
        _graph._fire("beforeRender", node)
    except Exception as exc:
        raise RuntimeError(f"beforeRender callback failed: {exc}") from exc
    pattern = node["file"].value()
    if not pattern:
        raise RuntimeError(f"{node.name()}: no output file name")
    for frame in range(int(start), int(end) + 1, int(incr)):
        _graph._fire("beforeFrameRender", node)
        path = _frame_path(pattern, frame)
        folder = os.path.dirname(path)
        if folder and not os.path.isdir(folder):
            if not node["create_directories"].value():
                raise RuntimeError(f"{node.name()}: Can't open output file {path}")
            os.makedirs(folder, exist_ok=True)
        with open(path, "wb") as frame_file:
            frame_file.write(b"nuke stand-in frame\n")
        _graph._fire("afterFrameRender", node)
    _session.session().renders.append((node.fullName(), int(start), int(end), int(incr)))
    _graph._fire("afterRender", node)
