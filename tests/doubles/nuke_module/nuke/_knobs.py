"""Knob classes (the subset the product uses), with Nuke's value types and flags."""

from __future__ import annotations

from . import _constants as C
from . import _session, _tcl


class Knob:
    _type_id = 1  # the .nk user-knob type id (see docs/ARCHITECTURE.md)

    def __init__(self, name, label=None, *args, **kwargs) -> None:
        self._name = str(name)
        self._label = self._name if label is None else str(label)
        self._tooltip = ""
        self._flags = 0
        self._node = None
        self._value = self._initial(*args)

    # -- values (subclasses refine) ------------------------------------------------
    def _initial(self, *args):
        return args[0] if args else ""

    def _coerce(self, value):
        return value

    def value(self):
        return self._value

    def getValue(self):
        return self.value()

    def setValue(self, val, *args, **kwargs) -> bool:
        self._store(self._coerce(val))
        return True

    def _store(self, value) -> None:
        """Every setValue counts as an edit, even of an equal value: whether real Nuke
        skips those is not documented (a live check), so the stand-in assumes the worst."""
        _session.session().record_undo(self, self._value)
        self._value = value
        if self._node is not None:
            self._node._knob_changed(self)

    def toScript(self, quote=False, context=None) -> str:
        text = _tcl.format_value(self._value)
        return _tcl.quote(text) if quote else text

    def fromScript(self, script) -> None:
        self.setValue(self._parse(str(script)))

    def _parse(self, text: str):
        return text

    # -- identity and presentation ------------------------------------------------------
    def Class(self) -> str:
        return type(self).__name__

    def name(self) -> str:
        return self._name

    def setName(self, name) -> None:
        self._name = str(name)

    def label(self) -> str:
        return self._label

    def setLabel(self, label) -> None:
        self._label = str(label)

    def tooltip(self) -> str:
        return self._tooltip

    def setTooltip(self, tooltip) -> None:
        self._tooltip = str(tooltip)

    def node(self):
        return self._node

    def setFlag(self, flag) -> None:
        self._flags |= int(flag)

    def clearFlag(self, flag) -> None:
        self._flags &= ~int(flag)

    def getFlag(self, flag) -> bool:
        return bool(self._flags & int(flag))

    def setEnabled(self, enabled) -> None:
        (self.clearFlag if enabled else self.setFlag)(C.DISABLED)

    def enabled(self) -> bool:
        return not self.getFlag(C.DISABLED)

    def setVisible(self, visible) -> None:
        (self.clearFlag if visible else self.setFlag)(C.INVISIBLE)

    def visible(self) -> bool:
        return not self.getFlag(C.INVISIBLE)

    def __repr__(self) -> str:
        return f"<{self.Class()} {self._name}={self._value!r}>"


class String_Knob(Knob):
    _type_id = 1

    def _initial(self, *args):
        return str(args[0]) if args else ""

    def _coerce(self, value):
        if not isinstance(value, str):
            raise TypeError(f"{self._name}: expected a string, got {type(value).__name__}")
        return value

    def value(self, oc=None) -> str:
        """The *evaluated* text (TCL ``[...]``, ``$...`` and backslashes expanded), as documented."""
        from ._evaluate import evaluate

        return evaluate(self)

    def getValue(self, *args, **kwargs) -> str:
        return self.value()

    def setValue(self, val, view=None) -> None:
        val = self._coerce(val)
        node = self._node
        if self._name == "name" and node is not None and node._cls != "Root":
            node.setName(val)  # renaming through the knob resolves collisions too
            return
        self._store(val)

    def getText(self, oc=None) -> str:
        """The text as set or read from the file, not evaluated."""
        return self._value

    def setText(self, text) -> None:
        self.setValue(text)


class EvalString_Knob(String_Knob):
    def evaluate(self, *args, **kwargs) -> str:
        return String_Knob.value(self)


