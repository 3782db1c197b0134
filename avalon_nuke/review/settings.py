"""How a project wants its review movies: codec, size, colourspace, burn-in text, template.

Studios differ in all of these, so they live in the project document
(``project.data.review``, a mapping) and every field has a default that suits a
dailies session: H.264 in a QuickTime ``.mov`` at 1920x1080 in the display
colourspace of Nuke's default colour management (``sRGB``). A setting that is
there but wrong is an InputError naming it: a review job must not be sent to the
farm only to fail there an hour later.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from avalon_nuke.errors import InputError

#: The template shipped with avalon-nuke (a project may name its own).
DEFAULT_TEMPLATE = Path(__file__).with_name("review_template.nk")

#: Fields a burn-in or slate line may use, e.g. ``"{shot}  {subset} v{version:03d}"``.
BURNIN_FIELDS = ("project", "shot", "subset", "version", "artist", "date", "comment", "first", "last",
                 "frame")

_CODEC = re.compile(r"^[A-Za-z0-9_]{2,16}$")
_FILE_TYPES = ("mov",)


@dataclass(frozen=True)
class ReviewSettings:
    """``project.data.review``; each key is optional."""

    enabled: bool = True
    file_type: str = "mov"            # Write.file_type
    codec: str = "h264"               # Write.mov64_codec (H.264 since Nuke 13; "appr" is ProRes)
    width: int = 1920
    height: int = 1080
    colorspace: str = "sRGB"          # Write.colorspace: the studio's display colourspace
    display: str = ""                 # Nuke 14+ OCIO display/view pair instead of colorspace
    view: str = ""
    burnin_top: str = "{shot}  {subset} v{version:03d}"
    burnin_bottom: str = "{frame} / {last}"
    template: str = ""                # a project's own template (absolute, or under the project root)

    @property
    def extension(self) -> str:
        return self.file_type


def review_settings(project: Mapping[str, Any]) -> ReviewSettings:
    """The project's review settings, defaults filled in, or InputError naming the bad key."""
    raw = (project.get("data") or {}).get("review") or {}
    if not isinstance(raw, Mapping):
        raise InputError(f"project '{project.get('name')}': data.review must be a mapping, not {raw!r}")
    known = {field.name: field for field in fields(ReviewSettings)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise InputError(f"project '{project.get('name')}': unknown review setting(s) {', '.join(unknown)} "
                         f"(known: {', '.join(known)})")
    settings = ReviewSettings()
    for key, value in raw.items():
        expected = type(getattr(settings, key))
        if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise InputError(f"review setting {key} must be a whole number, not {value!r}")
        if expected is not int and not isinstance(value, expected):
            raise InputError(f"review setting {key} must be a {expected.__name__}, not {value!r}")
        settings = replace(settings, **{key: value})
    _check(settings)
    return settings


def template_path(settings: ReviewSettings, project_root: Path | None) -> Path:
    """Which template the review script is made from: the project's own, else ours."""
    if not settings.template:
        return DEFAULT_TEMPLATE
    path = Path(settings.template).expanduser()
    if not path.is_absolute() and project_root is not None:
        path = project_root / path
    if not path.is_file():
        raise InputError(f"the project's review template {path} does not exist")
    return path


def _check(settings: ReviewSettings) -> None:
    if settings.file_type not in _FILE_TYPES:
        choices = ", ".join(_FILE_TYPES)
        raise InputError(f"review file_type must be one of {choices}, not {settings.file_type!r}")
    if not _CODEC.match(settings.codec):
        raise InputError(f"review codec {settings.codec!r} is not a Nuke mov64_codec name (e.g. h264, appr)")
    for name in ("width", "height"):
        value = getattr(settings, name)
        if not 16 <= value <= 16384:
            raise InputError(f"review {name} must be 16-16384 pixels, not {value}")
    if bool(settings.display) != bool(settings.view):
        raise InputError("review display and view go together: set both or neither")
    for name in ("burnin_top", "burnin_bottom"):
        check_line(name, getattr(settings, name))


def check_line(name: str, line: str) -> None:
    """A burn-in line may use only :data:`BURNIN_FIELDS`, each the way ``str.format`` reads it."""
    try:
        parsed = list(string.Formatter().parse(line))
    except ValueError as error:
        raise InputError(f"review {name} {line!r}: {error}") from None
    for _literal, field, _spec, _conversion in parsed:
        if field is not None and field not in BURNIN_FIELDS:
            raise InputError(f"review {name} uses {{{field}}}; fields are {', '.join(BURNIN_FIELDS)}")
