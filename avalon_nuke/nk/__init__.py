"""Read and write Nuke ``.nk`` scripts, toolsets and ``.gizmo`` files without Nuke.

The interface follows :mod:`json`::

    from avalon_nuke import nk

    script = nk.load("shot010_comp_v003.nk")     # or nk.loads(text)
    read = script.find("Group1.Read1")           # full names, like Nuke's fullName()
    read.knob("file")                            # value, one level of Tcl quoting removed
    read.set_knob("file", "/show/sh010/v004/sh010.####.exr")
    read.add_user_knob(20, "Avalon")             # -> addUserKnob {20 Avalon}
    read.add_user_knob(1, "avalon_container", "container", flags="+DISABLED", value="...")
    merge = script.add_node("Merge2", [("operation", "plus")], inputs=[read, None])
    nk.dump(script, "shot010_comp_v004.nk")      # atomic: temp file + rename

Guarantees:

* ``dumps(loads(text)) == text`` for every script Nuke writes (line endings,
  trailing blanks, odd bytes included: :func:`load` keeps undecodable bytes and
  :func:`dump` writes them back).
* Changing a knob changes only that knob's text; new knobs, user knobs and nodes
  are written the way Nuke writes them (quoting, ``addUserKnob`` lines,
  ``set``/``push``/``inputs`` stack commands).
* Malformed text raises :class:`ParseError` (an ``InputError``) whose one-line
  message names the file, line and column; nothing else is raised for bad input.

The model: :class:`Script` holds the items in file order. :meth:`Script.nodes`
lists nodes (recursing into groups, Root excluded: see :attr:`Script.root`),
:meth:`Script.find`, :meth:`Script.add_node` and :meth:`Script.remove_node` edit
the graph. A :class:`Node` has ``cls``, ``name``, ``full_name``, ``parent``,
``children``, ``inputs`` (input 0 first, resolved from the stack commands;
``inputs 2+1`` gives three, the mask last) and the knob methods ``knob``,
``knob_text``, ``knob_names``, ``set_knob``, ``set_knob_text`` (raw Tcl such as
``{{curve ...}}``), ``remove_knob``, ``add_user_knob`` and ``user_knobs``.
A clone (``clone $C... {...}``) has its original's class and reads and writes
the shared knobs on the original (``clone_source``); it keeps its own position.
A clone pasted from another script (``clone node<address>|<Class>|<pid> <Class>
{...}``) carries every knob itself: it reads as a ``<Class>`` node whose
``pasted_clone_of`` names the original, and later ``clone $C...`` lines share it.

Cost: reading checks every node body but keeps a node's knobs as text until
they are read or changed, so reading and writing are linear in the size and
hold about 3x the file in memory; knob lookups and sets are one dictionary
access, and appending a node does not look at the others.
Group classes are ``Group`` and ``Gizmo`` (and ``LiveGroup`` when an
``end_group`` closes it); a toolset's ``$cut_paste_input`` reads as None.
"""

from __future__ import annotations

import os

from avalon_nuke.gc_pause import collection_paused
from avalon_nuke.nk import fileio
from avalon_nuke.nk.errors import ParseError
from avalon_nuke.nk.model import Node, UserKnob
from avalon_nuke.nk.parser import parse
from avalon_nuke.nk.script import Script

__all__ = ["ParseError", "Node", "Script", "UserKnob", "load", "loads", "dump", "dumps"]


def loads(text: str | bytes, filename: str | None = None) -> Script:
    """Parse script text (bytes are decoded so that every byte survives)."""
    if isinstance(text, bytes | bytearray):
        text = fileio.decode(bytes(text))
    # A 50 MB script is 400,000 nodes that all stay alive: collections started while they are
    # made would walk every one made so far, again and again (15% of reading 50 MB, measured).
    with collection_paused():
        items = parse(text, filename)
    crlf = text.find("\r\n")
    newline = "\r\n" if crlf >= 0 and crlf == text.find("\n") - 1 else "\n"
    return Script(items, filename, newline)


def load(path: str | os.PathLike[str]) -> Script:
    """Read a script file; ParseError messages name ``path``.

    The file's bytes are dropped once decoded, before parsing, so they never
    add to the memory the parsed script holds.
    """
    return loads(fileio.read_text(path), os.fspath(path))


def dumps(script: Script) -> str:
    """The script's text; unchanged parts are the original text, character for character."""
    return script.text()


def dump(script: Script, path: str | os.PathLike[str]) -> None:
    """Write the script atomically, in the encoding it was read with.

    Written in chunks: no second copy of the whole text is ever made.
    """
    fileio.write_atomic(path, fileio.encode_chunks(script.pieces()))
