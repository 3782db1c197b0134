"""The headless host: containers in a ``.nk`` file, edited through the script model.

Only the knobs the pipeline sets change in the text; every other byte of the
file is written back as it was read. Saving keeps the previous text beside the
script (``.nk.bak``) and replaces the file atomically. A symlinked script is
written at its target (the link stays a link); the backup is always a new file,
so a ``.bak`` that is a symlink is replaced, never written through, and a kill
while it is written leaves the old backup, not an empty one.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from avalon_nuke import colour_management, nk
from avalon_nuke.errors import ConflictError, RefusedError
from avalon_nuke.hosts.interface import KnobSpec, KnobValue, ScriptHost
from avalon_nuke.hosts.nk_file.script_lock import locked_script, script_target
from avalon_nuke.names import valid_node_name
from avalon_nuke.nk import fileio
from avalon_nuke.nk.user_knobs import add_user_knob, as_written, set_root_user_knobs

_TRAILING_NUMBER = re.compile(r"^(.*?)(\d*)$")
_SPACING_X, _SPACING_Y = 110, 0


class NkFileHost(ScriptHost):
    """A script read from (and written back to) a ``.nk`` file."""

    def __init__(self, script: nk.Script, path: Path | None = None) -> None:
        self.script = script
        self.path = path
        self._placement: _Placement | None = None

    @classmethod
    def open(cls, path: str | os.PathLike) -> NkFileHost:
        return cls(nk.load(path), Path(path))

    def save(self, *, backup: bool = True) -> Path | None:
        """Write the script back atomically; return the backup's path when one was made."""
        assert self.path is not None, "this script was not read from a file"
        target = script_target(self.path)
        if target.exists() and not target.stat().st_mode & stat.S_IWUSR:
            # What Nuke does to a read-only file, done here too: a locked work file is read-only
            # (the atomic rename below would otherwise replace it on POSIX).
            raise RefusedError(f"{self.path} is read-only (a locked, published work file?): "
                               "continue in a new work version")
        backup_path = None
        if backup and target.is_file():
            backup_path = target.with_name(target.name + ".bak")
            fileio.write_atomic(backup_path, fileio.read_bytes(target))
        nk.dump(self.script, target)
        return backup_path

    def nodes_with_knob(self, knob: str) -> list[Any]:
        return [node for node in self.script.nodes() if node.knob_text(knob) is not None]

    def node_name(self, node: Any) -> str:
        return node.full_name

    def node_class(self, node: Any) -> str:
        return node.cls

    def knob(self, node: Any, name: str) -> str | None:
        return node.knob(name)

    def read_knobs(self, node: Any, names: tuple[str, ...]) -> dict[str, str | None]:
        return node.read_knobs(names)

    def set_knobs(self, node: Any, values: Mapping[str, KnobValue]) -> None:
        if isinstance(values.get("tile_color"), int):  # the one knob not written as the model quotes it
            values = {**values, "tile_color": as_written("tile_color", values["tile_color"])}
        node.set_knobs(values.items())

    def resolve_colorspace(self, node: Any, name: str) -> str | None:
        """*name* in the OCIO config ``$OCIO`` names (read headless with PyOpenColorIO), else None.

        A ``.nk`` file has no session to ask, so without a config to check against no
        colourspace is ever written: Nuke's default and the studio's file rules apply.
        """
        return colour_management.ocio_resolve(name)

    def create_node(self, cls: str, name: str, knobs: Mapping[str, KnobValue]) -> Any:
        """A new top-level node right of the others, under a free name.

        What the placement needs (names taken, rightmost x, topmost y) is worked
        out once and then kept up to date, so loading N reads costs O(N), not
        O(N²); any other change to names or positions makes it be worked out again.
        """
        placement = self._current_placement()
        xpos = placement.right + _SPACING_X
        ypos = placement.top + _SPACING_Y
        unique = _unique_name(valid_node_name(name, cls), placement.names)
        pairs = [(k, as_written(k, v)) for k, v in knobs.items()]
        pairs += [("name", unique), ("xpos", xpos), ("ypos", ypos)]
        node = self.script.add_node(cls, pairs)
        placement.names.add(unique)
        placement.right = xpos
        placement.top = min(placement.top, ypos) if placement.any else ypos
        placement.any = True
        placement.stamp = self.script.placement_stamp
        return node

    def _current_placement(self) -> _Placement:
        placement = self._placement
        script = self.script
        if placement is None or placement.script is not script or placement.stamp != script.placement_stamp:
            placement = _Placement.of(self.script)
            self._placement = placement
        return placement

    def add_string_knobs(self, node: Any, tab: tuple[str, str],
                         knobs: Sequence[tuple[str, str, str]]) -> None:
        node.add_user_knob(20, tab[0], tab[1])
        for name, label, value in knobs:
            node.add_user_knob(1, name, label, flags="+DISABLED", value=value)

    def remove_node(self, node: Any) -> None:
        self.script.remove_node(node)

    # -- publishing ---------------------------------------------------------------------------

    def children(self, node: Any) -> list[Any]:
        return list(node.children)

    def script_path(self) -> str | None:
        return str(self.path) if self.path is not None and self.path.is_file() else None

    def is_modified(self) -> bool:
        """Whether the model differs from the file on disk (a file never saved counts as modified)."""
        if self.path is None or not self.path.is_file():
            return True
        return fileio.read_bytes(self.path) != fileio.encode(nk.dumps(self.script))

    def application_version(self) -> str | None:
        match = re.match(r"\s*(\d+\.\d+)", self.script.version or "")
        return match.group(1) if match else None

    def root_knob(self, name: str) -> str | None:
        root = self.script.root
        return root.knob(name) if root is not None else None

    def set_root_knobs(self, values: Mapping[str, KnobValue | None]) -> None:
        set_root_user_knobs(self.script, values)

    def persist_root_knobs(self, values: Mapping[str, KnobValue | None]) -> None:
        set_root_user_knobs(self.script, values)
        if self.path is not None and self.path.is_file():
            with locked_script(self.path) as target:
                on_disk = nk.load(target)
                set_root_user_knobs(on_disk, values)
                nk.dump(on_disk, target)

    def add_user_knobs(self, node: Any, knobs: Sequence[KnobSpec]) -> None:
        for spec in knobs:
            add_user_knob(node, spec)

    def create_group(self, name: str, knobs: Mapping[str, KnobValue],
                     children: Sequence[tuple[str, str, Mapping[str, KnobValue]]]) -> Any:
        group = self.create_node("Group", name, knobs)
        upstream = None
        for cls, child_name, child_knobs in children:
            pairs = [("name", child_name), *((k, as_written(k, v)) for k, v in child_knobs.items())]
            upstream = self.script.add_node(cls, pairs, group=group,
                                            inputs=[upstream] if upstream is not None else [])
        return group

    def save_as(self, path: str) -> None:
        target = Path(path)
        root = self.script.root
        name = root.knob("name") if root is not None else None
        try:
            with fileio.claimed(target):
                if root is not None:
                    root.set_knob("name", target.as_posix())
                nk.dump(self.script, target)
        except FileExistsError:
            raise ConflictError(f"{target} already exists: pick another name") from None
        except BaseException:
            if root is not None and name is not None:
                root.set_knob("name", name)
            elif root is not None:
                root.remove_knob("name")
            raise
        self.path = target


@dataclass
class _Placement:
    """Top-level names and extent, valid while the script's placement stamp is unchanged."""

    names: set[str]
    right: int
    top: int
    any: bool
    stamp: int
    script: nk.Script

    @classmethod
    def of(cls, script: nk.Script) -> _Placement:
        top_level = [n for n in script.nodes() if n.parent is None]
        right = max((int(float(n.knob("xpos") or 0)) for n in top_level), default=-_SPACING_X)
        top = min((int(float(n.knob("ypos") or 0)) for n in top_level), default=0)
        names = {n.name for n in top_level if n.name is not None}
        return cls(names, right, top, bool(top_level), script.placement_stamp, script)


def _unique_name(wanted: str, taken: set[str]) -> str:
    """Nuke's uncollide: ``Name``, then ``Name1``, ``Name2``..."""
    if wanted not in taken:
        return wanted
    match = _TRAILING_NUMBER.match(wanted)
    stem = match.group(1) if match else wanted
    counter = 1
    while f"{stem}{counter}" in taken:
        counter += 1
    return f"{stem}{counter}"
