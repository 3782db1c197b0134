"""The live host: containers in the script open in Nuke, through the ``nuke`` module.

This is the only pipeline code that touches ``nuke`` nodes; everything it does
is the :class:`ScriptHost` contract, so container logic runs unchanged here and
on ``.nk`` files. Values are exchanged as text the way the ``.nk`` host reads
them (colours as ``0xRRGGBBAA``), so both hosts compare the same things.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import nuke

from avalon_nuke import colour_management, nk
from avalon_nuke.errors import AvalonError, ConflictError
from avalon_nuke.hosts.interface import KnobSpec, KnobValue, ScriptHost
from avalon_nuke.names import valid_node_name
from avalon_nuke.nk import fileio
from avalon_nuke.nk.user_knobs import ROOT_TAB, set_root_user_knobs

_COLOUR_KNOBS = {"tile_color", "gl_color", "note_font_color"}
_ORIGINAL_RANGE = ("origfirst", "origlast")
_KNOB_CLASSES = {
    "tab": nuke.Tab_Knob, "string": nuke.String_Knob, "file": nuke.File_Knob, "int": nuke.Int_Knob,
    "bool": nuke.Boolean_Knob, "link": nuke.Link_Knob,
}


class LiveHost(ScriptHost):
    """The current Nuke script."""

    def nodes_with_knob(self, knob: str) -> list[Any]:
        return [node for node in nuke.allNodes(group=nuke.root(), recurseGroups=True)
                if node.knob(knob) is not None]

    def node_name(self, node: Any) -> str:
        return node.fullName()

    def node_class(self, node: Any) -> str:
        return node.Class()

    def knob(self, node: Any, name: str) -> str | None:
        """The knob's text as written; string knobs are read with ``getText()``.

        Foundry documents ``String_Knob.value()`` as the *evaluated* value (TCL brackets,
        dollars and backslashes expanded) and ``getText()`` as the non-evaluated one: our
        JSON records hold all of those characters, so they must never be evaluated.
        """
        knob = node.knob(name)
        if knob is None:
            return None
        if isinstance(knob, nuke.String_Knob):
            return knob.getText()
        return _as_text(name, knob.value())

    def set_knobs(self, node: Any, values: Mapping[str, KnobValue]) -> None:
        """Set the knobs whose value differs; an equal value is not set again.

        Setting an equal value may still mark the script modified (undocumented; a live
        check): resolving containers on load must leave an up-to-date script unmodified,
        or a locked script would ask to be saved and then refuse.
        """
        for name, value in sorted(values.items(), key=_setting_order):
            knob = node[name]  # NameError for a knob the node lacks: a bug, not user input
            if self.knob(node, name) == _as_text(name, value):
                continue
            if name in _COLOUR_KNOBS and isinstance(value, str):
                value = int(value, 0)
            knob.setValue(value)

    def resolve_colorspace(self, node: Any, name: str) -> str | None:
        """The entry of the node's colourspace menu that *name* names, from ``nuke.getColorspaceList``."""
        knob = node.knob("colorspace")
        if knob is None or not name:
            return None
        return colour_management.match_listed(nuke.getColorspaceList(knob), name)

    def create_node(self, cls: str, name: str, knobs: Mapping[str, KnobValue]) -> Any:
        with nuke.root():
            for selected in nuke.selectedNodes():
                selected.setSelected(False)
            node = nuke.createNode(cls, inpanel=False)
        node.setName(valid_node_name(name, cls), uncollide=True)
        self.set_knobs(node, knobs)
        return node

    def add_string_knobs(self, node: Any, tab: tuple[str, str],
                         knobs: Sequence[tuple[str, str, str]]) -> None:
        node.addKnob(nuke.Tab_Knob(tab[0], tab[1]))
        for name, label, value in knobs:
            knob = nuke.String_Knob(name, label)
            node.addKnob(knob)
            knob.setValue(value)
            knob.setEnabled(False)

    def remove_node(self, node: Any) -> None:
        nuke.delete(node)

    def selected_nodes(self) -> list[Any]:
        return [node for node in nuke.allNodes(group=nuke.root(), recurseGroups=True) if node.isSelected()]

    def select(self, nodes: Sequence[Any]) -> None:
        for node in nuke.selectedNodes():
            node.setSelected(False)
        for node in nodes:
            node.setSelected(True)

    @contextmanager
    def undo(self, label: str) -> Iterator[None]:
        nuke.Undo.begin(label)
        try:
            yield
        finally:
            nuke.Undo.end()

    # -- publishing ---------------------------------------------------------------------------

    def children(self, node: Any) -> list[Any]:
        return list(node.nodes()) if hasattr(node, "nodes") else []

    def script_path(self) -> str | None:
        try:
            return nuke.scriptName()
        except RuntimeError:  # never saved
            return None

    def is_modified(self) -> bool:
        return bool(nuke.root().modified())

    def application_version(self) -> str | None:
        return f"{nuke.NUKE_VERSION_MAJOR}.{nuke.NUKE_VERSION_MINOR}"

    def is_nukex(self) -> bool | None:
        return bool(nuke.env["nukex"])

    def root_knob(self, name: str) -> str | None:
        return self.knob(nuke.root(), name)

    def set_root_knobs(self, values: Mapping[str, KnobValue | None]) -> None:
        root = nuke.root()
        for name, value in values.items():
            knob = root.knob(name)
            if value is None:
                if knob is not None:
                    root.removeKnob(knob)
            elif knob is not None:
                if self.knob(root, name) != _as_text(name, value):
                    knob.setValue(value)
            else:
                if root.knob(ROOT_TAB) is None:
                    root.addKnob(nuke.Tab_Knob(ROOT_TAB, "Avalon"))
                knob = nuke.String_Knob(name, name.removeprefix("avalon_"))
                root.addKnob(knob)
                knob.setValue(value if isinstance(value, str) else str(value))
                knob.setEnabled(False)

    def persist_root_knobs(self, values: Mapping[str, KnobValue | None]) -> None:
        root = nuke.root()
        had_changes = root.modified()
        self.set_root_knobs(values)
        path = self.script_path()
        if path and os.path.isfile(path):
            from avalon_nuke.hosts.nk_file.script_lock import locked_script

            with locked_script(path) as target:  # a headless command may be editing it right now
                on_disk = nk.load(target)
                set_root_user_knobs(on_disk, values)
                nk.dump(on_disk, target)
            if not had_changes:
                root.setModified(False)

    def add_user_knobs(self, node: Any, knobs: Sequence[KnobSpec]) -> None:
        for spec in knobs:
            knob = _KNOB_CLASSES[spec.kind](spec.name, spec.label)
            node.addKnob(knob)
            if isinstance(knob, nuke.Link_Knob):
                knob.setLink(str(spec.value))
            elif spec.kind != "tab" and spec.value is not None:
                knob.setValue(spec.value)
            if spec.tooltip:
                knob.setTooltip(spec.tooltip)
            if spec.read_only:
                knob.setEnabled(False)

    def create_group(self, name: str, knobs: Mapping[str, KnobValue],
                     children: Sequence[tuple[str, str, Mapping[str, KnobValue]]]) -> Any:
        with nuke.root():
            for selected in nuke.selectedNodes():
                selected.setSelected(False)
            group = nuke.nodes.Group()
        group.setName(valid_node_name(name, "Group"), uncollide=True)
        self.set_knobs(group, knobs)
        upstream = None
        with group:
            for cls, child_name, child_knobs in children:
                child = getattr(nuke.nodes, cls)()
                child.setName(child_name, uncollide=True)
                self.set_knobs(child, child_knobs)
                if upstream is not None:
                    child.setInput(0, upstream)
                upstream = child
        return group

    def save_as(self, path: str) -> None:
        """Save under *path*, claimed first (``fileio.claimed``); Nuke then writes over the
        claim (``overwrite=1``: "always overwrite", Foundry's scriptSaveAs docs)."""
        try:
            with fileio.claimed(path):
                nuke.scriptSaveAs(str(path), overwrite=1)
        except FileExistsError:
            raise ConflictError(f"{path} already exists: pick another name") from None
        except RuntimeError as error:
            raise AvalonError(f"Nuke could not save {path}: {error}") from None


def _setting_order(item: tuple[str, Any]) -> int:
    """A Read's original range goes in before its range (as ayon-nuke sets them); else as given."""
    return 0 if item[0] in _ORIGINAL_RANGE else 1


def _as_text(name: str, value: Any) -> str:
    """A value as the ``.nk`` host reads it: colours in hex, booleans as true/false."""
    if name in _COLOUR_KNOBS and isinstance(value, int) and not isinstance(value, bool):
        return f"0x{value:08x}"
    if name in _COLOUR_KNOBS and isinstance(value, str):
        try:
            return f"0x{int(value, 0):08x}"
        except ValueError:
            return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
