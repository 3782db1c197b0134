"""What a job submitted to the local farm may hold: sizes and characters that fit a render.

A job's fields become a Nuke command line, an environment and rows in the
queue. Deadline writes them to job files of ``key=value`` lines, so a line
break in a value smuggles in another key; a farm that takes anything can be
made to store gigabytes or to expand "every frame from 1 to 10^20". Limits are
far beyond any real job; everything is checked before the job is stored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from avalon_nuke.bounds import MAX_CHUNK_SIZE, MAX_FRAME, MAX_PRIORITY, MIN_PRIORITY
from avalon_nuke.errors import InputError

MAX_KEYS = 1_000
MAX_KEY_LENGTH = 256
MAX_VALUE_LENGTH = 64 * 1024
MAX_DEPENDENCIES = 1_000
MAX_AUX_FILES = 100
MAX_MACHINE_LIMIT = 100_000
_JOB_ID = re.compile(r"[0-9a-f]{24}")
_LINE_BREAKS = ("\n", "\r", "\0")


def check_fields(what: str, info: Mapping[str, str]) -> None:
    """JobInfo/PluginInfo: bounded in count and size, no line breaks or NULs anywhere."""
    if len(info) > MAX_KEYS:
        raise InputError(f"{what} has {len(info)} keys, at most {MAX_KEYS}")
    for key, value in info.items():
        if not key or len(key) > MAX_KEY_LENGTH or any(c in key for c in _LINE_BREAKS):
            raise InputError(f"{what} has a key that is empty, too long or holds a line break: {key[:40]!r}")
        if len(value) > MAX_VALUE_LENGTH:
            raise InputError(f"{what} {key} is {len(value)} characters, at most {MAX_VALUE_LENGTH}")
        if any(c in value for c in _LINE_BREAKS):
            raise InputError(f"{what} {key} holds a line break or NUL character")


def check_job(frames: Sequence[int], chunk_size: int, priority: int, dependencies: Sequence[str],
              aux_files: Sequence[object], machine_limit: int = 0) -> None:
    """The numbers and lists of one job."""
    outside = [frame for frame in (min(frames, default=0), max(frames, default=0)) if abs(frame) > MAX_FRAME]
    if outside:
        raise InputError(f"frame {outside[0]} is out of range (at most {MAX_FRAME:,} either way)")
    if not 1 <= chunk_size <= MAX_CHUNK_SIZE:
        raise InputError(f"ChunkSize must be 1-{MAX_CHUNK_SIZE:,}, not {chunk_size}")
    if not MIN_PRIORITY <= priority <= MAX_PRIORITY:
        raise InputError(f"Priority must be {MIN_PRIORITY}-{MAX_PRIORITY}, not {priority}")
    if not 0 <= machine_limit <= MAX_MACHINE_LIMIT:
        raise InputError(f"MachineLimit must be 0 (no limit) to {MAX_MACHINE_LIMIT:,}, not {machine_limit}")
    if len(dependencies) > MAX_DEPENDENCIES:
        raise InputError(f"{len(dependencies)} JobDependencies, at most {MAX_DEPENDENCIES}")
    bad = [job_id for job_id in dependencies if not _JOB_ID.fullmatch(job_id)]
    if bad:
        raise InputError(f"JobDependencies holds {bad[0][:40]!r}, not a job id")
    if len(aux_files) > MAX_AUX_FILES:
        raise InputError(f"{len(aux_files)} AuxFiles, at most {MAX_AUX_FILES}")
