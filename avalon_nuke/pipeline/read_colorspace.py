"""A Read's colourspace: the one its representation records, when the session's config has it.

Nothing is guessed from the extension: ``linear``/``rec709`` are names of Nuke's own
default config and do not exist in ACES or most studio OCIO configs. Without a recorded,
checkable name the Read keeps Nuke's default, so the studio's file rules decide.
"""

from __future__ import annotations

import logging
from typing import Any

from avalon_nuke.db.documents import Document
from avalon_nuke.hosts.interface import ScriptHost

log = logging.getLogger(__name__)


def recorded_colorspace(rep: Document | None) -> str | None:
    """The colourspace a representation was published with, if it says."""
    value = (rep or {}).get("data", {}).get("colorspace")
    return value.strip() if isinstance(value, str) and value.strip() else None


def apply_colorspace(host: ScriptHost, node: Any, rep: Document | None,
                     previous: Document | None = None) -> str | None:
    """Set the representation's colourspace on the Read when the config has it; the value set.

    On a version switch (*previous* is the representation shown until now) nothing is set
    when both record the same colourspace, so an artist's own choice on the node stays.
    """
    recorded = recorded_colorspace(rep)
    if recorded is None or (previous is not None and recorded_colorspace(previous) == recorded):
        return None
    listed = host.resolve_colorspace(node, recorded)
    if listed is None:
        log.info("%s: colourspace %r is not in this session's config; Nuke's default applies",
                 host.node_name(node), recorded)
        return None
    host.set_knobs(node, {"colorspace": listed})
    return listed
