"""Telling the artist about a problem: one line in a message box, never a traceback.

Without a GUI (``nuke -t``, farm renders) nobody can click a dialog away, so the same
line goes to the log instead.
"""

from __future__ import annotations

import logging

import nuke

from avalon_nuke.redaction import one_line

log = logging.getLogger(__name__)


def show(text: object) -> None:
    """Show one line to the artist (a dialog in the GUI, a log warning in a terminal)."""
    line = one_line(text)
    if nuke.GUI:
        nuke.message(line)
    else:
        log.warning("%s", line)


def failure(action: str, error: BaseException) -> str:
    """The line that reports *error* raised while doing *action*."""
    detail = one_line(error) or type(error).__name__
    return f"Avalon: {action} failed: {detail}"
