"""Install the Avalon host into a running Nuke (GUI or ``nuke -t``), and take it out again.

Installing registers the host and the publish plug-ins with pyblish, puts the gizmos
folder on Nuke's plug-in path and adds the script callbacks. It is idempotent: a second
install (even with other settings) leaves exactly one of everything. Nothing here opens
the database or the network. The Avalon menu is separate (``nuke_menu``), because Nuke
runs ``menu.py`` only in GUI sessions while these callbacks matter headless too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import nuke
import pyblish.api

from avalon_nuke import startup_folder
from avalon_nuke.config import Settings
from avalon_nuke.hosts.live_nuke import callbacks
from avalon_nuke.paths import same_path

log = logging.getLogger(__name__)

HOST_NAME = "nuke"
PACKAGE_DIR = Path(__file__).resolve().parents[2]
PUBLISH_PLUGINS = PACKAGE_DIR / "publish" / "plugins"
LIVE_PUBLISH_PLUGINS = Path(__file__).resolve().parent / "publish"  # plug-ins that know `nuke`

# (registry in nuke.callbacks, add, remove, our callback)
_SCRIPT_CALLBACKS: tuple[tuple[str, str, str, Callable[..., None]], ...] = (
    ("onScriptLoads", "addOnScriptLoad", "removeOnScriptLoad", callbacks.on_script_load),
    ("onScriptSaves", "addOnScriptSave", "removeOnScriptSave", callbacks.on_script_save),
)


def install(settings: Settings | None = None) -> None:
    """Register everything; *settings* default to the ``AVALON_*`` environment."""
    settings = settings or Settings.from_env()
    pyblish.api.register_host(HOST_NAME)
    for folder in (PUBLISH_PLUGINS, LIVE_PUBLISH_PLUGINS):
        if not _plugin_path_registered(folder):
            pyblish.api.register_plugin_path(str(folder))
    gizmos = startup_folder.gizmos_folder()  # the checkout's gizmos/, or the wheel's installed copy
    if gizmos is not None:
        if not any(same_path(entry, gizmos) for entry in nuke.pluginPath()):
            nuke.pluginAddPath(str(gizmos), addToSysPath=False)
    else:
        log.warning("no gizmos folder beside %s: AvalonWrite is not available", PACKAGE_DIR)
    for registry, add, remove, callback in _SCRIPT_CALLBACKS:
        _remove_all(registry, remove, callback)
        getattr(nuke, add)(callback, kwargs={"settings": settings})


def uninstall() -> None:
    """Remove what :func:`install` added.

    The gizmos folder stays on the plug-in path: Nuke has no call that removes a path.
    """
    for registry, _, remove, callback in _SCRIPT_CALLBACKS:
        _remove_all(registry, remove, callback)
    for folder in (PUBLISH_PLUGINS, LIVE_PUBLISH_PLUGINS):
        for registered in [path for path in pyblish.api.registered_paths() if same_path(path, folder)]:
            pyblish.api.deregister_plugin_path(registered)
    pyblish.api.deregister_host(HOST_NAME, quiet=True)


def is_installed() -> bool:
    return HOST_NAME in pyblish.api.registered_hosts() and _plugin_path_registered(PUBLISH_PLUGINS)


def _plugin_path_registered(folder: Path) -> bool:
    """Compared as normalised paths: ``C:/show/x``, ``C:\\show\\x\\`` and ``/a/./x`` are the same folder."""
    return any(same_path(path, folder) for path in pyblish.api.registered_paths())


def _remove_all(registry: str, remove: str, callback: Callable[..., None]) -> None:
    """Remove every registration of *callback*, whatever arguments it was added with."""
    entries = getattr(nuke.callbacks, registry)
    for node_class, registered in list(entries.items()):
        for call, args, kwargs, _node in list(registered):
            if call is callback:
                getattr(nuke, remove)(call, args, kwargs, nodeClass=node_class)
