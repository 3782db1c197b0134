"""User knobs as the pipeline asks for them, whatever the host: live Nuke or a ``.nk`` file.

Both hosts and the script model's helpers read these, so they live below all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

KnobValue = str | int | float | bool

#: User knob kinds a host can add (``.nk`` type ids: 1 String, 2 File, 3 Int, 6 Boolean, 20 Tab, 41 Link).
KNOB_TYPE_IDS = {"string": 1, "file": 2, "int": 3, "bool": 6, "tab": 20, "link": 41}


@dataclass(frozen=True)
class KnobSpec:
    """A user knob to add: ``kind`` is a key of :data:`KNOB_TYPE_IDS`.

    A ``link`` knob shows another knob of a node inside the group (``value`` is
    its target, e.g. ``Write1.file``); a ``tab`` has no value.
    """

    kind: str
    name: str
    label: str
    value: KnobValue | None = None
    read_only: bool = False
    tooltip: str = ""
