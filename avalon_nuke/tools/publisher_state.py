"""What the Publisher shows about a run, kept apart from the widgets (no Qt here).

One row per plug-in, in pyblish order. A plug-in that runs once per instance
passes only if every run passes; each failure keeps its one-line message, the
node an artist should fix, and the pyblish instance so the window can select it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from avalon_nuke.config import redact
from avalon_nuke.publish.script_publish import PluginClass
from avalon_nuke.redaction import one_line as first_line


class StepState(str, Enum):
    """How one plug-in's row of the Publisher stands."""

    PENDING = "pending"
    PASSED = "passed"
    WARNED = "warning"
    FAILED = "failed"
    NOT_RUN = "not run"  # the run stopped before it (a failure after validation)

    def __str__(self) -> str:  # the same text in f-strings on Python 3.10 and 3.11
        return self.value


PENDING, PASSED, WARNED, FAILED, NOT_RUN = (StepState.PENDING, StepState.PASSED, StepState.WARNED,
                                            StepState.FAILED, StepState.NOT_RUN)
_REPAIR_WHEN = ("failed", "processed", "all")


@dataclass
class Failure:
    plugin: PluginClass
    message: str
    node_name: str | None
    node: Any = None

    @property
    def text(self) -> str:
        where = f" [{self.node_name}]" if self.node_name else ""
        return f"{label_of(self.plugin)}{where}: {self.message}"


@dataclass
class PluginRow:
    plugin: PluginClass
    state: StepState = PENDING
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return label_of(self.plugin)

    @property
    def repairable(self) -> bool:
        return repair_action(self.plugin) is not None


def label_of(plugin: PluginClass) -> str:
    return getattr(plugin, "label", None) or plugin.__name__


def repair_action(plugin: PluginClass) -> type | None:
    """The plug-in's Repair action (a pyblish Action named "Repair"), if it offers one."""
    for action in getattr(plugin, "actions", None) or ():
        if getattr(action, "label", "") == "Repair" and getattr(action, "on", "") in _REPAIR_WHEN:
            return action
    return None


def one_line(error: object) -> str:
    """An error as one line; one without a message says what it is."""
    return first_line(error, empty=type(error).__name__, limit=None)


class RunState:
    """The rows of one run, updated from each pyblish result as it arrives."""

    def __init__(self, plugins: list[PluginClass]) -> None:
        self.rows = [PluginRow(plugin) for plugin in plugins]
        self._by_plugin = {row.plugin: row for row in self.rows}

    def record(self, result: dict) -> PluginRow | None:
        plugin = result.get("plugin")
        row = self._by_plugin.get(plugin) if plugin is not None else None
        if row is None:
            return None
        error, instance = result.get("error"), result.get("instance")
        for record in result.get("records") or ():
            if record.levelno >= logging.WARNING:
                row.warnings.append(redact(record.getMessage()))
        if error is not None:
            data = instance.data if instance is not None else {}
            row.failures.append(Failure(row.plugin, one_line(error), data.get("nodeName"), data.get("node")))
            row.state = FAILED
        elif row.state != FAILED:
            row.state = WARNED if row.warnings else PASSED
        return row

    def finish(self) -> None:
        for row in self.rows:
            if row.state == PENDING:
                row.state = NOT_RUN

    def position(self, row: PluginRow) -> int:
        return self.rows.index(row)

    @property
    def failures(self) -> list[Failure]:
        return [failure for row in self.rows for failure in row.failures]
