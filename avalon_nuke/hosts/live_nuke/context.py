"""Project settings from the pipeline: the asset's frame range, frame rate and resolution.

The asset document comes from a repository (``avalon_nuke.db``); the menu commands open
one from the settings at click time, tests pass a small fake.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Protocol

import nuke

from avalon_nuke.config import Settings
from avalon_nuke.errors import InputError


class AssetSource(Protocol):
    def asset(self, project: str, name: str) -> Mapping[str, Any]: ...


def set_frame_range(settings: Settings | None = None, repository: AssetSource | None = None) -> None:
    """Set Root ``first_frame``/``last_frame`` (and ``fps`` when known) from the asset."""
    settings = settings or Settings.from_env()
    with _asset_data(settings, repository) as data:
        first, last = _number(data, "frameStart", int), _number(data, "frameEnd", int)
        fps = _number(data, "fps", float) if data.get("fps") is not None else None
    if first > last:
        raise InputError(f"asset '{settings.asset}' has frameStart {first} after frameEnd {last}")
    root = nuke.root()
    with nuke.Undo():
        nuke.Undo.name("Avalon: set frame range")
        root["first_frame"].setValue(first)
        root["last_frame"].setValue(last)
        if fps is not None:
            root["fps"].setValue(fps)


def set_resolution(settings: Settings | None = None, repository: AssetSource | None = None) -> None:
    """Set the Root format to the asset's resolution, adding a named format when none fits."""
    settings = settings or Settings.from_env()
    with _asset_data(settings, repository) as data:
        width = _number(data, "resolutionWidth", int)
        height = _number(data, "resolutionHeight", int)
        aspect = _number(data, "pixelAspect", float) if data.get("pixelAspect") is not None else 1.0
    if width <= 0 or height <= 0 or aspect <= 0:
        raise InputError(f"asset '{settings.asset}' has an invalid resolution {width}x{height} ({aspect})")
    fmt = _matching_format(width, height, aspect)
    if fmt is None:
        name = _format_name(settings.asset, width, height, aspect)
        fmt = nuke.addFormat(f"{width} {height} 0 0 {width} {height} {aspect:g} {name}")
    with nuke.Undo():
        nuke.Undo.name("Avalon: set resolution")
        nuke.root()["format"].setValue(fmt)


@contextmanager
def _asset_data(settings: Settings, repository: AssetSource | None) -> Iterator[Mapping[str, Any]]:
    if not settings.project or not settings.asset:
        raise InputError("no Avalon context: set AVALON_PROJECT and AVALON_ASSET before starting Nuke")
    if repository is not None:
        yield repository.asset(settings.project, settings.asset).get("data") or {}
        return
    from avalon_nuke.db import open_database

    with open_database(settings) as opened:
        yield opened.asset(settings.project, settings.asset).get("data") or {}


def _number(data: Mapping[str, Any], key: str, kind: type) -> Any:
    value = data.get(key)
    if value is None:
        raise InputError(f"the asset has no {key} in the pipeline database")
    try:
        return kind(value)
    except (TypeError, ValueError) as error:
        raise InputError(f"the asset's {key} is not a number: {value!r}") from error


def _matching_format(width: int, height: int, aspect: float):
    for fmt in nuke.formats():
        if (fmt.width(), fmt.height()) == (width, height) and abs(fmt.pixelAspect() - aspect) < 1e-6 \
                and fmt.name():
            return fmt
    return None


def _format_name(asset: str | None, width: int, height: int, aspect: float) -> str:
    stem = re.sub(r"[^A-Za-z0-9_]", "_", asset or "avalon")
    suffix = "" if aspect == 1 else f"_{aspect:g}".replace(".", "p")
    return f"{stem}_{width}x{height}{suffix}"
