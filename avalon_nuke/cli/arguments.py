"""Argument types and output helpers shared by the sub-commands."""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any

_RANGE = re.compile(r"^\s*(-?\d+)\s*(?:-\s*(-?\d+)\s*)?$")
_RESOLUTION = re.compile(r"^\s*(\d+)\s*[xX]\s*(\d+)\s*$")


def frame_range(text: str) -> tuple[int, int]:
    """``1001-1100`` (or a single frame) as (first, last)."""
    match = _RANGE.match(text)
    if not match:
        raise argparse.ArgumentTypeError(f"frame range '{text}' is not FIRST-LAST, e.g. 1001-1100")
    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) is not None else first
    if last < first:
        raise argparse.ArgumentTypeError(f"frame range '{text}' ends before it starts")
    return first, last


def resolution(text: str) -> tuple[int, int]:
    match = _RESOLUTION.match(text)
    if not match or int(match.group(1)) == 0 or int(match.group(2)) == 0:
        raise argparse.ArgumentTypeError(f"resolution '{text}' is not WIDTHxHEIGHT, e.g. 1920x1080")
    return int(match.group(1)), int(match.group(2))


def positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from error
    if value <= 0:
        raise argparse.ArgumentTypeError(f"'{text}' must be greater than zero")
    return value


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
    json.dump(value, sys.stdout, indent=2, sort_keys=True, default=_jsonable)
    sys.stdout.write("\n")


def _jsonable(value: Any) -> Any:
    return str(value)  # ObjectIds, datetimes, paths: their text (no bson import for --help)
