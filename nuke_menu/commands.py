"""Running a menu entry: find its function at click time, turn failures into one line.

An artist clicking a menu item must never face a traceback: a missing tool, a database
that is down or a bug each end as one line in a message box (bugs also log the traceback
for whoever debugs it).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

from avalon_nuke.config import Settings
from avalon_nuke.errors import AvalonError

log = logging.getLogger(__name__)


class Unavailable(Exception):
    """The entry's function cannot be found (its module is not installed yet, say)."""


def resolve(target: str) -> Callable[..., object]:
    """The function named by a dotted path, imported now."""
    module_name, _, function = target.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        missing = error.name or ""
        if missing and (module_name == missing or module_name.startswith(missing + ".")):
            raise Unavailable(f"{module_name} is not installed yet") from None
        raise Unavailable(f"{module_name} cannot be loaded: {error}") from None
    except ImportError as error:
        raise Unavailable(f"{module_name} cannot be loaded: {error}") from None
    found = getattr(module, function, None)
    if not callable(found):
        raise Unavailable(f"{module_name} has no {function}()")
    return found


def run(label: str, target: str, settings: Settings) -> None:
    """What clicking the entry does."""
    from avalon_nuke.hosts.live_nuke import messages

    action = label.rstrip(".")
    try:
        function = resolve(target)
    except Unavailable as error:
        messages.show(f"Avalon: {action} is not available: {error}")
        return
    try:
        function(settings=settings)
    except AvalonError as error:
        messages.show(messages.failure(action, error))
    except Exception as error:  # a bug: one line for the artist, the traceback in the log
        log.exception("Avalon: %s failed", action)
        messages.show(messages.failure(action, error) + " (details in the Script Editor)")
    finally:
        from nuke_menu import refresh_windows

        refresh_windows()  # e.g. an open Manager shows what "Update" just changed
