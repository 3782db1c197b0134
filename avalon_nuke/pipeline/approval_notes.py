"""What an approval check found, in words: one line naming the Reads, versions, approver, comment.

The line is all the artist gets (a non-modal note in Nuke, a log line elsewhere), so it says
what moved and why without opening anything: ``Read1 v005 → v006 approved by ana: "final grade"``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from avalon_nuke.db.documents import is_approved, is_rejected
from avalon_nuke.pipeline.container import Container
from avalon_nuke.pipeline.container_data import STATE_COLOURS, STATUS_KNOB, status_text
from avalon_nuke.pipeline.container_report import rejection_text
from avalon_nuke.pipeline.policy import State
from avalon_nuke.redaction import one_line

MOST_NAMED = 5         # Reads named in the line; the others are counted


@dataclass(frozen=True)
class Announcement:
    """One line for the artist; *pending* names the Reads an Apply would switch (notify only)."""

    text: str
    pending: tuple[str, ...] = ()
    problem: bool = False


def needs_change(host: Any, container: Container) -> bool:
    """Would applying *container* change the script: another version, or another state shown?"""
    if container.needs_switch:
        return True
    if container.data is None:
        return False
    shown = host.knob(container.node, STATUS_KNOB)
    if shown is not None:
        return shown != status_text(container.subset, container.current_number, container.state,
                                    container.policy, container.reason)
    colour = host.knob(container.node, "tile_color")
    try:
        value = int(str(colour), 0) if colour is not None else 0
    except ValueError:
        return False  # not a colour we could have written: the artist's, left alone
    return value in STATE_COLOURS.values() and value != STATE_COLOURS[container.state]


def describe(container: Container, newest_approved: int | None = None) -> str:
    """``Read1 v005 → v006 approved by ana: "final grade"`` for one container about to be applied."""
    name, current = container.node_name, container.current_number
    if container.state is State.MISSING:
        return f"{name} missing: {container.reason}"
    if container.needs_switch and container.target is not None:
        return f"{name} v{current:03d} → v{container.target['name']:03d} {_who(container.target)}"
    if container.current is not None and is_rejected(container.current):
        return f"{name} stays on {rejection_text(container.current)} ({container.policy.value})"
    if container.state is State.OUTDATED:
        waiting = f"v{newest_approved:03d}" if newest_approved is not None else "a newer version"
        return f"{name} stays on v{current:03d} ({container.policy.value}); {waiting} approved"
    if container.current is not None and container.state is State.APPROVED:
        return f"{name} v{current:03d} now {_who(container.current)}"
    return f"{name} v{current:03d} no longer approved"


def _who(version: Mapping[str, Any]) -> str:
    data = version.get("data") or {}
    if is_approved(version):
        text = f"approved by {data['approvedBy']}" if data.get("approvedBy") else "approved"
    else:
        text = f"work in progress by {data['author']}" if data.get("author") else "work in progress"
    comment = str(data.get("approvalComment") or data.get("comment") or "").strip()
    return f'{text}: "{comment}"' if comment else text


def switched_line(items: Sequence[str]) -> str:
    return one_line("Avalon: following approvals: " + _joined(items))


def pending_line(items: Sequence[str]) -> str:
    return one_line("Avalon: newer versions waiting (Apply, or Manager > Update all): " + _joined(items))


def _joined(items: Sequence[str]) -> str:
    named = "; ".join(items[:MOST_NAMED])
    return named + (f"; and {len(items) - MOST_NAMED} more" if len(items) > MOST_NAMED else "")


