"""Why a loaded render shows what it shows, in one line a compositor reads (``ls``, the Manager).

The reason names the version a node should show, who approved it and when (local
time), and its comment, so "which Read, and why" needs no second look-up.
"""

from __future__ import annotations

from avalon_nuke.dates import local_text
from avalon_nuke.db.documents import Document, is_approved, is_rejected
from avalon_nuke.pipeline.container import Container
from avalon_nuke.pipeline.policy import Policy, State


def rejection_text(version: Document) -> str:
    """``v003 rejected by lead``: why a node still showing a rejected render is flagged."""
    who = version.get("data", {}).get("rejectedBy")
    return f"v{int(version['name']):03d} rejected" + (f" by {who}" if who else "")


def version_text(version: Document) -> str:
    """``v003 approved by ana 2026-11-24 16:30 "rim light"`` (the parts known)."""
    data = version.get("data", {})
    text = f"v{int(version['name']):03d}"
    if is_rejected(version):
        text += " rejected"
    elif is_approved(version):
        text += " approved"
        if data.get("approvedBy"):
            text += f" by {data['approvedBy']}"
        if data.get("approvedAt"):
            text += f" {local_text(data['approvedAt'])}"
    else:
        text += " work in progress"
    if data.get("comment"):
        text += f' "{data["comment"]}"'
    return text


def explain(container: Container) -> str:
    """The reason column: what the target is and why, or what is wrong."""
    if container.state is State.MISSING or container.current is None:
        return container.reason
    current, target, newest = container.current, container.target, container.newest_approved
    if container.policy is Policy.PINNED:
        shown = rejection_text(current) if is_rejected(current) else f"v{int(current['name']):03d}"
        text = f"pinned to {shown}"
        if newest is not None and newest["name"] > current["name"]:
            text += f"; newer: {version_text(newest)}"
        return text
    if target is not None and target["_id"] != current["_id"]:
        return f"update to {version_text(target)}"
    if container.reason:  # e.g. the target has no such representation
        return container.reason
    if newest is not None and newest["name"] > current["name"]:
        return f"newer approved version: {version_text(newest)}"
    return f"shows {version_text(current)}"
