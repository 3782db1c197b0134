"""Evaluating a string knob's text as Nuke does for ``value()``: TCL in the knob's context.

Only the few TCL commands scripts commonly put in string knobs are known (``value``,
``knob``, ``getenv``, ``frame``); any other command or variable is a TCL error, which the
stand-in raises as RuntimeError. Real Nuke knows far more commands, so a text that
evaluates here evaluates there too, while a record that merely *looks* like TCL (JSON with
``[``, ``$`` or ``\\"``) is corrupted or refused here as it would be there.
"""

from __future__ import annotations

import os

from . import _session, _tcl


def evaluate(knob) -> str:
    text = knob._value
    if not any(c in text for c in "[$\\"):
        return text  # nothing to expand
    return _tcl.subst(text, _commands(knob), _variables)


def _commands(knob) -> dict:
    def find(path: str):
        node_name, _, knob_name = path.rpartition(".")
        if not node_name:
            owner = knob._node
        elif node_name == "root":
            owner = _session.session().root
        else:
            owner = _session.package().toNode(node_name)
        found = owner.knob(knob_name) if owner is not None else None
        if found is None:
            raise _tcl.TclError(f"no such knob {path}")
        return found

    def value(args: list[str]) -> str:
        target = find(_one(args, "value"))
        shown = target.value()
        return _tcl.format_value(shown) if not isinstance(shown, str) else shown

    def knob_text(args: list[str]) -> str:
        return find(_one(args, "knob")).toScript()

    def getenv(args: list[str]) -> str:
        return os.environ.get(_one(args, "getenv"), "")

    def frame(args: list[str]) -> str:
        return str(_session.session().root["frame"].value())

    return {"value": value, "knob": knob_text, "getenv": getenv, "frame": frame}


def _one(args: list[str], command: str) -> str:
    if len(args) != 1:
        raise _tcl.TclError(f'wrong # args: should be "{command} name"')
    return args[0]


def _variables(name: str, index: str | None) -> str:
    if name == "env" and index is not None:
        if index in os.environ:
            return os.environ[index]
        raise _tcl.TclError(f'can\'t read "env({index})": no such variable')
    raise _tcl.TclError(f'can\'t read "{name}": no such variable')
