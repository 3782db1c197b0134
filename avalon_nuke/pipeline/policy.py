"""Which version a loaded render should show: the rules of docs/ARCHITECTURE.md, in one pure function.

``approved`` (default) follows the newest approved version, except that a node
already showing a newer work-in-progress version stays on it until an approved
version at least as new exists. ``latest`` follows the newest version of any
state. ``pinned`` never moves and is only reported as outdated.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Policy(str, Enum):
    APPROVED = "approved"
    LATEST = "latest"
    PINNED = "pinned"

    @classmethod
    def parse(cls, value: object) -> Policy:
        """Unknown or missing policies (older containers) mean the default, ``approved``."""
        return _POLICIES.get(str(value), cls.APPROVED)  # a dictionary: one per container read


_POLICIES = {policy.value: policy for policy in Policy}


class State(str, Enum):
    """What a container's colour and label say."""

    APPROVED = "approved"
    WIP = "wip"
    OUTDATED = "outdated"
    MISSING = "missing"


@dataclass(frozen=True)
class Decision:
    target: int                 # version number the node should show
    outdated: bool              # a newer approved version exists that the node will not (or did not) take


def decide(policy: Policy, current: int, newest: int | None, newest_approved: int | None, *,
           current_rejected: bool = False) -> Decision:
    """Target version for a node showing version *current* of a subset.

    *newest* and *newest_approved* are the subset's highest version numbers
    overall and among approved versions (None when there is none); neither is ever
    a rejected version. A node showing a version that was rejected goes back to
    what its policy follows, even if that is older: no policy follows a rejected one.
    """
    if policy is Policy.PINNED:
        return Decision(current, newest_approved is not None and newest_approved > current)
    if current_rejected:
        back = newest if policy is Policy.LATEST else newest_approved
        return Decision(back if back is not None else current, False)
    if policy is Policy.LATEST:
        target = max(current, newest) if newest is not None else current
        return Decision(target, False)
    if newest_approved is not None and newest_approved >= current:
        return Decision(newest_approved, False)
    return Decision(current, False)  # showing a WIP newer than anything approved: stay


def state_after(decision: Decision, target_approved: bool) -> State:
    """The state a node shows once it is on ``decision.target``."""
    if decision.outdated:
        return State.OUTDATED
    return State.APPROVED if target_approved else State.WIP
