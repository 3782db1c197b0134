"""The farm's persistent queue: atomic claims, crash recovery, lost claims, order, states."""

from __future__ import annotations

import threading

import pytest

from avalon_nuke.deadline import states as st
from avalon_nuke.local_farm.queue import FarmQueue


@pytest.fixture
def queue(tmp_path):
    opened = FarmQueue(tmp_path / "farm.sqlite3")
    yield opened
    opened.close()


def add(queue: FarmQueue, chunks=([1, 2], [3, 4], [5]), priority=50, **options) -> str:
    return queue.add_job({"Plugin": "Nuke", "Name": "job"}, {"SceneFile": "/a.nk"}, [], chunks,
                         priority=priority, **options)


def states(queue: FarmQueue, job_id: str) -> list[int]:
    return [task.stat for task in queue.tasks(job_id)]


def test_concurrent_workers_never_claim_the_same_task(queue):
    add(queue, chunks=[[frame] for frame in range(60)])
    claimed: list[tuple[str, int]] = []
    start = threading.Barrier(6)

    def worker(name: str) -> None:
        start.wait()
        while (claim := queue.claim_next(name)) is not None:
            claimed.append((claim.job_id, claim.task_id))

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(claimed) == 60 and len(set(claimed)) == 60


def test_tasks_rendering_when_the_farm_died_are_queued_again_and_the_old_claim_is_void(tmp_path):
    path = tmp_path / "farm.sqlite3"
    first = FarmQueue(path)
    job_id = add(first)
    lost = first.claim_next("w1")
    first.close()  # the farm process died here, mid-render

    reopened = FarmQueue(path)
    assert reopened.requeued_on_open == 1
    assert states(reopened, job_id) == [st.TASK_QUEUED] * 3
    assert "farm stopped while this task was rendering" in reopened.tasks(job_id)[0].log
    again = reopened.claim_next("w2")
    assert (again.job_id, again.task_id) == (lost.job_id, lost.task_id)
    assert not reopened.finish(lost, succeeded=True, log="late result")
    assert reopened.finish(again, succeeded=True, log="ok")
    assert states(reopened, job_id) == [st.TASK_COMPLETED, st.TASK_QUEUED, st.TASK_QUEUED]
    reopened.close()


def test_a_suspended_job_comes_back_suspended_after_a_crash(tmp_path):
    path = tmp_path / "farm.sqlite3"
    first = FarmQueue(path)
    job_id = add(first)
    first.claim_next("w1")
    first.job_command(job_id, "suspend")
    first.close()
    reopened = FarmQueue(path)
    assert states(reopened, job_id) == [st.TASK_SUSPENDED] * 3
    assert reopened.jobs([job_id])[0].stat == st.JOB_SUSPENDED
    reopened.close()


def test_a_task_suspended_while_rendering_cannot_be_finished_by_its_old_claim(queue):
    job_id = add(queue)
    claim = queue.claim_next("w1")
    assert queue.holds(claim)
    queue.task_command(job_id, "suspend", [claim.task_id])
    assert not queue.holds(claim)
    assert not queue.finish(claim, succeeded=True, log="")
    assert states(queue, job_id)[0] == st.TASK_SUSPENDED


def test_a_task_requeued_mid_render_waits_until_the_old_render_has_stopped(queue):
    job_id = add(queue, chunks=[[1]])
    old = queue.claim_next("w1")
    queue.task_command(job_id, "requeue", [0])
    assert states(queue, job_id) == [st.TASK_QUEUED]
    assert queue.claim_next("w2") is None  # the first process may still be writing frames
    queue.stopped(old)
    new = queue.claim_next("w2")
    assert (new.job_id, new.task_id) == (job_id, 0) and new.token != old.token


def test_a_lost_render_that_ends_by_itself_also_frees_its_task(queue):
    job_id = add(queue, chunks=[[1]])
    old = queue.claim_next("w1")
    queue.job_command(job_id, "requeue")
    assert not queue.finish(old, succeeded=True, log="finished just too late")
    assert states(queue, job_id) == [st.TASK_QUEUED]
    assert queue.claim_next("w2").task_id == 0


def test_deleting_a_job_voids_its_claims(queue):
    job_id = add(queue)
    claim = queue.claim_next("w1")
    assert queue.job_command(job_id, "delete")
    assert not queue.holds(claim) and not queue.finish(claim, succeeded=False, log="")
    assert queue.tasks(job_id) is None and queue.jobs([job_id]) == []


def test_claims_follow_priority_then_submission_then_task_order(queue):
    low = add(queue, chunks=[[1]], priority=10)
    first = add(queue, chunks=[[1], [2]], priority=80)
    second = add(queue, chunks=[[1]], priority=80)
    order = []
    while (claim := queue.claim_next("w")) is not None:
        order.append((claim.job_id, claim.task_id))
    assert order == [(first, 0), (first, 1), (second, 0), (low, 0)]


def test_a_dependent_job_waits_then_runs(queue):
    first = add(queue, chunks=[[1]])
    second = add(queue, chunks=[[1]], dependencies=[first])
    assert queue.jobs([second])[0].stat == st.JOB_PENDING
    claim = queue.claim_next("w")
    assert claim.job_id == first and queue.claim_next("w") is None
    queue.finish(claim, succeeded=True, log="")
    assert queue.claim_next("w").job_id == second


def test_jobs_and_their_states_survive_reopening(tmp_path):
    path = tmp_path / "farm.sqlite3"
    first = FarmQueue(path)
    done, failed, waiting = add(first, chunks=[[1]]), add(first, chunks=[[1]]), add(first)
    for _ in range(2):
        claim = first.claim_next("w")
        first.finish(claim, succeeded=claim.job_id == done, log="")
    first.close()
    reopened = FarmQueue(path)
    assert [job.id for job in reopened.jobs()] == [done, failed, waiting]
    assert [job.stat for job in reopened.jobs()] == [st.JOB_COMPLETED, st.JOB_FAILED, st.JOB_ACTIVE]
    reopened.close()


@pytest.mark.parametrize(
    ("counts", "suspended", "expected"),
    [
        ({st.TASK_COMPLETED: 3}, False, st.JOB_COMPLETED),
        ({st.TASK_COMPLETED: 3}, True, st.JOB_COMPLETED),
        ({st.TASK_QUEUED: 2, st.TASK_RENDERING: 1}, False, st.JOB_ACTIVE),
        ({st.TASK_SUSPENDED: 3}, True, st.JOB_SUSPENDED),
        ({st.TASK_FAILED: 1, st.TASK_QUEUED: 1}, False, st.JOB_ACTIVE),
        ({st.TASK_FAILED: 1, st.TASK_COMPLETED: 2}, False, st.JOB_FAILED),
        ({st.TASK_FAILED: 1, st.TASK_PENDING: 2}, False, st.JOB_PENDING),
        ({st.TASK_SUSPENDED: 1, st.TASK_COMPLETED: 2}, False, st.JOB_SUSPENDED),
        ({}, False, st.JOB_UNKNOWN),
    ],
)
def test_job_state_follows_its_tasks(counts, suspended, expected):
    assert st.job_state(counts, suspended=suspended) == expected


def test_listing_thousands_of_ids_returns_each_job_once_in_submission_order(queue):
    job_ids = [add(queue, chunks=[[1], [2]]) for _ in range(1_203)]  # more than two SQL batches
    asked = list(reversed(job_ids)) + job_ids[:5] + ["no-such-job"]
    listed = queue.jobs(asked)
    assert [job.id for job in listed] == job_ids
    assert all(job.counts == {st.TASK_QUEUED: 2} for job in listed)
