"""Which project and asset a script belongs to: one rule for the command line, windows and plug-ins.

A script says where it belongs in several ways, and each is asked in turn; the first
that answers wins, so an explicit choice always overrides and the environment is the
last resort (a comp opened from another shot's work folder is not that other shot):

1. what the caller was told (``--project``/``--asset``, a window's choice);
2. the script's Root knobs (``avalon_project``/``avalon_asset``, written by Create);
3. what its nodes recorded: the project of its loaded renders (containers), the
   asset of its publish instances;
4. its path under the projects root, ``{root}/{project}/{asset}/work/...``;
5. ``AVALON_PROJECT``/``AVALON_ASSET``.

Nodes that disagree (containers from two projects) are not guessed between: the
context says so, and asking for that value raises the one-line error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avalon_nuke.config import Settings
from avalon_nuke.errors import InputError
from avalon_nuke.hosts.interface import ScriptHost
from avalon_nuke.pipeline.container_data import DATA_KNOB, ContainerDataError, parse_container
from avalon_nuke.pipeline.instance_data import (
    INSTANCE_KNOB,
    ROOT_ASSET_KNOB,
    ROOT_PROJECT_KNOB,
    InstanceDataError,
    parse_instance,
)

WORK_FOLDER = "work"  # {root}/{project}/{asset}/work/... (paths.DEFAULT_WORK_TEMPLATE)


@dataclass(frozen=True)
class ScriptContext:
    """The project and asset of a script, and where each came from (for messages)."""

    project: str | None = None
    asset: str | None = None
    project_from: str = ""
    asset_from: str = ""
    conflicts: dict[str, str] = field(default_factory=dict)   # "project"/"asset" -> why it is unknown

    def require_project(self, option: str = "--project") -> str:
        return self._require("project", self.project, option, "AVALON_PROJECT")

    def require_asset(self, option: str = "--asset") -> str:
        return self._require("asset", self.asset, option, "AVALON_ASSET")

    def _require(self, what: str, value: str | None, option: str, variable: str) -> str:
        if value:
            return value
        if what in self.conflicts:
            raise InputError(f"{self.conflicts[what]}: pass {option}")
        raise InputError(f"{option} is required: the script does not say which {what} it belongs to "
                         f"(or set {variable})")


def script_context(host: ScriptHost | None, settings: Settings, *, project: str | None = None,
                   asset: str | None = None, path: str | None = None) -> ScriptContext:
    """The context of the script *host* holds (or of the script at *path* that does not exist yet)."""
    script_path = path if path is not None else (host.script_path() if host is not None else None)
    from_path = _from_path(script_path, settings.projects_root)
    conflicts: dict[str, str] = {}

    project_sources: list[tuple[str, Callable[[], str | None]]] = [
        ("option", lambda: project),
        ("the script's Root", lambda: _root(host, ROOT_PROJECT_KNOB)),
        ("its loaded renders", lambda: _one(_container_projects(host), "containers from several projects",
                                            "project", conflicts)),
        ("its path", lambda: from_path[0]),
        ("AVALON_PROJECT", lambda: settings.project),
    ]
    asset_sources: list[tuple[str, Callable[[], str | None]]] = [
        ("option", lambda: asset),
        ("the script's Root", lambda: _root(host, ROOT_ASSET_KNOB)),
        ("its publish instances", lambda: _one(_instance_assets(host), "instances of several assets",
                                               "asset", conflicts)),
        ("its path", lambda: from_path[1]),
        ("AVALON_ASSET", lambda: settings.asset),
    ]
    found_project, project_from = _first(project_sources, "project", conflicts)
    found_asset, asset_from = _first(asset_sources, "asset", conflicts)
    return ScriptContext(found_project, found_asset, project_from, asset_from, conflicts)


def folder_context(folders: list[str], settings: Settings, *, project: str | None = None,
                   asset: str | None = None) -> ScriptContext:
    """The context of rendered images: the option, else their folder under the projects root
    (``{root}/{project}/{asset}/...``, when every folder agrees), else the environment."""
    named = {_under_root(folder, settings.projects_root) for folder in folders}
    project_here, asset_here = named.pop() if len(named) == 1 else (None, None)
    found_project, project_from = _pick((project, "option"), (project_here, "its folder"),
                                        (settings.project, "AVALON_PROJECT"))
    found_asset, asset_from = _pick((asset, "option"), (asset_here, "its folder"),
                                    (settings.asset, "AVALON_ASSET"))
    return ScriptContext(found_project, found_asset, project_from, asset_from)


def _pick(*candidates: tuple[str | None, str]) -> tuple[str | None, str]:
    """The first (value, where it came from) that has a value."""
    for value, source in candidates:
        if value:
            return value, source
    return None, ""


def _under_root(folder: str, projects_root: Path) -> tuple[str | None, str | None]:
    try:
        parts = Path(folder).resolve().relative_to(Path(projects_root).resolve()).parts
    except ValueError:
        return None, None
    return (parts[0], parts[1]) if len(parts) >= 3 else (None, None)


def _first(sources: list[tuple[str, Callable[[], str | None]]], what: str,
           conflicts: dict[str, str]) -> tuple[str | None, str]:
    for label, ask in sources:
        value = ask()
        if what in conflicts:      # the nodes disagree: asking further would be a guess
            return None, ""
        if value:
            return value, label
    return None, ""


def _root(host: ScriptHost | None, knob: str) -> str | None:
    if host is None:
        return None
    value = host.root_knob(knob)
    return value.strip() if value and value.strip() else None


def _one(values: Iterable[str], several: str, what: str, conflicts: dict[str, str]) -> str | None:
    named = sorted(set(values))
    if len(named) > 1:
        conflicts[what] = f"{several} ({', '.join(named)})"
        return None
    return named[0] if named else None


def _container_projects(host: ScriptHost | None) -> list[str]:
    return [data.project for data in _records(host, DATA_KNOB, parse_container, ContainerDataError)
            if data.project]


def _instance_assets(host: ScriptHost | None) -> list[str]:
    return [data.asset for data in _records(host, INSTANCE_KNOB, parse_instance, InstanceDataError)
            if data.asset]


def _records(host: ScriptHost | None, knob: str, parse: Callable[[str | None], Any],
             error: type[Exception]) -> list[Any]:
    """The records a script's nodes hold; a garbled one says nothing (ls reports it as missing)."""
    if host is None:
        return []
    records = []
    for node in host.nodes_with_knob(knob):
        try:
            records.append(parse(host.knob(node, knob)))
        except error:
            continue
    return records


def _from_path(script_path: str | None, projects_root: Path) -> tuple[str | None, str | None]:
    """(project, asset) of ``{root}/{project}/{asset}/work/...``; (None, None) elsewhere."""
    if not script_path:
        return None, None
    try:
        relative = Path(script_path).resolve().relative_to(Path(projects_root).resolve())
    except ValueError:
        return None, None
    parts = relative.parts
    if len(parts) >= 4 and parts[2] == WORK_FOLDER:
        return parts[0], parts[1]
    return None, None
