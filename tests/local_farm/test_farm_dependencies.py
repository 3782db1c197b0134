"""JobDependencies on the local farm, as Deadline does them: Pending until every dependency completes.

Deadline keeps a job with dependencies Pending; its pending-job scan releases the job
(Queued) once all dependencies are met, and leaves it Pending, checking again later,
when a dependency failed.
"""

from __future__ import annotations

import pytest

from avalon_nuke.deadline import states as st
from avalon_nuke.local_farm.failure_limits import ErrorLimits
from avalon_nuke.local_farm.queue import FarmQueue


@pytest.fixture
def queue(tmp_path):
    opened = FarmQueue(tmp_path / "farm.sqlite3", limits=ErrorLimits(task=1))  # one error fails a task
    yield opened
    opened.close()


def add(queue: FarmQueue, chunks=([1],), **options) -> str:
    return queue.add_job({"Plugin": "Nuke", "Name": "job"}, {"SceneFile": "/a.nk"}, [], chunks, priority=50,
                         **options)


def run_all_of(queue: FarmQueue, job_id: str, *, succeeded: bool = True) -> None:
    """Render every task of *job_id* (the first in line) with the given outcome."""
    for _task in queue.tasks(job_id):
        claim = queue.claim_next("w")
        assert claim is not None and claim.job_id == job_id
        queue.finish(claim, succeeded=succeeded, log="")


def job_state(queue: FarmQueue, job_id: str) -> int:
    return queue.jobs([job_id])[0].stat


def test_a_job_waits_until_every_one_of_its_dependencies_completes(queue):
    first, second = add(queue), add(queue)
    review = add(queue, dependencies=[first, second])
    claim = queue.claim_next("w")
    queue.finish(claim, succeeded=True, log="")  # the first dependency is done, the second not yet
    assert job_state(queue, review) == st.JOB_PENDING
    run_all_of(queue, second)
    assert job_state(queue, review) == st.JOB_ACTIVE
    assert queue.claim_next("w").job_id == review


def test_a_job_is_released_the_moment_its_dependency_completes_not_at_the_next_claim(queue):
    render = add(queue, chunks=[[1], [2]])
    review = add(queue, dependencies=[render])
    first, second = queue.claim_next("w1"), queue.claim_next("w2")
    queue.finish(first, succeeded=True, log="")
    assert job_state(queue, review) == st.JOB_PENDING
    queue.finish(second, succeeded=True, log="")
    assert [task.stat for task in queue.tasks(review)] == [st.TASK_QUEUED]


def test_a_job_whose_dependency_failed_stays_pending_and_is_never_rendered(queue):
    render = add(queue, chunks=[[1], [2]])
    review = add(queue, dependencies=[render])
    run_all_of(queue, render, succeeded=False)
    assert job_state(queue, render) == st.JOB_FAILED
    assert job_state(queue, review) == st.JOB_PENDING
    assert queue.claim_next("w") is None


def test_a_failed_dependency_requeued_and_completed_releases_the_job(queue):
    render = add(queue)
    review = add(queue, dependencies=[render])
    run_all_of(queue, render, succeeded=False)
    assert queue.job_command(render, "requeue")
    run_all_of(queue, render)
    assert queue.claim_next("w").job_id == review


def test_marking_the_dependency_complete_releases_the_job(queue):
    render = add(queue)
    review = add(queue, dependencies=[render])
    assert queue.job_command(render, "complete")
    assert [task.stat for task in queue.tasks(review)] == [st.TASK_QUEUED]


def test_a_dependent_job_submitted_after_its_dependency_completed_starts_queued(queue):
    render = add(queue)
    run_all_of(queue, render)
    review = add(queue, dependencies=[render])
    assert job_state(queue, review) == st.JOB_ACTIVE
