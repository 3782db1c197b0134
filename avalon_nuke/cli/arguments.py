"""Argument types and output helpers shared by the sub-commands."""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any

# [0-9], not \d: int() would also take other scripts' digits ("١٢").
_RANGE = re.compile(r"^\s*(-?[0-9]+)\s*(?:-\s*(-?[0-9]+)\s*)?$")
_RESOLUTION = re.compile(r"^\s*([0-9]+)\s*[xX]\s*([0-9]+)\s*$")


def _bounded(check: Any, *values: Any) -> Any:
    """Run a :mod:`avalon_nuke.bounds` check, reporting a failure the way argparse does."""
    from avalon_nuke.errors import InputError

    try:
        return check(*values)
    except InputError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def frame_range(text: str) -> tuple[int, int]:
    """``1001-1100`` (or a single frame) as (first, last)."""
    match = _RANGE.match(text)
    if not match:
        raise argparse.ArgumentTypeError(f"frame range '{text}' is not FIRST-LAST, e.g. 1001-1100")
    from avalon_nuke.bounds import check_frame_range

    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) is not None else first
    if last < first:
        raise argparse.ArgumentTypeError(f"frame range '{text}' ends before it starts")
    return _bounded(check_frame_range, first, last)


def resolution(text: str) -> tuple[int, int]:
    match = _RESOLUTION.match(text)
    from avalon_nuke.bounds import check_resolution

    if not match or int(match.group(1)) == 0 or int(match.group(2)) == 0:
        raise argparse.ArgumentTypeError(f"resolution '{text}' is not WIDTHxHEIGHT, e.g. 1920x1080")
    return _bounded(check_resolution, int(match.group(1)), int(match.group(2)))


def positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from error
    if not value > 0:  # NaN is not greater than zero either
        raise argparse.ArgumentTypeError(f"'{text}' must be greater than zero")
    return value


def frame_rate(text: str) -> float:
    """Frames per second: a finite number above 0 (``nan`` and ``inf`` are refused)."""
    from avalon_nuke.bounds import check_fps

    return _bounded(check_fps, positive_number(text))


def version_number(text: str) -> int:
    """A version number: ASCII digits, 1 or more."""
    from avalon_nuke.bounds import parse_version_number

    return _bounded(parse_version_number, text)


def one_line(text: str) -> str:
    """Free text that ends up in a farm job or a knob: one line, no control characters."""
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise argparse.ArgumentTypeError("must be one line of text (no line breaks or control characters)")
    return text


def add_context(parser: argparse.ArgumentParser, *, asset: bool = True) -> None:
    """``--project`` / ``--asset``, defaulting to AVALON_PROJECT / AVALON_ASSET."""
    parser.add_argument("--project", help="project name (default: $AVALON_PROJECT)")
    if asset:
        parser.add_argument("--asset", help="asset (shot) name (default: $AVALON_ASSET)")


def require(value: str | None, option: str, variable: str) -> str:
    from avalon_nuke.errors import InputError

    if not value:
        raise InputError(f"{option} is required (or set {variable})")
    return value


def print_json(value: Any) -> None:
    """Standard JSON: a NaN or infinity that reached the database prints as null, never ``NaN``."""
    try:
        text = json.dumps(value, indent=2, sort_keys=True, default=_jsonable, allow_nan=False)
    except ValueError:
        text = json.dumps(_finite(value), indent=2, sort_keys=True, default=_jsonable, allow_nan=False)
    sys.stdout.write(text + "\n")


def _finite(value: Any) -> Any:
    from avalon_nuke.bounds import finite_or_none

    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return finite_or_none(value)


def _jsonable(value: Any) -> Any:
    return str(value)  # ObjectIds, datetimes, paths: their text (no bson import for --help)
