"""What the local farm's store hands out: jobs, tasks and claims, plus ids and times.

Kept apart from the SQLite code so the JSON rendering and the workers read
plain values and never touch the database themselves.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

from avalon_nuke.deadline import states as st

#: Per-task log kept in the store (the tail, where Nuke reports what went wrong).
LOG_LIMIT = 64 * 1024


def now_text() -> str:
    """UTC time as Deadline's JSON writes it."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def new_job_id(now: float | None = None) -> str:
    """24 hex characters like a MongoDB ObjectId: the creation time (*now*, seconds) first."""
    return f"{int(time.time() if now is None else now):08x}{secrets.token_hex(8)}"


def tail(text: str, limit: int = LOG_LIMIT) -> str:
    return text if len(text) <= limit else "...\n" + text[-limit:]


@dataclass
class JobRecord:
    id: str
    job_info: dict
    plugin_info: dict
    aux_files: list
    suspended: bool
    dependencies: list[str]
    submitted: str
    counts: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    first_render: str | None = None
    last_completed: str | None = None

    @property
    def stat(self) -> int:
        return st.job_state(self.counts, suspended=self.suspended)


@dataclass
class TaskRecord:
    job_id: str
    task_id: int
    frames: list[int]
    stat: int
    worker: str
    errors: int
    render_started: str | None
    completed: str | None
    log: str


@dataclass(frozen=True)
class Claim:
    """A task a worker holds; only this token may finish it."""

    job_id: str
    task_id: int
    token: str
    frames: list[int]
    job_info: dict
    plugin_info: dict
