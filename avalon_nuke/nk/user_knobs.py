"""Adding and setting user knobs on ``.nk`` nodes as Nuke writes them.

The ``.nk`` host and the published copy both edit Root and node user knobs in the text;
the pipeline may not import a concrete host, so the helpers live with the script model.
"""

from __future__ import annotations

from collections.abc import Mapping

from avalon_nuke.errors import AvalonError
from avalon_nuke.knob_specs import KNOB_TYPE_IDS, KnobSpec, KnobValue
from avalon_nuke.nk.model import Node
from avalon_nuke.nk.script import Script
from avalon_nuke.nk.tcl import quote

ROOT_TAB = "avalon_tab"


def add_user_knob(node: Node, spec: KnobSpec) -> None:
    """One ``addUserKnob`` line (and value) on a ``.nk`` node, as Nuke writes it."""
    type_id = KNOB_TYPE_IDS[spec.kind]
    flags = "+DISABLED" if spec.read_only else ""
    tooltip = spec.tooltip or None
    if spec.kind == "link":
        node.add_user_knob(type_id, spec.name, spec.label, tooltip=tooltip, flags=flags,
                           extra=f"T {quote(str(spec.value))}")
    elif spec.kind == "tab":
        node.add_user_knob(type_id, spec.name, spec.label)
    else:
        node.add_user_knob(type_id, spec.name, spec.label, tooltip=tooltip, flags=flags, value=spec.value)


def set_root_user_knobs(script: Script, values: Mapping[str, KnobValue | None]) -> None:
    """Set (or with None remove) Root user knobs, adding an Avalon tab before the first one."""
    root = script.root
    if root is None:
        raise AvalonError(f"{script.filename or 'this script'} has no Root node (a toolset or gizmo?)")
    defined = {knob.name for knob in root.user_knobs()}
    for name, value in values.items():
        if value is None:
            if name in defined:
                root.remove_knob(name)
                defined.discard(name)
            continue
        if name in defined or root.knob(name) is not None:
            root.set_knob(name, as_written(name, value))
            continue
        if ROOT_TAB not in defined:
            root.add_user_knob(KNOB_TYPE_IDS["tab"], ROOT_TAB, "Avalon")
            defined.add(ROOT_TAB)
        root.add_user_knob(KNOB_TYPE_IDS["string"], name, name.removeprefix("avalon_"), flags="+DISABLED",
                           value=value if isinstance(value, str) else str(value))
        defined.add(name)


def as_written(name: str, value: KnobValue) -> KnobValue:
    """Nuke writes colours as hex; everything else as the model quotes it."""
    if name == "tile_color" and isinstance(value, int) and not isinstance(value, bool):
        return f"0x{value:08x}"
    return value
