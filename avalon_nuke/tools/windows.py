"""What every window needs: its context, a parent in Nuke, and being opened only once.

A second ``show()`` of the same window raises the one already open instead of
opening a copy: the open window is found among the application's windows by its
object name, so no module keeps a registry of its own.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from Qt import QtCore, QtWidgets

from avalon_nuke.config import Settings
from avalon_nuke.db import Repository
from avalon_nuke.errors import InputError
from avalon_nuke.hosts.interface import ScriptHost
from avalon_nuke.pipeline.script_context import ScriptContext, script_context

NUKE_MAIN_WINDOW_CLASS = "Foundry::UI::DockMainWindow"
OUR_PREFIX = "Avalon"  # object names of our own windows, never taken for Nuke's

W = TypeVar("W", bound=QtWidgets.QWidget)


@dataclass
class ToolContext:
    """Everything a window works on, passed in rather than looked up globally."""

    settings: Settings
    repo: Repository
    host: ScriptHost | None = None
    owns_repo: bool = False     # opened for this window: closed with it

    def where(self) -> ScriptContext:
        """The open script's project and asset, by the one rule (Root knobs, nodes, path, environment)."""
        return script_context(self.host, self.settings)

    @property
    def project(self) -> str | None:
        return self.where().project

    @property
    def asset(self) -> str | None:
        return self.where().asset

    def require_project(self) -> str:
        project = self.project
        if not project:
            raise InputError("no project context: the script does not say which project it belongs to "
                             "(set AVALON_PROJECT before starting Nuke)")
        return project

    def require_host(self) -> ScriptHost:
        if self.host is None:
            raise InputError("no script to work on: this window was opened without a host")
        return self.host

    def close(self) -> None:
        if self.owns_repo:
            self.repo.close()


def make_context(settings: Settings | None = None, *, repo: Repository | None = None,
                 host: ScriptHost | None = None, need_host: bool = True) -> ToolContext:
    """The window's context: the database opened from *settings* and, in Nuke, the live script."""
    settings = settings or Settings.from_env()
    if host is None and need_host:
        host = live_host()
    owns = repo is None
    if repo is None:
        from avalon_nuke.db import open_database

        repo = open_database(settings)
    return ToolContext(settings, repo, host, owns_repo=owns)


def live_host() -> ScriptHost:
    """The script open in Nuke; outside Nuke there is none and the caller must pass a host."""
    if "nuke" not in sys.modules:
        raise InputError("not running inside Nuke: pass host= (a ScriptHost, e.g. NkFileHost)")
    from avalon_nuke.hosts.live_nuke.script_host import LiveHost

    return LiveHost()


def nuke_main_window() -> QtWidgets.QWidget | None:
    """Nuke's main window when running inside Nuke's GUI, else None."""
    app = QtWidgets.QApplication.instance()
    if app is None or "nuke" not in sys.modules:
        return None
    mains = [w for w in app.topLevelWidgets() if isinstance(w, QtWidgets.QMainWindow) and w.parent() is None
             and w.isVisible() and not w.objectName().startswith(OUR_PREFIX)]
    for window in mains:
        if window.metaObject().className() == NUKE_MAIN_WINDOW_CLASS:
            return window
    return mains[0] if mains else None


def find_open(object_name: str) -> QtWidgets.QWidget | None:
    """The visible window of that object name, if one is open."""
    app = QtWidgets.QApplication.instance()
    if app is None:
        return None
    for widget in app.topLevelWidgets():
        if widget.objectName() == object_name and widget.isVisible():
            return widget
    return None


def show_once(object_name: str, build: Callable[[QtWidgets.QWidget | None], W],
              parent: QtWidgets.QWidget | None = None) -> W:
    """Raise the open window named *object_name*, or build, show and return a new one."""
    existing = find_open(object_name)
    if existing is not None:
        existing.showNormal() if existing.isMinimized() else existing.show()
        existing.raise_()
        existing.activateWindow()
        return existing  # type: ignore[return-value]
    if QtWidgets.QApplication.instance() is None:
        raise InputError("no Qt application: the windows open inside Nuke's GUI")
    window = build(parent if parent is not None else nuke_main_window())
    window.setObjectName(object_name)
    window.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose, True)
    window.show()
    window.raise_()
    return window

