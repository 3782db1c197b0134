"""What the windows remember between sessions: size, splitters, column widths and order, toggles.

Kept with ``QSettings`` in an INI file per user (``avalon-nuke/<window>.ini`` in Qt's
user configuration folder), the same on every platform and inside Nuke, where the
registry or a plist would be harder for a TD to inspect or reset.
"""

from __future__ import annotations

from collections.abc import Mapping

from Qt import QtCore, QtWidgets

ORGANISATION = "avalon-nuke"


def ui_settings(window: str) -> QtCore.QSettings:
    settings = QtCore.QSettings
    return settings(settings.Format.IniFormat, settings.Scope.UserScope, ORGANISATION, window)


def _true(value: object) -> bool:
    return value is True or str(value).lower() in ("true", "1")


class Remembered:
    """Saves and restores one window's layout; keys are stable names, never widget addresses."""

    def __init__(self, settings: QtCore.QSettings, window: QtWidgets.QWidget, *,
                 headers: Mapping[str, QtWidgets.QHeaderView] | None = None,
                 splitters: Mapping[str, QtWidgets.QSplitter] | None = None,
                 toggles: Mapping[str, QtWidgets.QAbstractButton] | None = None) -> None:
        self.settings, self.window = settings, window
        self.headers = dict(headers or {})
        self.splitters = dict(splitters or {})
        self.toggles = dict(toggles or {})

    def restore(self) -> None:
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.window.restoreGeometry(geometry)
        for name, header in self.headers.items():
            state = self.settings.value(f"columns/{name}")
            if state is not None:
                header.restoreState(state)
        for name, splitter in self.splitters.items():
            state = self.settings.value(f"splitters/{name}")
            if state is not None:
                splitter.restoreState(state)
        for name, toggle in self.toggles.items():
            value = self.settings.value(f"toggles/{name}")
            if value is not None:
                toggle.setChecked(_true(value))

    def save(self) -> None:
        self.settings.setValue("geometry", self.window.saveGeometry())
        for name, header in self.headers.items():
            self.settings.setValue(f"columns/{name}", header.saveState())
        for name, splitter in self.splitters.items():
            self.settings.setValue(f"splitters/{name}", splitter.saveState())
        for name, toggle in self.toggles.items():
            self.settings.setValue(f"toggles/{name}", toggle.isChecked())
        self.settings.sync()
