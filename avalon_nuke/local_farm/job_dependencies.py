"""Jobs waiting on other jobs (``JobDependencies``): Pending until every dependency completes.

Deadline keeps a dependent job Pending, and keeps it so while a dependency has failed; its
pending-job scan releases it on its own schedule. The local farm releases it the moment its last
dependency completes (and checks again before each claim), so it shows Queued at once.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from avalon_nuke.deadline import states as st


def dependencies_done(db: sqlite3.Connection, dependencies: Sequence[str]) -> bool:
    """True when every dependency is completed (a job no longer on the farm counts as done)."""
    for job_id in dependencies:
        left = db.execute(
            "SELECT COUNT(*) FROM tasks WHERE job_id = ? AND stat != ?", (job_id, st.TASK_COMPLETED)
        ).fetchone()[0]
        if left:
            return False
    return True


def release_dependents_of(db: sqlite3.Connection, job_id: str) -> None:
    """Queue the pending jobs waiting on *job_id* whose dependencies are now all complete."""
    rows = db.execute(
        "SELECT DISTINCT j.id, j.dependencies FROM jobs j JOIN tasks t ON t.job_id = j.id"
        " WHERE t.stat = ? AND j.dependencies LIKE ?", (st.TASK_PENDING, f'%"{job_id}"%')
    ).fetchall()
    _queue_ready(db, rows)


def release_pending(db: sqlite3.Connection) -> None:
    """Queue every pending job whose dependencies are all complete."""
    rows = db.execute(
        "SELECT DISTINCT j.id, j.dependencies FROM jobs j JOIN tasks t ON t.job_id = j.id"
        " WHERE t.stat = ?", (st.TASK_PENDING,)
    ).fetchall()
    _queue_ready(db, rows)


def _queue_ready(db: sqlite3.Connection, rows: Sequence[tuple[str, str]]) -> None:
    for waiting_id, dependencies in rows:
        if dependencies_done(db, json.loads(dependencies)):
            db.execute("UPDATE tasks SET stat = ? WHERE job_id = ? AND stat = ?",
                       (st.TASK_QUEUED, waiting_id, st.TASK_PENDING))
