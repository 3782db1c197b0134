"""The local farm's job store: one SQLite file, every change one transaction.

Workers claim a task by turning it from Queued to Rendering together with a
fresh claim token; a result only counts when the task still carries that
token, so a task suspended, requeued or deleted while it renders can never be
finished by the process that lost it. Until that process is gone the task
keeps the lost token in ``stopping_claim`` and no worker may claim it again,
so no task is ever rendered by two processes at once. Tasks still marked
Rendering when the store is opened belonged to a farm that stopped (or
crashed) mid-render; they go back to the queue, but one whose render process
survived the farm (``kill -9``) is held until that process has ended.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from avalon_nuke.deadline import states as st
from avalon_nuke.errors import FarmError
from avalon_nuke.local_farm.failure_limits import ErrorLimits
from avalon_nuke.local_farm.job_dependencies import dependencies_done, release_dependents_of, release_pending
from avalon_nuke.local_farm.job_reading import read_jobs
from avalon_nuke.local_farm.job_records import Claim, JobRecord, TaskRecord, new_job_id, now_text, tail
from avalon_nuke.local_farm.render_limits import (
    add_limit_columns,
    full_limits,
    limit_groups_column,
    machine_limit_column,
    outside_full_limits,
)
from avalon_nuke.processes import still_running

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT UNIQUE NOT NULL,
    job_info TEXT NOT NULL,
    plugin_info TEXT NOT NULL,
    aux_files TEXT NOT NULL,
    priority INTEGER NOT NULL,
    suspended INTEGER NOT NULL DEFAULT 0,
    dependencies TEXT NOT NULL DEFAULT '[]',
    submitted TEXT NOT NULL,
    machine_limit INTEGER NOT NULL DEFAULT 0,
    limit_groups TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS tasks (
    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    task_id INTEGER NOT NULL,
    frames TEXT NOT NULL,
    stat INTEGER NOT NULL,
    claim TEXT,
    stopping_claim TEXT,
    worker TEXT NOT NULL DEFAULT '',
    errors INTEGER NOT NULL DEFAULT 0,
    render_started TEXT,
    completed TEXT,
    log TEXT NOT NULL DEFAULT '',
    render_process TEXT,
    PRIMARY KEY (job_id, task_id)
);
CREATE INDEX IF NOT EXISTS tasks_by_state ON tasks (stat);
CREATE INDEX IF NOT EXISTS tasks_held ON tasks (stopping_claim) WHERE stopping_claim IS NOT NULL;
"""

# Deadline's job commands; deleting is DELETE /api/jobs, and an unknown command is refused with 500.
JOB_COMMANDS = ("suspend", "resume", "requeue", "fail", "complete")
TASK_COMMANDS = ("suspend", "resume", "requeue", "fail", "complete", "resumefailed")


