"""The farm's persistent queue: atomic claims, crash recovery, lost claims, order, states."""

from __future__ import annotations

import threading

import pytest

from avalon_nuke.deadline import states as st
from avalon_nuke.local_farm.failure_limits import ErrorLimits
from avalon_nuke.local_farm.queue import FarmQueue


@pytest.fixture
def queue(tmp_path):
    opened = FarmQueue(tmp_path / "farm.sqlite3")
    yield opened
    opened.close()


def add(queue: FarmQueue, chunks=([1, 2], [3, 4], [5]), priority=50, info=None, **options) -> str:
    return queue.add_job({"Plugin": "Nuke", "Name": "job", **(info or {})}, {"SceneFile": "/a.nk"}, [], chunks,
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
    assert queue.delete_jobs([job_id]) == 1
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
    first = FarmQueue(path, limits=ErrorLimits(task=1))
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


def test_an_error_requeues_the_task_until_its_limit_then_fails_it(tmp_path):
    queue = FarmQueue(tmp_path / "farm.sqlite3", limits=ErrorLimits(task=3, job=100))
    job_id = add(queue, chunks=[[1]])
    for attempt in range(1, 4):
        claim = queue.claim_next("w")
        assert claim is not None, f"attempt {attempt} found nothing to render"
        assert queue.finish(claim, succeeded=False, log=f"attempt {attempt}")
    (task,) = queue.tasks(job_id)
    assert (task.stat, task.errors, task.log) == (st.TASK_FAILED, 3, "attempt 3")
    assert queue.claim_next("w") is None and queue.jobs([job_id])[0].stat == st.JOB_FAILED
    queue.close()


def test_a_job_at_its_error_limit_fails_every_task_not_yet_done_and_voids_their_claims(tmp_path):
    queue = FarmQueue(tmp_path / "farm.sqlite3", limits=ErrorLimits(task=0, job=2))
    job_id = add(queue, chunks=[[1], [2], [3], [4]])
    done, erring, rendering = queue.claim_next("w1"), queue.claim_next("w2"), queue.claim_next("w3")
    queue.finish(done, succeeded=True, log="")
    queue.finish(erring, succeeded=False, log="")
    again = queue.claim_next("w2")
    assert again.task_id == erring.task_id  # retried first: it has the lowest task id left
    queue.finish(again, succeeded=False, log="")
    assert states(queue, job_id) == [st.TASK_COMPLETED, st.TASK_FAILED, st.TASK_FAILED, st.TASK_FAILED]
    assert not queue.holds(rendering) and queue.jobs([job_id])[0].errors == 2
    queue.close()


def test_a_job_may_override_the_farms_error_limits(tmp_path):
    queue = FarmQueue(tmp_path / "farm.sqlite3", limits=ErrorLimits(task=0, job=100))
    job_id = queue.add_job({"Plugin": "Nuke", "OverrideTaskFailureDetection": "True", "FailureDetectionTaskErrors": "1"},
                           {"SceneFile": "/a.nk"}, [], [[1]], priority=50)
    queue.finish(queue.claim_next("w"), succeeded=False, log="")
    assert states(queue, job_id) == [st.TASK_FAILED]
    queue.close()


def test_a_worker_keeps_to_the_job_its_nuke_has_loaded_among_equals(queue):
    first, second = add(queue, chunks=[[1], [2]]), add(queue, chunks=[[1], [2]])
    assert queue.claim_next("w1").job_id == first
    assert queue.claim_next("w2", prefer_job=second).job_id == second
    assert queue.claim_next("w2", prefer_job=second).job_id == second
    assert queue.claim_next("w1", prefer_job=first).job_id == first


def test_a_job_limited_to_one_machine_renders_on_one_worker_at_a_time(queue):
    limited = add(queue, info={"MachineLimit": "1"})
    first = queue.claim_next("w1")
    assert first.job_id == limited
    assert queue.claim_next("w2") is None  # its other tasks wait for w1
    queue.finish(first, succeeded=True, log="")
    assert queue.claim_next("w2").job_id == limited


def test_a_worker_passes_over_a_job_at_its_machine_limit_to_the_next_job(queue):
    limited, other = add(queue, priority=90, info={"MachineLimit": "2"}), add(queue)
    assert [queue.claim_next(w).job_id for w in ("w1", "w2", "w3")] == [limited, limited, other]


def test_a_job_without_machine_limit_renders_on_every_worker(queue):
    job_id = add(queue)
    assert [queue.claim_next(w).job_id for w in ("w1", "w2", "w3")] == [job_id] * 3


def test_a_limit_groups_stubs_cap_the_workers_rendering_any_of_its_jobs(tmp_path):
    queue = FarmQueue(tmp_path / "farm.sqlite3", limit_stubs={"nuke_render": 2})
    first = add(queue, chunks=[[1]], priority=90, info={"LimitGroups": "nuke_render"})
    second = add(queue, priority=80, info={"LimitGroups": "disk,Nuke_Render"})  # names compare without case
    free = add(queue)
    claims = [queue.claim_next(w) for w in ("w1", "w2", "w3")]
    assert [c.job_id for c in claims] == [first, second, free]  # two licences held: the third goes elsewhere
    assert queue.claim_next("w4").job_id == free
    queue.finish(claims[0], succeeded=True, log="")
    assert queue.claim_next("w1").job_id == second  # its stub came back
    queue.close()


def test_a_worker_keeps_its_stub_from_one_task_to_the_next(tmp_path):
    queue = FarmQueue(tmp_path / "farm.sqlite3", limit_stubs={"Nuke_Render": 1})
    job_id = add(queue, info={"LimitGroups": "nuke_render"})
    claim = queue.claim_next("w1")
    assert queue.claim_next("w2") is None
    queue.finish(claim, succeeded=True, log="")
    assert queue.claim_next("w1").job_id == job_id
    queue.close()


def test_a_queue_written_before_limits_were_kept_keeps_each_jobs_limits(tmp_path):
    import json
    import sqlite3

    path = tmp_path / "farm.sqlite3"
    FarmQueue(path).close()
    old = sqlite3.connect(path)  # the jobs table as it was: no machine_limit column
    old.executescript("DROP TABLE tasks; DROP TABLE jobs; CREATE TABLE jobs (seq INTEGER PRIMARY KEY"
                      " AUTOINCREMENT, id TEXT UNIQUE NOT NULL, job_info TEXT NOT NULL, plugin_info TEXT"
                      " NOT NULL, aux_files TEXT NOT NULL, priority INTEGER NOT NULL, suspended INTEGER NOT"
                      " NULL DEFAULT 0, dependencies TEXT NOT NULL DEFAULT '[]', submitted TEXT NOT NULL);")
    old.execute("INSERT INTO jobs (id, job_info, plugin_info, aux_files, priority, submitted)"
                " VALUES (?, ?, '{}', '[]', 50, '')",
                ("65f0c0ffee00112233445566", json.dumps({"Plugin": "Nuke", "MachineLimit": "1",
                                                         "LimitGroups": "nuke_render"})))
    old.commit()
    old.close()
    reopened = FarmQueue(path, limit_stubs={"nuke_render": 5})
    assert reopened._db.execute("SELECT machine_limit, limit_groups FROM jobs").fetchall() == [(1, ",nuke_render,")]
    reopened._db.executemany("INSERT INTO tasks (job_id, task_id, frames, stat) VALUES (?, ?, '[1]', ?)",
                             [("65f0c0ffee00112233445566", task, st.TASK_QUEUED) for task in (0, 1)])
    assert reopened.claim_next("w1") is not None and reopened.claim_next("w2") is None
    reopened.close()


def test_job_ids_carry_the_queues_clock(tmp_path):
    queue = FarmQueue(tmp_path / "farm.sqlite3", clock=lambda: 1622054152.0)
    job_id = add(queue)
    assert job_id.startswith("60ae9508") and queue.job_ids() == [job_id]
    queue.close()


def test_listing_thousands_of_ids_returns_each_job_once_in_submission_order(queue):
    job_ids = [add(queue, chunks=[[1], [2]]) for _ in range(1_203)]  # more than two SQL batches
    asked = list(reversed(job_ids)) + job_ids[:5] + ["no-such-job"]
    listed = queue.jobs(asked)
    assert [job.id for job in listed] == job_ids
    assert all(job.counts == {st.TASK_QUEUED: 2} for job in listed)
