"""Deadline frame lists: parse ``"1001-1100"``, ``"1,3,5-9"``, ``"1-10x2"`` and cut them into tasks.

Deadline builds a job's tasks by taking its frame list in order and cutting it
into chunks of ``ChunkSize`` frames; each chunk is one task, rendered by one
Nuke process. The same rules decide the local farm's tasks so that a job
submitted here is split the way the real farm would split it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from avalon_nuke.errors import InputError

# "12", "-5", "1-10", "10-1", "1-10x2", "-10--1", also Deadline's "1-10step2" and "1:10".
_TERM = re.compile(
    r"^(?P<first>-?\d+)"
    r"(?:\s*[-:]\s*(?P<last>-?\d+)(?:\s*(?:x|step|by)\s*(?P<step>\d+))?)?$",
    re.I,
)

#: A frame list longer than this is almost certainly a typo ("1-1000000").
MAX_FRAMES = 1_000_000


def parse_frames(text: str) -> list[int]:
    """Frames of a Deadline frame list, in list order, each frame once."""
    frames: list[int] = []
    seen: set[int] = set()
    terms = [term.strip() for term in re.split(r"[,\s]+", str(text).strip()) if term.strip()]
    if not terms:
        raise InputError("the frame list is empty")
    for term in terms:
        match = _TERM.match(term)
        if not match:
            raise InputError(
                f"cannot read frame range {term!r} in {text!r} (use e.g. 1001-1100, 1,3,5-9, 1-10x2)"
            )
        first = int(match["first"])
        last = int(match["last"]) if match["last"] is not None else first
        step = int(match["step"] or 1)
        if step < 1:
            raise InputError(f"frame step must be at least 1 in {term!r}")
        direction = 1 if last >= first else -1
        span = range(first, last + direction, step * direction)
        if len(frames) + len(span) > MAX_FRAMES:
            raise InputError(f"frame list {text!r} has more than {MAX_FRAMES} frames")
        for frame in span:
            if frame not in seen:
                seen.add(frame)
                frames.append(frame)
    return frames


def chunk_frames(frames: Sequence[int], chunk_size: int) -> list[list[int]]:
    """Deadline's tasks: consecutive pieces of the frame list, ``chunk_size`` frames each."""
    if chunk_size < 1:
        raise InputError(f"chunk size must be at least 1, not {chunk_size}")
    return [list(frames[start : start + chunk_size]) for start in range(0, len(frames), chunk_size)]


def frame_runs(frames: Iterable[int]) -> list[str]:
    """Arithmetic runs of *frames* as Nuke ``-F`` ranges: ``"1001-1010"``, ``"1-9x2"``, ``"7-7"``.

    Nuke accepts ``-F`` several times, so a task whose frames are not one
    evenly spaced range still renders exactly its own frames.
    """
    runs: list[str] = []
    values = list(frames)
    index = 0
    while index < len(values):
        first = values[index]
        step = values[index + 1] - first if index + 1 < len(values) else 0
        if step <= 0:  # the last frame, or the list turns back: a run of one
            runs.append(f"{first}-{first}")
            index += 1
            continue
        end = index + 1
        while end + 1 < len(values) and values[end + 1] - values[end] == step:
            end += 1
        last = values[end]
        runs.append(f"{first}-{last}" if step == 1 else f"{first}-{last}x{step}")
        index = end + 1
    return runs


def task_frames_text(frames: Sequence[int]) -> str:
    """A task's ``Frames`` field the way Deadline shows it (``"21-21"`` for one frame)."""
    return ",".join(frame_runs(frames))
