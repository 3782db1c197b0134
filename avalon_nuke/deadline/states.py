"""Deadline's numeric job and task states, and how a job's state follows from its tasks.

The numbers are Deadline's own (``Stat`` in the Web Service JSON), so code that
reads the local farm reads a real repository the same way.
"""

from __future__ import annotations

from collections.abc import Mapping

JOB_UNKNOWN = 0
JOB_ACTIVE = 1  # queued or rendering
JOB_SUSPENDED = 2
JOB_COMPLETED = 3
JOB_FAILED = 4
JOB_PENDING = 6

TASK_UNKNOWN = 1
TASK_QUEUED = 2
TASK_SUSPENDED = 3
TASK_RENDERING = 4
TASK_COMPLETED = 5
TASK_FAILED = 6
TASK_PENDING = 8

#: ``?States=`` names of the Web Service, by job ``Stat``.
JOB_STATE_NAMES = {
    JOB_UNKNOWN: "Unknown",
    JOB_ACTIVE: "Active",
    JOB_SUSPENDED: "Suspended",
    JOB_COMPLETED: "Completed",
    JOB_FAILED: "Failed",
    JOB_PENDING: "Pending",
}

TASK_STATE_NAMES = {
    TASK_UNKNOWN: "Unknown",
    TASK_QUEUED: "Queued",
    TASK_SUSPENDED: "Suspended",
    TASK_RENDERING: "Rendering",
    TASK_COMPLETED: "Completed",
    TASK_FAILED: "Failed",
    TASK_PENDING: "Pending",
}

#: Chunk counters of the job JSON, by task ``Stat``.
CHUNK_COUNTERS = {
    TASK_COMPLETED: "CompletedChunks",
    TASK_QUEUED: "QueuedChunks",
    TASK_SUSPENDED: "SuspendedChunks",
    TASK_RENDERING: "RenderingChunks",
    TASK_FAILED: "FailedChunks",
    TASK_PENDING: "PendingChunks",
}


def job_state(task_counts: Mapping[int, int], *, suspended: bool) -> int:
    """A job's ``Stat`` from how many of its tasks are in each state.

    All tasks complete: Completed. Suspended by command: Suspended. Anything
    queued or rendering: Active. Otherwise waiting on dependencies: Pending;
    otherwise a failure with nothing left to run: Failed; only suspended tasks
    left: Suspended.
    """
    def count(*states: int) -> int:
        return sum(task_counts.get(state, 0) for state in states)

    total = sum(task_counts.values())
    if total == 0:
        return JOB_UNKNOWN
    if count(TASK_COMPLETED) == total:
        return JOB_COMPLETED
    if suspended:
        return JOB_SUSPENDED
    if count(TASK_QUEUED, TASK_RENDERING):
        return JOB_ACTIVE
    if count(TASK_PENDING):
        return JOB_PENDING
    if count(TASK_FAILED):
        return JOB_FAILED
    return JOB_SUSPENDED