class FarmQueue:
    """Jobs and tasks of the local farm in the SQLite file *path*.

    *limits* say when an erroring task fails instead of being tried again, and
    when its whole job fails (a job's own failure-detection keys override them).
    *limit_stubs*: the farm's limit groups that have a count (how many workers may
    render their jobs at once); names compare without case. *clock* gives the time new job
    ids carry (seconds since 1970). ``durable=False``
    skips the flush to disk after each change: for a throwaway farm (a benchmark's),
    where losing the last changes to a crash does not matter.
    """

    def __init__(self, path: Path, *, limits: ErrorLimits | None = None,
                 limit_stubs: Mapping[str, int] | None = None,
                 clock: Callable[[], float] = time.time, durable: bool = True) -> None:
        self.path = Path(path)
        self.limits = limits or ErrorLimits()
        self.limit_stubs = {name.lower(): count for name, count in (limit_stubs or {}).items()}
        self._clock = clock
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA busy_timeout=10000")
            if not durable:
                self._db.execute("PRAGMA synchronous=OFF")
            self._db.executescript(_SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(tasks)")}
            if "render_process" not in columns:  # a queue written before renders were recorded
                self._db.execute("ALTER TABLE tasks ADD COLUMN render_process TEXT")
            add_limit_columns(self._db)
        except sqlite3.Error as error:
            raise FarmError(f"cannot open the farm queue {self.path}: {error}") from error
        self._lock = threading.RLock()
        self.requeued_on_open = self._requeue_interrupted()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _requeue_interrupted(self) -> int:
        note = f"\n[{now_text()}] requeued: the farm stopped while this task was rendering\n"
        held = f"\n[{now_text()}] its render survived the farm: queued again once that process ends\n"
        with self._transaction() as db:
            db.execute("UPDATE tasks SET stopping_claim = NULL WHERE stopping_claim IS NOT NULL"
                       " AND stopping_claim NOT LIKE 'orphan:%'")
            rows = db.execute("SELECT job_id, task_id, render_process FROM tasks WHERE stat = ?",
                              (st.TASK_RENDERING,)).fetchall()
            for job_id, task_id, process in rows:
                alive = still_running(process)
                db.execute(
                    "UPDATE tasks SET stat = CASE WHEN (SELECT suspended FROM jobs WHERE id = job_id)"
                    " THEN ? ELSE ? END, claim = NULL, worker = '', log = log || ?, stopping_claim = ?"
                    " WHERE job_id = ? AND task_id = ?",
                    (st.TASK_SUSPENDED, st.TASK_QUEUED, held if alive else note,
                     f"orphan:{process}" if alive else None, job_id, task_id),
                )
            return len(rows)

    def _release_orphans(self, db: sqlite3.Connection) -> None:
        """Tasks held for a render that outlived its farm become claimable once it has ended."""
        for job_id, task_id, held in db.execute(
                "SELECT job_id, task_id, stopping_claim FROM tasks"
                " WHERE stopping_claim IS NOT NULL AND stopping_claim LIKE 'orphan:%'"
        ).fetchall():
            if not still_running(held.removeprefix("orphan:")):
                db.execute("UPDATE tasks SET stopping_claim = NULL WHERE job_id = ? AND task_id = ?",
                           (job_id, task_id))

    def render_started(self, claim: Claim, process: str) -> None:
        """Record which process renders *claim*, to recognise it should the farm die meanwhile."""
        with self._transaction() as db:
            db.execute("UPDATE tasks SET render_process = ? WHERE job_id = ? AND task_id = ? AND claim = ?",
                       (process, claim.job_id, claim.task_id, claim.token))

    # -- submitting and reading ---------------------------------------------------------------

    def add_job(
        self,
        job_info: dict,
        plugin_info: dict,
        aux_files: Sequence[str],
        chunks: Sequence[Sequence[int]],
        *,
        priority: int,
        dependencies: Sequence[str] = (),
        suspended: bool = False,
    ) -> str:
        """Store a job and its tasks (one per chunk of frames) in one transaction."""
        job_id = new_job_id(self._clock())
        with self._transaction() as db:
            waiting = bool(dependencies) and not dependencies_done(db, dependencies)
            stat = st.TASK_SUSPENDED if suspended else st.TASK_PENDING if waiting else st.TASK_QUEUED
            db.execute(
                "INSERT INTO jobs (id, job_info, plugin_info, aux_files, priority, suspended, dependencies,"
                " submitted, machine_limit, limit_groups) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (job_id, json.dumps(job_info), json.dumps(plugin_info), json.dumps(list(aux_files)),
                 priority, int(suspended), json.dumps(list(dependencies)), now_text(),
                 machine_limit_column(job_info), limit_groups_column(job_info)),
            )
            db.executemany(
                "INSERT INTO tasks (job_id, task_id, frames, stat) VALUES (?, ?, ?, ?)",
                [(job_id, index, json.dumps(list(chunk)), stat) for index, chunk in enumerate(chunks)],
            )
        return job_id

    def jobs(self, ids: Iterable[str] | None = None) -> list[JobRecord]:
        """Jobs in submission order (all of them, or those of *ids* that exist)."""
        with self._lock:
            return read_jobs(self._db, None if ids is None else list(ids))

    def tasks(self, job_id: str) -> list[TaskRecord] | None:
        """The job's tasks in order, or None when there is no such job."""
        with self._lock:
            if not self._db.execute("SELECT 1 FROM jobs WHERE id = ?", (job_id,)).fetchone():
                return None
            rows = self._db.execute(
                "SELECT job_id, task_id, frames, stat, worker, errors, render_started, completed, log"
                " FROM tasks WHERE job_id = ? ORDER BY task_id", (job_id,)
            ).fetchall()
        return [TaskRecord(r[0], r[1], json.loads(r[2]), *r[3:]) for r in rows]

    # -- commands -----------------------------------------------------------------------------

    def job_ids(self) -> list[str]:
        """Every job's id in submission order, reading nothing else."""
        with self._lock:
            return [row[0] for row in self._db.execute("SELECT id FROM jobs ORDER BY seq")]

    def job_command(self, job_id: str, command: str) -> bool:
        """Apply a job command (see ``JOB_COMMANDS``); False when the job does not exist."""
        return self.task_command(job_id, command, None, whole_job=True)

    def task_command(
        self, job_id: str, command: str, task_ids: Iterable[int] | None, *, whole_job: bool = False
    ) -> bool:
        """Apply a task command to *task_ids* (all tasks when None); False when no such job."""
        if command not in (JOB_COMMANDS if whole_job else TASK_COMMANDS):
            raise ValueError(f"unknown command {command!r}")
        with self._transaction() as db:
            row = db.execute("SELECT dependencies FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None:
                return False
            ids = None if task_ids is None else [int(task_id) for task_id in task_ids]
            if ids == []:
                return True
            where = "job_id = ?"
            params: list[int | str] = [job_id]
            if ids is not None:
                where += f" AND task_id IN ({','.join('?' * len(ids))})"
                params += ids
            waiting = not dependencies_done(db, json.loads(row[0]))
            back = st.TASK_PENDING if waiting else st.TASK_QUEUED
            lose = "stopping_claim = COALESCE(claim, stopping_claim), claim = NULL"
            reset = f"{lose}, worker = '', render_started = NULL, completed = NULL"

            def update(sets: str, states: Sequence[int] | None, *values: object) -> None:
                sql = f"UPDATE tasks SET {sets} WHERE {where}"
                args = [*values, *params]
                if states is not None:
                    sql += f" AND stat IN ({','.join('?' * len(states))})"
                    args += list(states)
                db.execute(sql, args)

            active = (st.TASK_QUEUED, st.TASK_RENDERING, st.TASK_PENDING)
            if command == "suspend":
                update(f"stat = ?, {reset}", active, st.TASK_SUSPENDED)
            elif command == "resume":
                update(f"stat = ?, {reset}", (st.TASK_SUSPENDED,), back)
            elif command == "resumefailed":
                update(f"stat = ?, {reset}", (st.TASK_FAILED,), st.TASK_QUEUED)
            elif command == "requeue":
                update(f"stat = ?, {reset}", None, back if whole_job else st.TASK_QUEUED)
            elif command == "fail":
                update(f"stat = ?, {lose}, worker = ''", (*active, st.TASK_SUSPENDED), st.TASK_FAILED)
            elif command == "complete":
                update(f"stat = ?, {lose}, completed = ?",
                       [s for s in st.TASK_STATE_NAMES if s != st.TASK_COMPLETED],
                       st.TASK_COMPLETED, now_text())
            # Only suspending the whole job holds it; any other command but a task
            # suspend says what should happen next, so the hold ends.
            if whole_job or command != "suspend":
                suspended = whole_job and command == "suspend"
                db.execute("UPDATE jobs SET suspended = ? WHERE id = ?", (int(suspended), job_id))
            if command == "complete":
                release_dependents_of(db, job_id)
        return True

    def delete_jobs(self, ids: Iterable[str]) -> int:
        """Remove jobs and their tasks; a rendering task loses its claim. Returns how many."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return 0
        with self._transaction() as db:
            return db.execute(
                f"DELETE FROM jobs WHERE id IN ({','.join('?' * len(wanted))})", wanted
            ).rowcount

    # -- workers ------------------------------------------------------------------------------

    def claim_next(self, worker: str, prefer_job: str | None = None) -> Claim | None:
        """Take the most urgent queued task (priority, then submission order), or None.

        Among equally urgent tasks, those of *prefer_job* (the job whose Nuke the
        worker has open) come first, as a Deadline worker keeps to its loaded job.
        A job at its machine limit, or naming a limit group whose stubs are all held,
        is passed over (``render_limits``).
        """
        token = secrets.token_hex(8)
        with self._transaction() as db:
            self._release_orphans(db)
            release_pending(db)
            outside, names = outside_full_limits(full_limits(db, worker, self.limit_stubs))
            row = db.execute(
                "WITH busy (job_id, workers) AS (SELECT job_id, COUNT(DISTINCT worker) FROM tasks"
                " WHERE stat = ? AND worker != ? GROUP BY job_id)"
                " SELECT t.job_id, t.task_id, t.frames, j.job_info, j.plugin_info FROM tasks t"
                " JOIN jobs j ON j.id = t.job_id LEFT JOIN busy b ON b.job_id = t.job_id"
                " WHERE t.stat = ? AND t.stopping_claim IS NULL"
                " AND (j.machine_limit = 0 OR COALESCE(b.workers, 0) < j.machine_limit)" + outside +
                " ORDER BY j.priority DESC, j.id = ? DESC, j.seq, t.task_id LIMIT 1",
                (st.TASK_RENDERING, worker, st.TASK_QUEUED, *names, prefer_job or ""),
            ).fetchone()
            if row is None:
                return None
            db.execute(
                "UPDATE tasks SET stat = ?, claim = ?, worker = ?, render_started = ?, completed = NULL,"
                " log = '' WHERE job_id = ? AND task_id = ?",
                (st.TASK_RENDERING, token, worker, now_text(), row[0], row[1]),
            )
        return Claim(row[0], row[1], token, json.loads(row[2]), json.loads(row[3]), json.loads(row[4]))

    def holds(self, claim: Claim) -> bool:
        """True while *claim* still owns its task (not suspended, requeued or deleted since)."""
        with self._lock:
            return self._db.execute(
                "SELECT 1 FROM tasks WHERE job_id = ? AND task_id = ? AND claim = ?",
                (claim.job_id, claim.task_id, claim.token),
            ).fetchone() is not None

    def finish(self, claim: Claim, *, succeeded: bool, log: str) -> bool:
        """Record a render's outcome; False (and nothing changed) when the claim was lost.

        An error counts against the task and its job: the task is queued again
        until it reaches the task error limit (then Failed); the job reaching its
        limit fails every task not yet completed, rendering ones included.
        """
        with self._transaction() as db:
            key = (claim.job_id, claim.task_id, claim.token)
            if succeeded:
                recorded = db.execute(
                    "UPDATE tasks SET stat = ?, claim = NULL, completed = ?, log = ?"
                    " WHERE job_id = ? AND task_id = ? AND claim = ?",
                    (st.TASK_COMPLETED, now_text(), tail(log), *key)).rowcount == 1
            else:
                recorded = self._record_error(db, claim, log)
            self._process_gone(db, claim)
            if recorded and succeeded:
                release_dependents_of(db, claim.job_id)
        return recorded

    def _record_error(self, db: sqlite3.Connection, claim: Claim, log: str) -> bool:
        limits = self.limits.for_job(claim.job_info)
        row = db.execute("SELECT errors FROM tasks WHERE job_id = ? AND task_id = ? AND claim = ?",
                         (claim.job_id, claim.task_id, claim.token)).fetchone()
        if row is None:
            return False
        errors = row[0] + 1
        stat = st.TASK_FAILED if limits.task_failed(errors) else st.TASK_QUEUED
        db.execute("UPDATE tasks SET stat = ?, claim = NULL, worker = '', completed = NULL, log = ?,"
                   " errors = ? WHERE job_id = ? AND task_id = ?",
                   (stat, tail(log), errors, claim.job_id, claim.task_id))
        job_errors = db.execute("SELECT SUM(errors) FROM tasks WHERE job_id = ?",
                                (claim.job_id,)).fetchone()[0]
        if limits.job_failed(job_errors or 0):
            db.execute("UPDATE tasks SET stat = ?, stopping_claim = COALESCE(claim, stopping_claim),"
                       " claim = NULL, worker = '' WHERE job_id = ? AND stat != ?",
                       (st.TASK_FAILED, claim.job_id, st.TASK_COMPLETED))
        return True

    def release(self, claim: Claim, note: str) -> None:
        """Give a claimed task back to the queue (the farm is stopping)."""
        with self._transaction() as db:
            db.execute(
                "UPDATE tasks SET stat = ?, claim = NULL, worker = '', log = ?"
                " WHERE job_id = ? AND task_id = ? AND claim = ?",
                (st.TASK_QUEUED, tail(note), claim.job_id, claim.task_id, claim.token),
            )
            self._process_gone(db, claim)

    def stopped(self, claim: Claim) -> None:
        """The render of a lost claim has ended: its task may be claimed again."""
        with self._transaction() as db:
            self._process_gone(db, claim)

    @staticmethod
    def _process_gone(db: sqlite3.Connection, claim: Claim) -> None:
        db.execute(
            "UPDATE tasks SET stopping_claim = NULL WHERE job_id = ? AND task_id = ? AND stopping_claim = ?",
            (claim.job_id, claim.task_id, claim.token),
        )