class File_Knob(EvalString_Knob):
    """``value()`` is the file name as set (Foundry: "the string on this knob"), not evaluated."""

    _type_id = 2

    def value(self) -> str:
        return self._value

    def getValue(self, *args, **kwargs) -> str:
        return self._value

    def setValue(self, val) -> None:
        self._store(self._coerce(val))


class Multiline_Eval_String_Knob(EvalString_Knob):
    _type_id = 43


class Script_Knob(String_Knob):
    _type_id = 22

    def command(self) -> str:
        return self._value

    def setCommand(self, cmd) -> None:
        self.setValue(cmd)

    def setValue(self, cmd) -> None:
        self._store(self._coerce(cmd))

    def value(self) -> str:
        return self._value

    def execute(self) -> None:
        """Run the command as Python with this knob's node as ``nuke.thisNode()``."""
        state = _session.session()
        state.this_node.append(self._node)
        state.this_knob.append(self)
        try:
            exec(compile(self._value, f"<{self._name}>", "exec"), {"nuke": _session.package()})
        finally:
            state.this_node.pop()
            state.this_knob.pop()


class PyScript_Knob(Script_Knob):
    _type_id = 22


class Array_Knob(Knob):
    _type_id = 7

    def _initial(self, *args):
        return 0.0

    def _coerce(self, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"{self._name}: expected a number, got {type(value).__name__}")
        return float(value)

    def value(self, index=0, view=None):
        return self._value

    def setValue(self, value, index=None, time=None, view=None) -> bool:
        self._store(self._coerce(value))
        return True

    def arraySize(self) -> int:
        return 1

    def _parse(self, text: str):
        return float(text)


class Double_Knob(Array_Knob):
    _type_id = 7


class Int_Knob(Array_Knob):
    _type_id = 3

    def _coerce(self, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"{self._name}: expected an integer, got {type(value).__name__}")
        return int(value)

    def _initial(self, *args):
        return 0

    def value(self) -> int:
        return self._value

    def setValue(self, val) -> bool:
        self._store(self._coerce(val))
        return True

    def _parse(self, text: str):
        return int(float(text))


class Boolean_Knob(Array_Knob):
    _type_id = 6

    def _initial(self, *args):
        return bool(args[0]) if args else False

    def _coerce(self, value):
        return bool(value)

    def value(self) -> bool:
        return self._value

    def setValue(self, b) -> bool:
        self._store(self._coerce(b))
        return True

    def _parse(self, text: str):
        return text.strip().lower() not in ("", "0", "false", "no", "off")


class Disable_Knob(Boolean_Knob):
    pass


class Unsigned_Knob(Array_Knob):
    def _initial(self, *args):
        return 0

    def _coerce(self, value):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise TypeError(f"{self._name}: expected an unsigned integer")
        return value

    def value(self) -> int:
        return self._value

    def setValue(self, val) -> bool:
        self._store(self._coerce(val))
        return True

    def _parse(self, text: str):
        return int(text, 0)


class ColorChip_Knob(Unsigned_Knob):
    _type_id = 19

    def toScript(self, quote=False, context=None) -> str:
        return hex(self._value)


# The rest of the knob classes; imported last because they build on the ones above.
from ._knobs_more import (  # noqa: E402
    USER_KNOB_TYPES,
    Enumeration_Knob,
    Format_Knob,
    Link_Knob,
    Tab_Knob,
    Text_Knob,
)

__all__ = [
    "Knob", "String_Knob", "EvalString_Knob", "File_Knob", "Multiline_Eval_String_Knob",
    "Script_Knob", "PyScript_Knob", "Array_Knob", "Double_Knob", "Int_Knob", "Boolean_Knob",
    "Disable_Knob", "Unsigned_Knob", "ColorChip_Knob", "Enumeration_Knob", "Tab_Knob",
    "Text_Knob", "Link_Knob", "Format_Knob", "USER_KNOB_TYPES",
]
