"""What Avalon does when Nuke opens or saves a script.

Each callback hands its work to a pipeline module that may not be installed yet
(container resolution, script protection). Until it is, the callback says so in the
debug log and does nothing: it never pretends the work was done. A failure is reported
in one line and never stops Nuke from opening or saving the script.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Callable, Mapping
from types import ModuleType

import nuke

from avalon_nuke.config import Settings
from avalon_nuke.deadline.jobs import PUBLISHED_RENDER
from avalon_nuke.errors import AvalonError, RefusedError
from avalon_nuke.hosts.live_nuke import messages

log = logging.getLogger(__name__)

COMMANDS_MODULE = "avalon_nuke.hosts.live_nuke.commands"


def on_script_load(settings: Settings | None = None) -> None:
    """onScriptLoad: bring loaded containers to the version their policy asks for."""
    _guarded("resolving loaded versions", resolve_containers_on_load, settings)


def on_script_save(settings: Settings | None = None) -> None:
    """onScriptSave: let script protection (locks, versioning) look at the save; fail closed.

    A locked (published) script's refusal is shown and re-raised. Whether the raise aborts
    Nuke's save is not documented (live check ``on_script_save_refusal_*``); the locked
    work file is read-only on disk as well, so the overwrite fails either way. When the
    check itself fails, the hook cannot tell whether the file is locked: it refuses to
    save over an existing file (a save to a new name cannot harm a published one).
    """
    try:
        protect_script_on_save(settings)
    except RefusedError as refusal:
        messages.show(f"Avalon: {messages.one_line(refusal)}")
        raise
    except Exception as error:
        if not isinstance(error, AvalonError):
            log.exception("Avalon: checking script protection failed")
        target = _saving_to()
        detail = messages.one_line(error) or type(error).__name__
        if target is None or os.path.exists(target):
            messages.show(f"Avalon: not saving over {target or 'this script'}: script protection could not "
                          f"be checked ({detail}); use File > Save As to save under a new name")
            raise RefusedError(f"script protection could not be checked: {detail}") from error
        log.warning("Avalon: saving to the new file %s although protection could not be checked (%s)",
                    target, detail)


def _saving_to() -> str | None:
    """The file being saved: the Root's name during onScriptSave, None while untitled."""
    name = nuke.root().name()
    return name if isinstance(name, str) and name and name != "Root" else None


def resolve_containers_on_load(settings: Settings | None = None) -> None:
    """Hand over to :func:`avalon_nuke.hosts.live_nuke.commands.on_script_load`, in an artist's session only.

    Loaded versions follow their policy only in an interactive GUI session (AYON, too,
    adds its load callbacks only with the GUI): a farm render must show what was
    published, not what was approved since. Deadline's Nuke plugin starts batch-mode
    renders as ``nuke -t <scene>`` fed with ``nuke.execute`` lines, and others as
    ``nuke -x``, so no command-line flag tells a render from a script run; being
    headless does, and so does :data:`PUBLISHED_RENDER`, which every job we submit sets.
    """
    if is_render_session():
        log.debug("not an interactive session, or a render of a published script: versions left as saved")
        return
    _commands().on_script_load(settings=settings or Settings.from_env())


def protect_script_on_save(settings: Settings | None = None) -> None:
    """Hand over to :func:`avalon_nuke.hosts.live_nuke.commands.on_script_save`."""
    _commands().on_script_save(settings=settings or Settings.from_env())


def _commands() -> ModuleType:
    """The pipeline commands, imported when a callback first fires rather than as Nuke starts."""
    return importlib.import_module(COMMANDS_MODULE)


def is_render_session(environ: Mapping[str, str] | None = None) -> bool:
    """True unless this is an artist's interactive Nuke: headless, or rendering a published script."""
    marker = (os.environ if environ is None else environ).get(PUBLISHED_RENDER, "").strip().lower()
    return not nuke.GUI or marker not in ("", "0", "false", "no")


def _guarded(action: str, work: Callable[[Settings | None], None], settings: Settings | None) -> None:
    """Report failures in one line without stopping Nuke (opening a script must not depend on us)."""
    try:
        work(settings)
    except AvalonError as error:
        messages.show(messages.failure(action, error))
    except Exception as error:  # a bug must not stop Nuke opening the script
        log.exception("Avalon: %s failed", action)
        messages.show(messages.failure(action, error) + " (details in the Script Editor)")
