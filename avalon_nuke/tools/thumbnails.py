"""One small picture per version, made once from one of its frames and kept beside them.

The thumbnail is written into the folder of the version's frames as a hidden file
(``.thumbnail.<version id>.png``: sequence listings skip hidden files, so it never
becomes part of a publish). Where that folder is read-only, a per-user cache
folder is used instead. Frames are read with OpenImageIO when it is installed
(``pip install openimageio``); without it, or without any frame on disk yet, the
caller shows a placeholder. Nothing is cached for a version with no frames, so a
render in progress gets its thumbnail once frames land.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from avalon_nuke.sequences import sequence_from_pattern

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 240, 135
_FLOAT_TYPES = ("half", "float", "double")
_GAMMA = 1 / 2.2  # display approximation of linear renders; thumbnails need no colour science


def default_cache_dir() -> Path:
    return Path.home() / ".avalon" / "thumbnails"


def image_library_available() -> bool:
    try:
        import OpenImageIO  # noqa: F401
    except ImportError:
        return False
    return True


def cached_name(version_id: Any) -> str:
    return f".thumbnail.{version_id}.png"


def thumbnail(version: dict, path_pattern: str, cache_dir: Path | None = None) -> Path | None:
    """The version's thumbnail file, made now if needed; None when no frame can be read."""
    if not path_pattern:
        return None
    folder = Path(os.path.dirname(path_pattern))
    cache_dir = cache_dir or default_cache_dir()
    name = cached_name(version["_id"])
    for candidate in (folder / name, cache_dir / name):
        if candidate.is_file():
            return candidate
    frame = pick_frame(version, path_pattern)
    if frame is None or not image_library_available():
        return None
    for target in (folder / name, cache_dir / name):
        try:
            if _write_thumbnail(frame, target):
                return target
        except OSError as error:
            log.debug("cannot cache a thumbnail at %s: %s", target, error)
    return None


def frame_thumbnail(frame: str, cache_dir: Path | None = None) -> Path | None:
    """A thumbnail of one frame (the render publisher's rows), cached by the frame's path and time."""
    if not image_library_available() or not os.path.isfile(frame):
        return None
    import hashlib

    stat = os.stat(frame)
    key = hashlib.sha1(f"{frame}|{stat.st_mtime_ns}|{stat.st_size}".encode()).hexdigest()[:16]
    target = (cache_dir or default_cache_dir()) / f".thumbnail.frame.{key}.png"
    if target.is_file():
        return target
    try:
        return target if _write_thumbnail(frame, target) else None
    except OSError as error:
        log.debug("cannot cache a thumbnail at %s: %s", target, error)
        return None


def pick_frame(version: dict, path_pattern: str) -> str | None:
    """The frame nearest the middle of the version's range that exists on disk."""
    if "#" not in path_pattern and "%" not in path_pattern:
        return path_pattern if os.path.isfile(path_pattern) else None
    sequence = sequence_from_pattern(path_pattern)
    if sequence is None or not sequence.frames:
        return None
    data = version.get("data", {})
    first, last = data.get("frameStart", sequence.first), data.get("frameEnd", sequence.last)
    middle = (int(first) + int(last)) // 2
    frame = min(sequence.frames, key=lambda f: (abs(f - middle), f))
    return sequence.frame_path(frame)


def _write_thumbnail(frame: str, target: Path) -> bool:
    import OpenImageIO as oiio

    source = oiio.ImageBuf(frame)
    spec = source.spec()
    if source.has_error or spec.width <= 0 or spec.height <= 0:
        log.debug("cannot read %s: %s", frame, source.geterror())
        return False
    channels = 3 if spec.nchannels >= 3 else 1
    picked = oiio.ImageBufAlgo.channels(source, tuple(range(channels)))
    scale = min(WIDTH / spec.width, HEIGHT / spec.height, 1.0)
    width, height = max(1, round(spec.width * scale)), max(1, round(spec.height * scale))
    small = oiio.ImageBufAlgo.resize(picked, roi=oiio.ROI(0, width, 0, height, 0, 1, 0, channels))
    if str(spec.format) in _FLOAT_TYPES:
        small = oiio.ImageBufAlgo.pow(oiio.ImageBufAlgo.clamp(small, 0.0, 1.0), _GAMMA)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".thumbnail-", suffix=".png", dir=target.parent)
    os.close(handle)
    try:
        if not small.write(temporary, "uint8"):
            log.debug("cannot write %s: %s", temporary, small.geterror())
            return False
        os.replace(temporary, target)  # readers never see half a file
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return True
