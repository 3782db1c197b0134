"""Menus and toolbars: ``nuke.menu(name)``, ``nuke.toolbar(name)`` and their items.

Names may be paths (``"Avalon/Load..."``); submenus are made as needed. Adding a menu
that exists returns it; adding a command whose name exists replaces that command.
Without a GUI (``nuke -t``) there are no menus: ``nuke.menu`` raises RuntimeError.
"""

from __future__ import annotations

import re

from . import _session

_SPLIT = re.compile(r"[/\\]")
_TOP_MENUS = ("Nuke", "Pane", "Nodes", "Properties", "Animation", "Viewer", "Node Graph", "Axis")
_NUKE_MENUS = ("File", "Edit", "Workspace", "Viewer", "Render", "Cache", "Help")


class MenuItem:
    def __init__(self, *args, **kwargs) -> None:
        raise TypeError("menu items are made with Menu.addCommand()")

    @classmethod
    def _make(cls, name: str, command=None, shortcut: str = "", icon: str = "",
              tooltip: str = "", readonly: bool = False) -> MenuItem:
        self = object.__new__(cls)
        self._name, self._command, self._shortcut = name, command, shortcut or ""
        self._icon, self._tooltip, self._readonly = icon or "", tooltip or "", readonly
        self._enabled, self._visible = True, True
        return self

    def name(self) -> str:
        return self._name

    def script(self) -> str:
        return self._command if isinstance(self._command, str) else ""

    def setScript(self, script) -> None:
        self._command = script

    def shortcut(self) -> str:
        return self._shortcut

    def setShortcut(self, keySequence) -> None:
        self._shortcut = keySequence or ""

    def icon(self) -> str:
        return self._icon

    def setIcon(self, icon) -> None:
        self._icon = icon or ""

    def setEnabled(self, enabled, recursive=False) -> None:
        self._enabled = bool(enabled)

    def setVisible(self, visible) -> None:
        self._visible = bool(visible)

    def invoke(self) -> None:
        """Run the command (a Python string or callable) inside an undo group."""
        if not self._enabled or self._command is None:
            return
        package = _session.package()
        with package.Undo():
            package.Undo.name(self._name)
            if callable(self._command):
                self._command()
            elif self._command:
                exec(compile(self._command, f"<menu {self._name}>", "exec"), {"nuke": package})

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._name!r}>"


class _Container:
    """What menus, the menu bar and toolbars share."""

    def _init_container(self) -> None:
        self._items: list = []

    def _child(self, name: str):
        for item in self._items:
            if item._name == name and name:
                return item
        return None

    def _insert(self, item, index) -> None:
        if index is None or index < 0 or index >= len(self._items):
            self._items.append(item)
        else:
            self._items.insert(index, item)

    def _submenu_for(self, path: str):
        """The menu holding the last part of *path* (submenus made as needed), and that part."""
        parts = [p for p in _SPLIT.split(path) if p]
        if not parts:
            raise ValueError("a menu item needs a name")
        container = self
        for part in parts[:-1]:
            found = container._child(part)
            if not isinstance(found, Menu):
                found = Menu._make_menu(part)
                container._insert(found, -1)
            container = found
        return container, parts[-1]

    def addCommand(self, name, command=None, shortcut="", icon="", tooltip="", index=-1,
                   readonly=False):
        container, leaf = self._submenu_for(str(name))
        item = MenuItem._make(leaf, command, shortcut, icon, tooltip, readonly)
        existing = container._child(leaf)
        if existing is not None and not isinstance(existing, Menu):
            container._items[container._items.index(existing)] = item
        else:
            container._insert(item, index)
        return item

    def addMenu(self, name, icon=None, tooltip=None, index=-1):
        container, leaf = self._submenu_for(str(name))
        existing = container._child(leaf)
        if isinstance(existing, Menu):
            return existing
        menu = Menu._make_menu(leaf, icon or "", tooltip or "")
        container._insert(menu, index)
        return menu

    def addSeparator(self, index=-1):
        separator = MenuItem._make("")
        self._insert(separator, index)
        return separator

    def findItem(self, name):
        container = self
        for part in [p for p in _SPLIT.split(str(name)) if p]:
            if not isinstance(container, _Container):
                return None
            container = container._child(part)
            if container is None:
                return None
        return container if container is not self else None

    def menu(self, name):
        return self.findItem(name)

    def items(self) -> list:
        return list(self._items)

    def removeItem(self, name) -> None:
        """Remove an item; a missing one raises (Foundry does not say what Nuke does then,
        tk-nuke found removeItem unreliable across versions: callers check with findItem)."""
        parts = [p for p in _SPLIT.split(str(name)) if p]
        parent = self.findItem("/".join(parts[:-1])) if len(parts) > 1 else self
        found = parent._child(parts[-1]) if parts and isinstance(parent, _Container) else None
        if found is None:
            raise RuntimeError(f"no menu item named {name!r}")
        parent._items.remove(found)

    def clearMenu(self) -> None:
        self._items.clear()


class Menu(MenuItem, _Container):
    @classmethod
    def _make_menu(cls, name: str, icon: str = "", tooltip: str = "") -> Menu:
        self = cls._make(name, None, "", icon, tooltip)
        self._init_container()
        return self


class _Bar(_Container):
    def __init__(self, *args, **kwargs) -> None:
        raise TypeError("use nuke.menu(name) or nuke.toolbar(name)")

    @classmethod
    def _make_bar(cls, name: str):
        self = object.__new__(cls)
        self._name = name
        self._init_container()
        return self

    def name(self) -> str:
        return self._name


class MenuBar(_Bar):
    pass


class ToolBar(_Bar):
    pass


def default_menus() -> dict:
    bars = {name: MenuBar._make_bar(name) for name in _TOP_MENUS}
    for name in _NUKE_MENUS:
        bars["Nuke"].addMenu(name)
    bars["Nodes"] = ToolBar._make_bar("Nodes")
    bars["Nuke"].addCommand("File/Save", _save_script, "Ctrl+S")  # what Ctrl+S runs
    return bars


def _save_script() -> None:
    _session.package().scriptSave()


def menu(name: str):
    if not _session.gui():
        raise RuntimeError("menus are not available without a GUI (nuke -t)")
    return _session.session().menus.get(name)


def toolbar(name: str, create: bool = True):
    if not _session.gui():
        raise RuntimeError("toolbars are not available without a GUI (nuke -t)")
    bars = _session.session().menus
    found = bars.get(name)
    if found is None and create:
        found = bars[name] = ToolBar._make_bar(name)
    return found if isinstance(found, ToolBar) or found is None else None
