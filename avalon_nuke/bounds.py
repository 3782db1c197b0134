"""The ranges outside of which a number a user typed (or a database holds) cannot be meant.

``fps nan`` and ``last 99999999999999999999`` were written into scripts, and
Nuke then failed far from the typo. Each limit is far beyond any real shot
(Nuke's own ``Root.first_frame``/``last_frame`` are ints and formats are whole
pixels), so nothing real is refused, and everything is checked before it is
written: a script, a version, a farm job.
"""

from __future__ import annotations

import math
import re

from avalon_nuke.errors import InputError

#: Largest frame number (either sign): seven digits, far past any shot or long sequence.
MAX_FRAME = 9_999_999
#: Most frames in one range: beyond this a range is a typo ("1-1000000000").
MAX_FRAME_COUNT = 1_000_000
MAX_RESOLUTION = 65_536
MAX_FPS = 1_000.0
MIN_PRIORITY, MAX_PRIORITY = 0, 100
MAX_CHUNK_SIZE = 1_000_000
MAX_VERSION = 999_999
MAX_PORT = 65_535
_ASCII_DIGITS = re.compile(r"[0-9]+")


def check_frame(value: object, what: str = "frame") -> int:
    """An int frame number within ±MAX_FRAME (bools and floats with a fraction refused)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{what} {value!r} is not a whole frame number")
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        raise InputError(f"{what} {value!r} is not a whole frame number")
    frame = int(value)
    if abs(frame) > MAX_FRAME:
        raise InputError(f"{what} {frame} is out of range (at most {MAX_FRAME:,} either way)")
    return frame


def check_frame_range(first: object, last: object, what: str = "frame range") -> tuple[int, int]:
    start, end = check_frame(first, f"{what}: first frame"), check_frame(last, f"{what}: last frame")
    if end < start:
        raise InputError(f"{what} {start}-{end} ends before it starts")
    if end - start + 1 > MAX_FRAME_COUNT:
        raise InputError(f"{what} {start}-{end} has more than {MAX_FRAME_COUNT:,} frames")
    return start, end


def check_fps(value: object) -> float:
    try:
        fps = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as error:
        raise InputError(f"fps {value!r} is not a number") from error
    if not math.isfinite(fps) or not 0 < fps <= MAX_FPS:
        raise InputError(f"fps {value!r} must be a number above 0 and at most {MAX_FPS:g}")
    return fps


def check_resolution(width: object, height: object) -> tuple[int, int]:
    sizes = []
    for name, value in (("width", width), ("height", height)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_RESOLUTION:
            raise InputError(f"resolution {name} {value!r} must be a whole number from 1 to {MAX_RESOLUTION}")
        sizes.append(value)
    return sizes[0], sizes[1]


def check_priority(value: int) -> int:
    if not MIN_PRIORITY <= value <= MAX_PRIORITY:
        raise InputError(f"priority must be {MIN_PRIORITY}-{MAX_PRIORITY}, not {value}")
    return value


def check_chunk_size(value: int) -> int:
    if not 1 <= value <= MAX_CHUNK_SIZE:
        raise InputError(f"chunk size must be 1-{MAX_CHUNK_SIZE:,}, not {value}")
    return value


def parse_version_number(text: str) -> int:
    """A version number typed by a user: ASCII digits only (``²`` and ``١`` are not numbers here)."""
    text = str(text).strip()
    if not _ASCII_DIGITS.fullmatch(text):
        raise InputError(f"version {text!r} is not a number (use digits 0-9, e.g. 3)")
    number = int(text)
    if not 1 <= number <= MAX_VERSION:
        raise InputError(f"version {number} is out of range (1 to {MAX_VERSION:,})")
    return number


def finite_or_none(value: object) -> object:
    """NaN and infinities (which JSON cannot carry) as None; anything else unchanged."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
