"""What a Deadline job id says about when the job was made, and how many ids fit in one request.

Deadline's job ids are MongoDB ObjectIds: 24 hexadecimal characters whose first 8
are the creation time in seconds since 1970 (UTC). That lets a client narrow
"which job did I just submit?" to the ids made in the last minutes without
reading any job. Ids that do not look like ObjectIds say nothing about time and
are never ruled out.

Id lists travel comma-separated in the URL (``?JobID=a,b,c``); at most
:data:`ID_BATCH` per request keeps every URL at a few KB, well below what HTTP
servers accept in a request line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone

#: Ids per request: 100 x 25 characters keeps a URL near 2.5 KB.
ID_BATCH = 100

_OBJECT_ID = re.compile(r"^[0-9a-fA-F]{24}$")


def created_at(job_id: str) -> datetime | None:
    """The UTC time an ObjectId job id was made, or None for an id of another shape."""
    text = str(job_id)
    if not _OBJECT_ID.match(text):
        return None
    return datetime.fromtimestamp(int(text[:8], 16), timezone.utc)


def in_window(job_ids: Iterable[str], start: datetime, end: datetime) -> tuple[list[str], list[str]]:
    """The ids made between *start* and *end* (inclusive), newest first, and the ids without a time."""
    timed: list[tuple[datetime, str]] = []
    untimed: list[str] = []
    for job_id in job_ids:
        made = created_at(job_id)
        if made is None:
            untimed.append(str(job_id))
        elif start <= made <= end:
            timed.append((made, str(job_id)))
    timed.sort(key=lambda pair: pair[0], reverse=True)
    return [job_id for _, job_id in timed], untimed


def batches(job_ids: Sequence[str], size: int = ID_BATCH) -> Iterator[list[str]]:
    """*job_ids* in consecutive pieces of at most *size*, each id once, order kept."""
    unique = list(dict.fromkeys(str(job_id) for job_id in job_ids))
    for start in range(0, len(unique), size):
        yield unique[start:start + size]
