"""Knobs with choices, links and layout: Enumeration, Tab, Text, Link and Format knobs."""

from __future__ import annotations

from . import _session, _tcl
from ._knobs import (
    Boolean_Knob,
    Double_Knob,
    File_Knob,
    Int_Knob,
    Knob,
    Multiline_Eval_String_Knob,
    PyScript_Knob,
    String_Knob,
    Unsigned_Knob,
)


class Enumeration_Knob(Unsigned_Knob):
    """``value()`` is the item text; ``getValue()`` its index (a float, as in Nuke)."""

    _type_id = 4

    def __init__(self, name, label=None, values=(), *args, **kwargs) -> None:
        self._values = [str(v) for v in values]
        super().__init__(name, label)

    def _initial(self, *args):
        return 0

    def values(self) -> list[str]:
        return list(self._values)

    def setValues(self, values) -> None:
        self._values = [str(v) for v in values]
        self._value = 0

    def numValues(self) -> int:
        return len(self._values)

    def enumName(self, n) -> str:
        return self._values[int(n)]

    def value(self) -> str:
        return self._values[self._value] if self._values else ""

    def getValue(self) -> float:
        return float(self._value)

    def setValue(self, *args, **kwargs) -> bool:
        (item,) = args
        if isinstance(item, str):
            if item not in self._values:
                raise ValueError(f"{self._name}: {item!r} is not one of {self._values}")
            index = self._values.index(item)
        else:
            index = int(item)
            if not 0 <= index < len(self._values):
                raise ValueError(f"{self._name}: index {index} out of range")
        self._store(index)
        return True

    def toScript(self, quote=False, context=None) -> str:
        text = self.value()
        return _tcl.quote(text) if quote else text

    def _parse(self, text: str):
        return text if text in self._values else int(text)


class Tab_Knob(Knob):
    _type_id = 20

    def __init__(self, name, label=None, type=0, *args, **kwargs) -> None:
        super().__init__(name, label)
        self._tab_type = int(type)

    def _initial(self, *args):
        return None

    def value(self):
        return self._label

    def setValue(self, *args, **kwargs) -> None:
        return None


class Text_Knob(Knob):
    _type_id = 26

    def __init__(self, name, label=None, text="", *args, **kwargs) -> None:
        super().__init__(name, label, str(text))

    def value(self) -> str:
        return self._value

    def setValue(self, *args, **kwargs) -> None:
        (text,) = args
        self._store(str(text))


class Link_Knob(Knob):
    _type_id = 41

    def _initial(self, *args):
        return ""

    def makeLink(self, s, t) -> None:
        self.setLink(f"{s}.{t}")

    def setLink(self, s) -> None:
        self._store(str(s))

    def getLink(self) -> str:
        return self._value

    def setValue(self) -> None:
        """Nuke's Link_Knob.setValue takes no value: the link is set with setLink/makeLink."""
        return None

    def getLinkedKnob(self):
        node_name, _, knob_name = self._value.rpartition(".")
        target = _session.package().toNode(node_name) if node_name else None
        return target.knob(knob_name) if target is not None else None

    def value(self) -> str:
        return self._value


class Format_Knob(Knob):
    _type_id = 18

    def _initial(self, *args):
        from . import _formats

        return _formats.find(args[0]) if args else _formats.find("HD_1080")

    def name(self) -> str:
        return self._name

    def value(self):
        return self._value

    def actualValue(self):
        return self._value

    def setValue(self, *args, **kwargs) -> bool:
        from . import _formats

        (fmt,) = args
        self._store(fmt if isinstance(fmt, _formats.Format) else _formats.find(str(fmt)))
        return True

    def toScript(self, quote=False, context=None) -> str:
        text = self._value._spec()
        return _tcl.quote(text) if quote else text

    def fromScript(self, script) -> None:
        self.setValue(str(script))


USER_KNOB_TYPES = {cls._type_id: cls for cls in (
    String_Knob, File_Knob, Int_Knob, Enumeration_Knob, Boolean_Knob, Double_Knob, Tab_Knob,
    PyScript_Knob, Text_Knob, Link_Knob, Multiline_Eval_String_Knob,
)}
