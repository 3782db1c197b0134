"""Where publishes and work files live, and whether a path is on shared storage.

Templates are plain :meth:`str.format` strings so a studio can change its
folder layout in configuration. Every name is validated before it is put into a
path and the result must stay under the projects root, so a bad template or
name can never make a publish write somewhere else.
"""

from __future__ import annotations

import os
import re
import string
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Any, cast

from .errors import InputError
from .names import validate_name

DEFAULT_PUBLISH_TEMPLATE = "{root}/{project}/{asset}/publish/{family}/{subset}/v{version:03d}"
DEFAULT_WORK_TEMPLATE = "{root}/{project}/{asset}/work/nuke"

_PUBLISH_FIELDS = ("root", "project", "asset", "family", "subset", "version")
_WORK_FIELDS = ("root", "project", "asset")

PathLike = str | os.PathLike[str]


def publish_folder(
    template: str,
    *,
    root: PathLike,
    project: str,
    asset: str,
    family: str,
    subset: str,
    version: int,
) -> Path:
    """The folder of one published version, e.g. ``.../publish/render/beauty/v003``."""
    values = {
        "root": os.fspath(root),
        "project": validate_name("project", project),
        "asset": validate_name("asset", asset),
        "family": validate_name("family", family),
        "subset": validate_name("subset", subset),
        "version": _validate_version(version),
    }
    return _fill_template("publish", template, values, _PUBLISH_FIELDS)


def work_folder(template: str, *, root: PathLike, project: str, asset: str) -> Path:
    """The folder where an asset's Nuke work files (``.nk`` scripts) are saved."""
    values = {
        "root": os.fspath(root),
        "project": validate_name("project", project),
        "asset": validate_name("asset", asset),
    }
    return _fill_template("work", template, values, _WORK_FIELDS)


def work_file_name(asset: str, version: int) -> str:
    """``sh010_v003.nk``: the asset name first so files sort and read well in a browser."""
    return f"{validate_name('asset', asset)}_v{_validate_version(version):03d}.nk"


def next_work_version(folder: PathLike, asset: str) -> int:
    """One more than the highest ``{asset}_vNNN.nk`` in *folder*; 1 when there is none."""
    pattern = re.compile(re.escape(validate_name("asset", asset)) + r"_v([0-9]+)\.nk")
    highest = 0
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                match = pattern.fullmatch(entry.name)
                if match:
                    highest = max(highest, int(match.group(1)))
    except FileNotFoundError:
        return 1
    except NotADirectoryError as error:
        raise InputError(f"work folder {os.fspath(folder)} is a file, not a folder") from error
    return highest + 1


#: Characters Nuke's Tcl evaluates in a Read's or Write's ``file`` knob: ``[...]`` runs a
#: command, ``$name`` reads a variable. A published path holding them would run code
#: in every script that loads it.
TCL_SPECIAL = ("[", "]", "$")


def check_no_tcl(path: str, what: str = "render path") -> str:
    """*path* unchanged, or :class:`InputError` when Nuke would evaluate part of it as Tcl."""
    found = sorted({c for c in TCL_SPECIAL if c in path})
    if found:
        raise InputError(f"{what} {path!r} contains {' '.join(found)}, which Nuke evaluates as Tcl "
                         "in a file knob: rename the folder or file")
    return path


def is_inside(path: PathLike, root: PathLike) -> bool:
    """True when *path* is *root* or below it, after resolving symlinks and ``..``.

    Compares whole path components, so ``/projects2/x`` is not inside ``/projects``.
    """
    resolved_path = _resolve(path)
    resolved_root = _resolve(root)
    return resolved_path == resolved_root or resolved_root in resolved_path.parents


def same_path(a: PathLike | None, b: PathLike | None) -> bool:
    """Whether two path texts name the same place, however written.

    Nuke hands paths back as it was given them or with forward slashes on Windows
    (``C:/show/gizmos`` for ``C:\\show\\gizmos``); trailing separators, ``.`` and ``..``
    parts and (on Windows) letter case do not make a path another one.
    """
    if a is None or b is None:
        return False

    def key(path: PathLike) -> str:
        text = os.fspath(path).replace("\\", "/")
        return os.path.normcase(os.path.normpath(text)).replace("\\", "/")

    return key(a) == key(b)


def is_shared_storage_path(path: PathLike, projects_root: PathLike) -> tuple[bool, str]:
    """Whether farm machines and other artists can read *path*, with the reason if not.

    Returns ``(True, "")`` under *projects_root* (``AVALON_PROJECTS``); otherwise
    ``(False, reason)`` where the reason names the likely mistake (a temp folder,
    a home folder, a local ``C:`` drive) so the artist knows what to change.
    """
    if is_inside(path, projects_root):
        return True, ""
    text = os.fspath(path)
    where = _describe_local_location(text)
    if where:
        problem = f"{text} is in {where}, which other machines cannot read"
    else:
        problem = f"{text} is outside the projects root"
    return False, f"{problem}; write it under AVALON_PROJECTS ({os.fspath(projects_root)})"


def _validate_version(version: int) -> int:
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InputError(f"invalid version {version!r}: use a whole number from 1 up")
    return version


