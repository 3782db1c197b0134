"""When an erroring task is tried again, and when a task or a whole job counts as failed.

Deadline requeues a task that errors and renders it again; Failure Detection
marks a task failed once it has that many errors, and the whole job failed once
all its tasks together have that many (every task not yet complete then shows
as failed). Deadline's documentation gives 100 errors as the job default and 0
as "no limit"; a job may override either limit with ``OverrideJobFailureDetection``
/ ``FailureDetectionJobErrors`` and ``OverrideTaskFailureDetection`` /
``FailureDetectionTaskErrors``. The local farm's own defaults are configurable
(``avalon-nuke farm --task-error-limit/--job-error-limit``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from avalon_nuke.deadline.jobs import read_flag
from avalon_nuke.local_farm.error_limit_defaults import DEFAULT_JOB_ERROR_LIMIT, DEFAULT_TASK_ERROR_LIMIT

__all__ = ["DEFAULT_JOB_ERROR_LIMIT", "DEFAULT_TASK_ERROR_LIMIT", "ErrorLimits"]



def _count(value: object, default: int) -> int:
    try:
        return max(0, int(str(value).strip()))
    except ValueError:
        return default


@dataclass(frozen=True)
class ErrorLimits:
    """Errors allowed before a task (``task``) or a job (``job``) fails; 0 is no limit."""

    task: int = DEFAULT_TASK_ERROR_LIMIT
    job: int = DEFAULT_JOB_ERROR_LIMIT

    def for_job(self, job_info: Mapping[str, object]) -> ErrorLimits:
        """These limits as the job's own overrides change them."""
        task, job = self.task, self.job
        if read_flag(job_info.get("OverrideTaskFailureDetection", "")):
            task = _count(job_info.get("FailureDetectionTaskErrors", task), task)
        if read_flag(job_info.get("OverrideJobFailureDetection", "")):
            job = _count(job_info.get("FailureDetectionJobErrors", job), job)
        return ErrorLimits(task, job)

    def task_failed(self, task_errors: int) -> bool:
        return self.task > 0 and task_errors >= self.task

    def job_failed(self, job_errors: int) -> bool:
        return self.job > 0 and job_errors >= self.job
