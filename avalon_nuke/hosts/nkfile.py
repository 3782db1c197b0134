"""The headless host: containers in a ``.nk`` file, edited through the script model.

Only the knobs the pipeline sets change in the text; every other byte of the
file is written back as it was read. Saving keeps the previous text beside the
script (``.nk.bak``) and replaces the file atomically.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from avalon_nuke import nk
from avalon_nuke.hosts.interface import KnobValue, ScriptHost

_TRAILING_NUMBER = re.compile(r"^(.*?)(\d*)$")
_SPACING_X, _SPACING_Y = 110, 0


class NkFileHost(ScriptHost):
    """A script read from (and written back to) a ``.nk`` file."""

    def __init__(self, script: nk.Script, path: Path | None = None) -> None:
        self.script = script
        self.path = path

    @classmethod
    def open(cls, path: str | os.PathLike) -> NkFileHost:
        return cls(nk.load(path), Path(path))

    def save(self, *, backup: bool = True) -> Path | None:
        """Write the script back atomically; return the backup's path when one was made."""
        assert self.path is not None, "this script was not read from a file"
        backup_path = None
        if backup and self.path.exists():
            backup_path = self.path.with_name(self.path.name + ".bak")
            shutil.copy2(self.path, backup_path)
        nk.dump(self.script, self.path)
        return backup_path

    def nodes_with_knob(self, knob: str) -> list[Any]:
        return [node for node in self.script.nodes() if node.knob(knob) is not None]

    def node_name(self, node: Any) -> str:
        return node.full_name

    def node_class(self, node: Any) -> str:
        return node.cls

    def knob(self, node: Any, name: str) -> str | None:
        return node.knob(name)

    def set_knobs(self, node: Any, values: Mapping[str, KnobValue]) -> None:
        for name, value in values.items():
            node.set_knob(name, _as_written(name, value))

    def create_node(self, cls: str, name: str, knobs: Mapping[str, KnobValue]) -> Any:
        top_level = [n for n in self.script.nodes() if n.parent is None]
        xpos = max((int(float(n.knob("xpos") or 0)) for n in top_level), default=-_SPACING_X) + _SPACING_X
        ypos = min((int(float(n.knob("ypos") or 0)) for n in top_level), default=0) + _SPACING_Y
        pairs = [(k, _as_written(k, v)) for k, v in knobs.items()]
        pairs += [("name", _unique_name(name, {n.name for n in top_level})), ("xpos", xpos), ("ypos", ypos)]
        return self.script.add_node(cls, pairs)

    def add_string_knobs(self, node: Any, tab: tuple[str, str],
                         knobs: Sequence[tuple[str, str, str]]) -> None:
        node.add_user_knob(20, tab[0], tab[1])
        for name, label, value in knobs:
            node.add_user_knob(1, name, label, flags="+DISABLED", value=value)

    def remove_node(self, node: Any) -> None:
        self.script.remove_node(node)


def _as_written(name: str, value: KnobValue) -> KnobValue:
    """Nuke writes colours as hex; everything else as the model quotes it."""
    if name == "tile_color" and isinstance(value, int) and not isinstance(value, bool):
        return f"0x{value:08x}"
    return value


def _unique_name(wanted: str, taken: set[str]) -> str:
    """Nuke's uncollide: ``Name``, then ``Name1``, ``Name2``..."""
    if wanted not in taken:
        return wanted
    stem = _TRAILING_NUMBER.match(wanted).group(1)
    counter = 1
    while f"{stem}{counter}" in taken:
        counter += 1
    return f"{stem}{counter}"