def _fill_template(
    kind: str, template: str, values: Mapping[str, object], allowed: tuple[str, ...]
) -> Path:
    used = _template_fields(kind, template)
    unknown = [name for name in used if name not in allowed]
    if unknown:
        raise InputError(
            f"unknown field {{{unknown[0]}}} in {kind} template {template!r}: "
            f"use {', '.join('{' + name + '}' for name in allowed)}"
        )
    if "root" not in used:
        raise InputError(f"{kind} template {template!r} must start from {{root}}")
    try:
        formatted = template.format_map(values)
    except (ValueError, TypeError) as error:
        raise InputError(f"cannot fill {kind} template {template!r}: {error}") from error
    folder = Path(os.path.normpath(formatted))
    root = Path(os.path.normpath(os.fspath(cast(PathLike, values["root"]))))
    if folder == root or root not in folder.parents:
        raise InputError(
            f"{kind} template {template!r} leads to {folder}, outside the projects root {root}"
        )
    return folder


def _template_fields(kind: str, template: str) -> list[str]:
    """Field names used by *template*, e.g. ``['root', 'version']``."""
    if not isinstance(template, str) or not template.strip():
        raise InputError(f"{kind} template is empty")
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        raise InputError(f"malformed {kind} template {template!r}: {error}") from error
    names = []
    for _literal, field, _spec, _conversion in parsed:
        if field is None:
            continue
        # "{version.real}" or "{root[0]}" would reach into objects: take the bare name.
        name = re.split(r"[.\[]", field, maxsplit=1)[0]
        if name != field or not name:
            raise InputError(
                f"unsupported field {{{field}}} in {kind} template {template!r}: use plain names"
            )
        names.append(name)
    return names


def _resolve(path: PathLike) -> Path:
    candidate = Path(path).expanduser()
    try:
        return candidate.resolve()
    except (OSError, RuntimeError):  # symlink loop or unreadable folder: judge by the text
        return Path(os.path.abspath(candidate))


_POSIX_TEMP_FOLDERS = ("/tmp", "/var/tmp", "/private/tmp", "/private/var/folders", "/dev/shm")
_POSIX_HOME_PARENTS = ("/home", "/Users", "/root")


def _describe_local_location(text: str) -> str:
    """Name the local place *text* is in (temp, home, ``C:``), or ``""`` if none known.

    Windows paths are recognised by their text on every system, so a Linux
    publish server can explain a path submitted from a Windows workstation.
    """
    if _looks_like_windows_path(text):
        return _describe_windows_location(PureWindowsPath(text))
    posix = PurePosixPath(os.path.abspath(text))
    temp_depth = _match_depth(posix, [tempfile.gettempdir(), *_POSIX_TEMP_FOLDERS])
    home_depth = _match_depth(posix, [os.path.expanduser("~")])
    if len(posix.parts) > 3 and "/" + posix.parts[1] in _POSIX_HOME_PARENTS:
        home_depth = max(home_depth, 3)  # /home/<someone else>/...
    if not temp_depth and not home_depth:
        return ""
    # The deeper match is the more precise one: a temp folder inside a home, or the reverse.
    return "a local temp folder" if temp_depth >= home_depth else "a home folder"


def _describe_windows_location(path: PureWindowsPath) -> str:
    if not re.fullmatch(r"[A-Za-z]:", path.drive):
        return ""  # UNC (\\\\server\\share) or relative: nothing known to be local
    for variable in ("TEMP", "TMP"):
        value = os.environ.get(variable)
        if value and _looks_like_windows_path(value) and _match_depth(path, [value]):
            return "a local temp folder (%TEMP%)"
    lowered = [part.lower() for part in path.parts]
    if (
        lowered[1:3] == ["windows", "temp"]
        or lowered[1:2] in (["temp"], ["tmp"])
        or (lowered[1:2] == ["users"] and lowered[3:6] == ["appdata", "local", "temp"])
    ):
        return "a local temp folder (%TEMP%)"
    if lowered[1:2] == ["users"] and len(lowered) > 2:
        return "a home folder"
    if path.drive.upper() == "C:":
        return "the local drive C:"
    return ""


def _looks_like_windows_path(text: str) -> bool:
    return bool(re.match(r"[A-Za-z]:[\\/]", text)) or "\\" in text


def _match_depth(path: PurePath, roots: list[str]) -> int:
    """Component count of the longest of *roots* containing *path*; 0 when none does."""
    flavour = type(path)
    depth = 0
    for root in roots:
        root_path = flavour(root)
        if path == root_path or root_path in path.parents:
            depth = max(depth, len(root_path.parts))
    return depth


def project_root(project: Mapping[str, Any], fallback: Path) -> Path:
    """A project may live on its own volume (``data.root``); else under the studio's projects root."""
    return Path(project.get("data", {}).get("root") or fallback)


def version_folder(project: Mapping[str, Any], asset: str, family: str, subset: str, number: int,
                   fallback_root: Path) -> Path:
    """Where a version's files go, by the project's own publish template when it has one."""
    template = project.get("config", {}).get("template", {}).get("publish") or DEFAULT_PUBLISH_TEMPLATE
    return publish_folder(template, root=project_root(project, fallback_root), project=project["name"],
                          asset=asset, family=family, subset=subset, version=number)
